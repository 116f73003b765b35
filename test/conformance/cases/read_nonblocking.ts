// Port of read_nonblocking.php.
import {
  AF_UNIX, PHP_NORMAL_READ, SOCK_STREAM, type Socket, ref, socket_clear_error, socket_close,
  socket_create_pair, socket_last_error, socket_read, socket_set_nonblock, socket_write, var_dump,
} from 'php-sockets';

const p = ref<Socket[]>();
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, p);
const [a, b] = p.value as [Socket, Socket];
socket_set_nonblock(b);
var_dump(socket_read(b, 10), socket_last_error(b), socket_last_error());
socket_write(a, 'data\n');
var_dump(socket_read(b, 10), socket_read(b, 10), socket_last_error(b));
socket_clear_error(b);
socket_clear_error();
socket_write(a, 'line\nzz');
var_dump(socket_read(b, 100, PHP_NORMAL_READ));
socket_close(a);
var_dump(socket_read(b, 100, PHP_NORMAL_READ), socket_last_error(b));
var_dump(socket_read(b, 100, PHP_NORMAL_READ), socket_last_error(b));
var_dump(socket_read(b, 100), socket_last_error(b), socket_last_error());
// Writes that would block: fill the buffer, then false with code 11 and no warning.
const q: Socket[] = [];
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, q);
socket_set_nonblock(q[0]!);
const chunk = 'x'.repeat(65536);
let total = 0;
let n: number | false = 0;
for (let i = 0; i < 1000; i++) {
  n = socket_write(q[0]!, chunk);
  if (n === false) {
    break;
  }
  total += n;
}
var_dump(n, total > 0, socket_last_error(q[0]!));
