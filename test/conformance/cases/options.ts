// Port of options.php. Array-shaped option values are plain objects with PHP's keys.
import {
  AF_INET, IPPROTO_IP, IP_MULTICAST_LOOP, IP_MULTICAST_TTL, SOCK_DGRAM, SOCK_STREAM, SOL_SOCKET, SOL_TCP, SOL_UDP,
  SO_BROADCAST, SO_ERROR, SO_KEEPALIVE, SO_LINGER, SO_RCVTIMEO, SO_REUSEADDR, SO_SNDTIMEO, SO_TYPE,
  TCP_CONGESTION, TCP_NODELAY, type Socket, echo, socket_close, socket_create, socket_get_option,
  socket_getopt, socket_last_error, socket_set_option, socket_setopt, var_dump,
} from 'php-sockets';

function caught(f: () => unknown): void {
  try {
    var_dump(f());
  } catch (e) {
    echo((e as Error).name, ': ', (e as Error).message, '\n');
  }
}
const untyped = <F>(f: F) => f as unknown as (...args: unknown[]) => unknown;

const t = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
const u = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP) as Socket;
var_dump(socket_get_option(t, SOL_SOCKET, SO_TYPE), socket_get_option(u, SOL_SOCKET, SO_TYPE));
var_dump(socket_get_option(t, SOL_SOCKET, SO_REUSEADDR));
var_dump(socket_set_option(t, SOL_SOCKET, SO_REUSEADDR, 1), socket_get_option(t, SOL_SOCKET, SO_REUSEADDR));
var_dump(socket_setopt(t, SOL_SOCKET, SO_KEEPALIVE, true), socket_getopt(t, SOL_SOCKET, SO_KEEPALIVE));
var_dump(socket_set_option(t, SOL_SOCKET, SO_KEEPALIVE, '0'), socket_get_option(t, SOL_SOCKET, SO_KEEPALIVE));
var_dump(socket_set_option(t, SOL_TCP, TCP_NODELAY, 1), socket_get_option(t, SOL_TCP, TCP_NODELAY));
var_dump(socket_set_option(t, SOL_SOCKET, SO_LINGER, { l_onoff: 1, l_linger: 5 }));
var_dump(socket_get_option(t, SOL_SOCKET, SO_LINGER));
var_dump(socket_set_option(t, SOL_SOCKET, SO_RCVTIMEO, { sec: 2, usec: 500000 }));
var_dump(socket_get_option(t, SOL_SOCKET, SO_RCVTIMEO));
var_dump(socket_set_option(t, SOL_SOCKET, SO_SNDTIMEO, { usec: 250000, sec: 0, extra: 1 }));
var_dump(socket_get_option(t, SOL_SOCKET, SO_SNDTIMEO));
var_dump(socket_get_option(t, SOL_TCP, TCP_CONGESTION) !== false);
var_dump(socket_set_option(t, SOL_TCP, TCP_CONGESTION, 'no-such-algorithm'), socket_last_error(t));
var_dump(socket_get_option(t, SOL_SOCKET, SO_ERROR));
var_dump(socket_set_option(u, SOL_SOCKET, SO_BROADCAST, 1), socket_get_option(u, SOL_SOCKET, SO_BROADCAST));
var_dump(socket_set_option(u, IPPROTO_IP, IP_MULTICAST_TTL, 7), socket_get_option(u, IPPROTO_IP, IP_MULTICAST_TTL));
var_dump(socket_set_option(u, IPPROTO_IP, IP_MULTICAST_LOOP, 0), socket_get_option(u, IPPROTO_IP, IP_MULTICAST_LOOP));
// Failures.
var_dump(socket_get_option(t, SOL_SOCKET, 12345), socket_last_error(t), socket_last_error());
var_dump(socket_set_option(t, SOL_SOCKET, 12345, 1), socket_last_error(t));
var_dump(socket_set_option(t, SOL_SOCKET, SO_RCVTIMEO, { sec: 1, usec: 1000000 }), socket_last_error(t));
caught(() => socket_set_option(t, SOL_SOCKET, SO_LINGER, { l_onoff: 1 }));
caught(() => socket_set_option(t, SOL_SOCKET, SO_LINGER, 1));
caught(() => socket_set_option(t, SOL_SOCKET, SO_RCVTIMEO, { usec: 1 }));
caught(() => socket_set_option(t, SOL_SOCKET, SO_SNDTIMEO, 5));
caught(() => socket_set_option(u, IPPROTO_IP, IP_MULTICAST_TTL, 256));
caught(() => untyped(socket_get_option)(t, SOL_SOCKET));
caught(() => untyped(socket_set_option)(t, SOL_SOCKET, SO_REUSEADDR));
caught(() => untyped(socket_get_option)('x', SOL_SOCKET, SO_TYPE));
socket_close(u);
caught(() => socket_get_option(u, SOL_SOCKET, SO_TYPE));
caught(() => socket_setopt(u, SOL_SOCKET, SO_TYPE, 1));
