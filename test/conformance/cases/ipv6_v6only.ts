// Port of ipv6_v6only.php.
import {
  AF_INET, AF_INET6, IPPROTO_IPV6, IPV6_V6ONLY, SOCK_STREAM, SOL_TCP, type Socket, ref, socket_accept,
  socket_bind, socket_connect, socket_create, socket_get_option, socket_getpeername, socket_getsockname,
  socket_last_error, socket_listen, socket_set_option, var_dump,
} from 'php-sockets';

const a = ref<string>();
const dual = socket_create(AF_INET6, SOCK_STREAM, 0) as Socket;
var_dump(socket_get_option(dual, IPPROTO_IPV6, IPV6_V6ONLY));
socket_bind(dual, '::', 0);
socket_listen(dual);
const dualPort = ref<number>();
socket_getsockname(dual, a, dualPort);
const c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
var_dump(socket_connect(c, '127.0.0.1', dualPort.value));
const peer = ref<string>();
socket_getpeername(socket_accept(dual) as Socket, peer);
var_dump(peer.value);

const only = socket_create(AF_INET6, SOCK_STREAM, 0) as Socket;
var_dump(socket_set_option(only, IPPROTO_IPV6, IPV6_V6ONLY, 1));
socket_bind(only, '::', 0);
socket_listen(only);
const onlyPort = ref<number>();
socket_getsockname(only, a, onlyPort);
const c4 = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
var_dump(socket_connect(c4, '127.0.0.1', onlyPort.value), socket_last_error(c4));
const c6 = socket_create(AF_INET6, SOCK_STREAM, 0) as Socket;
var_dump(socket_connect(c6, '::1', onlyPort.value));
const peer6 = ref<string>();
socket_getpeername(socket_accept(only) as Socket, peer6);
var_dump(peer6.value);
// The IPv4 side of that port is free.
const v4 = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
var_dump(socket_bind(v4, '127.0.0.1', onlyPort.value!));
// But not for a dual-stack socket's port.
const v4b = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
var_dump(socket_bind(v4b, '127.0.0.1', dualPort.value!), socket_last_error(v4b));
