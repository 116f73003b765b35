// Port of nonblocking_connect.php.
import {
  AF_INET, PHP_NORMAL_READ, SOCK_STREAM, SOL_TCP, Socket, ref, socket_accept, socket_clear_error,
  socket_connect, socket_create, socket_create_listen, socket_getsockname, socket_last_error,
  socket_read, socket_set_block, socket_set_nonblock, socket_strerror, socket_write, var_dump,
} from 'php-sockets';

const l = socket_create_listen(0) as Socket;
const addr = ref<string>();
const port = ref<number>();
socket_getsockname(l, addr, port);
const c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
var_dump(socket_set_nonblock(c));
var_dump(socket_connect(c, '127.0.0.1', port.value), socket_last_error(c), socket_last_error());
var_dump(socket_strerror(socket_last_error(c)));
const a = socket_accept(l) as Socket;
var_dump(a instanceof Socket);
var_dump(socket_connect(c, '127.0.0.1', port.value), socket_last_error(c));
var_dump(socket_set_block(c));
var_dump(socket_write(c, 'after connect\n'), socket_read(a, 100, PHP_NORMAL_READ));
// Nonblocking read with nothing queued: false, code 11, no warning.
socket_clear_error(a);
socket_set_nonblock(a);
var_dump(socket_read(a, 100), socket_last_error(a));
socket_set_block(a);
var_dump(socket_set_nonblock(a), socket_set_nonblock(a), socket_set_block(a), socket_set_block(a));
