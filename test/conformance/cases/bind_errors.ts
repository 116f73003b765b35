// Port of bind_errors.php.
import {
  AF_INET, AF_INET6, SOCK_DGRAM, SOCK_STREAM, SOL_TCP, SOL_UDP, type Socket, echo, ref, socket_bind,
  socket_create, socket_getsockname, socket_last_error, socket_listen, var_dump,
} from 'php-sockets';

const s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
var_dump(socket_bind(s, '127.0.0.1', 0));
const addr = ref<string>();
const port = ref<number>();
socket_getsockname(s, addr, port);
var_dump(addr.value);
// Already bound.
var_dump(socket_bind(s, '127.0.0.1', 0), socket_last_error(s), socket_last_error());
// The address is in use (a listener holds it).
socket_listen(s);
const t = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
var_dump(socket_bind(t, '127.0.0.1', port.value!), socket_last_error(t));
// Not a local address.
const u = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP) as Socket;
var_dump(socket_bind(u, '192.0.2.1', 0), socket_last_error(u));
// A success does not reset the codes.
var_dump(socket_bind(u, '127.0.0.1', 0), socket_last_error(u), socket_last_error());
// Ports wrap to 16 bits in PHP 8.2: 65536 is port 0.
const w = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
var_dump(socket_bind(w, '127.0.0.1', 65536));
const waddr = ref<string>();
const wport = ref<number>();
socket_getsockname(w, waddr, wport);
var_dump(wport.value! > 0);
// Default port argument.
const v = socket_create(AF_INET6, SOCK_STREAM, 0) as Socket;
var_dump(socket_bind(v, '::1'));
const vaddr = ref<string>();
const vport = ref<number>();
socket_getsockname(v, vaddr, vport);
var_dump(vaddr.value, vport.value! > 0);
var_dump(socket_bind(socket_create(AF_INET6, SOCK_STREAM, 0) as Socket, '::1', vport.value!), socket_last_error());
try {
  (socket_bind as (...a: unknown[]) => boolean)(s);
} catch (e) {
  echo((e as Error).name, ': ', (e as Error).message, '\n');
}
