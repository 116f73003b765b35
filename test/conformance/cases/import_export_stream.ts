// Port of import_export_stream.php.
import {
  AF_UNIX, SOCK_STREAM, Socket, type Stream, echo, fgets, fread, fwrite, ref, socket_close, socket_create_pair,
  socket_export_stream, socket_getsockname, socket_import_stream, socket_read, socket_write,
  stream_get_meta_data, stream_socket_accept, stream_socket_client, stream_socket_get_name,
  stream_socket_server, var_dump,
} from 'php-sockets';

function caught(f: () => unknown): void {
  try {
    var_dump(f());
  } catch (e) {
    echo((e as Error).name, ': ', (e as Error).message, '\n');
  }
}

const p: Socket[] = [];
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, p);
const [a, b] = p as [Socket, Socket];
const stream = socket_export_stream(a) as Stream;
var_dump(stream, socket_export_stream(a) === stream);
var_dump(fwrite(stream, 'via the stream\n'), socket_read(b, 100));
socket_write(b, 'via the socket\n');
var_dump(fgets(stream));
var_dump(stream_get_meta_data(stream).stream_type);
const server = stream_socket_server('tcp://127.0.0.1:0') as Stream;
const client = stream_socket_client('tcp://' + stream_socket_get_name(server, false)) as Stream;
const sock = socket_import_stream(client);
var_dump(sock instanceof Socket, socket_import_stream(client) === sock);
const accepted = stream_socket_accept(server) as Stream;
var_dump(socket_write(sock as Socket, 'imported'), fread(accepted, 100));
const addr = ref<string>();
socket_getsockname(sock as Socket, addr);
var_dump(addr.value);
caught(() => (socket_import_stream as (...args: unknown[]) => unknown)(a));
socket_close(a);
caught(() => fwrite(stream, 'x'));
