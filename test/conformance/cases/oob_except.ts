// Port of oob_except.php.
import {
  AF_INET, MSG_OOB, SOCK_STREAM, SOL_TCP, type Socket, type SocketSet, ref, socket_accept, socket_connect,
  socket_create, socket_create_listen, socket_getsockname, socket_last_error, socket_recv, socket_select,
  socket_send, var_dump,
} from 'php-sockets';

const l = socket_create_listen(0) as Socket;
const addr = ref<string>();
const port = ref<number>();
socket_getsockname(l, addr, port);
const c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
socket_connect(c, '127.0.0.1', port.value);
const s = socket_accept(l) as Socket;
let e: SocketSet = [s];
var_dump(socket_select(null, null, e, 0), e.length);
var_dump(socket_send(c, 'ab', 2, 0), socket_send(c, '!', 1, MSG_OOB), socket_send(c, 'cd', 2, 0));
e = { urgent: s };
var_dump(socket_select(null, null, e, 5), Object.keys(e));
const buf = ref<string>();
var_dump(socket_recv(s, buf, 1, MSG_OOB), buf.value);
var_dump(socket_recv(s, buf, 1, MSG_OOB), buf.value, socket_last_error(s));
let all = '';
while (all.length < 4) {
  socket_recv(s, buf, 10, 0);
  all += buf.value;
}
var_dump(all);
