// The socket streams' public surface (wired into the package root by lib/index.ts).
export { Stream } from './stream.js';
export {
  StreamContext,
  stream_context_create,
  stream_context_get_default,
  stream_context_get_options,
  stream_context_get_params,
  stream_context_set_default,
  stream_context_set_option,
  stream_context_set_params,
} from './context.js';
export { ini_get, ini_set } from '../php/ini.js';
export {
  stream_socket_accept,
  stream_socket_client,
  stream_socket_get_name,
  stream_socket_pair,
  stream_socket_recvfrom,
  stream_socket_sendto,
  stream_socket_server,
  stream_socket_shutdown,
} from './stream_socket.js';
export { fsockopen, pfsockopen } from './fsockopen.js';
export { stream_socket_enable_crypto } from './stream_crypto.js';
export { OpenSSLCertificate, openssl_x509_export, openssl_x509_fingerprint, openssl_x509_read } from './certificate.js';
export {
  fclose,
  feof,
  fflush,
  fgetc,
  fgets,
  fputs,
  fread,
  fwrite,
  stream_copy_to_stream,
  stream_get_contents,
  stream_get_line,
} from './file.js';
export { stream_select, type StreamSet } from './select.js';
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
} from './meta.js';
export {
  gethostbyaddr,
  gethostbyname,
  gethostbynamel,
  gethostname,
  getprotobyname,
  getprotobynumber,
  getservbyname,
  getservbyport,
} from './netdb.js';
export { socket_export_stream, socket_import_stream } from './bridge.js';
