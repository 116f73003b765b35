// Port of create_errors.php.
import {
  AF_INET, AF_INET6, AF_UNIX, SOCK_DGRAM, SOCK_RDM, SOCK_STREAM, SOL_TCP, type Socket,
  echo, socket_clear_error, socket_create, socket_last_error, socket_strerror, var_dump,
} from 'php-sockets';

function caught(f: () => unknown): void {
  try {
    var_dump(f());
  } catch (e) {
    echo((e as Error).name, ': ', (e as Error).message, '\n');
  }
}
// Misuse as plain JavaScript (or `any`) callers can commit it.
const create = socket_create as (...args: unknown[]) => Socket | false;

caught(() => create(99, SOCK_STREAM, 0));
caught(() => create(AF_INET, 11, 0));
caught(() => create(AF_INET, SOCK_STREAM));
caught(() => create(AF_INET, SOCK_STREAM, 0, 1));
caught(() => create('x', SOCK_STREAM, 0));
caught(() => create(AF_INET, SOCK_STREAM, [1]));
caught(() => create(AF_INET, SOCK_STREAM, '6abc'));
const ok = socket_create(AF_INET, SOCK_STREAM, 0) as Socket;
for (const [d, t, p] of [[AF_INET, SOCK_STREAM, 99], [AF_INET, -1, 0], [AF_INET, SOCK_RDM, 0], [AF_UNIX, SOCK_STREAM, 6], [AF_INET6, SOCK_DGRAM, SOL_TCP]] as const) {
  var_dump(socket_create(d, t, p));
  const code = socket_last_error();
  echo(`global ${code}: `, socket_strerror(code), '; socket: ', socket_last_error(ok), '\n');
}
socket_clear_error();
var_dump(socket_last_error());
