// Port of last_error_rules.php.
import {
  AF_INET, SOCK_STREAM, SOL_TCP, type Socket, ref, socket_accept, socket_bind, socket_clear_error,
  socket_connect, socket_create, socket_create_listen, socket_create_pair, socket_getpeername,
  socket_getsockname, socket_last_error, socket_listen, socket_set_nonblock, socket_shutdown,
  socket_strerror, echo, var_dump,
} from 'php-sockets';

const a = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
const b = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
function codes(label: string): void {
  echo(`${label.padEnd(28)} a=${socket_last_error(a)} b=${socket_last_error(b)} global=${socket_last_error()}\n`);
}
const x = ref<string>();
const p = ref<number>();
codes('fresh');
socket_getpeername(a, x);
codes('a: getpeername failed');
socket_shutdown(b, 9);
codes('b: shutdown failed');
socket_bind(a, '127.0.0.1', 0);
socket_getsockname(a, x, p);
codes('a: bind and getsockname ok');
socket_clear_error();
codes('clear global');
socket_clear_error(a);
codes('clear a');
socket_create(AF_INET, SOCK_STREAM, 99);
codes('create failed');
const pair: Socket[] = [];
socket_create_pair(AF_INET, SOCK_STREAM, 0, pair);
codes('create_pair failed');
socket_accept(b);
codes('accept failed');
socket_set_nonblock(a);
socket_listen(a);
socket_accept(a);
codes('accept EAGAIN');
socket_create_listen(p.value!);
codes('create_listen failed');
socket_connect(b, '', 80);
codes('b: host lookup failed');
socket_clear_error(b);
const c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
codes('new socket');
var_dump(socket_last_error(c));
var_dump(socket_strerror(socket_last_error()));
