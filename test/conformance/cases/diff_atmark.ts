// Port of diff_atmark.php.
import {
  AF_INET, SOCK_STREAM, SOL_TCP, type Socket, echo, ref, socket_accept, socket_atmark, socket_connect,
  socket_create, socket_create_listen, socket_getsockname, var_dump,
} from 'php-sockets';

const l = socket_create_listen(0) as Socket;
const addr = ref<string>();
const port = ref<number>();
socket_getsockname(l, addr, port);
const c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
socket_connect(c, '127.0.0.1', port.value);
const s = socket_accept(l) as Socket;
echo('connected\n');
var_dump(socket_atmark(s));
