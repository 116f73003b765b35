// The other process of signals.test.ts (run with `node --import tsx`): installs a SIGUSR2
// handler (as Node installs its own for SIGCHLD, SIGWINCH and any signal a program listens to:
// libuv's, with SA_RESTART), says "ready", and runs each blocking call named in argv[3] through
// the API in argv[2] ('sync': the package root; 'async': php-sockets/async; 'worker': the
// package root in a Worker, see below) while the test signals this process every few
// milliseconds. Each call either waits out a 300 ms timeout or
// is released by a peer after 300 ms; it prints, as one JSON line, per call what it returned
// (summarised), the warnings it gave, socket_last_error() after it and how long it took, then
// how many SIGUSR2 the handler saw.
//
// The peer is a Worker (its own thread and event loop; Workers take no process signals): it
// connects, writes, reads or serves TLS while this thread blocks.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import * as sync from '../../lib/index.js';
import * as async from '../../lib/async/index.js';

const mode = isMainThread ? process.argv[2]! : 'in-worker';
const names = (isMainThread ? process.argv[3]! : (workerData as { names: string }).names).split(',');

// Set in the main thread: a Worker's process.env is a copy OpenSSL does not read.
const fixtures = fileURLToPath(new URL('../fixtures/tls/', import.meta.url));
if (isMainThread) process.env.SSL_CERT_FILE = fixtures + 'ca.pem';

// 'worker': the calls run in a Worker whose event loop this thread wakes every 10 ms, for at most
// 30 s, with a message (each wake-up is the termination watchdog's signal to the blocked thread,
// which finds the Worker not terminating and resumes its call); prints what the Worker reports.
if (mode === 'worker') {
  const self = fileURLToPath(import.meta.url);
  const code = `const { register } = await import('tsx/esm/api'); register(); await import(${JSON.stringify(self)});`;
  const w = new Worker(code, { eval: true, workerData: { names: names.join(',') } });
  const ticker = setInterval(() => w.postMessage('tick'), 10);
  // Bounded: a call that restarted its timeout at each wake-up returns 300 ms after the last.
  setTimeout(() => clearInterval(ticker), 30_000).unref();
  console.log('ready');
  const out = await new Promise<string>((resolve) => w.on('message', resolve));
  clearInterval(ticker);
  console.log(out);
  process.exit(0);
}

type Api = typeof sync;
const api = (mode === 'async' ? async : sync) as Api;

let signals = 0;
process.on('SIGUSR2', () => signals++);

const peerCode = `
  const net = require('node:net'), tls = require('node:tls'), dgram = require('node:dgram');
  const { parentPort, workerData } = require('node:worker_threads');
  const held = [];
  const silent = net.createServer((c) => held.push(c.resume())).listen(0, '127.0.0.1');
  const secure = tls.createServer({ cert: workerData.cert, key: workerData.key }, (c) => held.push(c)).listen(0, '127.0.0.1');
  const ports = () => parentPort.postMessage({ silent: silent.address().port, tls: secure.address().port });
  let up = 0;
  silent.on('listening', () => ++up === 2 && ports());
  secure.on('listening', () => ++up === 2 && ports());
  parentPort.on('message', ({ kind, port, delay }) => {
    const connect = () => {
      const c = net.connect(port, '127.0.0.1').on('error', () => {});
      held.push(c);
      return c;
    };
    if (kind === 'connect') setTimeout(connect, delay);
    if (kind === 'write2') {
      const c = connect();
      c.on('connect', () => { c.write('ab'); setTimeout(() => c.write('cd'), delay); });
    }
    if (kind === 'write') { const c = connect(); c.on('connect', () => setTimeout(() => c.write('x\\n'), delay)); }
    if (kind === 'trickle') {
      const c = connect();
      let i = 0;
      c.on('connect', () => { const t = setInterval(() => { c.write(++i < 10 ? 'a' : '\\n'); if (i === 10) clearInterval(t); }, delay / 6); });
    }
    if (kind === 'datagram') setTimeout(() => { const u = dgram.createSocket('udp4'); u.send('x', port, '127.0.0.1', () => u.close()); }, delay);
    if (kind === 'drain') { const c = connect(); c.pause(); c.on('connect', () => setTimeout(() => c.resume(), delay)); }
  });
`;
const peer = new Worker(peerCode, {
  eval: true,
  workerData: { cert: readFileSync(fixtures + 'server.pem'), key: readFileSync(fixtures + 'server.key') },
});
const peerPorts = await new Promise<{ silent: number; tls: number }>((resolve) => peer.once('message', resolve));

const DELAY = 300;
const TV = { sec: 0, usec: DELAY * 1000 };
const BIG = 8 * 1024 * 1024;
const big = 'x'.repeat(BIG);
const keep: unknown[] = [];

function pair(): [sync.Socket, sync.Socket] {
  const x: sync.Socket[] = [];
  api.socket_create_pair(api.AF_UNIX, api.SOCK_STREAM, 0, x);
  keep.push(...x);
  return x as [sync.Socket, sync.Socket];
}
function spair(): [sync.Stream, sync.Stream] {
  const x = api.stream_socket_pair(api.STREAM_PF_UNIX, api.STREAM_SOCK_STREAM, 0) as [sync.Stream, sync.Stream];
  keep.push(...x);
  return x;
}
function listener(backlog = 5): [sync.Socket, number] {
  const l = api.socket_create(api.AF_INET, api.SOCK_STREAM, 0) as sync.Socket;
  api.socket_bind(l, '127.0.0.1', 0);
  api.socket_listen(l, backlog);
  const addr = api.ref(), port = api.ref<number>();
  api.socket_getsockname(l, addr, port);
  keep.push(l);
  return [l, port.value!];
}
// A TCP listener that drops the next SYN: a backlog of 0 with one connection queued.
function fullListener(): number {
  const [l, port] = listener(0);
  const c = api.socket_create(api.AF_INET, api.SOCK_STREAM, 0) as sync.Socket;
  api.socket_connect(c, '127.0.0.1', port);
  keep.push(l, c);
  return port;
}
function tell(kind: 'connect' | 'write' | 'write2' | 'trickle' | 'drain' | 'datagram', port: number): void {
  peer.postMessage({ kind, port, delay: DELAY });
}
// A connection from the peer, which acts on it after DELAY ms.
async function fromPeer(kind: 'write' | 'write2' | 'trickle' | 'drain'): Promise<sync.Socket> {
  const [l, port] = listener();
  tell(kind, port);
  const c = (await api.socket_accept(l)) as sync.Socket;
  keep.push(c);
  return c;
}

// Each case sets up, then returns the blocking call, which is what gets timed.
const CASES: Record<string, () => Promise<() => unknown>> = {
  async socket_accept() {
    const [l] = listener();
    api.socket_set_option(l, api.SOL_SOCKET, api.SO_RCVTIMEO, TV);
    return () => api.socket_accept(l);
  },
  async socket_accept_peer() {
    const [l, port] = listener();
    tell('connect', port);
    return () => api.socket_accept(l);
  },
  async socket_read() {
    const [a] = pair();
    api.socket_set_option(a, api.SOL_SOCKET, api.SO_RCVTIMEO, TV);
    return () => api.socket_read(a, 10);
  },
  async socket_read_peer() {
    const c = await fromPeer('write');
    return () => api.socket_read(c, 10);
  },
  async socket_read_normal_peer() {
    const c = await fromPeer('write');
    return () => api.socket_read(c, 10, api.PHP_NORMAL_READ);
  },
  // A byte every 50 ms, the line in 500 ms: each byte's recv has the whole 300 ms SO_RCVTIMEO.
  async socket_read_normal_trickle_peer() {
    const c = await fromPeer('trickle');
    api.socket_set_option(c, api.SOL_SOCKET, api.SO_RCVTIMEO, TV);
    return () => api.socket_read(c, 20, api.PHP_NORMAL_READ);
  },
  // MSG_WAITALL: half the bytes come at once, the rest after 300 ms.
  async socket_recv_waitall_peer() {
    const c = await fromPeer('write2');
    const buf = api.ref();
    return async () => [await api.socket_recv(c, buf, 4, api.MSG_WAITALL), buf.value];
  },
  async socket_recvmsg_waitall_peer() {
    const c = await fromPeer('write2');
    const msg = { buffer_size: 4, controllen: 64 };
    return async () => [await api.socket_recvmsg(c, msg, api.MSG_WAITALL), (msg as { iov?: string[] }).iov];
  },
  async socket_recv() {
    const [a] = pair();
    api.socket_set_option(a, api.SOL_SOCKET, api.SO_RCVTIMEO, TV);
    const buf = api.ref();
    return () => api.socket_recv(a, buf, 10, 0);
  },
  async socket_read_into() {
    const [a] = pair();
    api.socket_set_option(a, api.SOL_SOCKET, api.SO_RCVTIMEO, TV);
    return () => api.socket_read_into(a, new Uint8Array(10));
  },
  async socket_read_into_waitall_peer() {
    const c = await fromPeer('write2');
    const buf = new Uint8Array(4);
    return async () => [await api.socket_read_into(c, buf, 0, 4, api.MSG_WAITALL), Buffer.from(buf).toString('latin1')];
  },
  async socket_recvfrom() {
    const u = api.socket_create(api.AF_INET, api.SOCK_DGRAM, 0) as sync.Socket;
    keep.push(u);
    api.socket_bind(u, '127.0.0.1', 0);
    api.socket_set_option(u, api.SOL_SOCKET, api.SO_RCVTIMEO, TV);
    const buf = api.ref(), addr = api.ref(), port = api.ref();
    return () => api.socket_recvfrom(u, buf, 10, 0, addr, port);
  },
  async socket_recvmsg() {
    const [a] = pair();
    api.socket_set_option(a, api.SOL_SOCKET, api.SO_RCVTIMEO, TV);
    const msg = { buffer_size: 10, controllen: 64 };
    return () => api.socket_recvmsg(a, msg, 0);
  },
  async socket_write() {
    const [a] = pair();
    api.socket_set_option(a, api.SOL_SOCKET, api.SO_SNDTIMEO, TV);
    return () => api.socket_write(a, big);
  },
  async socket_write_peer() {
    const c = await fromPeer('drain');
    return () => api.socket_write(c, big);
  },
  async socket_send() {
    const [a] = pair();
    api.socket_set_option(a, api.SOL_SOCKET, api.SO_SNDTIMEO, TV);
    return () => api.socket_send(a, big, BIG, 0);
  },
  async socket_sendmsg() {
    const [a] = pair();
    api.socket_set_option(a, api.SOL_SOCKET, api.SO_SNDTIMEO, TV);
    return () => api.socket_sendmsg(a, { iov: [big] }, 0);
  },
  async socket_connect() {
    const port = fullListener();
    const c = api.socket_create(api.AF_INET, api.SOCK_STREAM, 0) as sync.Socket;
    keep.push(c);
    api.socket_set_option(c, api.SOL_SOCKET, api.SO_SNDTIMEO, TV);
    return () => api.socket_connect(c, '127.0.0.1', port);
  },
  async socket_select() {
    const [a] = pair();
    // The first signal ends it (PHP reports the interruption); the timeout only bounds a miss.
    return () => api.socket_select([a], null, null, 10);
  },
  async socket_select_timeout() {
    const [a] = pair();
    return () => api.socket_select([a], null, null, 0, DELAY * 1000);
  },
  async stream_select() {
    const [x] = spair();
    return () => api.stream_select([x], null, null, 10);
  },
  async stream_select_timeout() {
    const [x] = spair();
    return () => api.stream_select([x], null, null, 0, DELAY * 1000);
  },
  async stream_socket_accept() {
    const s = api.stream_socket_server('tcp://127.0.0.1:0') as sync.Stream;
    keep.push(s);
    return () => api.stream_socket_accept(s, DELAY / 1000);
  },
  async stream_socket_client() {
    const port = fullListener();
    const e = api.ref(), m = api.ref();
    return () => api.stream_socket_client(`tcp://127.0.0.1:${port}`, e, m, DELAY / 1000);
  },
  async fsockopen() {
    const port = fullListener();
    const e = api.ref(), m = api.ref();
    return () => api.fsockopen('127.0.0.1', port, e, m, DELAY / 1000);
  },
  async fread() {
    const [x] = spair();
    api.stream_set_timeout(x, 0, DELAY * 1000);
    return () => api.fread(x, 10);
  },
  async fgets() {
    const [x] = spair();
    api.stream_set_timeout(x, 0, DELAY * 1000);
    return () => api.fgets(x);
  },
  async stream_get_line() {
    const [x] = spair();
    api.stream_set_timeout(x, 0, DELAY * 1000);
    return () => api.stream_get_line(x, 10, '\n');
  },
  async fwrite() {
    const [x] = spair();
    api.stream_set_timeout(x, 0, DELAY * 1000);
    return () => api.fwrite(x, big);
  },
  // No timeout applies (PHP's recvfrom does not wait first): the peer's datagram ends the wait.
  async stream_socket_recvfrom_peer() {
    const u = api.stream_socket_server('udp://127.0.0.1:0', null, null, api.STREAM_SERVER_BIND) as sync.Stream;
    keep.push(u);
    tell('datagram', Number((api.stream_socket_get_name(u, false) as string).split(':')[1]));
    return () => api.stream_socket_recvfrom(u, 10);
  },
  async tls_handshake() {
    const e = api.ref(), m = api.ref();
    return () => api.stream_socket_client(`tls://127.0.0.1:${peerPorts.silent}`, e, m, DELAY / 1000);
  },
  // The peer never reads: the write fills the buffers, then waits out the timeout.
  async tls_fwrite() {
    const e = api.ref(), m = api.ref();
    const fp = (await api.stream_socket_client(`tls://127.0.0.1:${peerPorts.tls}`, e, m, 30)) as sync.Stream;
    if (!fp) throw new Error(`tls_fwrite: ${String(m.value)} ${warnings.join('; ')}`);
    keep.push(fp);
    api.stream_set_timeout(fp, 0, DELAY * 1000);
    return () => api.fwrite(fp, big);
  },
  async tls_fread() {
    const e = api.ref(), m = api.ref();
    const fp = (await api.stream_socket_client(`tls://127.0.0.1:${peerPorts.tls}`, e, m, 30)) as sync.Stream;
    if (!fp) throw new Error(`tls_fread: ${String(m.value)} ${warnings.join('; ')}`);
    keep.push(fp);
    api.stream_set_timeout(fp, 0, DELAY * 1000);
    return () => api.fread(fp, 10);
  },
};

function summary(v: unknown): unknown {
  if (v instanceof sync.Socket) return 'Socket';
  if (v instanceof sync.Stream) return 'Stream';
  if (typeof v === 'string' && v.length > 20) return `string(${v.length})`;
  return v;
}

let warnings: string[] = [];
api.set_error_handler((_no, str) => {
  warnings.push(str);
  return true;
});
if (isMainThread) console.log('ready');
const results: Record<string, { result: unknown; warnings: string[]; error: number; ms: number }> = {};
for (const name of names) {
  if (process.env.SIGNAL_CHILD_DEBUG) console.error(name);
  const call = await CASES[name]!();
  api.socket_clear_error();
  warnings = [];
  const t0 = performance.now();
  const result = await call();
  const ms = performance.now() - t0;
  results[name] = { result: summary(result), warnings, error: api.socket_last_error(), ms: Math.round(ms) };
}
// The handler runs once this thread is back in its event loop.
await new Promise((r) => setTimeout(r, 50));
if (!isMainThread) {
  parentPort!.postMessage(JSON.stringify({ results, signals }));
  await peer.terminate();
} else {
  console.log(JSON.stringify({ results, signals }));
  process.exit(0);
}
