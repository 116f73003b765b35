// php-sockets/async: the package root's names, where every call that can block returns a Promise
// of exactly what the sync call returns and waits in the event loop instead (docs/api.md, "Async
// API"). The calls that cannot block are the root's own functions, re-exported unchanged. This
// module only wires the surface.
/// <reference types="node" preserve="true" />
export * from '../constants.js';
export { Socket } from '../socket.js';
export { type Ref, ref } from '../php/ref.js';
export { assertSocket, assertStream } from '../assert.js';
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
} from '../php/errors.js';
export { error_reporting, silence, trigger_error, user_error } from '../php/error_functions.js';
export { get_resource_id, get_resource_type, spl_object_id } from '../php/identity.js';
export { socket_create, socket_create_listen, socket_create_pair } from '../functions/create.js';
export {
  socket_bind,
  socket_close,
  socket_listen,
  socket_set_block,
  socket_set_nonblock,
  socket_shutdown,
} from '../functions/connection.js';
export { socket_atmark } from '../functions/sendrecv.js';
export { type SocketSet } from '../functions/select.js';
export { socket_getpeername, socket_getsockname } from '../functions/names.js';
export { socket_clear_error, socket_last_error, socket_strerror } from '../functions/errors.js';
export { socket_cmsg_space, type Message } from '../functions/messages.js';
export {
  AddressInfo,
  socket_addrinfo_bind,
  socket_addrinfo_explain,
  type ExplainedAddressInfo,
} from '../functions/addrinfo.js';
export {
  socket_get_option,
  socket_getopt,
  socket_set_option,
  socket_setopt,
  type SocketOptionInput,
  type SocketOptionValue,
} from '../functions/options.js';
export { echo, print_r, var_dump, var_export } from '../php/var_dump.js';

// Streams: the calls that cannot block.
export { Stream } from '../streams/stream.js';
export {
  StreamContext,
  stream_context_create,
  stream_context_get_default,
  stream_context_get_options,
  stream_context_get_params,
  stream_context_set_default,
  stream_context_set_option,
  stream_context_set_params,
} from '../streams/context.js';
export { ini_get, ini_set } from '../php/ini.js';
export {
  stream_socket_get_name,
  stream_socket_pair,
  stream_socket_server,
  stream_socket_shutdown,
} from '../streams/stream_socket.js';
export { fclose, feof, fflush } from '../streams/file.js';
export { type StreamSet } from '../streams/select.js';
export {
  socket_get_status,
  socket_set_blocking,
  socket_set_timeout,
  stream_get_meta_data,
  stream_get_transports,
  stream_is_local,
  stream_set_blocking,
  stream_set_chunk_size,
  stream_set_read_buffer,
  stream_set_timeout,
  stream_set_write_buffer,
  type StreamMetaData,
} from '../streams/meta.js';
export { gethostname, getprotobyname, getprotobynumber, getservbyname, getservbyport } from '../streams/netdb.js';
export { socket_export_stream, socket_import_stream } from '../streams/bridge.js';
export {
  OpenSSLCertificate,
  openssl_x509_export,
  openssl_x509_fingerprint,
  openssl_x509_read,
} from '../streams/certificate.js';

// The calls that can block, as Promises: every export of these modules (a new async form needs
// no line here).
export * from './netdb.js';
export * from './select.js';
export * from './sockets.js';
export * from './streams.js';
