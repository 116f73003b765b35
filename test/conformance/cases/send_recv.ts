// Port of send_recv.php. `$buf` is a box: ref().
import {
  AF_INET, AF_UNIX, MSG_DONTWAIT, MSG_NOSIGNAL, MSG_PEEK, MSG_WAITALL, SOCK_STREAM, SOL_TCP, type Socket,
  echo, ref, socket_close, socket_create, socket_create_pair, socket_last_error, socket_recv, socket_send,
  var_dump,
} from 'php-sockets';

const p: Socket[] = [];
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, p);
const [a, b] = p as [Socket, Socket];
const buf = ref<string>();
var_dump(socket_send(a, 'hello world', 5, 0));
var_dump(socket_recv(b, buf, 100, MSG_PEEK), buf.value);
var_dump(socket_recv(b, buf, 3, 0), buf.value);
var_dump(socket_recv(b, buf, 100, 0), buf.value);
var_dump(socket_send(a, 'abc', 100, 0), socket_recv(b, buf, 10, 0), buf.value);
var_dump(socket_send(a, '', 0, 0));
// Nothing queued: MSG_DONTWAIT fails with code 11, no warning, and $data becomes null.
buf.value = 'old';
var_dump(socket_recv(b, buf, 10, MSG_DONTWAIT), buf.value, socket_last_error(b));
// length <= 0: false, $data untouched.
buf.value = 'kept';
var_dump(socket_recv(b, buf, 0, 0), buf.value);
try {
  socket_send(a, 'x', -1, 0);
} catch (e) {
  echo((e as Error).name, ': ', (e as Error).message, '\n');
}
try {
  (socket_send as (...args: unknown[]) => unknown)(a, 'x');
} catch (e) {
  echo((e as Error).name, ': ', (e as Error).message, '\n');
}
// MSG_WAITALL returns short at EOF; then EOF is 0 with $data null.
socket_send(a, 'abc', 3, 0);
socket_close(a);
var_dump(socket_recv(b, buf, 10, MSG_WAITALL), buf.value);
var_dump(socket_recv(b, buf, 10, 0), buf.value);
// Errors: an unconnected TCP socket.
const t = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
var_dump(socket_recv(t, buf, 10, 0), buf.value, socket_last_error(t));
var_dump(socket_send(t, 'x', 1, 0), socket_last_error(t));
var_dump(socket_send(b, 'x', 1, MSG_NOSIGNAL), socket_last_error(b));
