// stream_select: misuse, PHP's array rewriting (keys, duplicates, nulls), buffered data counting
// as readable, timeouts, descriptors above 1024, and the tutorial's multi-client echo server
// holding 1,000 concurrent loopback clients.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as p from '../lib/index.js';
import { captureWarnings, thrown } from './helpers/capture.js';
import { socketFds } from './helpers/fds.js';
import { hasPhp } from './helpers/php.js';
import { StreamTranscript, phpTranscript } from './helpers/streams.js';
import { keptUntilEnd } from './helpers/closing.js';
import { stateOf } from '../lib/streams/stream.js';

// Pairs stay referenced until the file ends: a collected peer would be closed by its finalizer,
// making the other end readable (end of stream) mid-test.
const kept = keptUntilEnd();
function pair(): [p.Stream, p.Stream] {
  const both = p.stream_socket_pair(p.STREAM_PF_UNIX, p.STREAM_SOCK_STREAM, 0) as [p.Stream, p.Stream];
  kept.push(both);
  return both;
}

describe('stream_select misuse', () => {
  const [x, y] = pair();
  it('throws PHP errors', () => {
    expect(thrown(() => p.stream_select(null, null, null, 0))).toBe('ValueError: No stream arrays were passed');
    expect(thrown(() => p.stream_select([], [], null, 0))).toBe('ValueError: No stream arrays were passed');
    expect(thrown(() => p.stream_select(['x'] as never, null, null, 0))).toBe('ValueError: No stream arrays were passed');
    expect(thrown(() => p.stream_select([x], null, null, -1))).toBe(
      'ValueError: stream_select(): Argument #4 ($seconds) must be greater than or equal to 0',
    );
    expect(thrown(() => p.stream_select([x], null, null, 0, -1))).toBe(
      'ValueError: stream_select(): Argument #5 ($microseconds) must be greater than or equal to 0',
    );
    expect(thrown(() => p.stream_select([x], null, null, null, 5))).toBe(
      'ValueError: stream_select(): Argument #5 ($microseconds) must be null when argument #4 ($seconds) is null',
    );
    expect(thrown(() => p.stream_select([x], 'str' as never, null, 0))).toBe(
      'TypeError: stream_select(): Argument #2 ($write) must be of type ?array, string given',
    );
    expect(thrown(() => p.stream_select([x], null, null, 'abc' as never))).toBe(
      'TypeError: stream_select(): Argument #4 ($seconds) must be of type ?int, string given',
    );
    expect(captureWarnings(() => p.stream_select([x], null, null, 1.5 as never)).warnings).toEqual([
      'Implicit conversion from float 1.5 to int loses precision',
    ]);
  });

  it('drops what is not a stream, selects the rest, then throws TypeError', () => {
    const w: unknown[] = [y, 'y', 5];
    const r: unknown[] = [x];
    expect(thrown(() => p.stream_select(r as never, w as never, null, 0, 300000))).toBe(
      'TypeError: stream_select(): supplied argument is not a valid stream resource',
    );
    expect(r).toEqual([]);
    expect(w).toEqual([y]);
    const [c, d] = pair();
    p.fclose(d);
    const r2: unknown[] = [c, d];
    expect(thrown(() => p.stream_select(r2 as never, null, null, 0))).toBe(
      'TypeError: stream_select(): supplied resource is not a valid stream resource',
    );
    expect(r2).toEqual([c]);
    p.fclose(c);
  });
});

describe('stream_select', () => {
  it('filters in place, keeps object keys and duplicates, and counts ready (fd, set) pairs', () => {
    const [x, y] = pair();
    p.fwrite(y, 'hi\nthere');
    const read = { a: x, b: y, c: x };
    const write = { w: x, v: y };
    const except: p.Stream[] = [x];
    expect(p.stream_select(read, write, except, 0)).toBe(3);
    expect(read).toEqual({ a: x, c: x });
    expect(Object.keys(write)).toEqual(['w', 'v']);
    expect(except).toEqual([]);
    expect(p.fgets(x)).toBe('hi\n');
    // Buffered data: readable at once, the other sets emptied.
    const read2 = [y, x];
    const write2 = [y];
    const except2: p.Stream[] = [];
    expect(p.stream_select(read2, write2, except2, null)).toBe(1);
    expect([read2, write2, except2]).toEqual([[x], [], []]);
    expect(p.stream_select([x], null, null, null, 0)).toBe(1);
    p.fclose(x);
    p.fclose(y);
  });

  it('waits for the timeout, and reports end of stream and pending connections as readable', () => {
    const [x, y] = pair();
    const read = [x];
    const t0 = performance.now();
    expect(p.stream_select(read, null, null, 0, 200000)).toBe(0);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(190);
    expect(read).toEqual([]);
    p.fclose(y);
    const read2 = [x];
    expect(p.stream_select(read2, null, null, 1)).toBe(1);
    expect(p.fread(x, 1)).toBe('');
    p.fclose(x);
    const s = p.stream_socket_server('tcp://127.0.0.1:0') as p.Stream;
    const c = p.stream_socket_client(`tcp://${p.stream_socket_get_name(s, false)}`) as p.Stream;
    const read3 = [s];
    expect(p.stream_select(read3, null, null, 1)).toBe(1);
    p.fclose(p.stream_socket_accept(s, 0) as p.Stream);
    p.fclose(c);
    p.fclose(s);
  });

  it('works for descriptors above 1024 (poll, not select)', () => {
    const pairs: [p.Stream, p.Stream][] = [];
    while (pairs.length < 700 && Math.max(...socketFds()) < 1100) {
      for (let i = 0; i < 50; i++) pairs.push(pair());
    }
    expect(Math.max(...socketFds())).toBeGreaterThanOrEqual(1100);
    const [a, b] = pairs[pairs.length - 1]!;
    p.fwrite(b, 'x');
    const read = pairs.map(([first]) => first);
    expect(p.stream_select(read, null, null, 1)).toBe(1);
    expect(read).toEqual([a]);
    for (const [first, second] of pairs) {
      p.fclose(first);
      p.fclose(second);
    }
  });
});

describe('stream_select with a steady list (the same Streams every call)', () => {
  const fdOf = (s: p.Stream): number => stateOf(s).fd;
  it('still sees buffered data, a stream closed, replaced on its number or moved, and what is not a stream', () => {
    const pairs = Array.from({ length: 40 }, () => pair());
    const list = pairs.map(([a]) => a);
    for (let round = 0; round < 20; round++) {
      const i = (round * 7) % 40;
      expect(p.fwrite(pairs[i]![1], 'x')).toBe(1);
      const read = [...list];
      expect(p.stream_select(read, null, null, 2)).toBe(1);
      expect(read).toEqual([list[i]]);
      expect(p.fread(list[i]!, 10)).toBe('x');
    }
    // Data left in a stream's read buffer: readable without waiting, the other sets emptied.
    expect(p.fwrite(pairs[3]![1], 'a\nb\n')).toBe(4);
    expect(p.stream_select([...list], null, null, 2)).toBe(1);
    expect(p.fgets(list[3]!)).toBe('a\n');
    for (let round = 0; round < 3; round++) {
      const read = [...list];
      const write = [pairs[0]![1]];
      expect(p.stream_select(read, write, null, null)).toBe(1);
      expect([read, write]).toEqual([[list[3]], []]);
    }
    expect(p.fgets(list[3]!)).toBe('b\n');
    expect(p.stream_select([...list], null, null, 0)).toBe(0);
    // The same after an fread that leaves bytes in the buffer.
    expect(p.fwrite(pairs[9]![1], 'cd')).toBe(2);
    expect(p.stream_select([...list], null, null, 2)).toBe(1);
    expect(p.fread(list[9]!, 1)).toBe('c');
    const write = [pairs[0]![1]];
    const afterRead = [...list];
    expect(p.stream_select(afterRead, write, null, null)).toBe(1);
    expect([afterRead, write]).toEqual([[list[9]], []]);
    expect(p.fread(list[9]!, 1)).toBe('d');
    expect(p.stream_select([...list], null, null, 0)).toBe(0);
    // Closed behind the list's back: dropped, the rest selected, then PHP's TypeError.
    const closed = list[5]!;
    const number = fdOf(closed);
    p.fclose(closed);
    expect(p.fwrite(pairs[6]![1], 'y')).toBe(1);
    const read = [...list];
    expect(thrown(() => p.stream_select(read, null, null, 0))).toBe(
      'TypeError: stream_select(): supplied resource is not a valid stream resource',
    );
    expect(read).toEqual([list[6]]);
    expect(p.fread(list[6]!, 10)).toBe('y');
    // A new stream in its place (on its number, as the kernel reuses the lowest): its answers.
    const [c, d] = pair();
    expect([fdOf(c), fdOf(d)]).toContain(number);
    list[5] = c;
    expect(p.fwrite(d, 'z')).toBe(1);
    for (let round = 0; round < 3; round++) {
      const again = [...list];
      expect(p.stream_select(again, null, null, 0)).toBe(1);
      expect(again).toEqual([c]);
    }
    // What is not a stream, then the steady list again.
    const mixed: unknown[] = [...list, 'no'];
    expect(thrown(() => p.stream_select(mixed as p.Stream[], null, null, 0))).toBe(
      'TypeError: stream_select(): supplied argument is not a valid stream resource',
    );
    expect(mixed).toEqual([c]);
    // The same Streams in another order, split across two sets, and as an object.
    const reversed = [...list].reverse();
    expect(p.stream_select(reversed, null, null, 0)).toBe(1);
    expect(reversed).toEqual([c]);
    const first = list.slice(0, 20);
    const second = list.slice(20);
    expect(p.stream_select(first, second, null, 0)).toBe(1 + 20);
    expect(first).toEqual([c]);
    expect(second).toEqual(list.slice(20));
    const keyed = Object.fromEntries(list.map((s, i) => [`k${i}`, s]));
    expect(p.stream_select(keyed, null, null, 0)).toBe(1);
    expect(keyed).toEqual({ k5: c });
    expect(p.fread(c, 10)).toBe('z');
    const last = [...list];
    expect(p.stream_select(last, null, null, 0)).toBe(0);
    expect(last).toEqual([]);
    for (const [a, b] of pairs) {
      if (stateOf(a).open) p.fclose(a);
      p.fclose(b);
    }
    p.fclose(c);
    p.fclose(d);
  });
});

describe('a read after stream_select reported the stream readable', () => {
  it('still waits (and times out) when the data went elsewhere, as PHP does', () => {
    const [a, b] = pair();
    expect(p.fwrite(b, 'xy')).toBe(2);
    expect(p.stream_select([a], null, null, 1)).toBe(1);
    // The bytes select saw are taken by a socket on the same descriptor.
    const sock = p.socket_import_stream(a) as p.Socket;
    const buf = p.ref();
    expect(p.socket_recv(sock, buf, 10, 0)).toBe(2);
    expect(buf.value).toBe('xy');
    expect(p.stream_set_timeout(a, 0, 200000)).toBe(true);
    const t0 = performance.now();
    expect(p.fread(a, 10)).toBe(false);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(190);
    expect(p.stream_get_meta_data(a).timed_out).toBe(true);
    expect(p.fwrite(b, 'z')).toBe(1);
    expect(p.stream_select([a], null, null, 1)).toBe(1);
    expect(p.fread(a, 10)).toBe('z');
    expect(p.stream_get_meta_data(a).timed_out).toBe(false);
    p.fclose(b);
    expect(p.stream_select([a], null, null, 1)).toBe(1);
    expect(p.fread(a, 10)).toBe('');
    expect(p.feof(a)).toBe(true);
    p.fclose(a);
  });
});

describe.runIf(hasPhp)('stream_select against PHP', () => {
  it('prints the same transcript', () => {
    const tr = new StreamTranscript();
    let x!: p.Stream;
    let y!: p.Stream;
    tr.t('pair', () => {
      [x, y] = pair();
      return p.fwrite(y, 'hi\nthere');
    });
    tr.t('select', () => {
      const r = { a: x, b: y, c: x };
      const w = { w: x, v: y };
      const e = { e: x };
      return [p.stream_select(r, w, e, 0), r, w, e];
    });
    tr.t('fgets', () => p.fgets(x));
    tr.t('buffered', () => {
      const r = { a: y, b: x };
      const w = { w: y };
      const e = {};
      return [p.stream_select(r, w, e, null), r, w, e];
    });
    tr.t('null usec 0', () => p.stream_select([x], null, null, null, 0));
    tr.t('bad element', () => {
      const r: unknown[] = [x, 'x'];
      try {
        return [p.stream_select(r as never, null, null, 0), r];
      } catch (e) {
        return [`${(e as Error).name}: ${(e as Error).message}`, r];
      }
    });
    tr.t('none', () => p.stream_select(['x'] as never, null, null, 0));
    tr.t('both errors', () => p.stream_select([], null, null, -1));
    tr.t('timeout', () => {
      const r = [y];
      return [p.stream_select(r, null, null, 0, 100000), r];
    });
    // One variable passed as two sets: the later set narrows what the earlier one left.
    tr.t('same array twice', () => {
      const [a, b] = pair();
      const [c] = pair();
      p.fwrite(b, 'x');
      const s = [a, c];
      const o = { p: a, q: c };
      const z = [c, a];
      return [p.stream_select(s, s, null, 0), s.length, p.stream_select(o, o, null, 0), Object.keys(o), p.stream_select(z, null, z, 0), z.length];
    });
    expect(tr.text).toBe(
      phpTranscript(String.raw`
      t('pair', function () { global $x, $y; [$x, $y] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0); return fwrite($y, "hi\nthere"); });
      t('select', function () { global $x, $y; $r = ['a' => $x, 'b' => $y, 'c' => $x]; $w = ['w' => $x, 'v' => $y]; $e = ['e' => $x]; return [stream_select($r, $w, $e, 0), $r, $w, $e]; });
      t('fgets', function () { global $x; return fgets($x); });
      t('buffered', function () { global $x, $y; $r = ['a' => $y, 'b' => $x]; $w = ['w' => $y]; $e = []; return [stream_select($r, $w, $e, null), $r, $w, $e]; });
      t('null usec 0', function () { global $x; $r = [$x]; $w = $e = null; return stream_select($r, $w, $e, null, 0); });
      t('bad element', function () { global $x; $r = [$x, 'x']; $w = $e = null; $n = null; try { $n = stream_select($r, $w, $e, 0); } catch (TypeError $t) { return [get_class($t) . ': ' . $t->getMessage(), $r]; } return [$n, $r]; });
      t('none', function () { $r = ['x']; $w = $e = null; return stream_select($r, $w, $e, 0); });
      t('both errors', function () { $r = []; $w = $e = null; return stream_select($r, $w, $e, -1); });
      t('timeout', function () { global $y; $r = [$y]; $w = $e = null; return [stream_select($r, $w, $e, 0, 100000), $r]; });
      t('same array twice', function () { [$a, $b] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0); [$c, $d] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0); fwrite($b, 'x'); $s = [$a, $c]; $o = ['p' => $a, 'q' => $c]; $z = [$c, $a]; $n = null; return [stream_select($s, $s, $n, 0), count($s), stream_select($o, $o, $n, 0), array_keys($o), stream_select($z, $n, $z, 0), count($z)]; });
    `),
    );
  });
});

describe('the stream_select echo server (tutorial) with 1,000 concurrent clients', () => {
  it('echoes every client', async () => {
    const script = fileURLToPath(new URL('./helpers/stream-select-server.ts', import.meta.url));
    const N = 1000;
    const child = spawn(process.execPath, ['--import', 'tsx', script, String(N)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    const address = (await lines.next()).value as string;
    expect(address).toMatch(/^127\.0\.0\.1:\d+$/);

    const clients: p.Stream[] = [];
    const message = (i: number) => `client ${i} says ${'x'.repeat(i % 60)}\n`;
    for (let i = 0; i < N; i++) {
      const c = p.stream_socket_client(`tcp://${address}`, null, null, 5);
      expect(c).toBeInstanceOf(p.Stream);
      clients.push(c as p.Stream);
      // Every 25 connections, a round trip on the newest: the server has accepted all of them,
      // so the listen backlog (32, as in PHP) never overflows.
      if (i % 25 === 24) {
        p.fwrite(c as p.Stream, message(i));
        expect(p.fgets(c as p.Stream)).toBe(message(i));
      }
    }
    // All 1,000 connected at once: each sends a line and reads it back.
    for (let i = 0; i < N; i++) if (i % 25 !== 24) p.fwrite(clients[i]!, message(i));
    for (let i = 0; i < N; i++) if (i % 25 !== 24) expect(p.fgets(clients[i]!)).toBe(message(i));
    for (const c of clients) p.fclose(c);
    const stats = JSON.parse((await lines.next()).value as string);
    expect(stats).toEqual({ accepted: N, most: N, echoed: N, disconnected: N });
    await new Promise((resolve) => child.on('exit', resolve));
  }, 20000);
});

describe('selects and the signals PHP ignores', () => {
  // PHP leaves SIGCHLD and SIGWINCH at their default (ignored), so a child process ending during
  // a select does not interrupt it; Node handles both (libuv), and the selects block them while
  // they wait (docs/differences.md). PHP 8.2: stream_select 0 and socket_select 0 after the timeout.
  it('a child process ending during stream_select or socket_select does not interrupt it', async () => {
    const [x] = pair();
    const ends = p.ref<p.Socket[]>();
    p.socket_create_pair(p.AF_UNIX, p.SOCK_STREAM, 0, ends);
    const sock = ends.value![0]!;
    for (const select of [
      () => p.stream_select([x], null, null, 0, 600000),
      () => p.socket_select([sock], null, null, 0, 600000),
    ]) {
      const child = spawn('sleep', ['0.1'], { stdio: 'ignore' });
      const exited = new Promise((resolve) => child.on('exit', resolve));
      const t0 = performance.now();
      const { result, warnings } = captureWarnings(select);
      const ms = performance.now() - t0;
      expect({ result, warnings }).toEqual({ result: 0, warnings: [] });
      expect(ms).toBeGreaterThanOrEqual(550);
      await exited;
    }
    for (const e of ends.value!) p.socket_close(e);
  });
});
