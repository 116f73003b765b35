// Port of create_listen.php.
import {
  AF_INET, SOCK_STREAM, SOL_TCP, Socket, ref, socket_accept, socket_clear_error, socket_connect,
  socket_create, socket_create_listen, socket_getpeername, socket_getsockname, socket_last_error,
  var_dump,
} from 'php-sockets';

const l = socket_create_listen(0) as Socket;
var_dump(l);
const addr = ref<string>();
const port = ref<number>();
var_dump(socket_getsockname(l, addr, port), addr.value, port.value! > 0);
const l2 = socket_create_listen(65536, 5) as Socket;
const addr2 = ref<string>();
const port2 = ref<number>();
var_dump(socket_getsockname(l2, addr2, port2), addr2.value, port2.value! > 0, port2.value !== port.value);
var_dump(socket_create_listen(port.value!));
var_dump(socket_last_error(), socket_last_error(l));
socket_clear_error();
var_dump(socket_create_listen(port.value! + 65536));
var_dump(socket_last_error());
// The listener accepts a connection.
const c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
var_dump(socket_connect(c, '127.0.0.1', port.value!));
const a = socket_accept(l) as Socket;
const peer = ref<string>();
var_dump(a, socket_getpeername(a, peer), peer.value);
var_dump(socket_create_listen(0, -1) instanceof Socket);
