// Port of closed_socket.php.
import {
  AF_INET, AF_UNIX, SOCK_STREAM, SOL_TCP, Socket, echo, ref, socket_accept, socket_bind, socket_clear_error,
  socket_close, socket_connect, socket_create, socket_create_pair, socket_getpeername, socket_getsockname,
  socket_last_error, socket_listen, socket_read, socket_set_block, socket_set_nonblock, socket_shutdown,
  socket_write, var_dump,
} from 'php-sockets';

function caught(f: () => unknown): void {
  try {
    var_dump(f());
  } catch (e) {
    echo((e as Error).name, ': ', (e as Error).message, '\n');
  }
}

const s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
socket_close(s);
var_dump(s, Boolean(s), s instanceof Socket);
const a = ref<string>();
caught(() => socket_close(s));
caught(() => socket_bind(s, '127.0.0.1', 0));
caught(() => socket_listen(s));
caught(() => socket_accept(s));
caught(() => socket_connect(s, '127.0.0.1', 1));
caught(() => socket_read(s, 10));
caught(() => socket_write(s, 'x'));
caught(() => socket_shutdown(s));
caught(() => socket_getsockname(s, a));
caught(() => socket_getpeername(s, a));
caught(() => socket_set_block(s));
caught(() => socket_set_nonblock(s));
caught(() => socket_last_error(s));
caught(() => socket_clear_error(s));
// Closing one end of a pair leaves the other usable.
const p: Socket[] = [];
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, p);
socket_close(p[0]!);
caught(() => socket_write(p[0]!, 'x'));
caught(() => socket_read(p[1]!, 10));
caught(() => socket_last_error(p[1]!));
// socket_close() returns nothing.
caught(() => socket_close(p[1]!));
