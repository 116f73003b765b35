// socket_send, socket_recv, socket_sendto, socket_recvfrom, socket_atmark. Expected values are
// what PHP 8.2 printed for the same steps; with php installed, the transcript at the end also runs
// in PHP at test time and must match line for line.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as p from '../lib/index.js';
import { captureWarnings, thrown } from './helpers/capture.js';
import { hasPhp, php } from './helpers/php.js';
import { keptUntilEnd } from './helpers/closing.js';

const dir = mkdtempSync(join(tmpdir(), 'php-sockets-sr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Any = (...a: unknown[]) => unknown;
// PHP_INT_MAX: a bigint, as a number cannot hold it exactly.
const PHP_INT_MAX = 9223372036854775807n as unknown as number;

// Pairs stay referenced until the file ends: a dropped peer is closed by its finalizer at the next
// collection, which would make the other end's send fail with EPIPE or its recv see EOF mid-test.
const kept = keptUntilEnd();
function pair(type: number = p.SOCK_STREAM): [p.Socket, p.Socket] {
  const box: unknown[] = [];
  expect(p.socket_create_pair(p.AF_UNIX, type, 0, box)).toBe(true);
  kept.push(box);
  return box as [p.Socket, p.Socket];
}

/** A bound UDP socket and its port. */
function udp(family: number, host: string): [p.Socket, number] {
  const s = p.socket_create(family, p.SOCK_DGRAM, p.SOL_UDP) as p.Socket;
  expect(p.socket_bind(s, host, 0)).toBe(true);
  const port = p.ref<number>();
  p.socket_getsockname(s, p.ref(), port);
  return [s, port.value!];
}

/** A listening TCP socket, a client connected to it and the accepted server end. */
function tcp(family: number, host: string): { l: p.Socket; c: p.Socket; s: p.Socket; port: number } {
  const l = p.socket_create(family, p.SOCK_STREAM, p.SOL_TCP) as p.Socket;
  expect(p.socket_bind(l, host, 0)).toBe(true);
  expect(p.socket_listen(l)).toBe(true);
  const port = p.ref<number>();
  p.socket_getsockname(l, p.ref(), port);
  const c = p.socket_create(family, p.SOCK_STREAM, p.SOL_TCP) as p.Socket;
  expect(p.socket_connect(c, host, port.value)).toBe(true);
  const s = p.socket_accept(l) as p.Socket;
  return { l, c, s, port: port.value! };
}

function closed(): p.Socket {
  const s = p.socket_create(p.AF_INET, p.SOCK_DGRAM, 0) as p.Socket;
  p.socket_close(s);
  return s;
}

describe('socket_send', () => {
  it('throws PHP misuse errors', () => {
    const f = p.socket_send as Any;
    const [a] = pair();
    expect(thrown(() => f(a, 'abc'))).toBe('ArgumentCountError: socket_send() expects exactly 4 arguments, 2 given');
    expect(thrown(() => f(a, 'abc', 3))).toBe('ArgumentCountError: socket_send() expects exactly 4 arguments, 3 given');
    expect(thrown(() => f(a, 'abc', 3, 0, 1))).toBe(
      'ArgumentCountError: socket_send() expects exactly 4 arguments, 5 given',
    );
    expect(thrown(() => f('x', 'abc', 3, 0))).toBe(
      'TypeError: socket_send(): Argument #1 ($socket) must be of type Socket, string given',
    );
    expect(thrown(() => f(a, [], 3, 0))).toBe(
      'TypeError: socket_send(): Argument #2 ($data) must be of type string, array given',
    );
    expect(thrown(() => f(a, 'abc', 'x', 0))).toBe(
      'TypeError: socket_send(): Argument #3 ($length) must be of type int, string given',
    );
    expect(thrown(() => f(a, 'abc', -1, 0))).toBe(
      'ValueError: socket_send(): Argument #3 ($length) must be greater than or equal to 0',
    );
    // The closed check comes before the length check.
    expect(thrown(() => f(closed(), 'a', -1, 0))).toBe(
      'Error: socket_send(): Argument #1 ($socket) has already been closed',
    );
    const nul = captureWarnings(() => f(a, 'abc', null, 0));
    expect(nul.result).toBe(0);
    expect(nul.warnings).toEqual(['socket_send(): Passing null to parameter #3 ($length) of type int is deprecated']);
  });

  it('fails with PHP warnings and codes', () => {
    const us = p.socket_create(p.AF_UNIX, p.SOCK_STREAM, 0) as p.Socket;
    const r1 = captureWarnings(() => p.socket_send(us, 'x', 1, 0));
    expect(r1).toEqual({
      result: false,
      warnings: ['socket_send(): Unable to write to socket [107]: Transport endpoint is not connected'],
    });
    expect([p.socket_last_error(us), p.socket_last_error()]).toEqual([107, 107]);
    const [u] = udp(p.AF_INET, '127.0.0.1');
    expect(captureWarnings(() => p.socket_send(u, 'x', 1, 0)).warnings).toEqual([
      'socket_send(): Unable to write to socket [89]: Destination address required',
    ]);
    const [a, b] = pair();
    p.socket_close(b);
    expect(captureWarnings(() => p.socket_send(a, 'x', 1, 0)).warnings).toEqual([
      'socket_send(): Unable to write to socket [32]: Broken pipe',
    ]);
    expect(p.socket_last_error(a)).toBe(32);
  });

  it('returns false without a warning when the buffer is full (EAGAIN)', () => {
    const [a] = pair();
    p.socket_clear_error();
    const chunk = Buffer.alloc(65536, 0x7a);
    const { result, warnings } = captureWarnings(() => {
      for (let i = 0; i < 10000; i++) if (p.socket_send(a, chunk, chunk.length, p.MSG_DONTWAIT) === false) return i;
      return -1;
    });
    expect(result).toBeGreaterThan(0);
    expect(warnings).toEqual([]);
    expect([p.socket_last_error(a), p.socket_last_error()]).toEqual([11, 11]);
  });

  it('sends min(length, strlen(data)) bytes of a string or a Buffer', () => {
    const [a, b] = pair();
    expect(p.socket_send(a, 'abc', 10, 0)).toBe(3);
    expect(p.socket_send(a, 'defgh', 2, 0)).toBe(2);
    expect(p.socket_send(a, 'xyz', 0, 0)).toBe(0);
    expect(p.socket_send(a, '', 0, 0)).toBe(0);
    expect(p.socket_send(a, Buffer.from([0, 0xff, 0x80]), 3, 0)).toBe(3);
    expect(p.socket_send(a, new Uint8Array([0x41, 0x42, 0x43]).subarray(1), 5, 0)).toBe(2);
    expect(p.socket_read(b, 100)).toBe('abcde\x00\xff\x80BC');
  });
});

describe('socket_recv', () => {
  it('throws PHP misuse errors', () => {
    const f = p.socket_recv as Any;
    const [a] = pair();
    expect(thrown(() => f(a, p.ref(), 10))).toBe(
      'ArgumentCountError: socket_recv() expects exactly 4 arguments, 3 given',
    );
    expect(thrown(() => f(a, 'lit', 10, 0))).toBe(
      'Error: socket_recv(): Argument #2 ($data) cannot be passed by reference',
    );
    expect(thrown(() => f([], p.ref(), 10, 0))).toBe(
      'TypeError: socket_recv(): Argument #1 ($socket) must be of type Socket, array given',
    );
    expect(thrown(() => f(a, p.ref(), 'ten', 0))).toBe(
      'TypeError: socket_recv(): Argument #3 ($length) must be of type int, string given',
    );
    expect(thrown(() => f(closed(), p.ref(), 0, 0))).toBe(
      'Error: socket_recv(): Argument #1 ($socket) has already been closed',
    );
  });

  it('returns false for length <= 0 and leaves $data and the codes alone', () => {
    const [, b] = pair();
    p.socket_clear_error();
    for (const len of [0, -5]) {
      const d = p.ref('keep');
      const { result, warnings } = captureWarnings(() => p.socket_recv(b, d, len, 0));
      expect([result, d.value, warnings]).toEqual([false, 'keep', []]);
    }
    expect([p.socket_last_error(b), p.socket_last_error()]).toEqual([0, 0]);
  });

  it('sets $data to null on failure; EAGAIN does not warn', () => {
    const [, b] = pair();
    const d = p.ref('keep');
    const again = captureWarnings(() => p.socket_recv(b, d, 10, p.MSG_DONTWAIT));
    expect([again.result, d.value, again.warnings]).toEqual([false, null, []]);
    expect([p.socket_last_error(b), p.socket_last_error()]).toEqual([11, 11]);
    const us = p.socket_create(p.AF_UNIX, p.SOCK_STREAM, 0) as p.Socket;
    d.value = 'keep';
    const inval = captureWarnings(() => p.socket_recv(us, d, 3, 0));
    expect([inval.result, d.value, inval.warnings]).toEqual([
      false,
      null,
      ['socket_recv(): Unable to read from socket [22]: Invalid argument'],
    ]);
    // flags -1 includes MSG_DONTWAIT
    const [u] = udp(p.AF_INET, '127.0.0.1');
    expect(captureWarnings(() => p.socket_recv(u, d, 1, -1))).toEqual({ result: false, warnings: [] });
    expect(p.socket_last_error(u)).toBe(11);
  });

  it('reads, peeks, and gives null at end of stream', () => {
    const [a, b] = pair();
    const d = p.ref<string>();
    p.socket_write(a, 'hello');
    expect([p.socket_recv(b, d, 100, p.MSG_PEEK), d.value]).toEqual([5, 'hello']);
    expect([p.socket_recv(b, d, 3, 0), d.value]).toEqual([3, 'hel']);
    expect([p.socket_recv(b, d, 3, 0), d.value]).toEqual([2, 'lo']);
    p.socket_close(a);
    d.value = 'keep';
    expect([p.socket_recv(b, d, 3, 0), d.value]).toEqual([0, null]);
  });

  it('never exposes uninitialised bytes with MSG_TRUNC (capped at length)', () => {
    // PHP 8.2 returns a string as long as the datagram, its tail uninitialised memory.
    const [u, port] = udp(p.AF_INET, '127.0.0.1');
    p.socket_sendto(u, '0123456789', 10, 0, '127.0.0.1', port);
    const d = p.ref<string>();
    expect([p.socket_recv(u, d, 10, p.MSG_TRUNC | p.MSG_PEEK), d.value]).toEqual([10, '0123456789']);
    expect([p.socket_recv(u, d, 4, p.MSG_TRUNC), d.value]).toEqual([10, '0123']);
    // On a stream socket MSG_TRUNC discards: the kernel copies nothing, PHP hands out garbage.
    const { c, s } = tcp(p.AF_INET, '127.0.0.1');
    p.socket_send(c, 'abc', 3, 0);
    const r = p.ref<string>();
    expect(p.socket_select([s], null, null, 5)).toBe(1);
    expect([p.socket_recv(s, r, 2, p.MSG_TRUNC), r.value]).toEqual([2, '\0\0']);
    expect([p.socket_recv(s, r, 100, p.MSG_DONTWAIT), r.value]).toEqual([1, 'c']);
    // Seqpacket records, likewise.
    const [q0, q1] = pair(p.SOCK_SEQPACKET);
    p.socket_send(q0, 'record2', 7, 0);
    expect([p.socket_recv(q1, r, 3, p.MSG_TRUNC), r.value]).toEqual([7, 'rec']);
  });

  it('MSG_WAITALL waits for every byte of a large length (beyond the 16 MiB read cap)', async () => {
    const total = 20 * 1024 * 1024 + 7;
    const l = p.socket_create(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP) as p.Socket;
    p.socket_bind(l, '127.0.0.1', 0);
    p.socket_listen(l);
    const port = p.ref<number>();
    p.socket_getsockname(l, p.ref(), port);
    // A writer in another process, sending in pieces.
    const child = spawn(
      process.execPath,
      [
        '-e',
        `const s = require('net').connect(${port.value}, '127.0.0.1', async () => {
           const piece = Buffer.alloc(1024 * 1024 + 1, 0x61);
           let left = ${total};
           while (left > 0) {
             const n = Math.min(left, piece.length);
             if (!s.write(piece.subarray(0, n))) await new Promise((r) => s.once('drain', r));
             left -= n;
           }
           s.end();
         });`,
      ],
      { stdio: 'ignore' },
    );
    try {
      const ready = [l];
      expect(p.socket_select(ready, null, null, 15)).toBe(1);
      const s = p.socket_accept(l) as p.Socket;
      const d = p.ref<string>();
      expect(p.socket_recv(s, d, total + 100, p.MSG_WAITALL)).toBe(total);
      expect(d.value!.length).toBe(total);
      expect(d.value!.replaceAll('a', '')).toBe('');
      expect([p.socket_recv(s, d, 10, 0), d.value]).toEqual([0, null]);
    } finally {
      child.kill();
    }
  });

  it('reads at most 16 MiB a call without MSG_WAITALL, for any length (PHP 8.2 dies of memory)', () => {
    const [a, b] = pair();
    p.socket_write(a, 'small');
    const d = p.ref<string>();
    expect([p.socket_recv(b, d, PHP_INT_MAX, 0), d.value]).toEqual([5, 'small']);
    p.socket_write(a, 'again');
    expect([p.socket_recv(b, d, 2 ** 40, p.MSG_DONTWAIT), d.value]).toEqual([5, 'again']);
  });
});

describe('socket_recvfrom', () => {
  it('throws PHP misuse errors', () => {
    const f = p.socket_recvfrom as Any;
    const [u] = udp(p.AF_INET, '127.0.0.1');
    expect(thrown(() => f(u, p.ref(), 10, 0))).toBe(
      'ArgumentCountError: socket_recvfrom() expects at least 5 arguments, 4 given',
    );
    expect(thrown(() => f(u, p.ref(), 10, 0, 'addr'))).toBe(
      'Error: socket_recvfrom(): Argument #5 ($address) cannot be passed by reference',
    );
    expect(thrown(() => f(u, p.ref(), 10, 0, p.ref(), 0))).toBe(
      'Error: socket_recvfrom(): Argument #6 ($port) cannot be passed by reference',
    );
    expect(thrown(() => f(u, p.ref(), 10, 0, p.ref()))).toBe(
      'ArgumentCountError: Wrong parameter count for socket_recvfrom()',
    );
    const [u6] = udp(p.AF_INET6, '::1');
    expect(thrown(() => f(u6, p.ref(), 10, 0, p.ref()))).toBe(
      'ArgumentCountError: Wrong parameter count for socket_recvfrom()',
    );
    expect(thrown(() => f(closed(), p.ref(), 0, 0, p.ref()))).toBe(
      'Error: socket_recvfrom(): Argument #1 ($socket) has already been closed',
    );
  });

  it('returns false silently for length <= 0 and PHP_INT_MAX, before the port check', () => {
    const [u] = udp(p.AF_INET, '127.0.0.1');
    p.socket_clear_error();
    for (const len of [0, -1, PHP_INT_MAX]) {
      const d = p.ref('k');
      const a = p.ref('ka');
      expect(captureWarnings(() => p.socket_recvfrom(u, d, len, 0, a))).toEqual({ result: false, warnings: [] });
      expect([d.value, a.value]).toEqual(['k', 'ka']);
    }
    expect(p.socket_last_error()).toBe(0);
  });

  it('leaves every output untouched on failure', () => {
    const [u] = udp(p.AF_INET, '127.0.0.1');
    const d = p.ref('k');
    const a = p.ref('ka');
    const port = p.ref<unknown>('kp');
    expect(captureWarnings(() => p.socket_recvfrom(u, d, 10, p.MSG_DONTWAIT, a, port as p.Ref<number>))).toEqual({
      result: false,
      warnings: [],
    });
    expect([d.value, a.value, port.value, p.socket_last_error(u)]).toEqual(['k', 'ka', 'kp', 11]);
    const us = p.socket_create(p.AF_UNIX, p.SOCK_STREAM, 0) as p.Socket;
    expect(captureWarnings(() => p.socket_recvfrom(us, d, 3, 0, a))).toEqual({
      result: false,
      warnings: ['socket_recvfrom(): Unable to recvfrom [22]: Invalid argument'],
    });
    expect([d.value, a.value]).toEqual(['k', 'ka']);
  });

  it('writes "unable to recvfrom" in lower case for AF_INET6, as PHP does', () => {
    const l = p.socket_create(p.AF_INET6, p.SOCK_STREAM, p.SOL_TCP) as p.Socket;
    p.socket_bind(l, '::1', 0);
    p.socket_listen(l);
    const w = captureWarnings(() => p.socket_recvfrom(l, p.ref(), 10, 0, p.ref(), p.ref()));
    expect(w).toEqual({
      result: false,
      warnings: ['socket_recvfrom(): unable to recvfrom [107]: Transport endpoint is not connected'],
    });
    const l4 = p.socket_create(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP) as p.Socket;
    p.socket_bind(l4, '127.0.0.1', 0);
    p.socket_listen(l4);
    expect(captureWarnings(() => p.socket_recvfrom(l4, p.ref(), 10, 0, p.ref(), p.ref())).warnings).toEqual([
      'socket_recvfrom(): Unable to recvfrom [107]: Transport endpoint is not connected',
    ]);
  });

  it('reports the sender, caps MSG_TRUNC at length, and gives "" for an empty datagram', () => {
    for (const [family, host] of [
      [p.AF_INET, '127.0.0.1'],
      [p.AF_INET6, '::1'],
    ] as const) {
      const [u, up] = udp(family, host);
      const [v, vp] = udp(family, host);
      expect(p.socket_sendto(v, '0123456789', 10, 0, host, up)).toBe(10);
      expect(p.socket_sendto(v, '', 0, 0, host, up)).toBe(0);
      const d = p.ref<string>();
      const a = p.ref<string>();
      const port = p.ref<number>();
      expect([p.socket_recvfrom(u, d, 4, p.MSG_TRUNC, a, port), d.value, a.value, port.value]).toEqual([
        10,
        '0123',
        host,
        vp,
      ]);
      expect([p.socket_recvfrom(u, d, 4, 0, a, port), d.value]).toEqual([0, '']);
    }
  });

  it('never touches $port for unix sockets', () => {
    const path = join(dir, 'rf.sock');
    const a = p.socket_create(p.AF_UNIX, p.SOCK_DGRAM, 0) as p.Socket;
    p.socket_bind(a, path);
    const n = p.socket_create(p.AF_UNIX, p.SOCK_DGRAM, 0) as p.Socket;
    expect(p.socket_sendto(n, 'anon', 4, 0, path, 1234)).toBe(4);
    const d = p.ref<string>();
    const addr = p.ref<string>('ka');
    const port = p.ref<unknown>('kp');
    expect([p.socket_recvfrom(a, d, 10, 0, addr, port as p.Ref<number>), d.value, addr.value, port.value]).toEqual([
      4,
      'anon',
      '',
      'kp',
    ]);
  });
});

describe('socket_sendto', () => {
  it('throws PHP misuse errors', () => {
    const f = p.socket_sendto as Any;
    const [u] = udp(p.AF_INET, '127.0.0.1');
    const [u6] = udp(p.AF_INET6, '::1');
    expect(thrown(() => f(u, 'a', 1, 0))).toBe(
      'ArgumentCountError: socket_sendto() expects at least 5 arguments, 4 given',
    );
    expect(thrown(() => f(u, 'a', -1, 0, '127.0.0.1'))).toBe(
      'ValueError: socket_sendto(): Argument #3 ($length) must be greater than or equal to 0',
    );
    expect(thrown(() => f(u, 'a', 1, 0, '127.0.0.1'))).toBe(
      'ValueError: socket_sendto(): Argument #6 ($port) cannot be null when the socket type is AF_INET',
    );
    expect(thrown(() => f(u6, 'a', 1, 0, '::1', null))).toBe(
      'ValueError: socket_sendto(): Argument #6 ($port) cannot be null when the socket type is AF_INET6',
    );
    expect(thrown(() => f(u, 'a', 1, 0, '127.0.0.1', 'x'))).toBe(
      'TypeError: socket_sendto(): Argument #6 ($port) must be of type ?int, string given',
    );
    expect(thrown(() => f(closed(), 'a', -1, 0, 'x'))).toBe(
      'Error: socket_sendto(): Argument #1 ($socket) has already been closed',
    );
  });

  it('fails with the host lookup code on the socket and globally', () => {
    const [u] = udp(p.AF_INET, '127.0.0.1');
    const { result, warnings } = captureWarnings(() => p.socket_sendto(u, 'a', 1, 0, 'no.such.host.invalid', 1));
    expect(result).toBe(false);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^socket_sendto\(\): Host lookup failed \[-1000\d\]: /);
    expect(p.socket_last_error(u)).toBeLessThanOrEqual(-10000);
    expect(p.socket_last_error()).toBe(p.socket_last_error(u));
  });

  it('wraps the port to 16 bits and clamps the length (PHP 8.2)', () => {
    const [u, up] = udp(p.AF_INET, '127.0.0.1');
    const [v] = udp(p.AF_INET, '127.0.0.1');
    expect(p.socket_sendto(v, 'abcdef', 3, 0, '127.0.0.1', up + 65536)).toBe(3);
    expect(p.socket_sendto(v, 'xy', 100, 0, '127.0.0.1', up - 65536)).toBe(2);
    expect(p.socket_read(u, 100)).toBe('abc');
    expect(p.socket_read(u, 100)).toBe('xy');
  });

  it('reads a unix path as a C string cut to 107 bytes, as PHP 8.2 does', () => {
    const long = join(dir, 'L'.repeat(107 - dir.length - 1));
    expect(long.length).toBe(107);
    const target = p.socket_create(p.AF_UNIX, p.SOCK_DGRAM, 0) as p.Socket;
    expect(p.socket_bind(target, long)).toBe(true);
    const n = p.socket_create(p.AF_UNIX, p.SOCK_DGRAM, 0) as p.Socket;
    expect(p.socket_sendto(n, 'long', 4, 0, long + 'EXTRA')).toBe(4);
    expect(p.socket_sendto(n, 'nul', 3, 0, long + '\0junk')).toBe(3);
    expect(p.socket_read(target, 10)).toBe('long');
    expect(p.socket_read(target, 10)).toBe('nul');
    // An abstract name starts with NUL, so it is cut to "": EINVAL, as in PHP 8.2.
    expect(captureWarnings(() => p.socket_sendto(n, 'x', 1, 0, '\0abstract')).warnings).toEqual([
      'socket_sendto(): Unable to write to socket [22]: Invalid argument',
    ]);
  });
});

describe('socket_atmark', () => {
  it('throws PHP misuse errors', () => {
    const f = p.socket_atmark as Any;
    expect(thrown(() => f())).toBe('ArgumentCountError: socket_atmark() expects exactly 1 argument, 0 given');
    expect(thrown(() => f(closed()))).toBe('Error: socket_atmark(): Argument #1 ($socket) has already been closed');
  });

  it('fails with "Unable to apply sockmark" where sockatmark(3) does', () => {
    const [u] = udp(p.AF_INET, '127.0.0.1');
    expect(captureWarnings(() => p.socket_atmark(u))).toEqual({
      result: false,
      warnings: ['socket_atmark(): Unable to apply sockmark [25]: Inappropriate ioctl for device'],
    });
    expect([p.socket_last_error(u), p.socket_last_error()]).toEqual([25, 25]);
  });

  it('is true at the out-of-band mark', () => {
    const { c, s } = tcp(p.AF_INET, '127.0.0.1');
    expect(p.socket_atmark(s)).toBe(false);
    p.socket_send(c, 'hello', 5, 0);
    p.socket_send(c, '!', 1, p.MSG_OOB);
    expect(p.socket_select(null, null, [s], 5)).toBe(1);
    expect(p.socket_atmark(s)).toBe(false);
    const d = p.ref<string>();
    expect([p.socket_recv(s, d, 100, 0), d.value]).toEqual([5, 'hello']);
    expect(p.socket_atmark(s)).toBe(true);
    expect([p.socket_recv(s, d, 1, p.MSG_OOB), d.value]).toEqual([1, '!']);
  });
});

// ---- The same steps in PHP and in TS, compared line by line. ----

const PHP_SCENARIO = String.raw`
function show(...$v) { echo implode(' ', array_map(fn($x) => var_export($x, true), $v)), "\n"; }
function t($f) { try { $f(); } catch (Throwable $e) { echo get_class($e), ': ', $e->getMessage(), "\n"; } }
set_error_handler(function ($no, $str) { echo "W: $str\n"; return true; });
foreach ([[AF_INET, '127.0.0.1'], [AF_INET6, '::1']] as [$fam, $host]) {
  echo "== udp $host\n";
  $u = socket_create($fam, SOCK_DGRAM, SOL_UDP); socket_bind($u, $host, 0); socket_getsockname($u, $ua, $up);
  $v = socket_create($fam, SOCK_DGRAM, SOL_UDP); socket_bind($v, $host, 0); socket_getsockname($v, $va, $vp);
  $d = 'k'; $a = 'ka'; $p = 'kp';
  show(socket_recvfrom($u, $d, 10, MSG_DONTWAIT, $a, $p), $d, $a, $p, socket_last_error($u));
  t(function () use ($u) { $d = 'k'; $a = 'ka'; socket_recvfrom($u, $d, 10, 0, $a); });
  show(socket_sendto($v, 'hello world', 100, 0, $ua, $up));
  show(socket_sendto($v, '', 0, 0, $ua, $up));
  show(socket_sendto($v, 'abcdef', 3, 0, $ua, $up));
  show(socket_sendto($v, '0123456789', 10, 0, $ua, $up + 65536));
  $d = 'k'; $a = 'ka'; $p = 'kp';
  show(socket_recvfrom($u, $d, 5, MSG_PEEK, $a, $p), $d, $a, $p === $vp);
  show(socket_recvfrom($u, $d, 5, 0, $a, $p), $d, $a, $p === $vp);
  $d = 'k'; $a = 'ka'; $p = 'kp';
  show(socket_recvfrom($u, $d, 5, 0, $a, $p), $d, $a, $p === $vp);
  $d = 'k'; show(socket_recv($u, $d, 2, 0), $d);
  $d = 'k'; show(socket_recv($u, $d, 10, MSG_PEEK), $d);
  show(socket_sendto($v, '', 0, 0, $ua, $up));
  $d = 'k'; show(socket_recv($u, $d, 10, 0), $d);
  $d = 'k'; show(socket_recv($u, $d, 4, 0), $d);
  show(socket_send($v, 'a', 1, 0), socket_last_error($v));
  $d = 'k'; show(socket_recv($v, $d, 1, MSG_ERRQUEUE), $d, socket_last_error($v));
  show(socket_connect($v, $ua, $up), socket_send($v, 'conn', 4, MSG_CONFIRM), socket_send($v, 'ected', 5, MSG_DONTROUTE | MSG_NOSIGNAL));
  $d = 'k'; show(socket_recv($u, $d, 10, MSG_WAITALL), $d);
  $d = 'k'; show(socket_recv($u, $d, 10, MSG_WAITALL | MSG_DONTWAIT), $d);
  $d = 'k'; show(socket_recv($u, $d, 10, MSG_DONTWAIT), $d, socket_last_error($u));

  echo "== tcp $host\n";
  $l = socket_create($fam, SOCK_STREAM, SOL_TCP); socket_bind($l, $host, 0); socket_listen($l); socket_getsockname($l, $la, $lp);
  $d = 'k'; $a = 'ka'; $p = 'kp';
  show(socket_recvfrom($l, $d, 10, 0, $a, $p), $d, $a, $p, socket_last_error($l));
  $d = 'k'; show(socket_recv($l, $d, 10, 0), $d, socket_last_error($l));
  show(socket_send($l, 'abc', 3, 0), socket_last_error($l));
  show(socket_sendto($l, 'abc', 3, 0, $host, $lp), socket_last_error($l));
  $c = socket_create($fam, SOCK_STREAM, SOL_TCP); socket_connect($c, $host, $lp); $s = socket_accept($l);
  show(socket_send($c, 'hello', 5, 0), socket_send($c, '!', 1, MSG_OOB), socket_send($c, 'wor', 3, MSG_MORE), socket_send($c, 'ld', 2, 0), socket_send($c, '', 0, 0));
  $r = null; $w = null; $e = [$s]; show(socket_select($r, $w, $e, 5), count($e));
  $d = 'k'; show(socket_recv($s, $d, 100, MSG_PEEK), $d);
  $d = 'k'; show(socket_recv($s, $d, 100, 0), $d);
  $d = 'k'; show(socket_recv($s, $d, 100, MSG_OOB), $d);
  $d = 'k'; show(socket_recv($s, $d, 100, MSG_OOB), $d, socket_last_error($s));
  $d = 'k'; $a = 'ka'; $p = 'kp';
  show(socket_recvfrom($s, $d, 100, 0, $a, $p), $d, $a, $p);
  $d = 'k'; $a = 'ka'; $p = 'kp';
  show(socket_recvfrom($s, $d, 100, MSG_DONTWAIT, $a, $p), $d, $a, $p, socket_last_error($s));
  show(socket_send($c, 'abc', 3, 0));
  $d = 'k'; show(socket_recv($s, $d, 2, 0), $d);
  show(socket_send($c, 'def', 3, 0), socket_shutdown($c, 1));
  $d = 'k'; show(socket_recv($s, $d, 10, MSG_WAITALL), $d);
  $d = 'k'; show(socket_recv($s, $d, 10, MSG_WAITALL), $d);
  $d = 'k'; $a = 'ka'; $p = 'kp';
  show(socket_recvfrom($s, $d, 100, 0, $a, $p), $d, $a, $p);
  show(socket_send($s, 'bye', 3, MSG_NOSIGNAL));
  $d = 'k'; show(socket_recv($c, $d, 10, 0), $d);
}

echo "== unix dgram\n";
$dir = sys_get_temp_dir() . '/php-sockets-sr-php-' . getmypid(); @mkdir($dir);
$pa = "$dir/a.sock"; $pb = "$dir/b.sock";
$a = socket_create(AF_UNIX, SOCK_DGRAM, 0); socket_bind($a, $pa);
$b = socket_create(AF_UNIX, SOCK_DGRAM, 0); socket_bind($b, $pb);
$n = socket_create(AF_UNIX, SOCK_DGRAM, 0);
$d = 'k'; $addr = 'ka'; $port = 'kp';
show(socket_recvfrom($a, $d, 10, MSG_DONTWAIT, $addr, $port), $d, $addr, $port, socket_last_error($a));
show(socket_sendto($b, 'from b', 6, 0, $pa), socket_sendto($n, 'anon', 4, 0, $pa, 1234), socket_sendto($n, '', 0, 0, $pa));
$d = 'k'; $addr = 'ka'; $port = 'kp';
show(socket_recvfrom($a, $d, 10, 0, $addr, $port), $d, basename($addr), $port);
$d = 'k'; $addr = 'ka';
show(socket_recvfrom($a, $d, 10, 0, $addr), $d, $addr);
$d = 'k'; $addr = 'ka'; $port = 'kp';
show(socket_recvfrom($a, $d, 10, 0, $addr, $port), $d, $addr, $port);
show(socket_sendto($n, 'x', 1, 0, "$dir/none.sock"), socket_last_error($n));
show(socket_sendto($n, 'x', 1, 0, ''), socket_last_error($n));
show(socket_sendto($n, 'x', 1, 0, "\0abstract"), socket_last_error($n));
show(socket_sendto($n, 'nul', 3, 0, "$pa\0junk"));
$d = 'k'; $addr = 'ka';
show(socket_recvfrom($a, $d, 10, 0, $addr), $d, $addr);
show(socket_send($n, 'x', 1, 0));
show(socket_sendto($b, str_repeat('q', 5000), 5000, 0, $pa));
$d = 'k'; $addr = 'ka';
show(socket_recvfrom($a, $d, 10, 0, $addr), $d, basename($addr));
$ab = socket_create(AF_UNIX, SOCK_DGRAM, 0); socket_bind($ab, "\0php-sockets-sr-" . getmypid());
show(socket_sendto($ab, 'to a', 4, 0, $pa));
$d = 'k'; $addr = 'ka';
show(socket_recvfrom($a, $d, 10, 0, $addr), $d, $addr);
$us = socket_create(AF_UNIX, SOCK_STREAM, 0);
$d = 'k'; show(socket_recv($us, $d, 3, 0), $d, socket_last_error($us));
$d = 'k'; $addr = 'ka'; show(socket_recvfrom($us, $d, 3, 0, $addr), $d, $addr);
show(socket_send($us, 'x', 1, 0));
show(socket_sendto($us, 'x', 1, 0, $pa));
array_map('unlink', glob("$dir/*")); rmdir($dir);

echo "== unix stream\n";
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $pr);
show(socket_send($pr[0], 'pair', 4, 0));
$d = 'k'; $addr = 'ka'; $port = 'kp';
show(socket_recvfrom($pr[1], $d, 10, 0, $addr, $port), $d, $addr, $port);
socket_close($pr[0]);
$d = 'k'; show(socket_recv($pr[1], $d, 3, 0), $d);
show(socket_send($pr[1], 'x', 1, 0), socket_last_error($pr[1]));

echo "== unix seqpacket\n";
socket_create_pair(AF_UNIX, SOCK_SEQPACKET, 0, $q);
show(socket_send($q[0], 'rec1', 4, MSG_EOR), socket_send($q[0], 'record2', 7, 0), socket_send($q[0], '', 0, 0));
$d = 'k'; show(socket_recv($q[1], $d, 2, 0), $d);
$d = 'k'; show(socket_recv($q[1], $d, 3, MSG_PEEK), $d);
$d = 'k'; show(socket_recv($q[1], $d, 30, 0), $d);
$d = 'k'; show(socket_recv($q[1], $d, 3, 0), $d);
socket_close($q[0]);
$d = 'k'; show(socket_recv($q[1], $d, 3, 0), $d);
$d = 'k'; $addr = 'ka'; show(socket_recvfrom($q[1], $d, 3, 0, $addr), $d, $addr);
show(socket_send($q[1], 'x', 1, 0), socket_last_error($q[1]));
`;

/** PHP's var_export for the scalars the transcript prints. */
function exp(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return String(v);
}

let runs = 0;

function tsScenario(): string[] {
  const out: string[] = [];
  const show = (...v: unknown[]): void => {
    out.push(v.map(exp).join(' '));
  };
  const t = (f: () => void): void => {
    try {
      f();
    } catch (e) {
      out.push(`${(e as Error).name}: ${(e as Error).message}`);
    }
  };
  const R = <T>(v: T): p.Ref<T> => ({ value: v });
  const rf = p.socket_recvfrom as (...a: unknown[]) => number | false;
  p.set_error_handler((_no, str) => {
    out.push(`W: ${str}`);
    return true;
  });
  try {
    for (const [fam, host] of [
      [p.AF_INET, '127.0.0.1'],
      [p.AF_INET6, '::1'],
    ] as const) {
      out.push(`== udp ${host}`);
      const [u, up] = udp(fam, host);
      const [v, vp] = udp(fam, host);
      const ua = host;
      let d = R<unknown>('k');
      let a = R<unknown>('ka');
      let pt = R<unknown>('kp');
      show(rf(u, d, 10, p.MSG_DONTWAIT, a, pt), d.value, a.value, pt.value, p.socket_last_error(u));
      t(() => rf(u, R('k'), 10, 0, R('ka')));
      show(p.socket_sendto(v, 'hello world', 100, 0, ua, up));
      show(p.socket_sendto(v, '', 0, 0, ua, up));
      show(p.socket_sendto(v, 'abcdef', 3, 0, ua, up));
      show(p.socket_sendto(v, '0123456789', 10, 0, ua, up + 65536));
      d = R('k');
      a = R('ka');
      pt = R('kp');
      show(rf(u, d, 5, p.MSG_PEEK, a, pt), d.value, a.value, pt.value === vp);
      show(rf(u, d, 5, 0, a, pt), d.value, a.value, pt.value === vp);
      d = R('k');
      a = R('ka');
      pt = R('kp');
      show(rf(u, d, 5, 0, a, pt), d.value, a.value, pt.value === vp);
      const rd = R<string | null>('k');
      show(p.socket_recv(u, rd, 2, 0), rd.value);
      rd.value = 'k';
      show(p.socket_recv(u, rd, 10, p.MSG_PEEK), rd.value);
      show(p.socket_sendto(v, '', 0, 0, ua, up));
      rd.value = 'k';
      show(p.socket_recv(u, rd, 10, 0), rd.value);
      rd.value = 'k';
      show(p.socket_recv(u, rd, 4, 0), rd.value);
      show(p.socket_send(v, 'a', 1, 0), p.socket_last_error(v));
      rd.value = 'k';
      show(p.socket_recv(v, rd, 1, p.MSG_ERRQUEUE), rd.value, p.socket_last_error(v));
      show(
        p.socket_connect(v, ua, up),
        p.socket_send(v, 'conn', 4, p.MSG_CONFIRM),
        p.socket_send(v, 'ected', 5, p.MSG_DONTROUTE | p.MSG_NOSIGNAL),
      );
      rd.value = 'k';
      show(p.socket_recv(u, rd, 10, p.MSG_WAITALL), rd.value);
      rd.value = 'k';
      show(p.socket_recv(u, rd, 10, p.MSG_WAITALL | p.MSG_DONTWAIT), rd.value);
      rd.value = 'k';
      show(p.socket_recv(u, rd, 10, p.MSG_DONTWAIT), rd.value, p.socket_last_error(u));

      out.push(`== tcp ${host}`);
      const l = p.socket_create(fam, p.SOCK_STREAM, p.SOL_TCP) as p.Socket;
      p.socket_bind(l, host, 0);
      p.socket_listen(l);
      const lpRef = p.ref<number>();
      p.socket_getsockname(l, p.ref(), lpRef);
      const lp = lpRef.value!;
      d = R('k');
      a = R('ka');
      pt = R('kp');
      show(rf(l, d, 10, 0, a, pt), d.value, a.value, pt.value, p.socket_last_error(l));
      rd.value = 'k';
      show(p.socket_recv(l, rd, 10, 0), rd.value, p.socket_last_error(l));
      show(p.socket_send(l, 'abc', 3, 0), p.socket_last_error(l));
      show(p.socket_sendto(l, 'abc', 3, 0, host, lp), p.socket_last_error(l));
      const c = p.socket_create(fam, p.SOCK_STREAM, p.SOL_TCP) as p.Socket;
      p.socket_connect(c, host, lp);
      const s = p.socket_accept(l) as p.Socket;
      show(
        p.socket_send(c, 'hello', 5, 0),
        p.socket_send(c, '!', 1, p.MSG_OOB),
        p.socket_send(c, 'wor', 3, p.MSG_MORE),
        p.socket_send(c, 'ld', 2, 0),
        p.socket_send(c, '', 0, 0),
      );
      const e = [s];
      show(p.socket_select(null, null, e, 5), e.length);
      for (const [len, flags] of [
        [100, p.MSG_PEEK],
        [100, 0],
        [100, p.MSG_OOB],
      ]) {
        rd.value = 'k';
        show(p.socket_recv(s, rd, len!, flags!), rd.value);
      }
      rd.value = 'k';
      show(p.socket_recv(s, rd, 100, p.MSG_OOB), rd.value, p.socket_last_error(s));
      d = R('k');
      a = R('ka');
      pt = R('kp');
      show(rf(s, d, 100, 0, a, pt), d.value, a.value, pt.value);
      d = R('k');
      a = R('ka');
      pt = R('kp');
      show(rf(s, d, 100, p.MSG_DONTWAIT, a, pt), d.value, a.value, pt.value, p.socket_last_error(s));
      show(p.socket_send(c, 'abc', 3, 0));
      rd.value = 'k';
      show(p.socket_recv(s, rd, 2, 0), rd.value);
      show(p.socket_send(c, 'def', 3, 0), p.socket_shutdown(c, 1));
      rd.value = 'k';
      show(p.socket_recv(s, rd, 10, p.MSG_WAITALL), rd.value);
      rd.value = 'k';
      show(p.socket_recv(s, rd, 10, p.MSG_WAITALL), rd.value);
      d = R('k');
      a = R('ka');
      pt = R('kp');
      show(rf(s, d, 100, 0, a, pt), d.value, a.value, pt.value);
      show(p.socket_send(s, 'bye', 3, p.MSG_NOSIGNAL));
      rd.value = 'k';
      show(p.socket_recv(c, rd, 10, 0), rd.value);
    }

    out.push('== unix dgram');
    const sub = mkdtempSync(join(dir, 'u'));
    const pa = join(sub, 'a.sock');
    const pb = join(sub, 'b.sock');
    const a = p.socket_create(p.AF_UNIX, p.SOCK_DGRAM, 0) as p.Socket;
    p.socket_bind(a, pa);
    const b = p.socket_create(p.AF_UNIX, p.SOCK_DGRAM, 0) as p.Socket;
    p.socket_bind(b, pb);
    const n = p.socket_create(p.AF_UNIX, p.SOCK_DGRAM, 0) as p.Socket;
    let d = R<unknown>('k');
    let addr = R<unknown>('ka');
    let port = R<unknown>('kp');
    show(rf(a, d, 10, p.MSG_DONTWAIT, addr, port), d.value, addr.value, port.value, p.socket_last_error(a));
    show(p.socket_sendto(b, 'from b', 6, 0, pa), p.socket_sendto(n, 'anon', 4, 0, pa, 1234), p.socket_sendto(n, '', 0, 0, pa));
    d = R('k');
    addr = R('ka');
    port = R('kp');
    show(rf(a, d, 10, 0, addr, port), d.value, basename(addr.value as string), port.value);
    d = R('k');
    addr = R('ka');
    show(rf(a, d, 10, 0, addr), d.value, addr.value);
    d = R('k');
    addr = R('ka');
    port = R('kp');
    show(rf(a, d, 10, 0, addr, port), d.value, addr.value, port.value);
    show(p.socket_sendto(n, 'x', 1, 0, join(sub, 'none.sock')), p.socket_last_error(n));
    show(p.socket_sendto(n, 'x', 1, 0, ''), p.socket_last_error(n));
    show(p.socket_sendto(n, 'x', 1, 0, '\0abstract'), p.socket_last_error(n));
    show(p.socket_sendto(n, 'nul', 3, 0, `${pa}\0junk`));
    d = R('k');
    addr = R('ka');
    show(rf(a, d, 10, 0, addr), d.value, addr.value);
    show(p.socket_send(n, 'x', 1, 0));
    show(p.socket_sendto(b, 'q'.repeat(5000), 5000, 0, pa));
    d = R('k');
    addr = R('ka');
    show(rf(a, d, 10, 0, addr), d.value, basename(addr.value as string));
    const ab = p.socket_create(p.AF_UNIX, p.SOCK_DGRAM, 0) as p.Socket;
    p.socket_bind(ab, `\0php-sockets-sr-ts-${process.pid}-${++runs}`);
    show(p.socket_sendto(ab, 'to a', 4, 0, pa));
    d = R('k');
    addr = R('ka');
    show(rf(a, d, 10, 0, addr), d.value, addr.value);
    const us = p.socket_create(p.AF_UNIX, p.SOCK_STREAM, 0) as p.Socket;
    const rd = R<string | null>('k');
    show(p.socket_recv(us, rd, 3, 0), rd.value, p.socket_last_error(us));
    d = R('k');
    addr = R('ka');
    show(rf(us, d, 3, 0, addr), d.value, addr.value);
    show(p.socket_send(us, 'x', 1, 0));
    show(p.socket_sendto(us, 'x', 1, 0, pa));

    out.push('== unix stream');
    const pr = pair();
    show(p.socket_send(pr[0], 'pair', 4, 0));
    d = R('k');
    addr = R('ka');
    port = R('kp');
    show(rf(pr[1], d, 10, 0, addr, port), d.value, addr.value, port.value);
    p.socket_close(pr[0]);
    rd.value = 'k';
    show(p.socket_recv(pr[1], rd, 3, 0), rd.value);
    show(p.socket_send(pr[1], 'x', 1, 0), p.socket_last_error(pr[1]));

    out.push('== unix seqpacket');
    const q = pair(p.SOCK_SEQPACKET);
    show(p.socket_send(q[0], 'rec1', 4, p.MSG_EOR), p.socket_send(q[0], 'record2', 7, 0), p.socket_send(q[0], '', 0, 0));
    for (const [len, flags] of [
      [2, 0],
      [3, p.MSG_PEEK],
      [30, 0],
      [3, 0],
    ]) {
      rd.value = 'k';
      show(p.socket_recv(q[1], rd, len!, flags!), rd.value);
    }
    p.socket_close(q[0]);
    rd.value = 'k';
    show(p.socket_recv(q[1], rd, 3, 0), rd.value);
    d = R('k');
    addr = R('ka');
    show(rf(q[1], d, 3, 0, addr), d.value, addr.value);
    show(p.socket_send(q[1], 'x', 1, 0), p.socket_last_error(q[1]));
  } finally {
    p.restore_error_handler();
  }
  return out;
}

// What PHP 8.2 printed for PHP_SCENARIO.
const UDP = (host: string): string[] => [
  `== udp ${host}`,
  "false 'k' 'ka' 'kp' 11",
  'ArgumentCountError: Wrong parameter count for socket_recvfrom()',
  '11',
  '0',
  '3',
  '10',
  `5 'hello' '${host}' true`,
  `5 'hello' '${host}' true`,
  `0 '' '${host}' true`,
  "2 'ab'",
  "10 '0123456789'",
  '0',
  "10 '0123456789'",
  '0 NULL',
  'W: socket_send(): Unable to write to socket [89]: Destination address required',
  'false 89',
  'false NULL 11',
  'true 4 5',
  "4 'conn'",
  "5 'ected'",
  'false NULL 11',
];
const TCP = (host: string, unable: string, any: string): string[] => [
  `== tcp ${host}`,
  `W: socket_recvfrom(): ${unable} to recvfrom [107]: Transport endpoint is not connected`,
  "false 'k' 'ka' 'kp' 107",
  'W: socket_recv(): Unable to read from socket [107]: Transport endpoint is not connected',
  'false NULL 107',
  'W: socket_send(): Unable to write to socket [32]: Broken pipe',
  'false 32',
  'W: socket_sendto(): Unable to write to socket [32]: Broken pipe',
  'false 32',
  '5 1 3 2 0',
  '1 1',
  "5 'hello'",
  "5 'hello'",
  "1 '!'",
  'W: socket_recv(): Unable to read from socket [22]: Invalid argument',
  'false NULL 22',
  `5 'world' '${any}' 0`,
  "false 'k' 'ka' 'kp' 11",
  '3',
  "2 'ab'",
  '3 true',
  "4 'cdef'",
  '0 NULL',
  `0 '' '${any}' 0`,
  '3',
  "3 'bye'",
];
const EXPECTED = [
  ...UDP('127.0.0.1'),
  ...TCP('127.0.0.1', 'Unable', '0.0.0.0'),
  ...UDP('::1'),
  ...TCP('::1', 'unable', '::'),
  '== unix dgram',
  "false 'k' 'ka' 'kp' 11",
  '6 4 0',
  "6 'from b' 'b.sock' 'kp'",
  "4 'anon' ''",
  "0 '' '' 'kp'",
  'W: socket_sendto(): Unable to write to socket [2]: No such file or directory',
  'false 2',
  'W: socket_sendto(): Unable to write to socket [22]: Invalid argument',
  'false 22',
  'W: socket_sendto(): Unable to write to socket [22]: Invalid argument',
  'false 22',
  '3',
  "3 'nul' ''",
  'W: socket_send(): Unable to write to socket [107]: Transport endpoint is not connected',
  'false',
  '5000',
  "10 'qqqqqqqqqq' 'b.sock'",
  '4',
  "4 'to a' ''",
  'W: socket_recv(): Unable to read from socket [22]: Invalid argument',
  'false NULL 22',
  'W: socket_recvfrom(): Unable to recvfrom [22]: Invalid argument',
  "false 'k' 'ka'",
  'W: socket_send(): Unable to write to socket [107]: Transport endpoint is not connected',
  'false',
  'W: socket_sendto(): Unable to write to socket [95]: Operation not supported',
  'false',
  '== unix stream',
  '4',
  "4 'pair' '' 'kp'",
  '0 NULL',
  'W: socket_send(): Unable to write to socket [32]: Broken pipe',
  'false 32',
  '== unix seqpacket',
  '4 7 0',
  "2 're'",
  "3 'rec'",
  "7 'record2'",
  '0 NULL',
  '0 NULL',
  "0 '' ''",
  'W: socket_send(): Unable to write to socket [32]: Broken pipe',
  'false 32',
];

describe('send/recv transcript on TCP, UDP (IPv4 and IPv6), unix dgram, stream and seqpacket', () => {
  it('prints what PHP 8.2 printed', () => {
    expect(tsScenario()).toEqual(EXPECTED);
  });

  it.runIf(hasPhp)('prints what php prints now', () => {
    const lines = php(PHP_SCENARIO).split('\n');
    expect(lines.pop()).toBe('');
    expect(tsScenario()).toEqual(lines);
  });
});
