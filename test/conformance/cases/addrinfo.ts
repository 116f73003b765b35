// Port of addrinfo.php. Hints are a plain object with PHP's keys.
import {
  AF_INET, AF_UNIX, AI_CANONNAME, AI_NUMERICHOST, AI_NUMERICSERV, type AddressInfo, SOCK_DGRAM, SOCK_STREAM,
  Socket, echo, ref, socket_accept, socket_addrinfo_bind, socket_addrinfo_connect, socket_addrinfo_explain,
  socket_addrinfo_lookup, socket_clear_error, socket_close, socket_create_listen, socket_getsockname,
  socket_last_error, socket_listen, socket_read, socket_write, var_dump,
} from 'php-sockets';

function caught(f: () => unknown): void {
  try {
    var_dump(f());
  } catch (e) {
    echo((e as Error).name, ': ', (e as Error).message, '\n');
  }
}

const list = socket_addrinfo_lookup('127.0.0.1', '0', { ai_family: AF_INET, ai_socktype: SOCK_STREAM }) as AddressInfo[];
var_dump(list.length, list[0]);
var_dump(socket_addrinfo_explain(list[0]!));
const all = socket_addrinfo_lookup('127.0.0.1') as AddressInfo[];
for (const ai of all) {
  const x = socket_addrinfo_explain(ai);
  echo(x.ai_family, ' ', x.ai_socktype, ' ', x.ai_protocol, '\n');
}
const six = socket_addrinfo_lookup('::1', '8080', { ai_socktype: SOCK_DGRAM, ai_flags: AI_NUMERICHOST | AI_NUMERICSERV }) as AddressInfo[];
var_dump(socket_addrinfo_explain(six[0]!));
const named = socket_addrinfo_lookup('localhost', 'http', { ai_family: AF_INET, ai_socktype: SOCK_STREAM, ai_flags: AI_CANONNAME }) as AddressInfo[];
var_dump(socket_addrinfo_explain(named[0]!));
// Bind a server, connect a client to it.
const srv = socket_addrinfo_bind(list[0]!) as Socket;
var_dump(srv);
socket_listen(srv);
const addr = ref<string>();
const port = ref<number>();
socket_getsockname(srv, addr, port);
const to = socket_addrinfo_lookup('127.0.0.1', String(port.value), { ai_family: AF_INET, ai_socktype: SOCK_STREAM }) as AddressInfo[];
const cli = socket_addrinfo_connect(to[0]!);
var_dump(cli instanceof Socket);
const acc = socket_accept(srv) as Socket;
socket_write(cli as Socket, 'via addrinfo');
var_dump(socket_read(acc, 100));
// Connecting where nothing listens, binding where something does.
socket_close(srv);
socket_clear_error();
var_dump(socket_addrinfo_connect(to[0]!), socket_last_error());
const busy = socket_create_listen(0) as Socket;
const busyPort = ref<number>();
socket_getsockname(busy, addr, busyPort);
const taken = socket_addrinfo_lookup('0.0.0.0', String(busyPort.value), { ai_family: AF_INET, ai_socktype: SOCK_STREAM }) as AddressInfo[];
var_dump(socket_addrinfo_bind(taken[0]!), socket_last_error());
// Lookup failures: false, no warning, no error code.
socket_clear_error();
var_dump(socket_addrinfo_lookup('127.0.0.1', 'no-such-service'), socket_addrinfo_lookup(''), socket_last_error());
var_dump(socket_addrinfo_lookup('127.0.0.1', null, { ai_family: AF_UNIX }));
var_dump(socket_addrinfo_lookup('not-a-number', null, { ai_flags: AI_NUMERICHOST }));
caught(() => socket_addrinfo_lookup('127.0.0.1', null, { bogus: 1 }));
var_dump((socket_addrinfo_lookup('127.0.0.1', null, [1, 2] as unknown as Record<string, unknown>) as AddressInfo[]).length);
caught(() => (socket_addrinfo_explain as (...args: unknown[]) => unknown)('x'));
caught(() => (socket_addrinfo_lookup as (...args: unknown[]) => unknown)());
