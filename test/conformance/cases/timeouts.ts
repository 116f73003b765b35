// Port of timeouts.php. microtime(true) is performance.now() / 1000.
import {
  AF_INET, AF_UNIX, SOCK_STREAM, SOL_SOCKET, SOL_TCP, SO_RCVTIMEO, type Socket, ref, socket_accept,
  socket_clear_error, socket_connect, socket_create, socket_create_listen, socket_create_pair,
  socket_getsockname, socket_last_error, socket_read, socket_recv, socket_set_nonblock, socket_set_option,
  var_dump,
} from 'php-sockets';

const microtime = () => performance.now() / 1000;
const p: Socket[] = [];
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, p);
const [, b] = p as [Socket, Socket];
var_dump(socket_set_option(b, SOL_SOCKET, SO_RCVTIMEO, { sec: 0, usec: 100000 }));
let t0 = microtime();
var_dump(socket_read(b, 10), socket_last_error(b), socket_last_error());
var_dump(microtime() - t0 >= 0.05);
const buf = ref<string>();
var_dump(socket_recv(b, buf, 10, 0), buf.value, socket_last_error(b));
const l = socket_create_listen(0) as Socket;
socket_set_option(l, SOL_SOCKET, SO_RCVTIMEO, { sec: 0, usec: 100000 });
socket_clear_error();
var_dump(socket_accept(l), socket_last_error(), socket_last_error(l));
const addr = ref<string>();
const port = ref<number>();
socket_getsockname(l, addr, port);
socket_set_nonblock(l);
const c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
socket_connect(c, '127.0.0.1', port.value);
const s = socket_accept(l) as Socket;
socket_set_option(s, SOL_SOCKET, SO_RCVTIMEO, { sec: 0, usec: 100000 });
t0 = microtime();
var_dump(socket_read(s, 10), socket_last_error(s));
var_dump(microtime() - t0 >= 0.05);
