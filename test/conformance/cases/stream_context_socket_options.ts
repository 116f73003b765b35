// Port of stream_context_socket_options.php.
import { execSync } from 'node:child_process';
import {
  IPPROTO_IPV6, IPV6_V6ONLY, SOL_SOCKET, SOL_TCP, SO_BROADCAST, SO_REUSEPORT, STREAM_CLIENT_ASYNC_CONNECT,
  STREAM_CLIENT_CONNECT, STREAM_SERVER_BIND, STREAM_SERVER_LISTEN, TCP_NODELAY, type Stream, echo, fsockopen, ref,
  socket_get_option, socket_import_stream, stream_context_create, stream_context_set_default,
  stream_context_set_option, stream_socket_accept, stream_socket_client, stream_socket_get_name, stream_socket_server,
  var_dump, var_export,
} from 'php-sockets';

function t(label: string, f: () => unknown): void {
  echo(`${label}: `);
  try {
    var_dump(f());
  } catch (e) {
    echo((e as Error).name, ': ', (e as Error).message, '\n');
  }
}
function portOf(s: Stream): number {
  const n = stream_socket_get_name(s, false) as string;
  return Number(n.slice(n.lastIndexOf(':') + 1));
}
function sockopt(stream: Stream | false, level: number, opt: number): unknown {
  const s = socket_import_stream(stream as Stream);
  return s ? socket_get_option(s, level, opt) : 'import failed';
}
function client(address: string, options: Record<string, unknown>): Stream | false {
  const errno = ref();
  const errstr = ref();
  const r = stream_socket_client(address, errno, errstr, 2, STREAM_CLIENT_CONNECT, stream_context_create({ socket: options }));
  echo(`[errno ${errno.value}, errstr '${errstr.value}'] `);
  return r;
}
function localName(address: string, options: Record<string, unknown>): string | false {
  const r = client(address, options);
  return r ? (stream_socket_get_name(r, false) as string).replace(/:\d+$/, ':PORT') : r;
}
function server(address: string, options: Record<string, unknown>, flags = STREAM_SERVER_BIND | STREAM_SERVER_LISTEN): Stream | false {
  const errno = ref();
  const errstr = ref();
  const r = stream_socket_server(address, errno, errstr, flags, stream_context_create({ socket: options }));
  echo(`[errno ${errno.value}, errstr '${errstr.value}'] `);
  return r;
}
function sendQ(s: Stream): string {
  return execSync(`ss -ltnH "sport = :${portOf(s)}" | awk '{print $3}'`, { encoding: 'latin1' }).trim();
}
const e1 = ref();
const e2 = ref();

echo('== bindto\n');
const srv = stream_socket_server('tcp://127.0.0.1:0') as Stream;
const port = portOf(srv);
const srv6 = stream_socket_server('tcp://[::1]:0') as Stream;
const port6 = portOf(srv6);
t('bindto 127.0.0.1:0', () => localName(`tcp://127.0.0.1:${port}`, { bindto: '127.0.0.1:0' }));
t('bindto 127.0.0.2:0', () => localName(`tcp://127.0.0.1:${port}`, { bindto: '127.0.0.2:0' }));
const used = stream_socket_server('tcp://127.0.0.1:0') as Stream;
t('bindto a port in use', () => localName(`tcp://127.0.0.1:${port}`, { bindto: '127.0.0.1:' + portOf(used) }));
t('bindto "nonsense" (ignored)', () => localName(`tcp://127.0.0.1:${port}`, { bindto: 'nonsense' }));
t('bindto "10.255.255.1:0" (not local)', () => localName(`tcp://127.0.0.1:${port}`, { bindto: '10.255.255.1:0' }));
t('bindto "localhost:0" (not numeric)', () => localName(`tcp://127.0.0.1:${port}`, { bindto: 'localhost:0' }));
t('bindto "127.1:0"', () => localName(`tcp://127.0.0.1:${port}`, { bindto: '127.1:0' }));
t('bindto ":0"', () => localName(`tcp://127.0.0.1:${port}`, { bindto: ':0' }));
t('bindto "0:0"', () => localName(`tcp://127.0.0.1:${port}`, { bindto: '0:0' }));
t('bindto "[::1]:0" to an IPv4 address (dropped)', () => localName(`tcp://127.0.0.1:${port}`, { bindto: '[::1]:0' }));
t('bindto "127.0.0.1:0" to an IPv6 address (skipped)', () => localName(`tcp://[::1]:${port6}`, { bindto: '127.0.0.1:0' }));
t('bindto "[::1]:0" to an IPv6 address', () => localName(`tcp://[::1]:${port6}`, { bindto: '[::1]:0' }));
t('bindto 5 (not a string)', () => client(`tcp://127.0.0.1:${port}`, { bindto: 5 }));
t('bindto null (not a string)', () => client(`tcp://127.0.0.1:${port}`, { bindto: null }));
t('bindto and a refused connect', () => client('tcp://127.0.0.1:1', { bindto: '127.0.0.1:0' }));
t('bindto on ssl:// (the same socket code)', () => client('ssl://127.0.0.1:1', { bindto: 'nonsense' }));
t('bindto on udp', () => localName('udp://127.0.0.1:9', { bindto: '127.0.0.2:0' }));
t('bindto on unix (not read)', () => client('unix:///nonexistent/php-sockets.sock', { bindto: 5 }));
t('bindto with an async connect', () => {
  const r = stream_socket_client(`tcp://127.0.0.1:${port}`, e1, e2, 2, STREAM_CLIENT_ASYNC_CONNECT | STREAM_CLIENT_CONNECT, stream_context_create({ socket: { bindto: '127.0.0.2:0' } })) as Stream;
  return (stream_socket_get_name(r, false) as string).replace(/:\d+$/, ':PORT');
});
t("the default context's bindto applies to a stream made without a context", () => {
  stream_context_set_default({ socket: { bindto: '127.0.0.3:0' } });
  const r = stream_socket_client(`tcp://127.0.0.1:${port}`) as Stream;
  return (stream_socket_get_name(r, false) as string).replace(/:\d+$/, ':PORT');
});
t('fsockopen() uses no context', () => (stream_socket_get_name(fsockopen('127.0.0.1', port) as Stream, false) as string).replace(/:\d+$/, ':PORT'));
stream_context_set_default({ socket: { bindto: '0:0' } });

echo('== tcp_nodelay\n');
t('tcp_nodelay on a client', () => sockopt(client(`tcp://127.0.0.1:${port}`, { tcp_nodelay: true }), SOL_TCP, TCP_NODELAY));
t('tcp_nodelay "0"', () => sockopt(client(`tcp://127.0.0.1:${port}`, { tcp_nodelay: '0' }), SOL_TCP, TCP_NODELAY));
t('no tcp_nodelay', () => sockopt(client(`tcp://127.0.0.1:${port}`, {}), SOL_TCP, TCP_NODELAY));
stream_context_set_default({ socket: { tcp_nodelay: true } });
t("no context: the default context's tcp_nodelay", () => sockopt(stream_socket_client(`tcp://127.0.0.1:${port}`), SOL_TCP, TCP_NODELAY));
t('an empty context: none', () => sockopt(stream_socket_client(`tcp://127.0.0.1:${port}`, e1, e2, 2, STREAM_CLIENT_CONNECT, stream_context_create()), SOL_TCP, TCP_NODELAY));
let nd!: Stream;
t('tcp_nodelay on a server: the listening socket', () => {
  nd = server('tcp://127.0.0.1:0', { tcp_nodelay: true }) as Stream;
  return sockopt(nd, SOL_TCP, TCP_NODELAY);
});
stream_socket_client('tcp://127.0.0.1:' + portOf(nd));
t('tcp_nodelay on a server: an accepted socket', () => sockopt(stream_socket_accept(nd), SOL_TCP, TCP_NODELAY));
t("tcp_nodelay set on the server's context after listening", () => {
  const ctx = stream_context_create();
  const s = stream_socket_server('tcp://127.0.0.1:0', e1, e2, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, ctx) as Stream;
  stream_context_set_option(ctx, 'socket', 'tcp_nodelay', true);
  stream_socket_client('tcp://127.0.0.1:' + portOf(s));
  return sockopt(stream_socket_accept(s), SOL_TCP, TCP_NODELAY);
});
t('tcp_nodelay on a udp client (not set)', () => sockopt(client('udp://127.0.0.1:9', { tcp_nodelay: true }), SOL_TCP, TCP_NODELAY));

echo('== backlog\n');
for (const b of [3, 'abc', 0, '7', 3.9, true, null, 2 ** 40, [], [1]]) {
  t('backlog ' + (var_export(b, true) as string).replace(/\n/g, ''), () => {
    const s = server('tcp://127.0.0.1:0', { backlog: b });
    return s ? sendQ(s) : s;
  });
}
t('default backlog', () => sendQ(srv));

echo('== so_reuseport\n');
const r1 = server('tcp://127.0.0.1:0', { so_reuseport: true }) as Stream;
t('so_reuseport on the server socket', () => sockopt(r1, SOL_SOCKET, SO_REUSEPORT));
t('so_reuseport: second server on the same port', () => Boolean(server('tcp://127.0.0.1:' + portOf(r1), { so_reuseport: true })));
t('without so_reuseport', () => server('tcp://127.0.0.1:' + portOf(r1), {}));
t('so_reuseport "0"', () => sockopt(server('tcp://127.0.0.1:0', { so_reuseport: '0' }), SOL_SOCKET, SO_REUSEPORT));
t('so_reuseport on udp', () => {
  const u = server('udp://127.0.0.1:0', { so_reuseport: true }, STREAM_SERVER_BIND) as Stream;
  return [sockopt(u, SOL_SOCKET, SO_REUSEPORT), Boolean(server('udp://127.0.0.1:' + portOf(u), { so_reuseport: true }, STREAM_SERVER_BIND))];
});

echo('== ipv6_v6only\n');
for (const v of [true, false, null, '0', 'yes']) {
  t('ipv6_v6only ' + var_export(v, true), () => {
    const s = server('tcp://[::]:0', { ipv6_v6only: v });
    return s ? sockopt(s, IPPROTO_IPV6, IPV6_V6ONLY) : s;
  });
}
const v6 = server('tcp://[::]:0', { ipv6_v6only: true }) as Stream;
t('ipv6_v6only true: connect via 127.0.0.1', () => stream_socket_client('tcp://127.0.0.1:' + portOf(v6), e1, e2, 1));
const v6b = server('tcp://[::]:0', { ipv6_v6only: false }) as Stream;
t('ipv6_v6only false: connect via 127.0.0.1', () => Boolean(stream_socket_client('tcp://127.0.0.1:' + portOf(v6b), e1, e2, 1)));
t('ipv6_v6only on an IPv4 server', () => Boolean(server('tcp://127.0.0.1:0', { ipv6_v6only: true })));

echo('== so_broadcast\n');
t('so_broadcast on a udp client', () => sockopt(client('udp://127.0.0.1:9', { so_broadcast: true }), SOL_SOCKET, SO_BROADCAST));
t('so_broadcast on a udp server', () => sockopt(server('udp://127.0.0.1:0', { so_broadcast: true }, STREAM_SERVER_BIND), SOL_SOCKET, SO_BROADCAST));
t('so_broadcast on a tcp client (not set)', () => sockopt(client(`tcp://127.0.0.1:${port}`, { so_broadcast: true }), SOL_SOCKET, SO_BROADCAST));
t('so_broadcast on a tcp server (not set)', () => sockopt(server('tcp://127.0.0.1:0', { so_broadcast: true }), SOL_SOCKET, SO_BROADCAST));
