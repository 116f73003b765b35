// Port of diff_read_huge_length.php: the port reads what is queued.
import { AF_UNIX, SOCK_STREAM, type Socket, echo, socket_create_pair, socket_read, socket_write, var_dump } from 'php-sockets';

const p: Socket[] = [];
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, p);
socket_write(p[0]!, 'small');
echo('reading\n');
var_dump(socket_read(p[1]!, 2 ** 62));
echo('done\n');
