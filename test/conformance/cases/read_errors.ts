// Port of read_errors.php.
import {
  AF_INET, PHP_NORMAL_READ, SOCK_STREAM, SOL_SOCKET, SOL_TCP, SO_LINGER, type Socket, type SocketSet, ref,
  socket_accept, socket_close, socket_connect, socket_create, socket_create_listen, socket_getpeername,
  socket_getsockname, socket_last_error, socket_read, socket_select, socket_set_option, socket_write,
  var_dump,
} from 'php-sockets';

const t = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
var_dump(socket_read(t, 10), socket_read(t, 10, PHP_NORMAL_READ), socket_last_error(t));
const l = socket_create_listen(0) as Socket;
const addr = ref<string>();
const port = ref<number>();
socket_getsockname(l, addr, port);
var_dump(socket_read(l, 10), socket_last_error(l));
const c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
socket_connect(c, '127.0.0.1', port.value);
const s = socket_accept(l) as Socket;
// Orderly close: the peer name survives, reads see EOF.
socket_close(c);
const paddr = ref<string>();
var_dump(socket_getpeername(s, paddr), paddr.value, socket_read(s, 10));
// Reset: the peer closes with a zero linger time.
const c2 = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
socket_connect(c2, '127.0.0.1', port.value);
const s2 = socket_accept(l) as Socket;
socket_write(s2, 'unread by the peer');
var_dump(socket_set_option(c2, SOL_SOCKET, SO_LINGER, { l_onoff: 1, l_linger: 0 }));
socket_close(c2);
const r: SocketSet = [s2];
var_dump(socket_select(r, null, null, 5));
var_dump(socket_read(s2, 10), socket_last_error(s2));
var_dump(socket_read(s2, 10), socket_last_error(s2));
var_dump(socket_write(s2, 'x'), socket_last_error(s2));
const gone = ref<string>();
var_dump(socket_getpeername(s2, gone), socket_last_error(s2));
