// Port of sendto_recvfrom.php.
import { tmpdir } from 'node:os';
import { basename } from 'node:path';
import {
  AF_INET, AF_INET6, AF_UNIX, MSG_DONTWAIT, MSG_PEEK, SOCK_DGRAM, SOCK_STREAM, SOL_TCP, SOL_UDP, type Socket,
  echo, ref, socket_bind, socket_create, socket_getsockname, socket_last_error, socket_recvfrom,
  socket_sendto, var_dump,
} from 'php-sockets';

function caught(f: () => unknown): void {
  try {
    var_dump(f());
  } catch (e) {
    echo((e as Error).name, ': ', (e as Error).message, '\n');
  }
}

const [addr, caddr, a6] = [ref<string>(), ref<string>(), ref<string>()];
const [port, cport, p6] = [ref<number>(), ref<number>(), ref<number>()];
const buf = ref<string>();
const from = ref<string>();
const fromPort = ref<number>();
const srv = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP) as Socket;
socket_bind(srv, '127.0.0.1', 0);
socket_getsockname(srv, addr, port);
const cli = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP) as Socket;
socket_bind(cli, '127.0.0.1', 0);
socket_getsockname(cli, caddr, cport);
var_dump(socket_sendto(cli, 'datagram one', 100, 0, '127.0.0.1', port.value));
var_dump(socket_sendto(cli, 'datagram two', 8, 0, 'localhost', port.value! + 65536));
var_dump(socket_recvfrom(srv, buf, 100, 0, from, fromPort), buf.value, from.value, fromPort.value === cport.value);
var_dump(socket_recvfrom(srv, buf, 100, MSG_PEEK, from, fromPort), buf.value);
var_dump(socket_recvfrom(srv, buf, 3, 0, from, fromPort), buf.value);
var_dump(socket_sendto(cli, '', 0, 0, '127.0.0.1', port.value), socket_recvfrom(srv, buf, 10, 0, from, fromPort), buf.value);
buf.value = 'untouched';
from.value = 'untouched';
fromPort.value = -1;
var_dump(socket_recvfrom(srv, buf, 10, MSG_DONTWAIT, from, fromPort), buf.value, from.value, fromPort.value, socket_last_error(srv));
var_dump(socket_recvfrom(srv, buf, 0, 0, from, fromPort), buf.value);
caught(() => socket_recvfrom(srv, buf, 10, 0, from));
caught(() => socket_sendto(cli, 'x', 1, 0, '127.0.0.1'));
caught(() => socket_sendto(cli, 'x', -1, 0, '127.0.0.1', port.value));
var_dump(socket_sendto(cli, 'x', 1, 0, '', port.value), socket_last_error(cli));
// IPv6.
const s6 = socket_create(AF_INET6, SOCK_DGRAM, 0) as Socket;
socket_bind(s6, '::1', 0);
socket_getsockname(s6, a6, p6);
const c6 = socket_create(AF_INET6, SOCK_DGRAM, 0) as Socket;
var_dump(socket_sendto(c6, 'six', 3, 0, '::1', p6.value));
var_dump(socket_recvfrom(s6, buf, 100, 0, from, fromPort), buf.value, from.value);
var_dump(socket_recvfrom(s6, buf, 100, MSG_DONTWAIT, from, fromPort), socket_last_error(s6));
// Unix datagrams: the sender's path, or "" when it has none; the port is not touched.
const dir = tmpdir();
const us = socket_create(AF_UNIX, SOCK_DGRAM, 0) as Socket;
socket_bind(us, `${dir}/server.sock`);
const uc = socket_create(AF_UNIX, SOCK_DGRAM, 0) as Socket;
var_dump(socket_sendto(uc, 'from nobody', 100, 0, `${dir}/server.sock`));
const uport = ref<number>(7);
var_dump(socket_recvfrom(us, buf, 100, 0, from, uport), buf.value, from.value, uport.value);
socket_bind(uc, `${dir}/client.sock`);
var_dump(socket_sendto(uc, 'from a path', 100, 0, `${dir}/server.sock`, 1234));
var_dump(socket_recvfrom(us, buf, 100, 0, from), buf.value, basename(from.value!));
var_dump(socket_sendto(uc, 'nowhere', 7, 0, `${dir}/missing.sock`), socket_last_error(uc));
var_dump(socket_recvfrom(us, buf, 100, MSG_DONTWAIT, from), socket_last_error(us));
// Receive errors name the function in two spellings, as PHP 8.2 does.
const t4 = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
var_dump(socket_recvfrom(t4, buf, 10, 0, from, fromPort), socket_last_error(t4));
const t6 = socket_create(AF_INET6, SOCK_STREAM, 0) as Socket;
var_dump(socket_recvfrom(t6, buf, 10, 0, from, fromPort), socket_last_error(t6));
