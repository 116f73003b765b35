// Port of create_pair.php. `$pair` is a box (ref) or an array filled in place.
import {
  AF_INET, AF_INET6, AF_UNIX, SOCK_DGRAM, SOCK_SEQPACKET, SOCK_STREAM, type Socket, echo, ref,
  socket_create_pair, socket_last_error, socket_read, socket_write, var_dump,
} from 'php-sockets';

for (const type of [SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET]) {
  const pair = ref<unknown>('old value');
  var_dump(socket_create_pair(AF_UNIX, type, 0, pair));
  var_dump(pair.value);
  const [a, b] = pair.value as [Socket, Socket];
  var_dump(socket_write(a, `ping ${type}`), socket_read(b, 100));
  var_dump(socket_write(b, 'pong'), socket_read(a, 100));
}
const untouched: unknown[] = ['keep'];
var_dump(socket_create_pair(AF_INET, SOCK_STREAM, 0, untouched), untouched);
var_dump(socket_last_error());
var_dump(socket_create_pair(AF_INET6, SOCK_DGRAM, 0, untouched), socket_last_error());
var_dump(socket_create_pair(AF_UNIX, SOCK_STREAM, 99, untouched), socket_last_error());
try {
  socket_create_pair(AF_UNIX, 42, 0, untouched);
} catch (e) {
  echo((e as Error).name, ': ', (e as Error).message, '\n');
}
try {
  socket_create_pair(7, SOCK_STREAM, 0, untouched);
} catch (e) {
  echo((e as Error).name, ': ', (e as Error).message, '\n');
}
var_dump(untouched);
