// Port of multicast.php.
import {
  AF_INET, IPPROTO_IP, IP_MULTICAST_IF, MCAST_BLOCK_SOURCE, MCAST_JOIN_GROUP, MCAST_LEAVE_GROUP, SOCK_DGRAM,
  SOL_UDP, type Socket, echo, socket_create, socket_get_option, socket_last_error, socket_set_option, var_dump,
} from 'php-sockets';

function caught(f: () => unknown): void {
  try {
    var_dump(f());
  } catch (e) {
    echo((e as Error).name, ': ', (e as Error).message, '\n');
  }
}

const u = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP) as Socket;
var_dump(socket_get_option(u, IPPROTO_IP, IP_MULTICAST_IF));
var_dump(socket_set_option(u, IPPROTO_IP, IP_MULTICAST_IF, 'lo'), socket_get_option(u, IPPROTO_IP, IP_MULTICAST_IF));
var_dump(socket_set_option(u, IPPROTO_IP, IP_MULTICAST_IF, 0), socket_get_option(u, IPPROTO_IP, IP_MULTICAST_IF));
var_dump(socket_set_option(u, IPPROTO_IP, IP_MULTICAST_IF, 'nosuch0'), socket_last_error(u));
var_dump(socket_set_option(u, IPPROTO_IP, MCAST_JOIN_GROUP, { group: '239.1.2.3', interface: 'lo' }));
var_dump(socket_set_option(u, IPPROTO_IP, MCAST_JOIN_GROUP, { group: '239.1.2.3', interface: 'lo' }), socket_last_error(u));
var_dump(socket_set_option(u, IPPROTO_IP, MCAST_LEAVE_GROUP, { group: '239.1.2.3', interface: 'lo' }));
var_dump(socket_set_option(u, IPPROTO_IP, MCAST_JOIN_GROUP, { group: '127.0.0.1', interface: 'lo' }), socket_last_error(u));
caught(() => socket_set_option(u, IPPROTO_IP, MCAST_JOIN_GROUP, { interface: 'lo' }));
caught(() => socket_set_option(u, IPPROTO_IP, MCAST_JOIN_GROUP, 'x'));
caught(() => socket_set_option(u, IPPROTO_IP, MCAST_BLOCK_SOURCE, { group: '239.1.2.3' }));
var_dump(socket_set_option(u, IPPROTO_IP, MCAST_JOIN_GROUP, { group: '239.1.2.3', interface: 'nosuch0' }));
