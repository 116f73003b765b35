// Port of host_lookup.php.
import {
  AF_INET, AF_INET6, SOCK_DGRAM, SOCK_STREAM, SOL_TCP, type Socket, echo, ref, socket_bind,
  socket_clear_error, socket_connect, socket_create, socket_create_listen, socket_getsockname,
  socket_last_error, var_dump, var_export,
} from 'php-sockets';

const cases: [number, string][] = [
  [AF_INET, 'localhost'], [AF_INET, '127.1'], [AF_INET, '1.2.3'], [AF_INET, '::1'], [AF_INET, ''],
  [AF_INET, '999.1.1.1'], [AF_INET, 'a'.repeat(300)], [AF_INET6, 'localhost'], [AF_INET6, '::1'],
  [AF_INET6, '127.0.0.1'], [AF_INET6, ''], [AF_INET6, '::1%1'], [AF_INET6, 'fe80::1%1'],
];
for (const [family, host] of cases) {
  const s = socket_create(family, SOCK_DGRAM, 0) as Socket;
  echo(family === AF_INET ? 'AF_INET ' : 'AF_INET6', ' bind ', host.length > 40 ? `${host.slice(0, 10)}...` : var_export(host, true), ': ');
  const r = socket_bind(s, host, 0);
  var_dump(r);
  if (r) {
    const addr = ref<string>();
    socket_getsockname(s, addr);
    echo(`  bound to ${addr.value}\n`);
  }
  echo('  codes: ', socket_last_error(s), ' ', socket_last_error(), '\n');
  socket_clear_error();
}
const c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
var_dump(socket_connect(c, '', 80), socket_last_error(c));
var_dump(socket_connect(c, '::1', 80), socket_last_error(c));
const l = socket_create_listen(0) as Socket;
const a = ref<string>();
const port = ref<number>();
socket_getsockname(l, a, port);
var_dump(socket_connect(c, 'localhost', port.value));
