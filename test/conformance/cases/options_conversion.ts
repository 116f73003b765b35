// Port of options_conversion.php: the same loose values, as an untyped caller passes them.
import {
  AF_INET, AF_INET6, IPPROTO_IP, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, IPV6_RECVPKTINFO, IPV6_TCLASS,
  IPV6_UNICAST_HOPS, IPV6_V6ONLY, IP_MULTICAST_LOOP, IP_MULTICAST_TTL, SOCK_DGRAM, SOCK_STREAM, SOL_SOCKET,
  SOL_TCP, SOL_UDP, SO_RCVLOWAT, type Socket, echo, socket_create, socket_get_option, socket_last_error,
  socket_set_option, var_dump, var_export,
} from 'php-sockets';

function caught(f: () => unknown): void {
  try {
    var_dump(f());
  } catch (e) {
    echo((e as Error).name, ': ', (e as Error).message, '\n');
  }
}
const set = socket_set_option as (...args: unknown[]) => boolean;

const t = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
for (const value of [true, false, '5', 'abc', '7 apples', null, [1], [], 3.9, '0x10', ' 12']) {
  echo(var_export(value, true), ' -> ');
  const ok = set(t, SOL_SOCKET, SO_RCVLOWAT, value);
  var_dump(ok, socket_get_option(t, SOL_SOCKET, SO_RCVLOWAT));
}
const u = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP) as Socket;
var_dump(socket_set_option(u, IPPROTO_IP, IP_MULTICAST_LOOP, 256), socket_get_option(u, IPPROTO_IP, IP_MULTICAST_LOOP));
var_dump(socket_set_option(u, IPPROTO_IP, IP_MULTICAST_TTL, '254'), socket_get_option(u, IPPROTO_IP, IP_MULTICAST_TTL));
caught(() => socket_set_option(u, IPPROTO_IP, IP_MULTICAST_TTL, -1));
const six = socket_create(AF_INET6, SOCK_DGRAM, 0) as Socket;
var_dump(socket_get_option(six, IPPROTO_IPV6, IPV6_V6ONLY));
var_dump(socket_set_option(six, IPPROTO_IPV6, IPV6_V6ONLY, 1), socket_get_option(six, IPPROTO_IPV6, IPV6_V6ONLY));
var_dump(socket_set_option(six, IPPROTO_IPV6, IPV6_UNICAST_HOPS, 33), socket_get_option(six, IPPROTO_IPV6, IPV6_UNICAST_HOPS));
var_dump(socket_set_option(six, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, -1), socket_get_option(six, IPPROTO_IPV6, IPV6_MULTICAST_HOPS));
caught(() => socket_set_option(six, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, 256));
var_dump(socket_set_option(six, IPPROTO_IPV6, IPV6_TCLASS, 0x28), socket_get_option(six, IPPROTO_IPV6, IPV6_TCLASS));
var_dump(socket_set_option(six, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1), socket_get_option(six, IPPROTO_IPV6, IPV6_RECVPKTINFO));
// An IPv6 option on an IPv4 socket.
var_dump(socket_get_option(u, IPPROTO_IPV6, IPV6_V6ONLY), socket_last_error(u));
