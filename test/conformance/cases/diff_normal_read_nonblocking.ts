// Port of diff_normal_read_nonblocking.php: where PHP 8.2 spins forever, the port returns.
import {
  AF_UNIX, PHP_NORMAL_READ, SOCK_STREAM, type Socket, echo, socket_create_pair, socket_last_error,
  socket_read, socket_set_nonblock, socket_write, var_dump,
} from 'php-sockets';

const p: Socket[] = [];
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, p);
const [a, b] = p as [Socket, Socket];
socket_set_nonblock(b);
socket_write(a, 'no newline yet');
echo('reading a partial line\n');
var_dump(socket_read(b, 100, PHP_NORMAL_READ), socket_last_error(b));
echo('reading with nothing queued\n');
var_dump(socket_read(b, 100, PHP_NORMAL_READ), socket_last_error(b));
socket_write(a, ' - and the rest\n');
var_dump(socket_read(b, 100, PHP_NORMAL_READ));
