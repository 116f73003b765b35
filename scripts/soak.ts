// npm run soak [-- CYCLES [LOOP[:COUNT],...]]: long leak loops (not in CI), run in a network
// namespace of its own where the machine allows one (scripts/isolated.mjs). Each loop runs CYCLES
// cycles (the first argument, else SOAK_CYCLES, else 200,000) of one workload:
// - sockets: socket_create_pair, write, read, close; streams: the same with stream_socket_pair,
//   fwrite, fread, fclose; select: socket_select and stream_select over ready and idle sets;
// - async: a.socket_read/a.socket_write/a.fread/a.fwrite that wait, and a.socket_select and
//   a.stream_select that wait; dropped: sockets never closed, left to the collector;
// - tcp: connect, accept, write, read, close over loopback TCP; servers: stream_socket_client,
//   stream_socket_accept, fwrite, fgets, fclose over a unix server; asyncServers: the same through
//   php-sockets/async; errors: an error handler that throws at the over-long unix path notice of
//   stream_socket_client and at socket_connect's warning; tls: a TCP connection, STARTTLS on both
//   ends (php-sockets/async, one thread), a line, close (CYCLES / 10 of them by default).
// The second argument (or SOAK_LOOPS) picks loops by name, each with an optional count. After a
// warm-up tenth, and at the end, it collects garbage and records RSS and the open descriptors (all
// of them, and the sockets among them): any descriptor growth fails, and so does RSS growth beyond
// 25% + 32 MiB of the warm-up figure. Prints a progress line at every further tenth and one result
// line per loop. Run alone: node --expose-gc --import tsx scripts/soak.ts [CYCLES] [LOOPS]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as p from '../lib/index.js';
import * as a from '../lib/async/index.js';
import { native } from '../lib/native.js';
import { openFds, socketFds } from '../test/helpers/fds.js';

const CYCLES = Number(process.argv[2] ?? process.env.SOAK_CYCLES ?? 200_000);
const ONLY = (process.argv[3] ?? process.env.SOAK_LOOPS ?? '').split(',').filter(Boolean);
if (!Number.isInteger(CYCLES) || CYCLES < 1) throw new Error(`soak: CYCLES must be a positive integer, not ${CYCLES}`);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

async function settle(): Promise<{ rss: number; fds: number; sockets: number }> {
  for (let i = 0; i < 3; i++) {
    gc!();
    native.reclaim();
    await new Promise((r) => setImmediate(r));
  }
  return { rss: process.memoryUsage().rss, fds: openFds().size, sockets: socketFds().size };
}

type Cycle = (i: number) => void | Promise<void>;

function pair(): [p.Socket, p.Socket] {
  const out: p.Socket[] = [];
  p.socket_create_pair(p.AF_UNIX, p.SOCK_STREAM, 0, out);
  return out as [p.Socket, p.Socket];
}

const [sx, sy] = pair();
const [tx, ty] = p.stream_socket_pair(p.STREAM_PF_UNIX, p.STREAM_SOCK_STREAM, 0) as [p.Stream, p.Stream];
const idle = Array.from({ length: 40 }, () => pair());

// A TCP listener on loopback; closing with SO_LINGER 0 (a reset) leaves no TIME_WAIT, so the
// cycles never run out of ephemeral ports.
const listener = p.socket_create_listen(0) as p.Socket;
const lport = p.ref<number>();
p.socket_getsockname(listener, p.ref(), lport);
const LINGER0 = { l_onoff: 1, l_linger: 0 };
// A unix stream server (no ports, no TIME_WAIT).
const dir = mkdtempSync(join(tmpdir(), 'php-sockets-soak-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const unixServer = p.stream_socket_server(`unix://${dir}/plain.sock`) as p.Stream;
const tlsDir = fileURLToPath(new URL('../test/fixtures/tls/', import.meta.url));
const serverCtx = p.stream_context_create({ ssl: { local_cert: tlsDir + 'server.pem', local_pk: tlsDir + 'server.key' } });
// STARTTLS needs a TCP connection (a unix stream does not support crypto, as in PHP); run in a
// network namespace of its own (npm run soak does) the TIME_WAITs stay out of everyone's way.
const tlsServer = p.stream_socket_server(
  'tcp://127.0.0.1:0',
  null,
  null,
  p.STREAM_SERVER_BIND | p.STREAM_SERVER_LISTEN,
  serverCtx,
) as p.Stream;
const tlsAddress = `tcp://${p.stream_socket_get_name(tlsServer, false) as string}`;
const clientCtx = p.stream_context_create({ ssl: { cafile: tlsDir + 'ca.pem', peer_name: 'localhost' } });
// A path longer than sun_path: a notice after socket(2), before connect(2) (issue #15, finding 2).
const longPath = `unix://${dir}/${'x'.repeat(200)}`;
const throwing = (_no: number, str: string): never => {
  throw new Error(str);
};

const loops: Record<string, Cycle> = {
  sockets: () => {
    const [x, y] = pair();
    p.socket_write(x, 'ping');
    if (p.socket_read(y, 10) !== 'ping') throw new Error('socket read');
    p.socket_close(x);
    p.socket_close(y);
  },
  streams: () => {
    const [x, y] = p.stream_socket_pair(p.STREAM_PF_UNIX, p.STREAM_SOCK_STREAM, 0) as [p.Stream, p.Stream];
    p.fwrite(x, 'ping');
    if (p.fread(y, 10) !== 'ping') throw new Error('stream read');
    p.fclose(x);
    p.fclose(y);
  },
  select: (i) => {
    p.socket_write(sx, 'x');
    const r = [sy, ...idle.map(([s]) => s)];
    if (p.socket_select(r, null, null, 0) !== 1) throw new Error('socket_select');
    p.socket_read(sy, 10);
    if (i % 2 === 0) {
      p.fwrite(tx, 'x');
      const sr = [ty];
      if (p.stream_select(sr, null, null, 0) !== 1) throw new Error('stream_select');
      p.fread(ty, 10);
    }
  },
  async: async () => {
    const read = a.socket_read(sy, 10);
    await a.socket_write(sx, 'ping');
    if ((await read) !== 'ping') throw new Error('async read');
    const sread = a.fread(ty, 10);
    await a.fwrite(tx, 'ping');
    if ((await sread) !== 'ping') throw new Error('async fread');
    // A select that waits, then the write that wakes it.
    const rs = [sy];
    const sel = a.socket_select(rs, null, null, 5);
    await a.socket_write(sx, 'x');
    if ((await sel) !== 1 || p.socket_read(sy, 10) !== 'x') throw new Error('async socket_select');
    const rt = [ty];
    const ssel = a.stream_select(rt, null, null, 5);
    await a.fwrite(tx, 'x');
    if ((await ssel) !== 1 || p.fread(ty, 10) !== 'x') throw new Error('async stream_select');
  },
  dropped: () => {
    p.socket_create(p.AF_INET, p.SOCK_STREAM, 0);
  },
  tcp: () => {
    const c = p.socket_create(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP) as p.Socket;
    p.socket_connect(c, '127.0.0.1', lport.value!);
    const s = p.socket_accept(listener) as p.Socket;
    p.socket_write(c, 'ping');
    if (p.socket_read(s, 10) !== 'ping') throw new Error('tcp read');
    p.socket_set_option(s, p.SOL_SOCKET, p.SO_LINGER, LINGER0);
    p.socket_close(s);
    p.socket_close(c);
  },
  servers: () => {
    const c = p.stream_socket_client(`unix://${dir}/plain.sock`) as p.Stream;
    const s = p.stream_socket_accept(unixServer) as p.Stream;
    p.fwrite(c, 'ping\n');
    if (p.fgets(s) !== 'ping\n') throw new Error('server fgets');
    p.fclose(s);
    p.fclose(c);
  },
  asyncServers: async () => {
    const [c, s] = await Promise.all([a.stream_socket_client(`unix://${dir}/plain.sock`), a.stream_socket_accept(unixServer)]);
    await a.fwrite(c as p.Stream, 'ping');
    if ((await a.fread(s as p.Stream, 10)) !== 'ping') throw new Error('async server read');
    a.fclose(s as p.Stream);
    a.fclose(c as p.Stream);
  },
  // Error paths with an error handler that throws (PHP's ErrorException pattern): the notice of an
  // over-long unix path, and a refused connect.
  errors: () => {
    p.set_error_handler(throwing);
    try {
      p.stream_socket_client(longPath);
      throw new Error('no notice');
    } catch (e) {
      if (!/maximum allowed length/.test((e as Error).message)) throw e;
    }
    const c = p.socket_create(p.AF_UNIX, p.SOCK_STREAM, 0) as p.Socket;
    try {
      p.socket_connect(c, `${dir}/nobody.sock`);
      throw new Error('no warning');
    } catch (e) {
      if (!/unable to connect/.test((e as Error).message)) throw e;
    } finally {
      p.socket_close(c);
      p.restore_error_handler();
    }
  },
  tls: async () => {
    const c = p.stream_socket_client(tlsAddress, null, null, 5, p.STREAM_CLIENT_CONNECT, clientCtx) as p.Stream;
    const s = p.stream_socket_accept(tlsServer) as p.Stream;
    const ok = await Promise.all([
      a.stream_socket_enable_crypto(c, true, p.STREAM_CRYPTO_METHOD_TLS_CLIENT),
      a.stream_socket_enable_crypto(s, true, p.STREAM_CRYPTO_METHOD_TLS_SERVER),
    ]);
    if (!ok[0] || !ok[1]) throw new Error('tls handshake');
    const [, line] = await Promise.all([a.fwrite(c, 'ping\n'), a.fgets(s)]);
    if (line !== 'ping\n') throw new Error('tls fgets');
    p.fclose(s);
    p.fclose(c);
  },
};

const mb = (n: number): string => (n / 1024 / 1024).toFixed(1);
// Each loop's cycle count: CYCLES, but a TLS cycle (a full handshake) costs some 50 times one of
// the others, so `tls` runs CYCLES / 10 unless a count is given for it (`tls:200000`).
const DEFAULT_SHARE: Record<string, number> = { tls: 10 };
const plan = new Map<string, number>();
for (const entry of ONLY.length > 0 ? ONLY : Object.keys(loops)) {
  const [name, count] = entry.split(':') as [string, string | undefined];
  if (!(name in loops)) throw new Error(`soak: no loop named ${name} (loops: ${Object.keys(loops).join(', ')})`);
  const n = count === undefined ? Math.max(1, Math.floor(CYCLES / (DEFAULT_SHARE[name] ?? 1))) : Number(count);
  if (!Number.isInteger(n) || n < 1) throw new Error(`soak: ${entry}: the count must be a positive integer`);
  plan.set(name, n);
}
let failed = false;
for (const [name, cycles] of plan) {
  const cycle = loops[name]!;
  const tenth = Math.max(1, Math.floor(cycles / 10));
  const t0 = performance.now();
  let i = 0;
  for (; i < tenth; i++) await cycle(i);
  const start = await settle();
  for (let next = 2 * tenth; i < cycles; next += tenth) {
    for (; i < Math.min(next, cycles); i++) await cycle(i);
    if (i < cycles) {
      const now = await settle();
      console.log(`     ${name}: ${i} cycles; descriptors ${now.fds} (sockets ${now.sockets}); RSS ${mb(now.rss)} MiB`);
    }
  }
  const end = await settle();
  const rssLimit = start.rss * 1.25 + 32 * 1024 * 1024;
  const ok = end.fds <= start.fds && end.sockets <= start.sockets && end.rss <= rssLimit;
  if (!ok) failed = true;
  console.log(
    `${ok ? 'ok  ' : 'FAIL'} ${name}: ${cycles} cycles in ${((performance.now() - t0) / 1000).toFixed(1)} s; ` +
      `descriptors ${start.fds} -> ${end.fds} (sockets ${start.sockets} -> ${end.sockets}); ` +
      `RSS ${mb(start.rss)} -> ${mb(end.rss)} MiB`,
  );
}
process.exit(failed ? 1 : 0);
