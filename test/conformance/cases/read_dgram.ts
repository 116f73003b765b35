// Port of read_dgram.php.
import {
  AF_INET, AF_UNIX, PHP_NORMAL_READ, SOCK_DGRAM, SOL_UDP, type Socket, ref, socket_bind, socket_connect,
  socket_create, socket_create_pair, socket_getsockname, socket_read, socket_write, var_dump,
} from 'php-sockets';

const p = ref<Socket[]>();
socket_create_pair(AF_UNIX, SOCK_DGRAM, 0, p);
const [a, b] = p.value as [Socket, Socket];
var_dump(socket_write(a, 'abcdef'), socket_write(a, 'second'));
var_dump(socket_read(b, 3), socket_read(b, 100));
var_dump(socket_write(a, ''), socket_read(b, 100));
socket_write(a, 'ab');
socket_write(a, '\n');
var_dump(socket_read(b, 100, PHP_NORMAL_READ));
// UDP over loopback.
const u = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP) as Socket;
socket_bind(u, '127.0.0.1', 0);
const addr = ref<string>();
const port = ref<number>();
socket_getsockname(u, addr, port);
const v = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP) as Socket;
var_dump(socket_connect(v, '127.0.0.1', port.value));
var_dump(socket_write(v, 'udp datagram'), socket_read(u, 100));
const vaddr = ref<string>();
const vport = ref<number>();
socket_getsockname(v, vaddr, vport);
var_dump(vaddr.value, vport.value! > 0);
