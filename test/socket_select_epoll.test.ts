// socket_select's epoll set (native/select.cc): calls with many descriptors wait in an epoll
// instance whose interest set is kept between calls and brought up to date by difference. What
// must hold: the same answers as ppoll for every set shape, one wait and no epoll_ctl for an
// unchanged list, no stale registration after a close (even with the socket still alive
// elsewhere) or a collection, timeouts to the microsecond, and a set per Worker.
// selectStats() is [descriptors in the epoll set, epoll_ctl calls, epoll waits, ppoll calls].
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, readdirSync, readlinkSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import * as p from '../lib/index.js';
import { native } from '../lib/native.js';
import { stateOf } from '../lib/socket.js';
import { stateOf as stateOfStream } from '../lib/streams/stream.js';
import { captureWarnings } from './helpers/capture.js';
import { socketFds, softFdLimit } from './helpers/fds.js';

type Set = p.Socket[] | Record<string, p.Socket> | null;

const addonPath = fileURLToPath(new URL('../build/Release/php_sockets.node', import.meta.url));
const gc = (globalThis as { gc?: () => void }).gc;

function pair(type: number = p.SOCK_STREAM): [p.Socket, p.Socket] {
  const box: unknown[] = [];
  expect(p.socket_create_pair(p.AF_UNIX, type, 0, box)).toBe(true);
  return box as [p.Socket, p.Socket];
}

const fdOf = (s: p.Socket): number => stateOf(s).fd;
const stats = (): number[] => native.selectStats();
const delta = (before: number[]): { ctls: number; waits: number; ppolls: number } => {
  const now = stats();
  return { ctls: now[1]! - before[1]!, waits: now[2]! - before[2]!, ppolls: now[3]! - before[3]! };
};
/** Forces every call through epoll (minFds 1, every difference applied at once). */
const forceEpoll = (): void => native.selectConfig(1, 0);
const forcePoll = (): void => native.selectConfig(1e9, -1);

/** Zero-timeout calls on `list` until one is served by epoll (the set matches it); bounded. */
function converge(list: p.Socket[]): void {
  for (let i = 0; i < 64; i++) {
    const before = stats();
    p.socket_select([...list], null, null, 0);
    if (delta(before).waits === 1) return;
  }
  throw new Error('the epoll set never took the list');
}

function closeAll(sockets: p.Socket[]): void {
  for (const s of sockets) if (fdOf(s) >= 0) p.socket_close(s);
}

afterEach(() => native.selectConfig(-1, -1));

describe('socket_select through the epoll set: when it is used', () => {
  it('keeps ppoll for a few descriptors; takes epoll for many, with no epoll_ctl once the list is steady', () => {
    const few = Array.from({ length: 4 }, () => pair());
    const many = Array.from({ length: 40 }, () => pair());
    try {
      let before = stats();
      for (let i = 0; i < 50; i++) p.socket_select(few.flat(), null, null, 0);
      expect(delta(before)).toEqual({ ctls: 0, waits: 0, ppolls: 50 });

      const list = many.map(([a]) => a);
      converge(list);
      expect(stats()[0]).toBe(40);
      before = stats();
      for (let i = 0; i < 200; i++) {
        const [a, b] = many[(i * 7) % 40]!;
        expect(p.socket_write(b, 'x')).toBe(1);
        const read = [...list];
        expect(p.socket_select(read, null, null, 5)).toBe(1);
        expect(read).toEqual([a]);
        expect(p.socket_read(a, 10)).toBe('x');
      }
      // One syscall per call, as PHP's one select(): the wait, nothing else.
      expect(delta(before)).toEqual({ ctls: 0, waits: 200, ppolls: 0 });
    } finally {
      closeAll([...few.flat(), ...many.flat()]);
    }
    expect(stats()[0]).toBe(0);
  });

  it('pays one epoll_ctl for a write set that comes and goes', () => {
    const many = Array.from({ length: 40 }, () => pair());
    try {
      const list = many.map(([a]) => a);
      converge(list);
      const before = stats();
      for (let i = 0; i < 20; i++) {
        const write = i % 2 === 0 ? [list[3]!] : null;
        const read = [...list];
        expect(p.socket_select(read, write, null, 0)).toBe(i % 2 === 0 ? 1 : 0);
        if (write) expect(write).toEqual([list[3]]);
      }
      expect(delta(before)).toEqual({ ctls: 20, waits: 20, ppolls: 0 });
    } finally {
      closeAll(many.flat());
    }
  });

  it('stays mostly on ppoll while the list keeps changing, and moves to epoll once it settles', () => {
    // The peers stay referenced (closed in the finally): a collected peer would make its socket
    // readable (EOF) and the zero-timeout calls below answer more than 0.
    const pairs = Array.from({ length: 80 }, () => pair());
    const socks = pairs.map(([a]) => a);
    const one = socks.slice(0, 40);
    const two = socks.slice(40);
    // epoll_ctl calls, each weighed as 8 descriptors polled, never cost more than the ppoll calls
    // they were meant to spare, plus one full switch (80 calls).
    const bounded = (d: ReturnType<typeof delta>): void =>
      expect(d.ctls * 8).toBeLessThanOrEqual(d.ppolls * 40 + 8 * 80);
    try {
      converge(one);
      // Two lists in turn: the calls whose list the set holds are epoll's.
      let before = stats();
      for (let i = 0; i < 64; i++) expect(p.socket_select(i % 2 === 0 ? [...two] : [...one], null, null, 0)).toBe(0);
      let d = delta(before);
      expect(d.waits + d.ppolls).toBe(64);
      bounded(d);
      // A window moving by 10 every call never matches the set: ppoll, with a catch-up now and then.
      before = stats();
      for (let i = 0; i < 64; i++) {
        const at = (i * 10) % 80;
        const list = [...socks.slice(at), ...socks.slice(0, at)].slice(0, 40);
        expect(p.socket_select(list, null, null, 0)).toBe(0);
      }
      d = delta(before);
      expect(d.ppolls).toBeGreaterThan(48);
      bounded(d);
      // Settled: ppoll until its calls have cost what bringing the set up to date costs (at most
      // 80 changes x 8 / 40 descriptors = 16 calls), then epoll for good.
      before = stats();
      for (let i = 0; i < 20; i++) p.socket_select([...two], null, null, 0);
      d = delta(before);
      expect(d.ppolls).toBeLessThanOrEqual(16);
      expect(d.waits).toBeGreaterThanOrEqual(4);
      expect(d.ctls).toBeLessThanOrEqual(80);
      before = stats();
      p.socket_select([...two], null, null, 0);
      expect(delta(before)).toEqual({ ctls: 0, waits: 1, ppolls: 0 });
    } finally {
      closeAll(pairs.flat());
    }
  });
});

// A zoo of sockets in the states select distinguishes, for comparing the two paths.
function zoo(): { sockets: p.Socket[]; all: p.Socket[] } {
  const all: p.Socket[] = [];
  const sockets: p.Socket[] = [];
  const keep = (...s: p.Socket[]): void => void all.push(...s);
  const use = (...s: p.Socket[]): void => void sockets.push(...s);
  for (let i = 0; i < 3; i++) {
    const [a, b] = pair();
    keep(a, b);
    use(a, b); // idle: writable only
  }
  for (let i = 0; i < 3; i++) {
    const [a, b] = pair();
    p.socket_write(b, 'data');
    keep(a, b);
    use(a); // readable and writable
  }
  {
    const [a, b] = pair();
    p.socket_close(b);
    keep(a);
    use(a); // peer closed: readable, writable, POLLHUP
  }
  {
    // (The peers are kept: a collected peer would close and change what select says.)
    const [a, b] = pair();
    p.socket_set_nonblock(a);
    const chunk = Buffer.alloc(65536, 0x7a);
    for (let i = 0; i < 10000 && p.socket_write(a, chunk) !== false; i++);
    keep(a, b);
    use(a); // full: neither
    const [f, g] = pair();
    p.socket_set_nonblock(f);
    for (let i = 0; i < 10000 && p.socket_write(f, chunk) !== false; i++);
    p.socket_shutdown(f, 2);
    keep(f, g);
    use(f); // full and shut down: readable only; a hang-up select ignores for write and except
  }
  {
    const [a, b] = pair(p.SOCK_DGRAM);
    const [c, d] = pair(p.SOCK_DGRAM);
    p.socket_write(d, 'dgram');
    keep(a, b, c, d);
    use(a, c);
  }
  {
    // TCP with urgent data pending: exceptional; a listener with a connection waiting: readable.
    const l = p.socket_create(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP) as p.Socket;
    p.socket_bind(l, '127.0.0.1', 0);
    p.socket_listen(l, 5);
    const port = p.ref<number>();
    p.socket_getsockname(l, p.ref(), port);
    const c = p.socket_create(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP) as p.Socket;
    p.socket_connect(c, '127.0.0.1', port.value!);
    const s = p.socket_accept(l) as p.Socket;
    p.socket_send(c, 'u', 1, p.MSG_OOB);
    expect(p.socket_select(null, null, [s], 5)).toBe(1);
    const l2 = p.socket_create(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP) as p.Socket;
    p.socket_bind(l2, '127.0.0.1', 0);
    p.socket_listen(l2, 5);
    p.socket_getsockname(l2, p.ref(), port);
    const c2 = p.socket_create(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP) as p.Socket;
    p.socket_connect(c2, '127.0.0.1', port.value!);
    expect(p.socket_select([l2], null, null, 5)).toBe(1);
    keep(l, c, s, l2, c2);
    use(s, l, l2, c);
  }
  return { sockets, all };
}

/** A small deterministic generator (the same trials on every run). */
function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

interface Trial {
  shapes: ('null' | 'array' | 'object')[];
  picks: number[][];
  /** -1, or the earlier argument this one is the same variable as. */
  alias: number[];
}

function makeTrial(r: () => number, n: number): Trial {
  const shapes: Trial['shapes'] = [];
  const picks: number[][] = [];
  const alias = [-1, -1, -1];
  for (let k = 0; k < 3; k++) {
    const x = r();
    shapes.push(x < 0.2 ? 'null' : x < 0.7 ? 'array' : 'object');
    const len = Math.floor(r() * 9);
    picks.push(Array.from({ length: len }, () => Math.floor(r() * n)));
    if (k > 0 && shapes[k] !== 'null' && r() < 0.1) {
      const earlier = Math.floor(r() * k);
      if (shapes[earlier] !== 'null') alias[k] = earlier;
    }
  }
  if (shapes.every((s, k) => s === 'null' || (picks[k]!.length === 0 && alias[k] === -1))) {
    shapes[0] = 'array';
    picks[0] = [0];
  }
  return { shapes, picks, alias };
}

/** Runs one trial; the result and each set afterwards as indexes into `sockets` (keys kept). */
function runTrial(t: Trial, sockets: p.Socket[]): string {
  const sets: Set[] = [];
  for (let k = 0; k < 3; k++) {
    if (t.alias[k]! >= 0) {
      sets.push(sets[t.alias[k]!]!);
      continue;
    }
    const items = t.picks[k]!.map((i) => sockets[i]!);
    if (t.shapes[k] === 'null') sets.push(null);
    else if (t.shapes[k] === 'array') sets.push(items);
    else sets.push(Object.fromEntries(items.map((s, i) => [`k${i * 3}`, s])));
  }
  const rc = p.socket_select(sets[0]!, sets[1]!, sets[2]!, 0);
  const show = (s: Set): unknown => {
    if (s === null) return null;
    if (Array.isArray(s)) return s.map((x) => sockets.indexOf(x));
    return Object.entries(s).map(([k, x]) => [k, sockets.indexOf(x)]);
  };
  return JSON.stringify([rc, sets.map(show)]);
}

describe('socket_select through the epoll set: the same answers as ppoll', () => {
  it('for random set shapes: duplicates, a socket in several sets, one array twice, empty sets, nulls', () => {
    const { sockets, all } = zoo();
    try {
      const r = rng(20240611);
      const trials = Array.from({ length: 400 }, () => makeTrial(r, sockets.length));
      forcePoll();
      const polled = trials.map((t) => runTrial(t, sockets));
      forceEpoll();
      const before = stats();
      const epolled = trials.map((t) => runTrial(t, sockets));
      expect(delta(before).ppolls).toBe(0);
      expect(delta(before).waits).toBe(400);
      expect(epolled).toEqual(polled);
      // Switching paths from call to call: each answers from what the kernel says now.
      const mixed = trials.map((t, i) => {
        if (i % 2 === 0) forcePoll();
        else forceEpoll();
        return runTrial(t, sockets);
      });
      expect(mixed).toEqual(polled);
      // And the default policy, which picks per call.
      native.selectConfig(-1, -1);
      expect(trials.map((t) => runTrial(t, sockets))).toEqual(polled);
      // A sanity check of the zoo itself: something is ready in each set somewhere.
      expect(polled.some((s) => JSON.parse(s)[0] > 0)).toBe(true);
    } finally {
      closeAll(all);
    }
  });

  it('follows sets that grow, shrink and move between read, write and except', () => {
    const pairs = Array.from({ length: 20 }, () => pair());
    const as = pairs.map(([a]) => a);
    try {
      forceEpoll();
      for (const i of [2, 5, 11]) p.socket_write(pairs[i]![1], 'x');
      let read: Set = [...as];
      expect(p.socket_select(read, null, null, 0)).toBe(3);
      expect(read).toEqual([as[2], as[5], as[11]]);
      expect(stats()[0]).toBe(20);
      read = as.slice(0, 10);
      expect(p.socket_select(read, null, null, 0)).toBe(2);
      expect(read).toEqual([as[2], as[5]]);
      expect(stats()[0]).toBe(10);
      read = as.slice(0, 10);
      let write: Set = as.slice(10, 15);
      expect(p.socket_select(read, write, null, 0)).toBe(7);
      expect(stats()[0]).toBe(15);
      write = as.slice(0, 10);
      expect(p.socket_select(null, write, null, 0)).toBe(10);
      expect(stats()[0]).toBe(10);
      const except = as.slice(0, 10);
      expect(p.socket_select(null, null, except, 0, 1000)).toBe(0);
      expect(except).toEqual([]);
      // One variable as all three sets: PHP rebuilds it three times, the except set last.
      const same = { a: as[5]!, b: as[6]!, c: as[5]! };
      expect(p.socket_select(same, same, same, 0)).toBe(3);
      expect(same).toEqual({});
      expect(stats()[0]).toBe(2);
      // Back to everything, read and write.
      read = [...as];
      write = [...as];
      expect(p.socket_select(read, write, null, 0)).toBe(23);
      expect(stats()[0]).toBe(20);
      // Below the threshold again (default policy): ppoll, and the set is left as it is.
      native.selectConfig(-1, -1);
      const before = stats();
      read = [as[2]!, as[3]!];
      expect(p.socket_select(read, null, null, 0)).toBe(1);
      expect(read).toEqual([as[2]]);
      expect(delta(before)).toEqual({ ctls: 0, waits: 0, ppolls: 1 });
      expect(stats()[0]).toBe(20);
    } finally {
      closeAll(pairs.flat());
    }
    expect(stats()[0]).toBe(0);
  });
});

describe('socket_select through the epoll set: closed and reused descriptor numbers', () => {
  it('reports a new socket that took a closed one\'s number, even while the old socket lives on elsewhere', () => {
    const pairs = Array.from({ length: 20 }, () => pair());
    const list = pairs.map(([a]) => a);
    const extra: p.Socket[] = [];
    try {
      converge(list);
      const victim = list[5]!;
      const n = fdOf(victim);
      // A copy of the victim in flight in an SCM_RIGHTS message keeps the socket alive after the
      // close: epoll would keep its registration under number n unless it is deleted first.
      const carrier = pair();
      extra.push(...carrier);
      const control = [{ level: p.SOL_SOCKET, type: p.SCM_RIGHTS, data: [victim] }];
      expect(p.socket_sendmsg(carrier[0], { iov: ['z'], control })).toBe(1);
      p.socket_close(victim);
      let reused: [p.Socket, p.Socket] | null = null;
      for (let i = 0; i < 100 && reused === null; i++) {
        const [x, y] = pair();
        if (fdOf(x) === n) reused = [x, y];
        else if (fdOf(y) === n) reused = [y, x];
        extra.push(x, y);
      }
      expect(reused).not.toBeNull();
      const [fresh, peer] = reused!;
      list[5] = fresh;
      // The new socket is readable, the old one not: a stale registration would sleep 2 s.
      p.socket_write(peer, 'new');
      const started = Date.now();
      let read: Set = [...list];
      expect(p.socket_select(read, null, null, 2)).toBe(1);
      expect(read).toEqual([fresh]);
      expect(Date.now() - started).toBeLessThan(1500);
      expect(p.socket_read(fresh, 10)).toBe('new');
      // The old socket readable (its peer is still open), the new one not: nothing to report.
      p.socket_write(pairs[5]![1], 'old');
      read = [...list];
      expect(p.socket_select(read, null, null, 0)).toBe(0);
      // The same through the write set of a full socket: not writable, whatever the old one is.
      p.socket_set_nonblock(fresh);
      const chunk = Buffer.alloc(65536, 0x61);
      for (let i = 0; i < 10000 && p.socket_write(fresh, chunk) !== false; i++);
      const write: Set = [fresh, ...list.slice(10)];
      expect(p.socket_select(null, write, null, 0)).toBe(10);
      expect(write).toEqual(list.slice(10));
    } finally {
      closeAll([...pairs.flat(), ...extra]);
    }
  });

  it('recovers when a socket in the set was closed behind the addon\'s back while a copy lives on', () => {
    const pairs = Array.from({ length: 20 }, () => pair());
    const list = pairs.map(([a]) => a);
    const carrier = pair();
    try {
      converge(list);
      const victim = list[3]!;
      const n = fdOf(victim);
      const control = [{ level: p.SOL_SOCKET, type: p.SCM_RIGHTS, data: [victim] }];
      expect(p.socket_sendmsg(carrier[0], { iov: ['z'], control })).toBe(1);
      // Not through the addon (no ForgetFd): the kernel keeps the registration under number n.
      native.disown(n);
      closeSync(n);
      list.splice(3, 1);
      // The old socket readable: the stale registration reports n, which this call did not ask
      // for. The call must still wait out its timeout, not return 0 at once.
      p.socket_write(pairs[3]![1], 'stale');
      const started = Date.now();
      const read: Set = [...list];
      expect(p.socket_select(read, null, null, 0, 300000)).toBe(0);
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      // A fresh epoll set from the next call on, with the right answers.
      p.socket_write(pairs[9]![1], 'x');
      for (let i = 0; i < 64 && stats()[0] !== 19; i++) p.socket_select([...list], null, null, 0);
      expect(stats()[0]).toBe(19);
      const before = stats();
      const again: Set = [...list];
      expect(p.socket_select(again, null, null, 2)).toBe(1);
      expect(again).toEqual([list[8]]);
      expect(delta(before)).toEqual({ ctls: 0, waits: 1, ppolls: 0 });
    } finally {
      closeAll([...pairs.flat().filter((s) => s !== pairs[3]![0]), ...carrier]);
    }
  });

  it('a steady list (the same Sockets every call) still sees a socket closed, replaced or moved', () => {
    const pairs = Array.from({ length: 40 }, () => pair());
    const list = pairs.map(([a]) => a);
    const extra: p.Socket[] = [];
    try {
      converge(list);
      for (let round = 0; round < 20; round++) {
        const i = (round * 7) % 40;
        expect(p.socket_write(pairs[i]![1], 'x')).toBe(1);
        const read: Set = [...list];
        expect(p.socket_select(read, null, null, 2)).toBe(1);
        expect(read).toEqual([list[i]]);
        expect(p.socket_read(list[i]!, 10)).toBe('x');
      }
      // Closed behind the list's back: the same list is refused, as PHP refuses it.
      const closed = list[5]!;
      const number = fdOf(closed);
      p.socket_close(closed);
      let error: unknown = null;
      try {
        p.socket_select([...list], null, null, 0);
      } catch (e) {
        error = e;
      }
      expect(String(error)).toBe('TypeError: socket_select(): Argument #1 ($read) contains a closed socket');
      // A new socket in its place (on its number, as the kernel reuses the lowest): its answers.
      const [c, d] = pair();
      extra.push(c, d);
      expect([fdOf(c), fdOf(d)]).toContain(number);
      list[5] = c;
      expect(p.socket_write(d, 'z')).toBe(1);
      for (let round = 0; round < 3; round++) {
        const read: Set = [...list];
        expect(p.socket_select(read, null, null, 0)).toBe(1);
        expect(read).toEqual([c]);
      }
      // The same Sockets in another order, and split across two sets.
      const reversed: Set = [...list].reverse();
      expect(p.socket_select(reversed, null, null, 0)).toBe(1);
      expect(reversed).toEqual([c]);
      const first: Set = list.slice(0, 20);
      const second: Set = list.slice(20);
      expect(p.socket_select(first, second, null, 0)).toBe(1 + 20);
      expect(first).toEqual([c]);
      expect(second).toEqual(list.slice(20));
      expect(p.socket_read(c, 10)).toBe('z');
      const read: Set = [...list];
      expect(p.socket_select(read, null, null, 0)).toBe(0);
      expect(read).toEqual([]);
    } finally {
      closeAll([...pairs.flat(), ...extra]);
    }
  });

  it.runIf(gc)('reports new sockets correctly after the ones in the set were collected', async () => {
    const numbers = ((): number[] => {
      const pairs = Array.from({ length: 24 }, () => pair());
      const list = pairs.map(([a]) => a);
      converge(list);
      expect(stats()[0]).toBe(24);
      return pairs.flat().map(fdOf);
    })();
    for (let i = 0; i < 10 && stats()[0] !== 0; i++) {
      gc!();
      await new Promise((r) => setImmediate(r));
    }
    // The finalizers took them out of the set before closing them.
    expect(stats()[0]).toBe(0);
    const pairs = Array.from({ length: 24 }, () => pair());
    try {
      const list = pairs.map(([a]) => a);
      const reused = list.filter((s) => numbers.includes(fdOf(s)));
      expect(reused.length).toBeGreaterThan(12);
      for (let round = 0; round < 30; round++) {
        const i = (round * 5) % 24;
        p.socket_write(pairs[i]![1], 'y');
        const read: Set = [...list];
        expect(p.socket_select(read, null, null, 2)).toBe(1);
        expect(read).toEqual([list[i]]);
        expect(p.socket_read(list[i]!, 10)).toBe('y');
      }
      // By now the set holds these sockets and the calls are epoll's.
      const before = stats();
      expect(p.socket_select([...list], null, null, 0)).toBe(0);
      expect(delta(before)).toEqual({ ctls: 0, waits: 1, ppolls: 0 });
    } finally {
      closeAll(pairs.flat());
    }
  });

  it('answers EBADF at once for a Socket whose stream was fclose()d (its number is 0x7fffffff)', () => {
    const [a, b] = pair();
    const stream = p.socket_export_stream(a);
    expect(p.fclose(stream as p.Stream)).toBe(true);
    const started = Date.now();
    p.socket_clear_error();
    const others = Array.from({ length: 20 }, () => pair()).flat();
    try {
      expect(captureWarnings(() => p.socket_select([...others, a], null, null, 0))).toEqual({
        result: false,
        warnings: ['socket_select(): Unable to select [9]: Bad file descriptor'],
      });
      expect(p.socket_last_error()).toBe(9);
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      closeAll([...others, b]);
    }
  });
});

const FD_LIMIT = softFdLimit();

describe.runIf(FD_LIMIT >= 1500)('socket_select through the epoll set: descriptors above 1024', () => {
  it('serves a steady loop over 1,200 sockets, numbered past FD_SETSIZE, with one wait per call', () => {
    const pairs = Array.from({ length: 600 }, () => pair());
    const list = pairs.map(([a]) => a);
    try {
      expect(Math.max(...pairs.flat().map(fdOf))).toBeGreaterThan(1024);
      converge(list);
      const before = stats();
      for (let round = 0; round < 100; round++) {
        const hits = [(round * 37) % 600, 599 - ((round * 11) % 300)];
        for (const i of hits) p.socket_write(pairs[i]![1], 'z');
        const read: Set = [...list];
        const expected = [...new Set(hits)].sort((x, y) => x - y).map((i) => list[i]);
        expect(p.socket_select(read, null, null, 5)).toBe(expected.length);
        expect(read).toEqual(expected);
        for (const s of expected) p.socket_read(s!, 10);
      }
      expect(delta(before)).toEqual({ ctls: 0, waits: 100, ppolls: 0 });
    } finally {
      closeAll(pairs.flat());
    }
  });
});

describe('socket_select through the epoll set: timeouts', () => {
  it('honours 0, microseconds that are not whole milliseconds, and longer waits', () => {
    const pairs = Array.from({ length: 32 }, () => pair());
    const list = pairs.map(([a]) => a);
    try {
      converge(list);
      const before = stats();
      const time = (sec: number, usec: number): number => {
        const t0 = process.hrtime.bigint();
        const read: Set = [...list];
        expect(p.socket_select(read, null, null, sec, usec)).toBe(0);
        expect(read).toEqual([]);
        return Number(process.hrtime.bigint() - t0) / 1e6;
      };
      expect(time(0, 0)).toBeLessThan(200);
      expect(time(0, 1500)).toBeGreaterThanOrEqual(1.4);
      expect(time(0, 250)).toBeGreaterThanOrEqual(0.2);
      expect(time(0, 120000)).toBeGreaterThanOrEqual(119);
      expect(time(0, 1)).toBeLessThan(200);
      expect(delta(before)).toEqual({ ctls: 0, waits: 5, ppolls: 0 });
    } finally {
      closeAll(pairs.flat());
    }
  });

  it('waits with no timeout until a peer writes (in a child process, so a hang is bounded)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'php-sockets-'));
    const path = join(dir, 'peer.sock');
    // Writes once the child has connected and says it is about to wait, whichever comes last.
    let conn = null as Socket | null;
    let waiting = false;
    const ping = (): void => {
      if (conn && waiting) setTimeout(() => conn!.write('ping'), 100);
    };
    const server = createServer((c) => {
      c.on('error', () => {});
      conn = c;
      ping();
    });
    await new Promise<void>((resolve) => server.listen(path, resolve));
    const script = fileURLToPath(new URL('./helpers/select-epoll-child.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, path], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (!waiting && out.includes('waiting')) {
        waiting = true;
        ping();
      }
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
    try {
      expect(await exited).toBe(0);
    } finally {
      clearTimeout(timer);
      child.kill('SIGKILL');
      conn?.destroy();
      server.close();
    }
    expect(JSON.parse(out.split('\n')[1]!)).toEqual({
      converged: true,
      result: 1,
      ready: [20],
      data: 'ping',
      ctls: 0,
      epollWaits: 1,
      ppolls: 0,
    });
  });
});

const libEntry = fileURLToPath(new URL('../lib/index.ts', import.meta.url));
const nativeEntry = fileURLToPath(new URL('../lib/native.ts', import.meta.url));

function eventpollFds(): number {
  let n = 0;
  for (const name of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${name}`) === 'anon_inode:[eventpoll]') n++;
    } catch {
      // the listing's own descriptor
    }
  }
  return n;
}

describe('socket_select through the epoll set: Workers', () => {
  it('gives a Worker its own set while the main thread uses its own; none outlives the Worker', async () => {
    // The main thread's own set first, so that its epoll instance exists before the count.
    const pairs = Array.from({ length: 25 }, () => pair());
    const list = pairs.map(([a]) => a);
    converge(list);
    // The first Worker to load the addon starts the process's termination watchdog, whose epoll
    // instance lives as long as the process (native/blocking.cc): a Worker that only loads the
    // addon makes sure it exists before the count.
    const warm = new Worker(`require(${JSON.stringify(addonPath)})`, { eval: true });
    await new Promise((resolve) => warm.once('exit', resolve));
    const eventpolls = eventpollFds();
    const sockets = socketFds();
    const code = `
      const { register } = await import('tsx/esm/api');
      register();
      const p = await import(${JSON.stringify(libEntry)});
      const { native } = await import(${JSON.stringify(nativeEntry)});
      const { parentPort } = await import('node:worker_threads');
      const pairs = [];
      for (let i = 0; i < 30; i++) {
        const b = [];
        p.socket_create_pair(p.AF_UNIX, p.SOCK_STREAM, 0, b);
        pairs.push(b);
      }
      const list = pairs.map(([a]) => a);
      const wrong = [];
      for (let round = 0; round < 300; round++) {
        const i = (round * 13) % 30;
        p.socket_write(pairs[i][1], 'w');
        const read = [...list];
        const rc = p.socket_select(read, null, null, 5);
        if (rc !== 1 || read.length !== 1 || read[0] !== list[i]) wrong.push(round);
        p.socket_read(list[i], 10);
      }
      const stats = native.selectStats();
      parentPort.postMessage({ wrong, registered: stats[0], waits: stats[2] });
    `;
    const w = new Worker(code, { eval: true });
    const message = new Promise<{ wrong: number[]; registered: number; waits: number }>((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
    });
    const exit = new Promise((resolve) => w.once('exit', resolve));
    // Meanwhile, the main thread's own loop.
    try {
      for (let round = 0; round < 300; round++) {
        const i = (round * 7) % 25;
        p.socket_write(pairs[i]![1], 'm');
        const read: Set = [...list];
        expect(p.socket_select(read, null, null, 5)).toBe(1);
        expect(read).toEqual([list[i]]);
        p.socket_read(list[i]!, 10);
      }
      expect(stats()[0]).toBe(25);
    } finally {
      closeAll(pairs.flat());
    }
    const got = await message;
    expect(got.wrong).toEqual([]);
    expect(got.registered).toBe(30);
    expect(got.waits).toBeGreaterThan(250);
    await exit;
    // The Worker's epoll instance went with it, and so did its sockets.
    for (let i = 0; i < 50 && eventpollFds() > eventpolls; i++) await new Promise((r) => setTimeout(r, 20));
    expect(eventpollFds()).toBe(eventpolls);
    expect([...socketFds()].filter((fd) => !sockets.has(fd))).toEqual([]);
  });
});

function streamPair(): [p.Stream, p.Stream] {
  return p.stream_socket_pair(p.STREAM_PF_UNIX, p.STREAM_SOCK_STREAM, 0) as [p.Stream, p.Stream];
}

describe('stream_select through the epoll set', () => {
  it('serves a steady loop with one wait per call, and answers buffered streams without one', () => {
    const pairs = Array.from({ length: 40 }, () => streamPair());
    const list = pairs.map(([a]) => a);
    try {
      for (let i = 0; i < 64 && stats()[0] !== 40; i++) p.stream_select([...list], null, null, 0);
      expect(stats()[0]).toBe(40);
      let before = stats();
      for (let round = 0; round < 100; round++) {
        const i = (round * 9) % 40;
        p.fwrite(pairs[i]![1], 'q');
        const read = [...list];
        expect(p.stream_select(read, null, null, 5)).toBe(1);
        expect(read).toEqual([list[i]]);
        expect(p.fread(list[i]!, 10)).toBe('q');
      }
      expect(delta(before)).toEqual({ ctls: 0, waits: 100, ppolls: 0 });
      // A line read leaves the rest in the stream's buffer: readable with no syscall at all.
      p.fwrite(pairs[7]![1], 'line\nrest');
      expect(p.stream_select([...list], null, null, 5)).toBe(1);
      expect(p.fgets(list[7]!)).toBe('line\n');
      before = stats();
      const read = [...list];
      const write = [...list];
      expect(p.stream_select(read, write, null, 5)).toBe(1);
      expect([read, write]).toEqual([[list[7]], []]);
      expect(delta(before)).toEqual({ ctls: 0, waits: 0, ppolls: 0 });
      expect(p.fread(list[7]!, 4)).toBe('rest');
    } finally {
      for (const [a, b] of pairs) {
        p.fclose(a);
        p.fclose(b);
      }
    }
    expect(stats()[0]).toBe(0);
  });

  it('reports a new stream that took an fclose()d one\'s number', () => {
    const pairs = Array.from({ length: 20 }, () => streamPair());
    const list = pairs.map(([a]) => a);
    const extra: p.Stream[] = [];
    try {
      forceEpoll();
      expect(p.stream_select([...list], null, null, 0)).toBe(0);
      const n = stateOfStream(list[4]!).fd;
      p.fclose(list[4]!);
      let fresh: [p.Stream, p.Stream] | null = null;
      for (let i = 0; i < 100 && fresh === null; i++) {
        const [x, y] = streamPair();
        extra.push(x, y);
        if (stateOfStream(x).fd === n) fresh = [x, y];
        else if (stateOfStream(y).fd === n) fresh = [y, x];
      }
      expect(fresh).not.toBeNull();
      list[4] = fresh![0];
      p.fwrite(fresh![1], 'n');
      const started = Date.now();
      const read = [...list];
      expect(p.stream_select(read, null, null, 2)).toBe(1);
      expect(read).toEqual([fresh![0]]);
      expect(Date.now() - started).toBeLessThan(1500);
    } finally {
      for (const s of [...pairs.flat(), ...extra]) if (stateOfStream(s).open) p.fclose(s);
    }
  });
});

describe('socket_select and stream_select called again from inside a call', () => {
  it('keep each call\'s descriptors apart (a getter in a set selecting on its own)', () => {
    const [a, b] = pair();
    const [c, d] = pair();
    const [e, f] = pair();
    p.socket_write(b, 'x');
    let inner: unknown = null;
    const read = [a, c];
    const write = {
      get k(): p.Socket {
        inner = p.socket_select([e, e, e], null, null, 0);
        return c;
      },
    };
    expect(p.socket_select(read, write as never, null, 0)).toBe(2);
    expect([read, Object.keys(write), inner]).toEqual([[a], ['k'], 0]);
    closeAll([a, b, c, d, e, f]);

    const [sa, sb] = streamPair();
    const [sc, sd] = streamPair();
    const [se, sf] = streamPair();
    p.fwrite(sb, 'x');
    const sread = [sa, sc];
    const swrite = {
      get k(): p.Stream {
        inner = p.stream_select([se, se, se], null, null, 0);
        return sc;
      },
    };
    expect(p.stream_select(sread, swrite as never, null, 0)).toBe(2);
    expect([sread, Object.keys(swrite), inner]).toEqual([[sa], ['k'], 0]);
    for (const s of [sa, sb, sc, sd, se, sf]) p.fclose(s);
  });
});
