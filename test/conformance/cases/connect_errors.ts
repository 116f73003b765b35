// Port of connect_errors.php.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import {
  AF_INET, AF_INET6, AF_UNIX, SOCK_DGRAM, SOCK_STREAM, SOL_TCP, SOL_UDP, type Socket, echo, ref,
  socket_bind, socket_close, socket_connect, socket_create, socket_create_listen, socket_getsockname,
  socket_last_error, socket_listen, socket_read, socket_write, var_dump,
} from 'php-sockets';

function caught(f: () => unknown): void {
  try {
    var_dump(f());
  } catch (e) {
    echo((e as Error).name, ': ', (e as Error).message, '\n');
  }
}
const connect = socket_connect as (...a: unknown[]) => boolean;

// A port nothing listens on: bind one, then close it.
const tmp = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
socket_bind(tmp, '127.0.0.1', 0);
const a = ref<string>();
const closedPort = ref<number>();
socket_getsockname(tmp, a, closedPort);
socket_close(tmp);
const s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
var_dump(socket_connect(s, '127.0.0.1', closedPort.value), socket_last_error(s), socket_last_error());

const l = socket_create_listen(0) as Socket;
const port = ref<number>();
socket_getsockname(l, a, port);
const c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
var_dump(socket_connect(c, '127.0.0.1', port.value));
var_dump(socket_connect(c, '127.0.0.1', port.value), socket_last_error(c));

const dir = tmpdir();
const un = socket_create(AF_UNIX, SOCK_STREAM, 0) as Socket;
var_dump(socket_connect(un, `${dir}/missing.sock`), socket_last_error(un));
writeFileSync(`${dir}/plain-file`, 'x');
var_dump(socket_connect(un, `${dir}/plain-file`), socket_last_error(un));
caught(() => socket_connect(un, 'p'.repeat(108)));
caught(() => connect(s, '127.0.0.1'));
caught(() => socket_connect(s, '127.0.0.1', null));
caught(() => connect(socket_create(AF_INET6, SOCK_STREAM, 0), '::1'));
// A unix socket ignores the port.
const ul = socket_create(AF_UNIX, SOCK_STREAM, 0) as Socket;
socket_bind(ul, `${dir}/listen.sock`);
socket_listen(ul);
const uc = socket_create(AF_UNIX, SOCK_STREAM, 0) as Socket;
var_dump(socket_connect(uc, `${dir}/listen.sock`, 1234));
// A datagram socket connected to a closed port: the refusal arrives on the next read.
const d = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP) as Socket;
var_dump(socket_connect(d, '127.0.0.1', closedPort.value));
var_dump(socket_write(d, 'anyone?'), socket_read(d, 100), socket_last_error(d));
