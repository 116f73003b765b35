// The foundation's deliberate differences from PHP 8.2 (docs/differences.md, "Foundation"), each
// checked here, and where practical PHP 8.2's own behaviour beside it. (PHP_NORMAL_READ on a
// nonblocking socket and the huge socket_read length are conformance cases:
// test/conformance/cases/diff_normal_read_nonblocking and diff_read_huge_length.)
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as p from '../lib/index.js';
import { captureWarnings, thrown } from './helpers/capture.js';
import { hasPhp } from './helpers/php.js';

const O_CLOEXEC = 0o2000000;

/** This process's socket descriptors, with whether each is close-on-exec. */
function socketFds(): Map<number, boolean> {
  const out = new Map<number, boolean>();
  for (const name of readdirSync('/proc/self/fd')) {
    let target: string;
    try {
      target = readlinkSync(`/proc/self/fd/${name}`);
    } catch {
      continue;
    }
    if (!target.startsWith('socket:')) continue;
    const info = readFileSync(`/proc/self/fdinfo/${name}`, 'utf8');
    const flags = parseInt(/^flags:\s*([0-7]+)/m.exec(info)![1]!, 8);
    out.set(Number(name), (flags & O_CLOEXEC) !== 0);
  }
  return out;
}

/** The descriptors `make` opened, with their close-on-exec flag. */
function newFds(make: () => unknown): boolean[] {
  const before = socketFds();
  make();
  return [...socketFds()].filter(([fd]) => !before.has(fd)).map(([, cloexec]) => cloexec);
}

describe('close-on-exec descriptors', () => {
  it('creates every descriptor close-on-exec', () => {
    const keep: unknown[] = [];
    expect(newFds(() => keep.push(p.socket_create(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP)))).toEqual([true]);
    expect(newFds(() => keep.push(p.socket_create_pair(p.AF_UNIX, p.SOCK_STREAM, 0, keep)))).toEqual([true, true]);
    const l = p.socket_create(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP) as p.Socket;
    p.socket_bind(l, '127.0.0.1', 0);
    p.socket_listen(l, 1);
    const port = p.ref<number>();
    p.socket_getsockname(l, p.ref<string>(), port);
    const c = p.socket_create(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP) as p.Socket;
    p.socket_connect(c, '127.0.0.1', port.value);
    expect(newFds(() => keep.push(p.socket_accept(l)))).toEqual([true]);
    expect(newFds(() => keep.push(p.socket_create_listen(0)))).toEqual([true]);
    for (const s of [...keep, l, c]) if (s instanceof p.Socket) p.socket_close(s);
  });

  it.skipIf(!hasPhp)('where PHP 8.2 leaves them inheritable', () => {
    const code = `
      $l = socket_create_listen(0); socket_getsockname($l, $a, $port);
      $c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP); socket_connect($c, '127.0.0.1', $port);
      $s = socket_accept($l);
      foreach (scandir('/proc/self/fd') as $fd) {
        if (!is_numeric($fd) || $fd < 3 || !str_starts_with((string) @readlink("/proc/self/fd/$fd"), 'socket:')) continue;
        preg_match('/^flags:\\s*([0-7]+)/m', file_get_contents("/proc/self/fdinfo/$fd"), $m);
        echo (octdec($m[1]) & ${O_CLOEXEC}) ? "cloexec\\n" : "inherited\\n";
      }`;
    const r = spawnSync('php', ['-r', code], { encoding: 'utf8', timeout: 10000 });
    expect(r.stdout).toBe('inherited\ninherited\ninherited\n');
  });
});

describe('PHP_NORMAL_READ with SO_RCVTIMEO', () => {
  it('returns the partial line, then false with code 11, when the timeout expires', () => {
    const pair: p.Socket[] = [];
    p.socket_create_pair(p.AF_UNIX, p.SOCK_STREAM, 0, pair);
    const [a, b] = pair as [p.Socket, p.Socket];
    p.socket_set_option(b, p.SOL_SOCKET, p.SO_RCVTIMEO, { sec: 0, usec: 100000 });
    p.socket_write(a, 'no newline');
    const { result, warnings } = captureWarnings(() => [
      p.socket_read(b, 100, p.PHP_NORMAL_READ),
      p.socket_read(b, 100, p.PHP_NORMAL_READ),
      p.socket_last_error(b),
    ]);
    expect(result).toEqual(['no newline', false, 11]);
    expect(warnings).toEqual([]);
    p.socket_write(a, ' - the rest\n');
    expect(p.socket_read(b, 100, p.PHP_NORMAL_READ)).toBe(' - the rest\n');
  });

  it.skipIf(!hasPhp)('where PHP 8.2 retries for ever', () => {
    const code = `socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
      socket_set_option($p[1], SOL_SOCKET, SO_RCVTIMEO, ['sec' => 0, 'usec' => 100000]);
      socket_write($p[0], 'no newline'); echo "reading\\n";
      var_dump(socket_read($p[1], 100, PHP_NORMAL_READ));`;
    const r = spawnSync('php', ['-r', code], { encoding: 'utf8', timeout: 1500 });
    expect(r.stdout).toBe('reading\n');
    expect(r.signal).toBe('SIGTERM'); // killed by the timeout, still looping
  });
});

describe('strings are bytes', () => {
  it('refuses a string holding a char above U+00FF, and sends the encoded Buffer', () => {
    const pair: p.Socket[] = [];
    p.socket_create_pair(p.AF_UNIX, p.SOCK_STREAM, 0, pair);
    const [a, b] = pair as [p.Socket, p.Socket];
    expect(thrown(() => p.socket_write(a, 'snow ☃'))).toBe(
      "TypeError: socket_write(): Argument #2 ($data) must be a byte string (one char per byte, codes 0-255); it contains a char above U+00FF. Encode text first, e.g. Buffer.from(text, 'utf8'), and pass the Buffer (or its .toString('latin1'))",
    );
    expect(p.socket_write(a, Buffer.from('snow ☃', 'utf8'))).toBe(8);
    expect(p.socket_read(b, 100)).toBe('snow \xe2\x98\x83');
  });
});

describe('by-reference arguments are boxes', () => {
  it("throws PHP's by-reference Error for anything but an object", () => {
    const s = p.socket_create(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP) as p.Socket;
    const f = p.socket_getsockname as (...a: unknown[]) => unknown;
    for (const v of ['x', 1, null, undefined]) {
      expect(thrown(() => f(s, v))).toBe('Error: socket_getsockname(): Argument #2 ($address) cannot be passed by reference');
    }
    expect(thrown(() => f(s, p.ref(), 'x'))).toBe('Error: socket_getsockname(): Argument #3 ($port) cannot be passed by reference');
  });

  it('takes a null port as no port (PHP throws the by-reference Error for a literal null)', () => {
    const s = p.socket_create(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP) as p.Socket;
    const addr = p.ref<string>();
    expect(p.socket_getsockname(s, addr, null as never)).toBe(true);
    expect(addr.value).toBe('0.0.0.0');
  });
});
