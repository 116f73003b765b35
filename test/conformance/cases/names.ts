// Port of names.php.
import { tmpdir } from 'node:os';
import { basename } from 'node:path';
import {
  AF_INET, AF_INET6, AF_UNIX, SOCK_STREAM, SOL_TCP, type Socket, ref, socket_accept, socket_bind,
  socket_connect, socket_create, socket_create_pair, socket_getpeername, socket_getsockname,
  socket_last_error, socket_listen, var_dump,
} from 'php-sockets';

const a = ref<string>();
const p = ref<number>();
const s4 = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
var_dump(socket_getsockname(s4, a, p), a.value, p.value);
const s6 = socket_create(AF_INET6, SOCK_STREAM, 0) as Socket;
var_dump(socket_getsockname(s6, a, p), a.value, p.value);
const addr = ref<string>('before');
const port = ref<number>(1234);
var_dump(socket_getpeername(s4, addr, port), addr.value, port.value, socket_last_error(s4));
var_dump(socket_getpeername(s6, addr), addr.value);
// IPv6 loopback connection.
const l6 = socket_create(AF_INET6, SOCK_STREAM, 0) as Socket;
socket_bind(l6, '::1', 0);
socket_listen(l6);
const laddr = ref<string>();
const lport = ref<number>();
socket_getsockname(l6, laddr, lport);
var_dump(laddr.value, lport.value! > 0);
const c6 = socket_create(AF_INET6, SOCK_STREAM, 0) as Socket;
var_dump(socket_connect(c6, '::1', lport.value));
const a6 = socket_accept(l6) as Socket;
const [paddr, qaddr, caddr] = [ref<string>(), ref<string>(), ref<string>()];
const [pport, qport, cport] = [ref<number>(), ref<number>(), ref<number>()];
socket_getpeername(c6, paddr, pport);
var_dump(paddr.value, pport.value === lport.value);
socket_getpeername(a6, qaddr, qport);
socket_getsockname(c6, caddr, cport);
var_dump(qaddr.value, qport.value === cport.value);
// A dual-stack listener sees an IPv4 client as a v4-mapped address.
const dual = socket_create(AF_INET6, SOCK_STREAM, 0) as Socket;
socket_bind(dual, '::', 0);
socket_listen(dual);
const daddr = ref<string>();
const dport = ref<number>();
socket_getsockname(dual, daddr, dport);
var_dump(daddr.value);
const c4 = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
var_dump(socket_connect(c4, '127.0.0.1', dport.value));
const d = socket_accept(dual) as Socket;
const maddr = ref<string>();
const mself = ref<string>();
socket_getpeername(d, maddr);
socket_getsockname(d, mself);
var_dump(maddr.value, mself.value);
// Unix pairs have no names; the port is not touched.
const pair: Socket[] = [];
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, pair);
const uaddr = ref<string>();
const uport = ref<number>(99);
var_dump(socket_getsockname(pair[0]!, uaddr, uport), uaddr.value, uport.value);
var_dump(socket_getpeername(pair[1]!, uaddr, uport), uaddr.value, uport.value);
// A unix client sees the server's path; the server sees an unnamed peer.
const dir = tmpdir();
const srv = socket_create(AF_UNIX, SOCK_STREAM, 0) as Socket;
socket_bind(srv, `${dir}/names.sock`);
socket_listen(srv);
const cli = socket_create(AF_UNIX, SOCK_STREAM, 0) as Socket;
socket_connect(cli, `${dir}/names.sock`);
const acc = socket_accept(srv) as Socket;
const [x, y, z] = [ref<string>(), ref<string>(), ref<string>()];
socket_getpeername(cli, x);
socket_getpeername(acc, y);
socket_getsockname(acc, z);
var_dump(basename(x.value!), y.value, basename(z.value!));
