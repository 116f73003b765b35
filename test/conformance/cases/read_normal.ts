// Port of read_normal.php.
import {
  AF_UNIX, PHP_NORMAL_READ, SOCK_STREAM, type Socket, ref, socket_close, socket_create_pair,
  socket_last_error, socket_read, socket_write, var_dump,
} from 'php-sockets';

const p = ref<Socket[]>();
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, p);
const [a, b] = p.value as [Socket, Socket];
socket_write(a, 'abc\ndef\r\nx\n\r\0nul\0\nabcdefgh\nz\n');
for (let i = 0; i < 6; i++) {
  var_dump(socket_read(b, 100, PHP_NORMAL_READ));
}
var_dump(socket_read(b, 3, PHP_NORMAL_READ), socket_read(b, 3, PHP_NORMAL_READ), socket_read(b, 100, PHP_NORMAL_READ));
var_dump(socket_read(b, 2, PHP_NORMAL_READ));
socket_write(a, 'pq\n');
var_dump(socket_read(b, 1, PHP_NORMAL_READ), socket_read(b, 1, PHP_NORMAL_READ), socket_read(b, 1, PHP_NORMAL_READ));
// A partial line, then the peer closes.
socket_write(a, 'partial');
socket_close(a);
var_dump(socket_read(b, 100, PHP_NORMAL_READ), socket_last_error(b));
var_dump(socket_read(b, 100, PHP_NORMAL_READ));
var_dump(socket_read(b, 100), socket_last_error(b));
