// Port of shutdown.php.
import {
  AF_INET, AF_UNIX, SOCK_STREAM, SOL_TCP, type Socket, ref, socket_accept, socket_connect, socket_create,
  socket_create_listen, socket_create_pair, socket_getsockname, socket_last_error, socket_read,
  socket_shutdown, socket_write, var_dump,
} from 'php-sockets';

const p: Socket[] = [];
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, p);
const [a, b] = p as [Socket, Socket];
var_dump(socket_shutdown(a, 1));
var_dump(socket_read(b, 10));
var_dump(socket_write(b, 'still open'), socket_read(a, 100));
var_dump(socket_shutdown(a, 0), socket_read(a, 100));
var_dump(socket_shutdown(a), socket_shutdown(a, 2));
var_dump(socket_shutdown(b, -1), socket_last_error(b));
var_dump(socket_shutdown(b, 5), socket_last_error(b), socket_last_error());
const t = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
var_dump(socket_shutdown(t), socket_last_error(t));
const l = socket_create_listen(0) as Socket;
const addr = ref<string>();
const port = ref<number>();
socket_getsockname(l, addr, port);
const c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
socket_connect(c, '127.0.0.1', port.value);
const s = socket_accept(l) as Socket;
socket_write(c, 'bye');
var_dump(socket_shutdown(c, 1), socket_read(s, 100), socket_read(s, 100));
var_dump(socket_write(s, 'reply'), socket_read(c, 100));
var_dump(socket_shutdown(l, 2), socket_last_error(l));
