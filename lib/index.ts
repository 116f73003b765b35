// php-sockets: PHP's socket extension for Node.js. This module only wires the public surface.
// The declarations use Node's types (Buffer): a project without @types/node is told so once.
/// <reference types="node" preserve="true" />
export * from './constants.js';
export { Socket } from './socket.js';
export { type Ref, ref } from './php/ref.js';
export { assertSocket, assertStream } from './assert.js';
export {
  ArgumentCountError,
  E_ALL,
  E_COMPILE_ERROR,
  E_COMPILE_WARNING,
  E_CORE_ERROR,
  E_CORE_WARNING,
  E_DEPRECATED,
  E_ERROR,
  E_NOTICE,
  E_PARSE,
  E_RECOVERABLE_ERROR,
  E_STRICT,
  E_USER_DEPRECATED,
  E_USER_ERROR,
  E_USER_NOTICE,
  E_USER_WARNING,
  E_WARNING,
  type ErrorHandler,
  restore_error_handler,
  set_error_handler,
  set_error_output,
  type ErrorOutput,
  ValueError,
} from './php/errors.js';
export { error_reporting, silence, trigger_error, user_error } from './php/error_functions.js';
export { get_resource_id, get_resource_type, spl_object_id } from './php/identity.js';
export { socket_create, socket_create_listen, socket_create_pair } from './functions/create.js';
export {
  socket_accept,
  socket_bind,
  socket_close,
  socket_connect,
  socket_listen,
  socket_set_block,
  socket_set_nonblock,
  socket_shutdown,
} from './functions/connection.js';
export { socket_read, socket_write } from './functions/io.js';
export { socket_atmark, socket_recv, socket_recvfrom, socket_send, socket_sendto } from './functions/sendrecv.js';
export { socket_select, type SocketSet } from './functions/select.js';
export { socket_read_into } from './functions/buffers.js';
export { socket_getpeername, socket_getsockname } from './functions/names.js';
export { socket_clear_error, socket_last_error, socket_strerror } from './functions/errors.js';
export { socket_cmsg_space, socket_recvmsg, socket_sendmsg, type Message } from './functions/messages.js';
export {
  AddressInfo,
  socket_addrinfo_bind,
  socket_addrinfo_connect,
  socket_addrinfo_explain,
  socket_addrinfo_lookup,
  type ExplainedAddressInfo,
} from './functions/addrinfo.js';
export {
  socket_get_option,
  socket_getopt,
  socket_set_option,
  socket_setopt,
  type SocketOptionInput,
  type SocketOptionValue,
} from './functions/options.js';
export { echo, print_r, var_dump, var_export } from './php/var_dump.js';
export * from './streams/index.js';
