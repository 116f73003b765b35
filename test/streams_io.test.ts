// fread, fwrite/fputs, fgets, fgetc, feof, fflush, fclose, stream_get_contents,
// stream_copy_to_stream, stream_set_blocking, stream_set_timeout, stream_get_meta_data, and
// ini_get/ini_set('default_socket_timeout'): PHP 8.2's read buffer (8192-byte reads), timeouts,
// end-of-stream detection and failure texts. Expected values are PHP's for the same steps; where PHP
// is installed the transcripts are also compared with it at test time.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as p from '../lib/index.js';
import { captureWarnings, thrown } from './helpers/capture.js';
import { hasPhp } from './helpers/php.js';
import { StreamTranscript, phpTranscript } from './helpers/streams.js';

const loose = (f: unknown) => f as (...a: unknown[]) => unknown;

beforeAll(() => {
  p.ini_set('default_socket_timeout', 1);
});
afterAll(() => {
  p.ini_set('default_socket_timeout', 60);
});

function pair(): [p.Stream, p.Stream] {
  return p.stream_socket_pair(p.STREAM_PF_UNIX, p.STREAM_SOCK_STREAM, 0) as [p.Stream, p.Stream];
}

function tcp(): { s: p.Stream; c: p.Stream; a: p.Stream } {
  const s = p.stream_socket_server('tcp://127.0.0.1:0') as p.Stream;
  const c = p.stream_socket_client(`tcp://${p.stream_socket_get_name(s, false)}`) as p.Stream;
  const a = p.stream_socket_accept(s) as p.Stream;
  return { s, c, a };
}

function timed<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const r = f();
  return [r, (performance.now() - t0) / 1000];
}

describe('misuse', () => {
  const [x, y] = pair();
  p.fclose(y);
  const fns: [string, (v: unknown) => unknown][] = [
    ['fread', (v) => p.fread(v as p.Stream, 1)],
    ['fwrite', (v) => p.fwrite(v as p.Stream, 'a')],
    ['fputs', (v) => p.fputs(v as p.Stream, 'a')],
    ['fgets', (v) => p.fgets(v as p.Stream)],
    ['fgetc', (v) => p.fgetc(v as p.Stream)],
    ['feof', (v) => p.feof(v as p.Stream)],
    ['fflush', (v) => p.fflush(v as p.Stream)],
    ['fclose', (v) => p.fclose(v as p.Stream)],
    ['stream_get_contents', (v) => p.stream_get_contents(v as p.Stream)],
    ['stream_set_blocking', (v) => p.stream_set_blocking(v as p.Stream, true)],
    ['stream_set_timeout', (v) => p.stream_set_timeout(v as p.Stream, 1)],
    ['stream_get_meta_data', (v) => p.stream_get_meta_data(v as p.Stream)],
  ];
  it.each(fns)('%s: not a resource, a freed stream', (name, f) => {
    expect(thrown(() => f('x'))).toBe(`TypeError: ${name}(): Argument #1 ($stream) must be of type resource, string given`);
    expect(thrown(() => f(null))).toBe(`TypeError: ${name}(): Argument #1 ($stream) must be of type resource, null given`);
    expect(thrown(() => f(y))).toBe(`TypeError: ${name}(): supplied resource is not a valid stream resource`);
  });

  it('checks lengths and arguments as PHP does', () => {
    expect(thrown(() => p.fread(x, 0))).toBe('ValueError: fread(): Argument #2 ($length) must be greater than 0');
    expect(thrown(() => p.fgets(x, -3))).toBe('ValueError: fgets(): Argument #2 ($length) must be greater than 0');
    expect(thrown(() => p.stream_get_contents(x, -2))).toBe(
      'ValueError: stream_get_contents(): Argument #2 ($length) must be greater than or equal to -1',
    );
    expect(thrown(() => p.fwrite(x, 'abc', 'x' as never))).toBe(
      'TypeError: fwrite(): Argument #3 ($length) must be of type ?int, string given',
    );
    expect(thrown(() => p.stream_set_timeout(x, 'x' as never))).toBe(
      'TypeError: stream_set_timeout(): Argument #2 ($seconds) must be of type int, string given',
    );
    expect(thrown(() => p.stream_set_blocking(x, [] as never))).toBe(
      'TypeError: stream_set_blocking(): Argument #2 ($enable) must be of type bool, array given',
    );
    expect(thrown(() => p.stream_copy_to_stream('x' as never, x))).toBe(
      'TypeError: stream_copy_to_stream(): Argument #1 ($from) must be of type resource, string given',
    );
    expect(thrown(() => p.stream_copy_to_stream(x, y))).toBe(
      'TypeError: stream_copy_to_stream(): supplied resource is not a valid stream resource',
    );
    // fwrite of nothing returns 0 before it looks at the stream.
    expect(p.fwrite(y, '')).toBe(0);
    expect(p.fwrite(y, 'abc', 0)).toBe(0);
    expect(captureWarnings(() => p.fwrite(x, null as never))).toEqual({
      result: 0,
      warnings: ['fwrite(): Passing null to parameter #2 ($data) of type string is deprecated'],
    });
    expect(thrown(() => new (p.Stream as unknown as new () => unknown)())).toBe(
      'Error: Cannot directly construct Stream, use stream_socket_client() or fsockopen() instead',
    );
    p.fclose(x);
  });
});

describe('fread', () => {
  it('reads 8192-byte chunks: the buffered bytes plus at most one read', () => {
    const [x, y] = pair();
    expect(p.fwrite(x, 'x'.repeat(20000))).toBe(20000);
    expect((p.fread(y, 100000) as string).length).toBe(8192);
    expect(p.stream_get_meta_data(y).unread_bytes).toBe(0);
    expect((p.fread(y, 5) as string).length).toBe(5);
    expect(p.stream_get_meta_data(y).unread_bytes).toBe(8187);
    // The buffered bytes, then one more read.
    expect((p.fread(y, 100000) as string).length).toBe(11803);
    p.fclose(x);
    expect(p.fread(y, 10)).toBe('');
    expect(p.stream_get_meta_data(y).eof).toBe(true);
    p.fclose(y);
  });

  it('times out with false and timed_out, and waits even with buffered bytes (PHP 8.2)', () => {
    const [x, y] = pair();
    p.stream_set_timeout(y, 0, 200000);
    const [r, t] = timed(() => p.fread(y, 10));
    expect(r).toBe(false);
    expect(t).toBeGreaterThanOrEqual(0.19);
    expect(p.stream_get_meta_data(y).timed_out).toBe(true);
    p.fwrite(x, 'line\nrest');
    expect(p.fgets(y)).toBe('line\n');
    expect(p.stream_get_meta_data(y).timed_out).toBe(false);
    const [rest, t2] = timed(() => p.fread(y, 100));
    expect(rest).toBe('rest');
    expect(t2).toBeGreaterThanOrEqual(0.19);
    p.fwrite(x, 'line\nrest');
    p.fgets(y);
    expect(timed(() => p.fread(y, 4))[0]).toBe('rest');
    p.fclose(x);
    p.fclose(y);
  });

  it('waits out its timeout when a signal handler runs', async () => {
    const script = fileURLToPath(new URL('./helpers/stream-signal-child.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    expect((await lines.next()).value).toBe('waiting');
    await new Promise((r) => setTimeout(r, 500));
    child.kill('SIGUSR2');
    const out = JSON.parse((await lines.next()).value as string);
    expect(out.result).toBe(false);
    expect(out.timedOut).toBe(true);
    expect(out.waited).toBeGreaterThanOrEqual(0.99);
    // The wait resumed with what was left of the timeout, not a fresh second (that would be 1.5).
    expect(out.waited).toBeLessThan(1.4);
  });

  it('waits for data with the longest timeout PHP accepts, as PHP does (no instant return)', async () => {
    const server = p.stream_socket_server('tcp://127.0.0.1:0') as p.Stream;
    const port = (p.stream_socket_get_name(server, false) as string).split(':')[1];
    // Another process connects, then sends one byte 300 ms later; this thread blocks in fread.
    const writer = spawn(
      process.execPath,
      ['-e', `const s = require('node:net').connect(${port}, '127.0.0.1', () => setTimeout(() => s.end('x'), 300));`],
      { stdio: 'ignore' },
    );
    try {
      const conn = p.stream_socket_accept(server, 5) as p.Stream;
      expect(p.stream_set_timeout(conn, 9223372036854775807n as never)).toBe(true);
      const [got, waited] = timed(() => p.fread(conn, 10));
      expect(got).toBe('x');
      expect(waited).toBeGreaterThanOrEqual(0.2);
      p.fclose(conn);
    } finally {
      p.fclose(server);
      if (writer.exitCode === null) await new Promise((r) => writer.once('exit', r));
    }
  });

  it('returns "" on a nonblocking stream with nothing queued', () => {
    const [x, y] = pair();
    expect(p.stream_set_blocking(y, false)).toBe(true);
    expect(p.fread(y, 10)).toBe('');
    expect(p.stream_get_meta_data(y).blocked).toBe(false);
    p.fclose(x);
    p.fclose(y);
  });
});

describe('fgets', () => {
  it('reads lines, the rest before end of stream, then false', () => {
    const [x, y] = pair();
    p.fwrite(x, 'one\ntwo\r\nthree');
    p.fclose(x);
    expect([p.fgets(y), p.fgets(y), p.fgets(y), p.fgets(y)]).toEqual(['one\n', 'two\r\n', 'three', false]);
    expect(p.feof(y)).toBe(true);
    p.fclose(y);
  });

  it('stops at length - 1 bytes', () => {
    const [x, y] = pair();
    p.fwrite(x, 'abcdef\n');
    expect([p.fgets(y, 1), p.fgets(y, 2), p.fgets(y, 3), p.fgets(y, 100)]).toEqual([false, 'a', 'bc', 'def\n']);
    p.fclose(x);
    p.fclose(y);
  });

  it('returns a partial line after the timeout', () => {
    const [x, y] = pair();
    p.stream_set_timeout(y, 0, 150000);
    p.fwrite(x, 'partial');
    const [r, t] = timed(() => p.fgets(y));
    expect(r).toBe('partial');
    expect(t).toBeGreaterThanOrEqual(0.14);
    expect(timed(() => p.fgets(y))[0]).toBe(false);
    p.fclose(x);
    p.fclose(y);
  });
});

describe('fgetc, feof, fflush, fclose', () => {
  it('behave as in PHP', () => {
    const [x, y] = pair();
    expect(p.fflush(x)).toBe(true);
    p.fwrite(x, 'xy');
    expect([p.fgetc(y), p.fgetc(y)]).toEqual(['x', 'y']);
    expect(p.feof(y)).toBe(false);
    p.stream_set_blocking(y, false);
    expect(p.fgetc(y)).toBe(false);
    p.fwrite(x, 'z');
    p.fclose(x);
    expect(p.feof(y)).toBe(false);
    expect(p.fgetc(y)).toBe('z');
    expect(p.feof(y)).toBe(true);
    expect(p.stream_get_meta_data(y).eof).toBe(true);
    expect(p.fclose(y)).toBe(true);
  });
});

describe('fwrite', () => {
  it('sends partially on a nonblocking stream and times out on a blocking one', () => {
    const [x, y] = pair();
    p.stream_set_blocking(x, false);
    const big = Buffer.alloc(10_000_000, 0x62);
    const n = p.fwrite(x, big) as number;
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(big.length);
    expect(p.fwrite(x, big)).toBe(0);
    p.stream_set_blocking(x, true);
    p.stream_set_timeout(x, 0, 200000);
    const { result, warnings } = captureWarnings(() => timed(() => p.fwrite(x, big)));
    expect(result[0]).toBe(false);
    expect(result[1]).toBeGreaterThanOrEqual(0.19);
    expect(warnings).toEqual(['fwrite(): Send of 10000000 bytes failed with errno=11 Resource temporarily unavailable']);
    expect(p.stream_get_meta_data(x).timed_out).toBe(true);
    p.fclose(y);
    expect(captureWarnings(() => p.fputs(x, 'abc'))).toEqual({
      result: false,
      warnings: ['fputs(): Send of 3 bytes failed with errno=32 Broken pipe'],
    });
    p.fclose(x);
  });

  it('writes Uint8Arrays, numbers and the first `length` bytes', () => {
    const [x, y] = pair();
    expect(p.fwrite(x, new Uint8Array([0, 255]))).toBe(2);
    expect(p.fwrite(x, 123 as never)).toBe(3);
    expect(p.fputs(x, 'abc', 2)).toBe(2);
    expect(p.fwrite(x, 'abc', -1)).toBe(0);
    expect(p.fread(y, 100)).toBe('\x00\xff123ab');
    p.fclose(x);
    p.fclose(y);
  });
});

describe('stream_get_contents', () => {
  it('reads to end of stream, a length, or after an emulated forward seek', () => {
    const [x, y] = pair();
    p.fwrite(x, '0123456789');
    expect(p.stream_get_contents(y, 0)).toBe('');
    expect(p.stream_get_contents(y, 2, 0)).toBe('01');
    expect(captureWarnings(() => p.stream_get_contents(y, 2, 1))).toEqual({
      result: false,
      warnings: [
        'stream_get_contents(): Stream does not support seeking',
        'stream_get_contents(): Failed to seek to position 1 in the stream',
      ],
    });
    expect(p.stream_get_contents(y, 2, 3)).toBe('34');
    // Writes move the position too.
    p.fwrite(y, 'zz');
    expect(captureWarnings(() => p.stream_get_contents(y, 1, 5)).warnings).toHaveLength(2);
    p.fwrite(x, 'abc');
    p.fclose(x);
    expect(p.stream_get_contents(y)).toBe('56789abc');
    expect(p.stream_get_contents(y, -1, -1)).toBe('');
    p.fclose(y);
  });

  it('stops at the timeout without failing', () => {
    const [x, y] = pair();
    p.stream_set_timeout(y, 0, 150000);
    p.fwrite(x, 'some');
    const [r, t] = timed(() => p.stream_get_contents(y));
    expect(r).toBe('some');
    expect(t).toBeGreaterThanOrEqual(0.14);
    expect(p.feof(y)).toBe(false);
    const warned = captureWarnings(() => p.stream_get_contents(y, 1, 100));
    expect(warned).toEqual({ result: false, warnings: ['stream_get_contents(): Failed to seek to position 100 in the stream'] });
    p.fclose(x);
    p.fclose(y);
  });
});

describe('stream_copy_to_stream', () => {
  it('copies until end of stream, a length, and fails on a read timeout', () => {
    const [x, y] = pair();
    const [q, r] = pair();
    expect(p.stream_copy_to_stream(y, q, 0)).toBe(0);
    p.fwrite(x, '0123456789');
    expect(p.fread(y, 2)).toBe('01');
    expect(p.stream_copy_to_stream(y, q, 1, 4)).toBe(1);
    expect(captureWarnings(() => p.stream_copy_to_stream(y, q, 1, 2))).toEqual({
      result: false,
      warnings: [
        'stream_copy_to_stream(): Stream does not support seeking',
        'stream_copy_to_stream(): Failed to seek to position 2 in the stream',
      ],
    });
    expect(p.stream_copy_to_stream(y, q, 3)).toBe(3);
    p.stream_set_timeout(y, 0, 100000);
    // The read that times out fails the copy, although "89" was copied.
    expect(p.stream_copy_to_stream(y, q)).toBe(false);
    expect(p.fread(r, 100)).toBe('456789');
    p.fwrite(x, 'ZZ');
    p.fclose(x);
    expect(p.stream_copy_to_stream(y, q, -2)).toBe(2);
    expect(p.stream_copy_to_stream(y, q)).toBe(0);
    p.fclose(r);
    for (const z of [y, q]) p.fclose(z);
  });
});

describe('stream_set_timeout, stream_set_blocking, stream_get_meta_data', () => {
  it('set and report', () => {
    const { s, c, a } = tcp();
    expect(p.stream_set_timeout(c, 0, 100000)).toBe(true);
    expect(p.fread(c, 1)).toBe(false);
    expect(p.stream_get_meta_data(c)).toEqual({
      timed_out: true,
      blocked: true,
      eof: false,
      stream_type: 'tcp_socket/ssl',
      mode: 'r+',
      unread_bytes: 0,
      seekable: false,
    });
    expect(p.stream_set_timeout(c, 1, 5000000)).toBe(true);
    expect(p.stream_get_meta_data(c).timed_out).toBe(false);
    expect(p.stream_set_blocking(c, 0 as never)).toBe(true);
    expect(p.stream_get_meta_data(c).blocked).toBe(false);
    expect(captureWarnings(() => p.stream_set_blocking(c, null as never)).warnings).toEqual([
      'stream_set_blocking(): Passing null to parameter #2 ($enable) of type bool is deprecated',
    ]);
    expect(Object.keys(p.stream_get_meta_data(a))).toEqual([
      'timed_out',
      'blocked',
      'eof',
      'stream_type',
      'mode',
      'unread_bytes',
      'seekable',
    ]);
    for (const z of [s, c, a]) p.fclose(z);
  });
});

describe('ini_get, ini_set', () => {
  it('keep default_socket_timeout as a string, parsed as PHP parses it', () => {
    const old = p.ini_get('default_socket_timeout');
    expect(p.ini_set('default_socket_timeout', '0x10')).toBe(old);
    expect(p.ini_get('default_socket_timeout')).toBe('0x10');
    expect(p.ini_get('no_such_thing')).toBe(false);
    expect(p.ini_set('no_such_thing', '1')).toBe(false);
    expect(captureWarnings(() => p.ini_set('default_socket_timeout', 'abc'))).toEqual({
      result: '0x10',
      warnings: [
        'Invalid "default_socket_timeout" setting. Invalid quantity "abc": no valid leading digits, interpreting as "0" for backwards compatibility',
      ],
    });
    expect(thrown(() => p.ini_set('default_socket_timeout', [] as never))).toBe(
      'TypeError: ini_set(): Argument #2 ($value) must be of type string|int|float|bool|null',
    );
    p.ini_set('default_socket_timeout', '1');
    // A new stream takes the timeout then in force.
    const [x, y] = pair();
    p.ini_set('default_socket_timeout', 30);
    const [r, t] = timed(() => p.fread(y, 1));
    expect(r).toBe(false);
    expect(t).toBeGreaterThanOrEqual(0.99);
    expect(t).toBeLessThan(5);
    p.ini_set('default_socket_timeout', old);
    p.fclose(x);
    p.fclose(y);
  });

  it.runIf(hasPhp)('parse quantities exactly as PHP', () => {
    const values = ['60', '5x', '7.5', '', '-1', '2k', ' 3 ', '0x10', '0o17', '0b101', '010', '0z', '0x', '+5', '-', '1 k', '99999999999999999999', '0k', '1 2k', '\n4\t'];
    const tr = new StreamTranscript();
    p.ini_set('default_socket_timeout', '60');
    for (const v of values) tr.t(JSON.stringify(v), () => [p.ini_set('default_socket_timeout', v), p.ini_get('default_socket_timeout')]);
    const code = values
      .map((v) => `t(${JSON.stringify(JSON.stringify(v))}, fn () => [ini_set('default_socket_timeout', ${phpString(v)}), ini_get('default_socket_timeout')]);`)
      .join('\n');
    expect(tr.text).toBe(phpTranscript(`ini_set('default_socket_timeout', '60');\n${code}`));
    p.ini_set('default_socket_timeout', 1);
  });
});

function phpString(v: string): string {
  return '"' + [...v].map((ch) => '\\x' + ch.charCodeAt(0).toString(16).padStart(2, '0')).join('') + '"';
}

describe.runIf(hasPhp)('reads and writes against PHP', () => {
  it('print the same transcript', () => {
    const tr = new StreamTranscript();
    let x!: p.Stream;
    let y!: p.Stream;
    tr.t('pair', () => {
      [x, y] = pair();
      return p.stream_set_timeout(y, 0, 100000);
    });
    tr.t('write', () => p.fwrite(x, 'ab\ncd\r\nef'));
    tr.t('fgets', () => p.fgets(y));
    tr.t('meta', () => p.stream_get_meta_data(y));
    tr.t('fgets 2', () => p.fgets(y, 2));
    tr.t('fgetc', () => p.fgetc(y));
    tr.t('fread', () => p.fread(y, 3));
    tr.t('fgets rest', () => p.fgets(y));
    tr.t('timed out', () => [p.fgets(y), p.stream_get_meta_data(y)]);
    tr.t('nonblocking', () => [p.stream_set_blocking(y, false), p.fread(y, 5), p.fgets(y), p.fgetc(y), p.stream_get_contents(y)]);
    tr.t('meta 2', () => p.stream_get_meta_data(y));
    tr.t('close peer', () => [p.fwrite(x, 'last'), p.fclose(x)]);
    tr.t('eof', () => [p.feof(y), p.fread(y, 10), p.feof(y), p.fread(y, 10), p.fgets(y), p.fgetc(y)]);
    tr.t('meta 3', () => p.stream_get_meta_data(y));
    tr.t('write closed', () => p.fwrite(y, 'x'));
    tr.t('contents', () => p.stream_get_contents(y));
    tr.t('close', () => [p.fclose(y), y]);
    expect(tr.text).toBe(
      phpTranscript(String.raw`
      t('pair', function () { global $x, $y; [$x, $y] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0); return stream_set_timeout($y, 0, 100000); });
      t('write', function () { global $x; return fwrite($x, "ab\ncd\r\nef"); });
      t('fgets', function () { global $y; return fgets($y); });
      t('meta', function () { global $y; return stream_get_meta_data($y); });
      t('fgets 2', function () { global $y; return fgets($y, 2); });
      t('fgetc', function () { global $y; return fgetc($y); });
      t('fread', function () { global $y; return fread($y, 3); });
      t('fgets rest', function () { global $y; return fgets($y); });
      t('timed out', function () { global $y; return [fgets($y), stream_get_meta_data($y)]; });
      t('nonblocking', function () { global $y; return [stream_set_blocking($y, false), fread($y, 5), fgets($y), fgetc($y), stream_get_contents($y)]; });
      t('meta 2', function () { global $y; return stream_get_meta_data($y); });
      t('close peer', function () { global $x; return [fwrite($x, 'last'), fclose($x)]; });
      t('eof', function () { global $y; return [feof($y), fread($y, 10), feof($y), fread($y, 10), fgets($y), fgetc($y)]; });
      t('meta 3', function () { global $y; return stream_get_meta_data($y); });
      t('write closed', function () { global $y; return fwrite($y, 'x'); });
      t('contents', function () { global $y; return stream_get_contents($y); });
      t('close', function () { global $y; return [fclose($y), $y]; });
    `),
    );
  });
});

describe.runIf(hasPhp)('edge lengths against PHP', () => {
  // fgets(s, 1) reads nothing and never waits (PHP asks the buffer for length - 1 = 0 bytes), so
  // an idle stream's timed_out stays false; fgets(s, 2) does wait.
  it('fgets, fread, fgetc and stream_get_contents with 0, 1, 2, negative and huge lengths', () => {
    const tr = new StreamTranscript();
    let x!: p.Stream;
    let y!: p.Stream;
    tr.t('pair', () => {
      [x, y] = pair();
      return p.stream_set_timeout(y, 0, 100000);
    });
    for (const n of [0, 1, 2, -1]) tr.t(`idle fgets ${n}`, () => [loose(p.fgets)(y, n), p.stream_get_meta_data(y).timed_out]);
    tr.t('write', () => p.fwrite(x, 'hello\nworld\nabcdef'));
    for (const n of [1, 2, 3, 1 << 20]) tr.t(`fgets ${n}`, () => loose(p.fgets)(y, n));
    for (const n of [0, -1, 1]) tr.t(`fread ${n}`, () => loose(p.fread)(y, n));
    tr.t('fgetc', () => p.fgetc(y));
    for (const n of [0, 1, -2]) tr.t(`stream_get_contents ${n}`, () => loose(p.stream_get_contents)(y, n));
    tr.t('stream_get_contents 2 -1', () => p.stream_get_contents(y, 2, -1));
    tr.t('fread huge', () => p.fread(y, 1 << 20));
    tr.t('fgets 1 with nothing', () => [loose(p.fgets)(y, 1), p.stream_get_meta_data(y).timed_out]);
    expect(tr.text).toBe(
      phpTranscript(String.raw`
      t('pair', function () { global $x, $y; [$x, $y] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0); return stream_set_timeout($y, 0, 100000); });
      foreach ([0, 1, 2, -1] as $n) t("idle fgets $n", function () use ($n) { global $y; return [fgets($y, $n), stream_get_meta_data($y)['timed_out']]; });
      t('write', function () { global $x; return fwrite($x, "hello\nworld\nabcdef"); });
      foreach ([1, 2, 3, 1 << 20] as $n) t("fgets $n", function () use ($n) { global $y; return fgets($y, $n); });
      foreach ([0, -1, 1] as $n) t("fread $n", function () use ($n) { global $y; return fread($y, $n); });
      t('fgetc', function () { global $y; return fgetc($y); });
      foreach ([0, 1, -2] as $n) t("stream_get_contents $n", function () use ($n) { global $y; return stream_get_contents($y, $n); });
      t('stream_get_contents 2 -1', function () { global $y; return stream_get_contents($y, 2, -1); });
      t('fread huge', function () { global $y; return fread($y, 1 << 20); });
      t('fgets 1 with nothing', function () { global $y; return [fgets($y, 1), stream_get_meta_data($y)['timed_out']]; });
    `),
    );
  });

  it('feof of a listening stream is false until a connection is pending, as in PHP', () => {
    const tr = new StreamTranscript();
    let l!: p.Stream;
    tr.t('listen', () => {
      l = p.stream_socket_server('tcp://127.0.0.1:0') as p.Stream;
      return p.feof(l);
    });
    tr.t('udp', () => p.feof(p.stream_socket_server('udp://127.0.0.1:0', null, null, p.STREAM_SERVER_BIND) as p.Stream));
    tr.t('bound only', () => p.feof(p.stream_socket_server('tcp://127.0.0.1:0', null, null, p.STREAM_SERVER_BIND) as p.Stream));
    tr.t('pending', () => {
      const c = p.stream_socket_client(`tcp://${p.stream_socket_get_name(l, false)}`);
      // The connection is complete (in the accept queue) once connect() has returned.
      return [c !== false, p.feof(l)];
    });
    tr.t('after accept', () => [p.stream_socket_accept(l) !== false, p.feof(l)]);
    tr.t('exported listener', () => {
      const s = p.socket_create(p.AF_INET, p.SOCK_STREAM, 0) as p.Socket;
      p.socket_bind(s, '127.0.0.1');
      p.socket_listen(s);
      return p.feof(p.socket_export_stream(s) as p.Stream);
    });
    expect(tr.text).toBe(
      phpTranscript(String.raw`
      t('listen', function () { global $l; $l = stream_socket_server('tcp://127.0.0.1:0'); return feof($l); });
      t('udp', fn() => feof(stream_socket_server('udp://127.0.0.1:0', $e, $m, STREAM_SERVER_BIND)));
      t('bound only', fn() => feof(stream_socket_server('tcp://127.0.0.1:0', $e, $m, STREAM_SERVER_BIND)));
      t('pending', function () { global $l, $c; $c = stream_socket_client('tcp://' . stream_socket_get_name($l, false)); return [$c !== false, feof($l)]; });
      t('after accept', function () { global $l; return [stream_socket_accept($l) !== false, feof($l)]; });
      t('exported listener', function () { $s = socket_create(AF_INET, SOCK_STREAM, 0); socket_bind($s, '127.0.0.1'); socket_listen($s); return feof(socket_export_stream($s)); });
    `),
    );
  });
});

describe('stream_get_line', () => {
  it('reads records in php-sockets/async as in the sync API, waiting in the event loop', async () => {
    const { stream_get_line } = await import('../lib/async/index.js');
    const [x, y] = pair();
    p.stream_set_timeout(y, 0, 100000);
    p.fwrite(x, '+OK\r\n$5\r\nhel');
    const got: unknown[] = [await stream_get_line(y, 1024, '\r\n'), await stream_get_line(y, 1024, '\r\n')];
    const pending = stream_get_line(y, 1024, '\r\n');
    setTimeout(() => p.fwrite(x, 'lo\r\n'), 20);
    got.push(await pending, await stream_get_line(y, 1024, '\r\n'), p.stream_get_meta_data(y).timed_out);
    expect(got).toEqual(['+OK', '$5', 'hello', false, true]);
    await expect(stream_get_line(y, -1)).rejects.toThrow('stream_get_line(): Argument #2 ($length) must be greater than or equal to 0');
    p.fclose(x);
    p.fclose(y);
  });
});
