// Port of listen_accept.php.
import {
  AF_INET, SOCK_DGRAM, SOCK_STREAM, SOL_TCP, SOL_UDP, Socket, ref, socket_accept, socket_clear_error,
  socket_connect, socket_create, socket_getpeername, socket_getsockname, socket_last_error, socket_listen,
  socket_read, socket_set_nonblock, socket_write, var_dump,
} from 'php-sockets';

const u = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP) as Socket;
var_dump(socket_listen(u), socket_last_error(u), socket_last_error());

const l = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
var_dump(socket_listen(l, 5));
const addr = ref<string>();
const port = ref<number>();
socket_getsockname(l, addr, port);
var_dump(addr.value, port.value! > 0);
var_dump(socket_listen(l, 10));

// Accept on a socket that is not listening.
socket_clear_error();
const n = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
var_dump(socket_accept(n), socket_last_error(n), socket_last_error());

// Nonblocking listener with nothing pending.
socket_clear_error();
var_dump(socket_set_nonblock(l));
var_dump(socket_accept(l), socket_last_error(l), socket_last_error());

// A pending connection is accepted; the new socket has its own names and no error.
const c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
var_dump(socket_connect(c, '127.0.0.1', port.value!));
const a = socket_accept(l) as Socket;
var_dump(a instanceof Socket, socket_last_error(a));
const [caddr, paddr, aaddr] = [ref<string>(), ref<string>(), ref<string>()];
const [cport, pport, aport] = [ref<number>(), ref<number>(), ref<number>()];
socket_getsockname(c, caddr, cport);
socket_getpeername(a, paddr, pport);
socket_getsockname(a, aaddr, aport);
var_dump(caddr.value === paddr.value, cport.value === pport.value, aport.value === port.value);
var_dump(socket_write(c, 'hi'), socket_read(a, 10));
