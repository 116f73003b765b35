// Port of create_basic.php.
import {
  AF_INET, AF_INET6, AF_UNIX, SOCK_DGRAM, SOCK_RAW, SOCK_SEQPACKET, SOCK_STREAM, SOL_TCP, SOL_UDP,
  Socket, echo, socket_clear_error, socket_create, socket_last_error, var_dump,
} from 'php-sockets';

for (const domain of [AF_INET, AF_INET6, AF_UNIX]) {
  for (const type of [SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET, SOCK_RAW]) {
    echo(`domain ${domain} type ${type}: `);
    const s = socket_create(domain, type, 0);
    if (s === false) {
      var_dump(s, socket_last_error());
      socket_clear_error();
      continue;
    }
    var_dump(s instanceof Socket, socket_last_error(s));
  }
}
const a = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
const b = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
var_dump(a, b, (a as unknown) === b, a === a);
