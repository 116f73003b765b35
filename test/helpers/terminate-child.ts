// The other process of worker_termination.test.ts (run with `node --import tsx`): starts one
// Worker per blocking call, each blocked in its call with its peer held open, then
//   terminate  terminates them one by one and prints, per call, how long terminate() took and
//              how many socket descriptors the process holds after the Worker ended compared
//              with before it started (the TLS peers it serves included: they close when the
//              Worker's end of their connection is closed);
//   exit       calls process.exit(7) with every Worker still blocked;
//   unref      unrefs every Worker and lets the main script end.
// Argument 3, when given, is a comma-separated list of calls to run (default: all).
import { mkdtempSync, readFileSync } from 'node:fs';
import { connect as connectPath, createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer as createTlsServer } from 'node:tls';
import { Worker } from 'node:worker_threads';
import { socketFds } from './fds.js';

const libEntry = fileURLToPath(new URL('../../lib/index.ts', import.meta.url));
const nativeEntry = fileURLToPath(new URL('../../lib/native.ts', import.meta.url));

// Each body sets up a blocking call and its peer, keeps every socket reachable from globalThis
// (a collected peer would be closed by its finalizer and end the wait), posts 'ready' and
// enters the call. The call never returns on its own.
const pair = `const [a, b] = (() => { const x = []; p.socket_create_pair(p.AF_UNIX, p.SOCK_STREAM, 0, x); return x; })(); globalThis.keep = [a, b];`;
const spair = `const [a, b] = p.stream_socket_pair(p.STREAM_PF_UNIX, p.STREAM_SOCK_STREAM, 0); globalThis.keep = [a, b];`;
const fullListener = `const l = p.socket_create(p.AF_INET, p.SOCK_STREAM, 0); p.socket_bind(l, '127.0.0.1', 0); p.socket_listen(l, 0); const addr = p.ref(), port0 = p.ref(); p.socket_getsockname(l, addr, port0); const port = port0.value; const c1 = p.socket_create(p.AF_INET, p.SOCK_STREAM, 0); p.socket_connect(c1, '127.0.0.1', port); globalThis.keep = [l, c1];`;
const big = `'x'.repeat(8 * 1024 * 1024)`;
const lingering = `const c = p.socket_create(p.AF_INET, p.SOCK_STREAM, 0); p.socket_connect(c, '127.0.0.1', workerData.stuckPort); p.socket_set_nonblock(c); for (let i = 0; i < 10000 && p.silence(() => p.socket_write(c, 'x'.repeat(65536))) !== false; i++); p.socket_set_block(c); p.socket_set_option(c, p.SOL_SOCKET, p.SO_LINGER, { l_onoff: 1, l_linger: 30 }); globalThis.keepLinger = [c];`;
export const CALLS: Record<string, string> = {
  socket_accept: `const l = p.socket_create(p.AF_INET, p.SOCK_STREAM, 0); p.socket_bind(l, '127.0.0.1', 0); p.socket_listen(l, 5); globalThis.keep = [l]; ready(); p.socket_accept(l);`,
  socket_read: `${pair} ready(); p.socket_read(a, 10);`,
  socket_read_normal: `${pair} ready(); p.socket_read(a, 10, p.PHP_NORMAL_READ);`,
  socket_recv: `${pair} const buf = p.ref(); ready(); p.socket_recv(a, buf, 10, 0);`,
  socket_recvfrom: `const u = p.socket_create(p.AF_INET, p.SOCK_DGRAM, 0); p.socket_bind(u, '127.0.0.1', 0); globalThis.keep = [u]; const buf = p.ref(), addr = p.ref(), port = p.ref(); ready(); p.socket_recvfrom(u, buf, 10, 0, addr, port);`,
  socket_recvmsg: `${pair} const msg = { buffer_size: 10, controllen: 64 }; ready(); p.socket_recvmsg(a, msg, 0);`,
  socket_write: `${pair} ready(); p.socket_write(a, ${big});`,
  socket_send: `${pair} ready(); p.socket_send(a, ${big}, 8 * 1024 * 1024, 0);`,
  socket_sendmsg: `${pair} ready(); p.socket_sendmsg(a, { iov: [${big}] }, 0);`,
  socket_select: `${pair} const r = [a]; ready(); p.socket_select(r, null, null, null);`,
  socket_select_timeout: `${pair} const r = [a]; ready(); p.socket_select(r, null, null, 3600);`,
  socket_select_many: `const socks = []; for (let i = 0; i < 20; i++) { const x = []; p.socket_create_pair(p.AF_UNIX, p.SOCK_STREAM, 0, x); socks.push(...x); } globalThis.keep = socks; const r = socks.filter((_, i) => i % 2 === 0); ready(); p.socket_select(r, null, null, null);`,
  // A unix listener with a backlog of 0 takes one connection; the next connect waits for room.
  socket_connect: `const path = workerData.dir + '/connect.sock'; const l = p.socket_create(p.AF_UNIX, p.SOCK_STREAM, 0); p.socket_bind(l, path); p.socket_listen(l, 0); const c1 = p.socket_create(p.AF_UNIX, p.SOCK_STREAM, 0); p.socket_connect(c1, path); const c2 = p.socket_create(p.AF_UNIX, p.SOCK_STREAM, 0); globalThis.keep = [l, c1, c2]; ready(); p.socket_connect(c2, path);`,
  // A TCP listener with a backlog of 0 and one connection queued drops the next SYN: connect
  // waits (retransmitting) while the new descriptor is not yet any Socket's or Stream's.
  socket_addrinfo_connect: `${fullListener} const ai = p.socket_addrinfo_lookup('127.0.0.1', String(port), { ai_socktype: p.SOCK_STREAM }); ready(); p.socket_addrinfo_connect(ai[0]);`,
  fsockopen: `${fullListener} const e = p.ref(), m = p.ref(); ready(); p.fsockopen('127.0.0.1', port, e, m, 3600);`,
  stream_socket_client: `${fullListener} const e = p.ref(), m = p.ref(); ready(); p.stream_socket_client('tcp://127.0.0.1:' + port, e, m, 3600);`,
  stream_socket_accept: `const s = p.stream_socket_server('tcp://127.0.0.1:0'); globalThis.keep = [s]; ready(); p.stream_socket_accept(s, -1);`,
  fread: `${spair} ready(); p.fread(a, 10);`,
  fgets: `${spair} p.stream_set_timeout(a, 3600); ready(); p.fgets(a);`,
  fwrite: `${spair} ready(); p.fwrite(a, ${big});`,
  stream_select: `${spair} const r = [a]; ready(); p.stream_select(r, null, null, null);`,
  // TLS: a Node tls server in this process's main thread completes the handshake and sends
  // nothing; a plain TCP server that never answers holds the handshake.
  tls_fread: `const e = p.ref(), m = p.ref(); const fp = p.stream_socket_client('tls://127.0.0.1:' + workerData.tlsPort, e, m, 30); if (!fp) throw new Error(m.value); globalThis.keep = [fp]; ready(); p.fread(fp, 10);`,
  tls_handshake: `const e = p.ref(), m = p.ref(); ready(); p.stream_socket_client('tls://127.0.0.1:' + workerData.silentPort, e, m, 3600);`,
  stream_socket_recvfrom: `const u = p.stream_socket_server('udp://127.0.0.1:0', null, null, p.STREAM_SERVER_BIND); globalThis.keep = [u]; ready(); p.stream_socket_recvfrom(u, 10);`,
  // On a unix path of its own (accept-race mode connects to it).
  stream_socket_accept_unix: `const { threadId } = await import('node:worker_threads'); const s = p.stream_socket_server('unix://' + workerData.dir + '/accept-' + threadId + '.sock'); globalThis.keep = [s]; ready(); p.stream_socket_accept(s, -1);`,
  // A close with SO_LINGER waits (here up to 30 s) for a peer that never reads to take the data
  // queued for it: in socket_close itself, and at the Worker's teardown, which closes what it held.
  socket_close_linger: `${lingering} ready(); p.socket_close(c);`,
  linger_teardown: `${lingering} ${pair} ready(); p.socket_read(a, 10);`,
  // The resolver: a look-up that takes an hour (native.lookupTestDelay stands in for a DNS
  // server that does not answer) while the Worker waits for it.
  socket_addrinfo_lookup: `native.lookupTestDelay(3600e3); ready(); p.socket_addrinfo_lookup('localhost', '80');`,
  gethostbyname: `native.lookupTestDelay(3600e3); ready(); p.gethostbyname('localhost');`,
  gethostbyaddr: `native.lookupTestDelay(3600e3); ready(); p.gethostbyaddr('127.0.0.1');`,
  stream_socket_client_dns: `native.lookupTestDelay(3600e3); const e = p.ref(), m = p.ref(); ready(); p.stream_socket_client('tcp://localhost:9', e, m, 3600);`,
};

const mode = process.argv[2];
const names = process.argv[3] ? process.argv[3].split(',') : Object.keys(CALLS);
const dir = mkdtempSync(join(tmpdir(), 'php-sockets-terminate-'));

// The TLS peers; their connections stay open, silent, until the process ends.
const fixtures = fileURLToPath(new URL('../fixtures/tls/', import.meta.url));
process.env.SSL_CERT_FILE = fixtures + 'ca.pem';
const held: Socket[] = [];
function listen(server: Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
    server.unref();
  });
}
const tlsPort = await listen(
  createTlsServer(
    { cert: readFileSync(fixtures + 'server.pem'), key: readFileSync(fixtures + 'server.key') },
    (c) => held.push(c),
  ),
);
// Read (and drop) what comes, so that the end of the connection is seen.
const silentPort = await listen(createTcpServer((c) => held.push(c.resume())));
// Reads nothing: what a client sends stays queued. Its connections end after each case.
const stuck: Socket[] = [];
const stuckPort = await listen(createTcpServer((c) => stuck.push(c.pause())));

function start(name: string): Promise<Worker> {
  const code = `
    const { register } = await import('tsx/esm/api');
    register();
    const p = await import(${JSON.stringify(libEntry)});
    const { native } = await import(${JSON.stringify(nativeEntry)});
    const { parentPort, workerData } = await import('node:worker_threads');
    // The post goes out before the call blocks; the parent waits a little more after it.
    const ready = () => parentPort.postMessage('ready');
    ${CALLS[name]}
    parentPort.postMessage('returned');
  `;
  const w = new Worker(code, { eval: true, workerData: { dir, tlsPort, silentPort, stuckPort } });
  return new Promise((resolve, reject) => {
    w.once('message', (m) => (m === 'ready' ? resolve(w) : reject(new Error(`${name}: ${String(m)}`))));
    w.once('error', reject);
    w.once('exit', (code) => reject(new Error(`${name}: exited early (${code})`)));
  });
}

const settle = () => new Promise((r) => setTimeout(r, 150));

if (mode === 'terminate') {
  const results: Record<string, { ms: number; leaked: number; returned: boolean }> = {};
  for (const name of names) {
    const before = socketFds().size;
    const w = await start(name);
    let returned = false;
    w.on('message', (m) => {
      if (m === 'returned') returned = true;
    });
    await settle();
    const t0 = performance.now();
    await w.terminate();
    const ms = performance.now() - t0;
    // The peers this process holds for the TLS cases close when they see the Worker's end of
    // the connection: a descriptor the Worker left open would keep them, and count as leaked.
    for (let i = 0; i < 100 && held.some((c) => !c.destroyed); i++) await new Promise((r) => setTimeout(r, 20));
    // A lingering close goes on in the background until its peer takes the data or resets.
    for (const c of stuck.splice(0)) c.destroy();
    for (let i = 0; i < 100 && socketFds().size > before; i++) await new Promise((r) => setTimeout(r, 20));
    results[name] = { ms, leaked: socketFds().size - before, returned };
  }
  console.log(JSON.stringify(results));
} else if (mode === 'accept-race') {
  // A connection arrives as the Worker blocked in stream_socket_accept is terminated (at once,
  // or once the client's connect completed): whether the Worker accepted it first or not, the
  // client must see its connection end (a descriptor the Worker accepted and left open would
  // keep it open for good). Prints how many rounds left the client connected.
  const round = async (i: number): Promise<boolean> => {
    const w = await start('stream_socket_accept_unix');
    const client = connectPath(join(dir, `accept-${w.threadId}.sock`));
    client.on('error', () => {});
    client.resume();
    const closed = new Promise<boolean>((resolve) => {
      client.once('close', () => resolve(true));
      setTimeout(() => resolve(false), 3000);
    });
    if (i % 2 === 1) await new Promise((r) => client.once('connect', r));
    await w.terminate();
    const ended = await closed;
    client.destroy();
    return ended;
  };
  let open = 0;
  // 20 rounds, 5 at a time.
  for (let i = 0; i < 20; i += 5) {
    const ended = await Promise.all([0, 1, 2, 3, 4].map((k) => round(i + k)));
    open += ended.filter((e) => !e).length;
  }
  console.log(JSON.stringify({ open }));
} else {
  const workers = await Promise.all(names.map(start));
  await settle();
  console.log('blocked');
  if (mode === 'exit') process.exit(7);
  for (const w of workers) w.unref();
}
