// socket_read_into (php-sockets extension, no PHP counterpart): misuse, OS failure, success.
// Its failure contract is socket_read's, so the warning texts are compared with what PHP's
// socket_read prints for the same steps.
import { afterEach, describe, expect, it } from 'vitest';
import * as p from '../lib/index.js';
import { captureWarnings, thrown } from './helpers/capture.js';
import { hasPhp, php } from './helpers/php.js';

const open: p.Socket[] = [];

function pair(): [p.Socket, p.Socket] {
  const out: unknown[] = [];
  expect(p.socket_create_pair(p.AF_UNIX, p.SOCK_STREAM, 0, out)).toBe(true);
  open.push(...(out as p.Socket[]));
  return out as [p.Socket, p.Socket];
}

afterEach(() => {
  for (const s of open.splice(0)) {
    try {
      p.socket_close(s);
    } catch {
      // closed by the test
    }
  }
});

describe('socket_read_into', () => {
  it('refuses misuse with PHP-style exceptions', () => {
    const [a] = pair();
    const buf = Buffer.alloc(8);
    const f = p.socket_read_into as (...args: unknown[]) => unknown;
    expect(thrown(() => f(a))).toBe('ArgumentCountError: socket_read_into() expects at least 2 arguments, 1 given');
    expect(thrown(() => f(a, buf, 0, 1, 0, 0))).toBe(
      'ArgumentCountError: socket_read_into() expects at most 5 arguments, 6 given',
    );
    expect(thrown(() => f('x', buf))).toBe(
      'TypeError: socket_read_into(): Argument #1 ($socket) must be of type Socket, string given',
    );
    expect(thrown(() => f(a, 'abc'))).toBe(
      'TypeError: socket_read_into(): Argument #2 ($buffer) must be of type Uint8Array, string given',
    );
    expect(thrown(() => f(a, new ArrayBuffer(8)))).toBe(
      'TypeError: socket_read_into(): Argument #2 ($buffer) must be of type Uint8Array, ArrayBuffer given',
    );
    expect(thrown(() => f(a, buf, 9))).toBe('ValueError: socket_read_into(): Argument #3 ($offset) must be between 0 and 8');
    expect(thrown(() => f(a, buf, -1))).toBe('ValueError: socket_read_into(): Argument #3 ($offset) must be between 0 and 8');
    expect(thrown(() => f(a, buf, 'x'))).toBe(
      'TypeError: socket_read_into(): Argument #3 ($offset) must be of type int, string given',
    );
    expect(thrown(() => f(a, buf, 3, 6))).toBe('ValueError: socket_read_into(): Argument #4 ($length) must be between 0 and 5');
    expect(thrown(() => f(a, buf, 0, -1))).toBe('ValueError: socket_read_into(): Argument #4 ($length) must be between 0 and 8');
    expect(thrown(() => f(a, buf, 0, null, [] as unknown))).toBe(
      'TypeError: socket_read_into(): Argument #5 ($flags) must be of type int, array given',
    );
    p.socket_close(a);
    expect(thrown(() => f(a, buf))).toBe('Error: socket_read_into(): Argument #1 ($socket) has already been closed');
  });

  it('fails as socket_read does: false, the code recorded, and the same warning', () => {
    const s = p.socket_create(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP) as p.Socket;
    open.push(s);
    const { result, warnings } = captureWarnings(() => p.socket_read_into(s, Buffer.alloc(4)));
    expect(result).toBe(false);
    expect(warnings).toEqual(['socket_read_into(): unable to read from socket [107]: Transport endpoint is not connected']);
    expect(p.socket_last_error(s)).toBe(107);
    expect(p.socket_last_error()).toBe(107);
    if (hasPhp) {
      const out = php(
        'set_error_handler(function($n, $s) { echo $s, "\\n"; return true; });' +
          '$s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP); var_dump(socket_read($s, 4), socket_last_error($s));',
      );
      expect(out).toBe(
        'socket_read(): unable to read from socket [107]: Transport endpoint is not connected\nbool(false)\nint(107)\n',
      );
    }
  });

  it('returns false without a warning on EAGAIN, leaving the buffer alone', () => {
    const [a] = pair();
    expect(p.socket_set_nonblock(a)).toBe(true);
    const buf = Buffer.from('keep');
    const { result, warnings } = captureWarnings(() => p.socket_read_into(a, buf));
    expect(result).toBe(false);
    expect(warnings).toEqual([]);
    expect(p.socket_last_error(a)).toBe(11);
    expect(buf.toString()).toBe('keep');
  });

  it('reads into the buffer in place, at an offset, up to a length', () => {
    const [a, b] = pair();
    expect(p.socket_write(b, 'hello world')).toBe(11);
    const buf = Buffer.alloc(16, '.');
    expect(p.socket_read_into(a, buf, 2, 5)).toBe(5);
    expect(buf.toString('latin1')).toBe('..hello.........');
    // length defaults to the rest of the buffer; a view reads into its own window.
    const view = buf.subarray(10);
    expect(p.socket_read_into(a, view)).toBe(6);
    expect(buf.toString('latin1')).toBe('..hello... world');
  });

  it('keeps bytes exact (all 256 values) and works with a plain Uint8Array', () => {
    const [a, b] = pair();
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(p.socket_write(b, all)).toBe(256);
    const into = new Uint8Array(256);
    let got = 0;
    while (got < 256) {
      const n = p.socket_read_into(a, into, got);
      expect(n).toBeGreaterThan(0);
      got += n as number;
    }
    expect(into).toEqual(all);
  });

  it('honours recv flags (MSG_PEEK leaves the data queued)', () => {
    const [a, b] = pair();
    p.socket_write(b, 'peek');
    const buf = Buffer.alloc(4);
    expect(p.socket_read_into(a, buf, 0, null, p.MSG_PEEK)).toBe(4);
    expect(p.socket_read(a, 10)).toBe('peek');
  });

  it('returns 0 at end of stream, and for length 0 without reading', () => {
    const [a, b] = pair();
    p.socket_write(b, 'x');
    expect(p.socket_read_into(a, Buffer.alloc(4), 0, 0)).toBe(0);
    expect(p.socket_read_into(a, Buffer.alloc(0))).toBe(0);
    expect(p.socket_read(a, 4)).toBe('x');
    p.socket_close(b);
    expect(p.socket_read_into(a, Buffer.alloc(4))).toBe(0);
  });
});
