// socket_last_error, socket_clear_error, socket_strerror, and the warning channel:
// set_error_handler / restore_error_handler and the default output (routed here to
// process.emitWarning with set_error_output; error_reporting.test.ts checks the stderr lines). Expected values
// are what PHP 8.2 prints for the same steps; the "against PHP" blocks run PHP itself.
import { afterEach, describe, expect, it } from 'vitest';
import * as p from '../lib/index.js';
import { captureWarnings, thrown } from './helpers/capture.js';
import { hasPhp, php } from './helpers/php.js';
import { PHP_PRELUDE, Transcript } from './helpers/transcript.js';
import { keptUntilEnd } from './helpers/closing.js';

const loose = (f: unknown) => f as (...a: unknown[]) => unknown;

function sock(domain: number = p.AF_INET, type: number = p.SOCK_STREAM): p.Socket {
  return p.socket_create(domain, type, 0) as p.Socket;
}

/** A socket whose listen() fails with [95] (a datagram socket): a cheap [S] failure. */
function failListen(s: p.Socket = sock(p.AF_INET, p.SOCK_DGRAM)): false {
  return p.socket_listen(s) as false;
}

/**
 * Runs `fn` with every level reported, the default output routed to process.emitWarning and that
 * replaced, returning what reached it (synchronously).
 */
function captureDefault(fn: () => void): string[] {
  const seen: string[] = [];
  const original = process.emitWarning;
  process.emitWarning = ((message: string | Error, options?: { type?: string; code?: string }) => {
    seen.push(`${options?.type} ${options?.code}: ${String(message)}`);
  }) as typeof process.emitWarning;
  const output = p.set_error_output('emitWarning');
  const level = p.error_reporting(p.E_ALL);
  try {
    fn();
  } finally {
    process.emitWarning = original;
    p.set_error_output(output);
    p.error_reporting(level);
  }
  return seen;
}

afterEach(() => {
  p.socket_clear_error();
});

// Sockets a test relies on but no longer uses stay referenced until the file ends: a collected peer
// is closed by its finalizer, which would make the other end readable (EOF) mid-test.
const kept = keptUntilEnd();

describe('socket_last_error', () => {
  it('throws PHP misuse errors', () => {
    const f = loose(p.socket_last_error);
    expect(thrown(() => f(1, 2))).toBe('ArgumentCountError: socket_last_error() expects at most 1 argument, 2 given');
    expect(thrown(() => f('x'))).toBe(
      'TypeError: socket_last_error(): Argument #1 ($socket) must be of type ?Socket, string given',
    );
    expect(thrown(() => f(0))).toBe('TypeError: socket_last_error(): Argument #1 ($socket) must be of type ?Socket, int given');
    const s = sock();
    p.socket_close(s);
    expect(thrown(() => p.socket_last_error(s))).toBe(
      'Error: socket_last_error(): Argument #1 ($socket) has already been closed',
    );
  });

  it('gives the global code without an argument (or with null), the socket\'s with one', () => {
    const s = sock(p.AF_INET, p.SOCK_DGRAM);
    expect(p.socket_last_error(s)).toBe(0); // new sockets start at 0
    captureWarnings(() => failListen(s));
    expect(p.socket_last_error(s)).toBe(95);
    expect(p.socket_last_error()).toBe(95);
    expect(p.socket_last_error(null)).toBe(95);
    expect(p.socket_last_error(sock())).toBe(0); // another socket's code is its own
  });

  it('is never cleared by a successful call', () => {
    const s = sock();
    captureWarnings(() => p.socket_connect(s, '', 1)); // host lookup: -10003
    expect(p.socket_last_error(s)).toBe(-10003);
    expect(p.socket_bind(s, '127.0.0.1', 0)).toBe(true);
    expect(p.socket_listen(s)).toBe(true);
    expect(p.socket_getsockname(s, p.ref())).toBe(true);
    expect(p.socket_set_nonblock(s)).toBe(true);
    expect(p.socket_create(p.AF_INET, p.SOCK_STREAM, 0)).toBeInstanceOf(p.Socket);
    expect(p.socket_last_error(s)).toBe(-10003);
    expect(p.socket_last_error()).toBe(-10003);
  });

  it('records host lookup failures as -10000 - h_errno on the socket and globally', () => {
    const s = sock();
    const { result, warnings } = captureWarnings(() => p.socket_bind(s, '', 0));
    expect(result).toBe(false);
    expect(warnings).toEqual(['socket_bind(): Host lookup failed [-10003]: Unknown server error']);
    expect(p.socket_last_error(s)).toBe(-10003);
    expect(p.socket_last_error()).toBe(-10003);
    expect(p.socket_strerror(p.socket_last_error())).toBe('Unknown server error');
  });

  it('is only global for socket_create, socket_create_pair, socket_accept and socket_create_listen failures', () => {
    const bystander = sock();
    captureWarnings(() => p.socket_create(p.AF_INET, p.SOCK_STREAM, 99));
    expect(p.socket_last_error()).toBe(93);
    captureWarnings(() => p.socket_create_pair(p.AF_INET, p.SOCK_STREAM, 0, p.ref()));
    expect(p.socket_last_error()).toBe(95);

    // A failed accept never touches the listener's code, whatever it holds.
    const l = sock();
    p.socket_bind(l, '127.0.0.1', 0);
    p.socket_listen(l);
    captureWarnings(() => p.socket_bind(l, '127.0.0.1', 0)); // [22] on l
    p.socket_set_nonblock(l);
    expect(captureWarnings(() => p.socket_accept(l))).toEqual({ result: false, warnings: [] });
    expect(p.socket_last_error()).toBe(11);
    expect(p.socket_last_error(l)).toBe(22);
    const notListening = sock();
    const r = captureWarnings(() => p.socket_accept(notListening));
    expect(r.warnings).toEqual(['socket_accept(): unable to accept incoming connection [22]: Invalid argument']);
    expect(p.socket_last_error(notListening)).toBe(0);

    const port = p.ref<number>();
    p.socket_getsockname(l, p.ref(), port);
    p.socket_clear_error();
    captureWarnings(() => p.socket_create_listen(port.value!));
    expect(p.socket_last_error()).toBe(98);
    expect(p.socket_last_error(l)).toBe(22);
    expect(p.socket_last_error(bystander)).toBe(0);
  });

  it('is set without a warning for EAGAIN and EINPROGRESS', () => {
    const box = p.ref<unknown>();
    p.socket_create_pair(p.AF_UNIX, p.SOCK_STREAM, 0, box);
    kept.push(box.value);
    const [, b] = box.value as [p.Socket, p.Socket];
    p.socket_set_nonblock(b);
    expect(captureWarnings(() => p.socket_read(b, 1))).toEqual({ result: false, warnings: [] });
    expect([p.socket_last_error(b), p.socket_last_error()]).toEqual([p.SOCKET_EAGAIN, p.SOCKET_EAGAIN]);

    const l = p.socket_create_listen(0) as p.Socket;
    const port = p.ref<number>();
    p.socket_getsockname(l, p.ref(), port);
    const c = sock();
    p.socket_set_nonblock(c);
    expect(captureWarnings(() => p.socket_connect(c, '127.0.0.1', port.value))).toEqual({ result: false, warnings: [] });
    expect([p.socket_last_error(c), p.socket_last_error()]).toEqual([p.SOCKET_EINPROGRESS, p.SOCKET_EINPROGRESS]);
  });

  it('is left alone by socket_read with length <= 0', () => {
    const s = sock(p.AF_INET, p.SOCK_DGRAM);
    captureWarnings(() => failListen(s));
    expect(captureWarnings(() => p.socket_read(s, 0))).toEqual({ result: false, warnings: [] });
    expect(p.socket_last_error(s)).toBe(95);
  });
});

describe('socket_clear_error', () => {
  it('throws PHP misuse errors', () => {
    const f = loose(p.socket_clear_error);
    expect(thrown(() => f(1, 2))).toBe('ArgumentCountError: socket_clear_error() expects at most 1 argument, 2 given');
    expect(thrown(() => f('x'))).toBe(
      'TypeError: socket_clear_error(): Argument #1 ($socket) must be of type ?Socket, string given',
    );
    const s = sock();
    p.socket_close(s);
    expect(thrown(() => p.socket_clear_error(s))).toBe(
      'Error: socket_clear_error(): Argument #1 ($socket) has already been closed',
    );
  });

  it('clears the global code and the socket\'s code independently', () => {
    const s = sock(p.AF_INET, p.SOCK_DGRAM);
    captureWarnings(() => failListen(s));
    expect(p.socket_clear_error()).toBeUndefined();
    expect(p.socket_last_error()).toBe(0);
    expect(p.socket_last_error(s)).toBe(95);
    captureWarnings(() => failListen(s));
    expect(p.socket_clear_error(s)).toBeUndefined();
    expect(p.socket_last_error(s)).toBe(0);
    expect(p.socket_last_error()).toBe(95);
    p.socket_clear_error(null);
    expect(p.socket_last_error()).toBe(0);
  });
});

describe('socket_strerror', () => {
  it('throws PHP misuse errors', () => {
    const f = loose(p.socket_strerror);
    expect(thrown(() => f())).toBe('ArgumentCountError: socket_strerror() expects exactly 1 argument, 0 given');
    expect(thrown(() => f(1, 2))).toBe('ArgumentCountError: socket_strerror() expects exactly 1 argument, 2 given');
    expect(thrown(() => f('x'))).toBe('TypeError: socket_strerror(): Argument #1 ($error_code) must be of type int, string given');
    for (const code of [2147483648, -2147483649, 9223372036854775807n]) {
      expect(thrown(() => f(code))).toBe(
        'ValueError: socket_strerror(): Argument #1 ($error_code) must be between -2147483648 and 2147483647',
      );
    }
  });

  it('coerces as PHP does', () => {
    const f = loose(p.socket_strerror);
    expect(f('11')).toBe('Resource temporarily unavailable');
    expect(f(true)).toBe('Operation not permitted');
    expect(captureWarnings(() => f(1.5))).toEqual({
      result: 'Operation not permitted',
      warnings: ['Implicit conversion from float 1.5 to int loses precision'],
    });
    expect(captureWarnings(() => f(null))).toEqual({
      result: 'Success',
      warnings: ['socket_strerror(): Passing null to parameter #1 ($error_code) of type int is deprecated'],
    });
  });

  it('gives glibc texts: strerror, and hstrerror below -10000', () => {
    const expected: [number, string][] = [
      [0, 'Success'],
      [p.SOCKET_EAGAIN, 'Resource temporarily unavailable'],
      [p.SOCKET_EADDRINUSE, 'Address already in use'],
      [p.SOCKET_ECONNRESET, 'Connection reset by peer'],
      [p.SOCKET_EINPROGRESS, 'Operation now in progress'],
      [133, 'Memory page has hardware error'],
      [134, 'Unknown error 134'],
      [12345, 'Unknown error 12345'],
      [-1, 'Unknown error -1'],
      [-10000, 'Unknown error -10000'],
      [-10001, 'Unknown host'],
      [-10002, 'Host name lookup failure'],
      [-10003, 'Unknown server error'],
      [-10004, 'No address associated with name'],
      [-10005, 'Unknown resolver error'],
      [-20000, 'Unknown resolver error'],
      [-2147483648, 'Unknown resolver error'],
      [2147483647, 'Unknown error 2147483647'],
    ];
    for (const [code, text] of expected) expect([code, p.socket_strerror(code)]).toEqual([code, text]);
  });
});

describe('set_error_handler / restore_error_handler', () => {
  // Texts from PHP 8.2 (set_error_handler(5), ([]), ([1, 2]), (true), ('nosuchfn'),
  // (['NoClass', 'm']), ([new stdClass, 'x']), ([new A, 5]), (null, 'abc'), ()).
  it('refuses what is not a callback, with PHP\'s TypeError, and keeps the handler it had', () => {
    const set = p.set_error_handler as (...args: unknown[]) => unknown;
    const h = () => true;
    p.set_error_handler(h);
    const prefix = 'TypeError: set_error_handler(): Argument #1 ($callback) must be a valid callback or null, ';
    const cases: [unknown, string][] = [
      [5, 'no array or string given'],
      [{}, 'no array or string given'],
      [true, 'no array or string given'],
      [[], 'array callback must have exactly two members'],
      [[1, 2], 'first array member is not a valid class name or object'],
      ['nosuchfn', 'function "nosuchfn" not found or invalid function name'],
      [['NoClass', 'm'], 'class "NoClass" not found'],
      [[{}, 'x'], 'class stdClass does not have a method "x"'],
      [[{}, 5], 'second array member is not a valid method'],
    ];
    for (const [v, why] of cases) expect(thrown(() => set(v))).toBe(prefix + why);
    expect(thrown(() => set(null, 'abc'))).toBe(
      'TypeError: set_error_handler(): Argument #2 ($error_levels) must be of type int, string given',
    );
    expect(thrown(() => set())).toBe('ArgumentCountError: set_error_handler() expects at least 1 argument, 0 given');
    // Nothing was pushed: the next warning still reaches h, and h is what the next call returns.
    expect(p.set_error_handler(null)).toBe(h);
    p.restore_error_handler();
    p.restore_error_handler();
  });

  it('takes [object, method] and calls the method on the object', () => {
    const seen: string[] = [];
    const target = {
      prefix: 'seen: ',
      handle(_no: number, str: string) {
        seen.push(this.prefix + str);
        return true;
      },
    };
    const given = [target, 'handle'];
    expect(p.set_error_handler(given as unknown as p.ErrorHandler)).toBeNull();
    failListen();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/^seen: socket_listen\(\)/);
    expect(p.set_error_handler(null)).toBe(given);
    p.restore_error_handler();
    p.restore_error_handler();
  });

  it('passes (E_WARNING, text) to the handler and returns the previous handler', () => {
    const seen: [number, string][] = [];
    const h1 = (no: number, str: string) => {
      seen.push([no, str]);
    };
    expect(p.set_error_handler(h1)).toBeNull();
    failListen();
    const h2 = () => true;
    expect(p.set_error_handler(h2)).toBe(h1);
    failListen(); // to h2
    expect(p.restore_error_handler()).toBe(true);
    failListen();
    expect(p.restore_error_handler()).toBe(true);
    const line = 'socket_listen(): unable to listen on socket [95]: Operation not supported';
    expect(seen).toEqual([
      [p.E_WARNING, line],
      [p.E_WARNING, line],
    ]);
    expect(p.E_WARNING).toBe(2);
    expect(p.E_DEPRECATED).toBe(8192);
  });

  it('lets the handler see the codes already set', () => {
    const codes: number[] = [];
    const s = sock(p.AF_INET, p.SOCK_DGRAM);
    p.set_error_handler(() => {
      codes.push(p.socket_last_error(), p.socket_last_error(s));
    });
    try {
      failListen(s);
    } finally {
      p.restore_error_handler();
    }
    expect(codes).toEqual([95, 95]);
  });

  it('sends deprecations too, with E_DEPRECATED', () => {
    const seen: [number, string][] = [];
    p.set_error_handler((no, str) => {
      seen.push([no, str]);
    });
    try {
      loose(p.socket_strerror)(null);
    } finally {
      p.restore_error_handler();
    }
    expect(seen).toEqual([[p.E_DEPRECATED, 'socket_strerror(): Passing null to parameter #1 ($error_code) of type int is deprecated']]);
  });

  it('falls back to process.emitWarning: no handler, a handler returning false, a level not asked for, null', () => {
    const line = 'socket_listen(): unable to listen on socket [95]: Operation not supported';
    expect(captureDefault(() => failListen())).toEqual([`PHP Warning E_WARNING: ${line}`]);
    expect(captureDefault(() => loose(p.socket_strerror)(null))).toEqual([
      'PHP Deprecated E_DEPRECATED: socket_strerror(): Passing null to parameter #1 ($error_code) of type int is deprecated',
    ]);

    let calls = 0;
    p.set_error_handler(() => {
      calls++;
      return false;
    });
    expect(captureDefault(() => failListen())).toEqual([`PHP Warning E_WARNING: ${line}`]);
    expect(calls).toBe(1);
    p.restore_error_handler();

    p.set_error_handler(() => {
      calls++;
    }, p.E_NOTICE | p.E_DEPRECATED);
    expect(captureDefault(() => failListen())).toEqual([`PHP Warning E_WARNING: ${line}`]);
    expect(captureDefault(() => loose(p.socket_strerror)(null))).toEqual([]);
    expect(calls).toBe(2);
    p.restore_error_handler();

    p.set_error_handler(null);
    expect(captureDefault(() => failListen())).toEqual([`PHP Warning E_WARNING: ${line}`]);
    p.restore_error_handler();
  });

  it('emits a real process warning when no handler is installed (set_error_output)', async () => {
    const warning = new Promise<Error & { code?: string }>((resolve) => process.once('warning', resolve));
    p.set_error_output('emitWarning');
    try {
      failListen();
    } finally {
      p.set_error_output('stderr');
    }
    const w = await warning;
    expect(w.name).toBe('PHP Warning');
    expect(w.code).toBe('E_WARNING');
    expect(w.message).toBe('socket_listen(): unable to listen on socket [95]: Operation not supported');
  });

  it('sends warnings raised inside a handler to the default, as PHP does', () => {
    const seen: string[] = [];
    p.set_error_handler((_no, str) => {
      seen.push(str);
      if (str.includes('[95]')) p.socket_bind(sock(), '', 0); // warns inside the handler
    });
    let defaults: string[];
    try {
      defaults = captureDefault(() => failListen());
      // The handler is back in place afterwards.
      expect(captureDefault(() => failListen())).toHaveLength(1);
    } finally {
      p.restore_error_handler();
    }
    expect(defaults).toEqual(['PHP Warning E_WARNING: socket_bind(): Host lookup failed [-10003]: Unknown server error']);
    expect(seen).toEqual([
      'socket_listen(): unable to listen on socket [95]: Operation not supported',
      'socket_listen(): unable to listen on socket [95]: Operation not supported',
    ]);
  });

  it('lets a handler restore the previous handler from inside', () => {
    const seen: string[] = [];
    p.set_error_handler(() => {
      seen.push('outer');
    });
    p.set_error_handler(() => {
      seen.push('inner');
      p.restore_error_handler();
    });
    try {
      failListen();
      failListen();
    } finally {
      p.restore_error_handler();
    }
    expect(seen).toEqual(['inner', 'outer']);
  });

  it('propagates an exception thrown by the handler after the codes are set', () => {
    const s = sock(p.AF_INET, p.SOCK_DGRAM);
    p.set_error_handler(() => {
      throw new RangeError('from handler');
    });
    try {
      expect(thrown(() => failListen(s))).toBe('RangeError: from handler');
    } finally {
      p.restore_error_handler();
    }
    expect(p.socket_last_error(s)).toBe(95);
    // The handler that threw is still the one installed until restored; now none is.
    expect(captureDefault(() => failListen())).toHaveLength(1);
  });

  it('tolerates more restores than sets', () => {
    expect(p.restore_error_handler()).toBe(true);
    expect(p.restore_error_handler()).toBe(true);
    expect(captureDefault(() => failListen())).toHaveLength(1);
  });
});

describe.runIf(hasPhp)('errors against PHP', () => {
  it('prints the same socket_strerror text as PHP for every SOCKET_E* constant', () => {
    const expected = php(String.raw`
      foreach (get_defined_constants(true)['sockets'] as $name => $value)
        if (str_starts_with($name, 'SOCKET_E')) echo "$name=$value: ", socket_strerror($value), "\n";
    `);
    const constants = p as unknown as Record<string, unknown>;
    const names = [...expected.matchAll(/^(SOCKET_E\w+)=/gm)].map((m) => m[1]!);
    expect(names.length).toBe(101);
    const actual = names.map((n) => `${n}=${constants[n]}: ${p.socket_strerror(constants[n] as number)}\n`).join('');
    expect(actual).toBe(expected);
  });

  it('keeps the per-socket and global codes as PHP does', () => {
    const expected = php(PHP_PRELUDE + String.raw`
      socket_clear_error();
      $l = socket_create(AF_INET, SOCK_STREAM, 0); socket_bind($l, '127.0.0.1', 0); socket_listen($l);
      socket_getsockname($l, $a, $port);
      $d = socket_create(AF_INET, SOCK_DGRAM, 0);
      t('listen dgram', fn() => socket_listen($d));
      t('codes', fn() => socket_last_error() . '/' . socket_last_error($d) . '/' . socket_last_error($l));
      t('clear global', fn() => socket_clear_error());
      t('codes', fn() => socket_last_error() . '/' . socket_last_error($d));
      t('accept unlistened', fn() => socket_accept($d));
      t('codes', fn() => socket_last_error() . '/' . socket_last_error($d));
      t('create bad', fn() => socket_create(AF_INET, SOCK_STREAM, 99));
      t('codes', fn() => socket_last_error() . '/' . socket_last_error($d));
      t('create_listen used', fn() => socket_create_listen($port));
      t('codes', fn() => socket_last_error() . '/' . socket_last_error($l));
      socket_set_nonblock($l);
      t('accept nothing', fn() => socket_accept($l));
      t('codes', fn() => socket_last_error() . '/' . socket_last_error($l));
      t('lookup', fn() => socket_connect($d, '', 1));
      t('codes', fn() => socket_last_error() . '/' . socket_last_error($d));
      t('success', fn() => socket_connect($d, '127.0.0.1', $port));
      t('codes', fn() => socket_last_error() . '/' . socket_last_error($d));
      t('clear socket', fn() => socket_clear_error($d));
      t('codes', fn() => socket_last_error() . '/' . socket_last_error($d));
      t('read 0', fn() => socket_read($d, 0));
      t('codes', fn() => socket_last_error() . '/' . socket_last_error($d));
    `);
    const tr = new Transcript();
    p.socket_clear_error();
    const l = sock();
    p.socket_bind(l, '127.0.0.1', 0);
    p.socket_listen(l);
    const port = p.ref<number>();
    p.socket_getsockname(l, p.ref(), port);
    const d = sock(p.AF_INET, p.SOCK_DGRAM);
    const codes = (s: p.Socket) => `${p.socket_last_error()}/${p.socket_last_error(s)}`;
    tr.t('listen dgram', () => p.socket_listen(d));
    tr.t('codes', () => `${codes(d)}/${p.socket_last_error(l)}`);
    tr.t('clear global', () => p.socket_clear_error());
    tr.t('codes', () => codes(d));
    tr.t('accept unlistened', () => p.socket_accept(d));
    tr.t('codes', () => codes(d));
    tr.t('create bad', () => p.socket_create(p.AF_INET, p.SOCK_STREAM, 99));
    tr.t('codes', () => codes(d));
    tr.t('create_listen used', () => p.socket_create_listen(port.value!));
    tr.t('codes', () => codes(l));
    p.socket_set_nonblock(l);
    tr.t('accept nothing', () => p.socket_accept(l));
    tr.t('codes', () => codes(l));
    tr.t('lookup', () => p.socket_connect(d, '', 1));
    tr.t('codes', () => codes(d));
    tr.t('success', () => p.socket_connect(d, '127.0.0.1', port.value));
    tr.t('codes', () => codes(d));
    tr.t('clear socket', () => p.socket_clear_error(d));
    tr.t('codes', () => codes(d));
    tr.t('read 0', () => p.socket_read(d, 0));
    tr.t('codes', () => codes(d));
    expect(tr.text).toBe(expected);
  });

  it('calls handlers, and falls back to the default output, in the same order as PHP', () => {
    // PHP's default output is "\nWarning: <text> in Command line code on line N\n" on stdout.
    const out = php(String.raw`
      error_reporting(E_ALL); ini_set('display_errors', '1'); ini_set('log_errors', '0'); ini_set('html_errors', '0');
      $fail = fn() => socket_listen(socket_create(AF_INET, SOCK_DGRAM, 0));
      $h1 = function ($no, $str) { echo "h1 $no: $str\n"; };
      var_dump(set_error_handler($h1));
      $fail();
      $old = set_error_handler(function ($no, $str) { echo "h2 $no: $str\n"; return false; });
      var_dump($old === $h1);
      $fail();
      var_dump(restore_error_handler());
      set_error_handler(function ($no, $str) { echo "notice-only $no\n"; }, E_NOTICE);
      $fail();
      restore_error_handler();
      set_error_handler(null);
      $fail();
      restore_error_handler();
      set_error_handler(function ($no, $str) { echo "h3 $no: $str\n"; if (str_contains($str, '[95]')) socket_bind(socket_create(AF_INET, SOCK_STREAM, 0), '', 0); });
      $fail();
      set_error_handler(function ($no, $str) { echo "h4 $no\n"; restore_error_handler(); });
      $fail();
      $fail();
      socket_strerror(null);
      restore_error_handler();
      restore_error_handler();
      restore_error_handler();
      var_dump(restore_error_handler());
      $fail();
    `).replace(/\n(Warning|Deprecated): (.*) in Command line code on line \d+\n/g, 'default $1: $2\n');

    const lines: string[] = [];
    const say = (s: string) => lines.push(s + '\n');
    const fail = () => failListen();
    const original = process.emitWarning;
    process.emitWarning = ((message: string, options?: { type?: string }) => {
      say(`default ${options?.type?.replace('PHP ', '')}: ${message}`);
    }) as typeof process.emitWarning;
    p.set_error_output('emitWarning');
    p.error_reporting(p.E_ALL);
    try {
      const h1 = (no: number, str: string) => {
        say(`h1 ${no}: ${str}`);
      };
      say(p.set_error_handler(h1) === null ? 'NULL' : 'not null');
      fail();
      const old = p.set_error_handler((no, str) => {
        say(`h2 ${no}: ${str}`);
        return false;
      });
      say(`bool(${old === h1})`);
      fail();
      say(`bool(${p.restore_error_handler()})`);
      p.set_error_handler((no) => {
        say(`notice-only ${no}`);
      }, p.E_NOTICE);
      fail();
      p.restore_error_handler();
      p.set_error_handler(null);
      fail();
      p.restore_error_handler();
      p.set_error_handler((no, str) => {
        say(`h3 ${no}: ${str}`);
        if (str.includes('[95]')) p.socket_bind(sock(), '', 0);
      });
      fail();
      p.set_error_handler((no) => {
        say(`h4 ${no}`);
        p.restore_error_handler();
      });
      fail();
      fail();
      loose(p.socket_strerror)(null);
      p.restore_error_handler();
      p.restore_error_handler();
      p.restore_error_handler();
      say(`bool(${p.restore_error_handler()})`);
      fail();
    } finally {
      process.emitWarning = original;
      p.set_error_output('stderr');
      p.error_reporting(p.E_ALL & ~p.E_DEPRECATED & ~p.E_STRICT);
    }
    expect(lines.join('')).toBe(out);
  });
});
