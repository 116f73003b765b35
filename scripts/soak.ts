// npm run soak: long leak loops (not in CI). Each loop runs CYCLES cycles (SOAK_CYCLES, default
// 200,000) of one workload: sockets (create a pair, write, read, close), streams (the same with
// stream_socket_pair/fwrite/fread/fclose), select (socket_select and stream_select over ready
// and idle sets), the async API (a.socket_read/a.socket_write/a.fread/a.stream_select), and
// dropped sockets left to the collector. After a warm-up tenth, and at the end, it collects
// garbage and records RSS and the open socket descriptors: any descriptor growth fails, and so
// does RSS growth beyond 25% + 32 MiB of the warm-up figure. Prints one line per loop.
// Run: node --expose-gc --import tsx scripts/soak.ts
import { readdirSync, readlinkSync } from 'node:fs';
import * as p from '../lib/index.js';
import * as a from '../lib/async/index.js';
import { native } from '../lib/native.js';

const CYCLES = Number(process.env.SOAK_CYCLES ?? 200_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

function sockets(): number {
  let n = 0;
  for (const name of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${name}`).startsWith('socket:')) n++;
    } catch {
      // gone meanwhile
    }
  }
  return n;
}

async function settle(): Promise<{ rss: number; fds: number }> {
  for (let i = 0; i < 3; i++) {
    gc!();
    native.reclaim();
    await new Promise((r) => setImmediate(r));
  }
  return { rss: process.memoryUsage().rss, fds: sockets() };
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
  },
  dropped: () => {
    p.socket_create(p.AF_INET, p.SOCK_STREAM, 0);
  },
};

let failed = false;
for (const [name, cycle] of Object.entries(loops)) {
  const warm = Math.max(1, Math.floor(CYCLES / 10));
  const t0 = performance.now();
  for (let i = 0; i < warm; i++) await cycle(i);
  const start = await settle();
  for (let i = warm; i < CYCLES; i++) await cycle(i);
  const end = await settle();
  const rssLimit = start.rss * 1.25 + 32 * 1024 * 1024;
  const ok = end.fds <= start.fds && end.rss <= rssLimit;
  if (!ok) failed = true;
  const mb = (n: number): string => (n / 1024 / 1024).toFixed(1);
  console.log(
    `${ok ? 'ok  ' : 'FAIL'} ${name}: ${CYCLES} cycles in ${((performance.now() - t0) / 1000).toFixed(1)} s; ` +
      `sockets ${start.fds} -> ${end.fds}; RSS ${mb(start.rss)} -> ${mb(end.rss)} MiB`,
  );
}
process.exit(failed ? 1 : 0);
