// Port of diff_normal_read_rcvtimeo.php: the read times out.
import {
  AF_UNIX, PHP_NORMAL_READ, SOCK_STREAM, SOL_SOCKET, SO_RCVTIMEO, type Socket, echo, socket_create_pair,
  socket_last_error, socket_read, socket_set_option, var_dump,
} from 'php-sockets';

const p: Socket[] = [];
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, p);
socket_set_option(p[1]!, SOL_SOCKET, SO_RCVTIMEO, { sec: 0, usec: 100000 });
echo('reading a line that never comes\n');
var_dump(socket_read(p[1]!, 100, PHP_NORMAL_READ), socket_last_error(p[1]!));
