// socket_select. Expected values are what PHP 8.2 printed for the same steps; with php installed,
// the readiness transcript at the end also runs in PHP at test time and must match line for line.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as p from '../lib/index.js';
import { blocking } from '../lib/blocking.js';
import { native } from '../lib/native.js';
import { stateOf } from '../lib/socket.js';
import { captureWarnings, thrown } from './helpers/capture.js';
import { softFdLimit } from './helpers/fds.js';
import { hasPhp, php } from './helpers/php.js';
import { keptUntilEnd } from './helpers/closing.js';

type Any = (...a: unknown[]) => unknown;
const select = p.socket_select as Any;

// Every behaviour holds on both of native/select.cc's ways to wait: ppoll over the descriptors,
// and the epoll set it keeps between calls with many descriptors (here forced for every call).
const MODES = [
  { name: 'ppoll', minFds: 1e9, ctlCost: -1 },
  { name: 'epoll', minFds: 1, ctlCost: 0 },
];
function inMode(mode: (typeof MODES)[number]): void {
  beforeAll(() => native.selectConfig(mode.minFds, mode.ctlCost));
  afterAll(() => native.selectConfig(-1, -1));
}

// Pairs stay referenced until the file ends: a dropped peer is closed by its finalizer at the next
// collection, which would make the other end readable (EOF) or unwritable (EPIPE) mid-test.
const kept = keptUntilEnd();
function pair(type: number = p.SOCK_STREAM): [p.Socket, p.Socket] {
  const box: unknown[] = [];
  expect(p.socket_create_pair(p.AF_UNIX, type, 0, box)).toBe(true);
  kept.push(box);
  return box as [p.Socket, p.Socket];
}

function closed(): p.Socket {
  const s = p.socket_create(p.AF_INET, p.SOCK_STREAM, 0) as p.Socket;
  p.socket_close(s);
  return s;
}

describe.each(MODES)('socket_select ($name)', (mode) => {
  inMode(mode);

    it('throws PHP misuse errors', () => {
      const [a] = pair();
      const x = closed();
      const cases: [unknown[], string][] = [
        [[null, null, null, 0], 'ValueError: socket_select(): At least one array argument must be passed'],
        [[[], [], [], 0], 'ValueError: socket_select(): At least one array argument must be passed'],
        [[[], null, {}, 0], 'ValueError: socket_select(): At least one array argument must be passed'],
        [[undefined, undefined, undefined, 0], 'ValueError: socket_select(): At least one array argument must be passed'],
        [[['x'], null, null, 0], 'TypeError: socket_select(): Argument #1 ($read) must only have elements of type Socket, string given'],
        [[[1], null, null, 0], 'TypeError: socket_select(): Argument #1 ($read) must only have elements of type Socket, int given'],
        [[[null], null, null, 0], 'TypeError: socket_select(): Argument #1 ($read) must only have elements of type Socket, null given'],
        [[[true], null, null, 0], 'TypeError: socket_select(): Argument #1 ($read) must only have elements of type Socket, bool given'],
        [[[1.5], null, null, 0], 'TypeError: socket_select(): Argument #1 ($read) must only have elements of type Socket, float given'],
        [[[[]], null, null, 0], 'TypeError: socket_select(): Argument #1 ($read) must only have elements of type Socket, array given'],
        [['x', null, null, 0], 'TypeError: socket_select(): Argument #1 ($read) must be of type ?array, string given'],
        [[1, null, null, 0], 'TypeError: socket_select(): Argument #1 ($read) must be of type ?array, int given'],
        [[null, 's', null, 0], 'TypeError: socket_select(): Argument #2 ($write) must be of type ?array, string given'],
        [[null, null, null], 'ArgumentCountError: socket_select() expects at least 4 arguments, 3 given'],
        [[null, null, null, 0, 0, 0], 'ArgumentCountError: socket_select() expects at most 5 arguments, 6 given'],
        [[[a], null, null, 'x'], 'TypeError: socket_select(): Argument #4 ($seconds) must be of type ?int, string given'],
        [[[a], null, null, 0, 'x'], 'TypeError: socket_select(): Argument #5 ($microseconds) must be of type int, string given'],
        // Each array is checked in turn, element by element.
        [[[a], [x], null, 0], 'TypeError: socket_select(): Argument #2 ($write) contains a closed socket'],
        [[[x], ['s'], null, 0], 'TypeError: socket_select(): Argument #1 ($read) contains a closed socket'],
        [[[a, 's'], [x], null, 0], 'TypeError: socket_select(): Argument #1 ($read) must only have elements of type Socket, string given'],
        [[[], [], [x], 0], 'TypeError: socket_select(): Argument #3 ($except) contains a closed socket'],
        [[[], [], ['z'], 0], 'TypeError: socket_select(): Argument #3 ($except) must only have elements of type Socket, string given'],
        [[{ k: a, j: 'z' }, null, null, 0], 'TypeError: socket_select(): Argument #1 ($read) must only have elements of type Socket, string given'],
      ];
      for (const [args, message] of cases) expect([args, thrown(() => select(...args))]).toEqual([args, message]);
    });

    it('coerces the timeout as PHP does', () => {
      const [a] = pair();
      const nul = captureWarnings(() => select([a], null, null, 0, null));
      expect(nul).toEqual({
        result: 0,
        warnings: ['socket_select(): Passing null to parameter #5 ($microseconds) of type int is deprecated'],
      });
      const frac = captureWarnings(() => select([a], null, null, 0.5));
      expect(frac).toEqual({ result: 0, warnings: ['Implicit conversion from float 0.5 to int loses precision'] });
    });

    it('fails on a negative timeout with [22], the global code only, the sets untouched', () => {
      const [a, b] = pair();
      p.socket_write(b, 'x');
      p.socket_clear_error();
      for (const [sec, usec] of [
        [-1, 0],
        [0, -1],
        [-5, 999999],
      ]) {
        const read = [a];
        const write = { k: b };
        const { result, warnings } = captureWarnings(() => p.socket_select(read, write, null, sec!, usec));
        expect([result, warnings]).toEqual([false, ['socket_select(): Unable to select [22]: Invalid argument']]);
        expect(read).toEqual([a]);
        expect(write).toEqual({ k: b });
      }
      expect([p.socket_last_error(), p.socket_last_error(a)]).toEqual([22, 0]);
      // Microseconds carry before the check: -2 s + 2000000 us is 0.
      expect(p.socket_select([b], null, null, -2, 2000000)).toBe(0);
    });

    it('fails with [4] when a signal interrupts the wait (here an endless one: seconds null)', async () => {
      const script = fileURLToPath(new URL('./helpers/select-child.ts', import.meta.url));
      const child = spawn(process.execPath, ['--import', 'tsx', script, mode.name], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => (out += chunk));
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      try {
        // A signal sent before the child blocks is absorbed; keep sending until it answers.
        for (let i = 0; i < 200 && !out.includes('}'); i++) {
          await new Promise((r) => setTimeout(r, 50));
          if (out.includes('waiting')) child.kill('SIGUSR2');
        }
        expect(await exited).toBe(0);
      } finally {
        child.kill('SIGKILL');
      }
      const result = JSON.parse(out.split('\n')[1]!);
      expect(result).toEqual({
        result: false,
        warnings: ['socket_select(): Unable to select [4]: Interrupted system call'],
        read: 1,
        global: 4,
        own: 0,
      });
    });

    it('filters arrays in place, keeps the keys of objects, counts bits across the sets', () => {
      const [a, b] = pair();
      // Nothing to read: every read set empties; both ends are writable.
      const r1 = [a, b];
      const w1: Record<string, p.Socket> = { 0: a, 5: b };
      const e1 = [a];
      expect(p.socket_select(r1, w1, e1, 0)).toBe(2);
      expect([r1, w1, e1]).toEqual([[], { 0: a, 5: b }, []]);
      // a readable and writable (counts 2), b writable; duplicates kept, counted once per set.
      p.socket_write(b, 'x');
      const r2: Record<string, p.Socket> = { 3: b, k: a, 7: a };
      const w2 = [a, b, a];
      expect(p.socket_select(r2, w2, null, 0)).toBe(3);
      expect(r2).toEqual({ k: a, 7: a });
      expect(w2).toEqual([a, b, a]);
      const r3 = [b, a, b, a];
      expect(p.socket_select(r3, undefined, undefined, 0)).toBe(1);
      expect(r3).toEqual([a, a]);
      // One array passed twice is filtered twice, as PHP rebuilds the same variable twice.
      const both: Record<string, p.Socket> = { 0: a, k: b };
      expect(p.socket_select(both, both, null, 0)).toBe(3);
      expect(both).toEqual({ 0: a });
      const twice = [a, b];
      expect(p.socket_select(twice, null, twice, 0)).toBe(1);
      expect(twice).toEqual([]);
      // Timeout: 0, all sets emptied, null stays null.
      p.socket_read(a, 10);
      const r4 = [a, b];
      const e4 = { x: a };
      expect(p.socket_select(r4, null, e4, 0, 1000)).toBe(0);
      expect([r4, e4]).toEqual([[], {}]);
    });

    it('waits forever for seconds null, and carries microseconds above 999999', () => {
      const [a, b] = pair();
      p.socket_write(b, 'x');
      expect(p.socket_select([a], null, null, null, -1)).toBe(1);
      p.socket_read(a, 10);
      const started = Date.now();
      // Not EINVAL: 1000001 us is 1 s and 1 us.
      expect(p.socket_select([a], null, null, 0, 1000001)).toBe(0);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    });

    it('ignores a hang-up that select ignores: write-only and except-only sets keep waiting', () => {
      // A socket whose peer has gone reports POLLHUP, but is neither writable nor exceptional for a
      // full buffer: select sleeps the whole timeout, and so must this.
      const [f0] = pair();
      p.socket_set_nonblock(f0);
      const chunk = Buffer.alloc(65536, 0x7a);
      for (let i = 0; i < 10000 && p.socket_write(f0, chunk) !== false; i++);
      expect(p.socket_last_error(f0)).toBe(11);
      p.socket_shutdown(f0, 2);
      const [c0, c1] = pair();
      p.socket_close(c1);
      const started = Date.now();
      const w = [f0];
      const e = [f0, c0];
      expect(p.socket_select(null, w, e, 0, 300000)).toBe(0);
      expect([w, e]).toEqual([[], []]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      // ... while the read set reports both.
      const r = [f0, c0];
      expect(p.socket_select(r, null, null, 5)).toBe(2);
    });

    it('fails with EBADF for a descriptor closed behind the Socket', () => {
      const [a] = pair();
      // Disarm the finalizer first, so the number is never closed again once the kernel reuses it.
      const fd = stateOf(a).fd;
      native.disown(fd);
      native.close(fd);
      p.socket_clear_error();
      expect(captureWarnings(() => p.socket_select([a], null, null, 0))).toEqual({
        result: false,
        warnings: ['socket_select(): Unable to select [9]: Bad file descriptor'],
      });
      expect(p.socket_last_error()).toBe(9);
    });

    it('makes one native call per socket_select, with the descriptors in bulk', () => {
      const pairs = Array.from({ length: 50 }, () => pair());
      const all = pairs.flat();
      const calls: string[] = [];
      // Every native call, those that never wait and those of the async seam (lib/blocking.ts).
      const objects = [native, blocking] as unknown as Record<string, unknown>[];
      const saved = objects.map((o) => ({ ...o }));
      objects.forEach((o, i) => {
        for (const [name, fn] of Object.entries(saved[i]!)) {
          if (typeof fn === 'function') {
            o[name] = (...args: unknown[]) => {
              calls.push(name);
              return (fn as Any)(...args);
            };
          }
        }
      });
      try {
        expect(p.socket_select([...all], [...all], [...all], 0)).toBe(100);
      } finally {
        objects.forEach((o, i) => Object.assign(o, saved[i]));
      }
      expect(calls).toEqual(['select']);
    });
});

// Node raises its soft RLIMIT_NOFILE to the hard limit at startup; 2,000 sockets need ~2,100.
const FD_LIMIT = softFdLimit();
if (FD_LIMIT < 2200) console.warn(`socket_select: RLIMIT_NOFILE is ${FD_LIMIT}; the 2,000-socket test skips`);

describe.runIf(FD_LIMIT >= 2200).each(MODES)('socket_select beyond FD_SETSIZE ($name; PHP 8.2 refuses descriptors >= 1024)', (mode) => {
  inMode(mode);

    it('selects among 2,000 sockets, numbered above 1024, and reports exactly the ready ones', () => {
      const pairs = Array.from({ length: 1000 }, () => pair());
      try {
        const fds = pairs.flat().map((s) => stateOf(s).fd);
        expect(Math.max(...fds)).toBeGreaterThan(1024);
        expect(fds.filter((fd) => fd >= 1024).length).toBeGreaterThan(900);
        const ready = pairs.filter((_, i) => i % 7 === 3 || i === 999).map(([a, b]) => (p.socket_write(b, 'x'), a));
        const all = pairs.flat();
        const read = [...all];
        expect(p.socket_select(read, null, null, 5)).toBe(ready.length);
        expect(read).toEqual(ready);
        // The same as an object keyed like a PHP array; with the write set, every socket counts once more.
        const readObj: Record<string, p.Socket> = Object.fromEntries(all.map((s, i) => [`s${i}`, s]));
        const write = [...all];
        expect(p.socket_select(readObj, write, [], 0)).toBe(ready.length + 2000);
        expect(Object.values(readObj)).toEqual(ready);
        expect(Object.keys(readObj)).toEqual(pairs.flatMap((_, i) => (i % 7 === 3 || i === 999 ? [`s${2 * i}`] : [])));
        expect(write.length).toBe(2000);
        // One socket with a high number alone.
        const last = [pairs[999]![0]];
        expect(stateOf(last[0]!).fd).toBeGreaterThan(1024);
        expect(p.socket_select(last, null, null, 0)).toBe(1);
      } finally {
        for (const [a, b] of pairs) {
          p.socket_close(a);
          p.socket_close(b);
        }
      }
    });
});

// ---- Readiness of sockets in every state, in PHP and in TS. ----

const PHP_STATES = String.raw`
set_error_handler(function ($no, $str) { echo "W: $str\n"; return true; });
function sel($name, $s) { $r = [$s]; $w = [$s]; $e = [$s]; $n = socket_select($r, $w, $e, 0); echo "$name: $n r=", count($r), ' w=', count($w), ' e=', count($e), "\n"; }
function waitr($s) { $r = [$s]; $w = null; $e = null; socket_select($r, $w, $e, 5); }
function waitw($s) { $r = null; $w = [$s]; $e = null; socket_select($r, $w, $e, 5); }
function waite($s) { $r = null; $w = null; $e = [$s]; socket_select($r, $w, $e, 5); }
sel('tcp fresh', socket_create(AF_INET, SOCK_STREAM, SOL_TCP));
sel('tcp6 fresh', socket_create(AF_INET6, SOCK_STREAM, SOL_TCP));
sel('udp fresh', socket_create(AF_INET, SOCK_DGRAM, SOL_UDP));
sel('udp6 fresh', socket_create(AF_INET6, SOCK_DGRAM, SOL_UDP));
sel('unix stream fresh', socket_create(AF_UNIX, SOCK_STREAM, 0));
sel('unix dgram fresh', socket_create(AF_UNIX, SOCK_DGRAM, 0));
sel('unix seqpacket fresh', socket_create(AF_UNIX, SOCK_SEQPACKET, 0));
$l = socket_create(AF_INET, SOCK_STREAM, SOL_TCP); socket_bind($l, '127.0.0.1', 0); socket_listen($l); socket_getsockname($l, $la, $lp);
sel('tcp listen idle', $l);
$c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP); socket_connect($c, '127.0.0.1', $lp);
waitr($l); sel('tcp listen pending', $l);
sel('tcp client connected', $c);
$s = socket_accept($l);
sel('tcp server idle', $s);
socket_send($c, 'x', 1, MSG_OOB);
waite($s); sel('tcp oob pending', $s);
socket_recv($s, $d, 1, MSG_OOB);
sel('tcp oob consumed', $s);
socket_shutdown($c, 1);
waitr($s); sel('tcp peer shut wr', $s);
socket_shutdown($s, 1);
sel('tcp both shut wr', $s);
waitr($c); sel('tcp client after both', $c);
socket_close($c);
sel('tcp peer closed', $s);
$c2 = socket_create(AF_INET, SOCK_STREAM, SOL_TCP); socket_connect($c2, '127.0.0.1', $lp); $s2 = socket_accept($l);
sel('tcp connected again', $s2);
socket_set_option($c2, SOL_SOCKET, SO_LINGER, ['l_onoff' => 1, 'l_linger' => 0]); socket_close($c2);
waitr($s2); sel('tcp peer reset', $s2);
socket_recv($s2, $d, 1, MSG_DONTWAIT); echo 'error ', socket_last_error($s2), "\n";
sel('tcp after reset read', $s2);
$dead = socket_create(AF_INET, SOCK_STREAM, SOL_TCP); socket_bind($dead, '127.0.0.1', 0); socket_getsockname($dead, $da, $dp); socket_close($dead);
$c3 = socket_create(AF_INET, SOCK_STREAM, SOL_TCP); socket_set_nonblock($c3); var_dump(socket_connect($c3, '127.0.0.1', $dp));
waitw($c3); sel('tcp refused', $c3);
echo 'SO_ERROR ', socket_get_option($c3, SOL_SOCKET, SO_ERROR), "\n";
sel('tcp refused after SO_ERROR', $c3);
socket_close($l);
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
sel('unix pair idle', $p[0]);
socket_write($p[1], 'd'); sel('unix pair data', $p[0]);
socket_close($p[1]); sel('unix pair peer closed', $p[0]);
socket_create_pair(AF_UNIX, SOCK_DGRAM, 0, $q);
sel('unix dgram pair idle', $q[0]);
socket_close($q[1]); sel('unix dgram pair peer closed', $q[0]);
socket_create_pair(AF_UNIX, SOCK_SEQPACKET, 0, $q);
socket_close($q[1]); sel('unix seqpacket peer closed', $q[0]);
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $f); socket_set_nonblock($f[0]);
$i = 0; while ($i++ < 100000 && socket_write($f[0], str_repeat('z', 65536)) !== false) {}
echo 'full ', socket_last_error($f[0]), "\n";
sel('unix stream full', $f[0]);
socket_shutdown($f[0], 2); sel('unix stream full, shut down', $f[0]);
$u = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP); socket_connect($u, '127.0.0.1', $dp); socket_send($u, 'x', 1, 0);
waitr($u); sel('udp icmp error', $u);
socket_recv($u, $d, 1, MSG_DONTWAIT); echo 'error ', socket_last_error($u), "\n";
sel('udp after error', $u);
`;

function tsStates(): string[] {
  const out: string[] = [];
  const sel = (name: string, s: p.Socket): void => {
    const r = [s];
    const w = [s];
    const e = [s];
    const n = p.socket_select(r, w, e, 0);
    out.push(`${name}: ${n} r=${r.length} w=${w.length} e=${e.length}`);
  };
  const waitr = (s: p.Socket): unknown => p.socket_select([s], null, null, 5);
  const waitw = (s: p.Socket): unknown => p.socket_select(null, [s], null, 5);
  const waite = (s: p.Socket): unknown => p.socket_select(null, null, [s], 5);
  const mk = (d: number, t: number, pr: number): p.Socket => p.socket_create(d, t, pr) as p.Socket;
  const port = (s: p.Socket): number => {
    const pt = p.ref<number>();
    p.socket_getsockname(s, p.ref(), pt);
    return pt.value!;
  };
  const d = p.ref<string>();
  p.set_error_handler((_no, str) => {
    out.push(`W: ${str}`);
    return true;
  });
  try {
    sel('tcp fresh', mk(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP));
    sel('tcp6 fresh', mk(p.AF_INET6, p.SOCK_STREAM, p.SOL_TCP));
    sel('udp fresh', mk(p.AF_INET, p.SOCK_DGRAM, p.SOL_UDP));
    sel('udp6 fresh', mk(p.AF_INET6, p.SOCK_DGRAM, p.SOL_UDP));
    sel('unix stream fresh', mk(p.AF_UNIX, p.SOCK_STREAM, 0));
    sel('unix dgram fresh', mk(p.AF_UNIX, p.SOCK_DGRAM, 0));
    sel('unix seqpacket fresh', mk(p.AF_UNIX, p.SOCK_SEQPACKET, 0));
    const l = mk(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP);
    p.socket_bind(l, '127.0.0.1', 0);
    p.socket_listen(l);
    const lp = port(l);
    sel('tcp listen idle', l);
    const c = mk(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP);
    p.socket_connect(c, '127.0.0.1', lp);
    waitr(l);
    sel('tcp listen pending', l);
    sel('tcp client connected', c);
    const s = p.socket_accept(l) as p.Socket;
    sel('tcp server idle', s);
    p.socket_send(c, 'x', 1, p.MSG_OOB);
    waite(s);
    sel('tcp oob pending', s);
    p.socket_recv(s, d, 1, p.MSG_OOB);
    sel('tcp oob consumed', s);
    p.socket_shutdown(c, 1);
    waitr(s);
    sel('tcp peer shut wr', s);
    p.socket_shutdown(s, 1);
    sel('tcp both shut wr', s);
    waitr(c);
    sel('tcp client after both', c);
    p.socket_close(c);
    sel('tcp peer closed', s);
    const c2 = mk(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP);
    p.socket_connect(c2, '127.0.0.1', lp);
    const s2 = p.socket_accept(l) as p.Socket;
    sel('tcp connected again', s2);
    p.socket_set_option(c2, p.SOL_SOCKET, p.SO_LINGER, { l_onoff: 1, l_linger: 0 });
    p.socket_close(c2);
    waitr(s2);
    sel('tcp peer reset', s2);
    p.socket_recv(s2, d, 1, p.MSG_DONTWAIT);
    out.push(`error ${p.socket_last_error(s2)}`);
    sel('tcp after reset read', s2);
    const dead = mk(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP);
    p.socket_bind(dead, '127.0.0.1', 0);
    const dp = port(dead);
    p.socket_close(dead);
    const c3 = mk(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP);
    p.socket_set_nonblock(c3);
    out.push(`bool(${p.socket_connect(c3, '127.0.0.1', dp)})`);
    waitw(c3);
    sel('tcp refused', c3);
    out.push(`SO_ERROR ${p.socket_get_option(c3, p.SOL_SOCKET, p.SO_ERROR)}`);
    sel('tcp refused after SO_ERROR', c3);
    p.socket_close(l);
    const pr = pair();
    sel('unix pair idle', pr[0]);
    p.socket_write(pr[1], 'd');
    sel('unix pair data', pr[0]);
    p.socket_close(pr[1]);
    sel('unix pair peer closed', pr[0]);
    let q = pair(p.SOCK_DGRAM);
    sel('unix dgram pair idle', q[0]);
    p.socket_close(q[1]);
    sel('unix dgram pair peer closed', q[0]);
    q = pair(p.SOCK_SEQPACKET);
    p.socket_close(q[1]);
    sel('unix seqpacket peer closed', q[0]);
    const f = pair();
    p.socket_set_nonblock(f[0]);
    const chunk = 'z'.repeat(65536);
    for (let i = 0; i < 100000 && p.socket_write(f[0], chunk) !== false; i++);
    out.push(`full ${p.socket_last_error(f[0])}`);
    sel('unix stream full', f[0]);
    p.socket_shutdown(f[0], 2);
    sel('unix stream full, shut down', f[0]);
    const u = mk(p.AF_INET, p.SOCK_DGRAM, p.SOL_UDP);
    p.socket_connect(u, '127.0.0.1', dp);
    p.socket_send(u, 'x', 1, 0);
    waitr(u);
    sel('udp icmp error', u);
    p.socket_recv(u, d, 1, p.MSG_DONTWAIT);
    out.push(`error ${p.socket_last_error(u)}`);
    sel('udp after error', u);
  } finally {
    p.restore_error_handler();
  }
  return out;
}

// What PHP 8.2 printed for PHP_STATES.
const STATES = [
  'tcp fresh: 2 r=1 w=1 e=0',
  'tcp6 fresh: 2 r=1 w=1 e=0',
  'udp fresh: 1 r=0 w=1 e=0',
  'udp6 fresh: 1 r=0 w=1 e=0',
  'unix stream fresh: 2 r=1 w=1 e=0',
  'unix dgram fresh: 1 r=0 w=1 e=0',
  'unix seqpacket fresh: 2 r=1 w=1 e=0',
  'tcp listen idle: 0 r=0 w=0 e=0',
  'tcp listen pending: 1 r=1 w=0 e=0',
  'tcp client connected: 1 r=0 w=1 e=0',
  'tcp server idle: 1 r=0 w=1 e=0',
  'tcp oob pending: 2 r=0 w=1 e=1',
  'tcp oob consumed: 1 r=0 w=1 e=0',
  'tcp peer shut wr: 2 r=1 w=1 e=0',
  'tcp both shut wr: 2 r=1 w=1 e=0',
  'tcp client after both: 2 r=1 w=1 e=0',
  'tcp peer closed: 2 r=1 w=1 e=0',
  'tcp connected again: 1 r=0 w=1 e=0',
  'tcp peer reset: 2 r=1 w=1 e=0',
  'W: socket_recv(): Unable to read from socket [104]: Connection reset by peer',
  'error 104',
  'tcp after reset read: 2 r=1 w=1 e=0',
  'bool(false)',
  'tcp refused: 2 r=1 w=1 e=0',
  'SO_ERROR 111',
  'tcp refused after SO_ERROR: 2 r=1 w=1 e=0',
  'unix pair idle: 1 r=0 w=1 e=0',
  'unix pair data: 2 r=1 w=1 e=0',
  'unix pair peer closed: 2 r=1 w=1 e=0',
  'unix dgram pair idle: 1 r=0 w=1 e=0',
  'unix dgram pair peer closed: 1 r=0 w=1 e=0',
  'unix seqpacket peer closed: 2 r=1 w=1 e=0',
  'full 11',
  'unix stream full: 0 r=0 w=0 e=0',
  'unix stream full, shut down: 1 r=1 w=0 e=0',
  'udp icmp error: 2 r=1 w=1 e=0',
  'W: socket_recv(): Unable to read from socket [111]: Connection refused',
  'error 111',
  'udp after error: 1 r=0 w=1 e=0',
];

describe.each(MODES)("socket_select readiness ($name): select(2)'s answer for listening, peer-closed, reset and failed sockets", (mode) => {
  inMode(mode);

    it('prints what PHP 8.2 printed', () => {
      expect(tsStates()).toEqual(STATES);
    });

    it.runIf(hasPhp)('prints what php prints now', () => {
      const lines = php(PHP_STATES).split('\n');
      expect(lines.pop()).toBe('');
      expect(tsStates()).toEqual(lines);
    });
});
