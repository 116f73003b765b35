// error_reporting, silence (PHP's @), trigger_error / user_error, and the default output of a
// diagnostic no handler takes: php-cli's "PHP Warning:  text in file on line N" on stderr, written
// at once. Expected values are what PHP 8.2 (Debian's php-cli) prints for the same steps.
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as p from '../lib/index.js';
import { thrown } from './helpers/capture.js';
import { hasPhp, php } from './helpers/php.js';
import { removeScripts, runPair } from './helpers/script_pair.js';

const loose = (f: unknown) => f as (...a: unknown[]) => unknown;
afterAll(removeScripts);

/** A warning this package raises: connecting to a closed port. */
function refused(): false {
  const s = p.socket_create(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP) as p.Socket;
  try {
    return p.socket_connect(s, '127.0.0.1', 1) as false;
  } finally {
    p.socket_close(s);
  }
}
const REFUSED = 'socket_connect(): unable to connect [111]: Connection refused';

/** Collects what reaches the default output while `fn` runs (the function form of set_error_output). */
function defaultOutput(fn: () => void): string[] {
  const seen: string[] = [];
  const previous = p.set_error_output((no, str, file, line) => {
    seen.push(`${no} ${str} @${file === fileURLToPath(import.meta.url) ? 'this file' : file}:${line > 0}`);
  });
  try {
    fn();
  } finally {
    p.set_error_output(previous);
  }
  return seen;
}

afterEach(() => {
  p.error_reporting(p.E_ALL & ~p.E_DEPRECATED & ~p.E_STRICT);
});

describe('error_reporting', () => {
  it('refuses what PHP refuses', () => {
    expect(thrown(() => loose(p.error_reporting)('abc'))).toBe(
      'TypeError: error_reporting(): Argument #1 ($error_level) must be of type ?int, string given',
    );
    expect(thrown(() => loose(p.error_reporting)(1, 2))).toBe(
      'ArgumentCountError: error_reporting() expects at most 1 argument, 2 given',
    );
  });

  it("starts at Debian php-cli's level and returns the old level when setting", () => {
    expect(p.error_reporting()).toBe(22527);
    expect(p.error_reporting(null)).toBe(22527);
    expect(loose(p.error_reporting)('5')).toBe(22527);
    expect(p.error_reporting(-1)).toBe(5);
    expect(p.error_reporting()).toBe(-1);
    expect(loose(p.error_reporting)(true)).toBe(-1);
    expect(p.error_reporting()).toBe(1);
  });

  it.skipIf(!hasPhp)('matches PHP', () => {
    expect(php('var_dump(error_reporting(), error_reporting(null), error_reporting("5"), error_reporting(-1), error_reporting(), error_reporting(true), error_reporting());')).toBe(
      'int(22527)\nint(22527)\nint(22527)\nint(5)\nint(-1)\nint(-1)\nint(1)\n',
    );
  });

  it('decides what reaches the default output, not what reaches a handler', () => {
    expect(defaultOutput(refused)).toEqual([`2 ${REFUSED} @this file:true`]);
    // Deprecations are off by default, as in Debian's php.ini.
    expect(defaultOutput(() => loose(p.socket_strerror)(null))).toEqual([]);
    p.error_reporting(p.E_ALL);
    expect(defaultOutput(() => loose(p.socket_strerror)(null))).toEqual([
      '8192 socket_strerror(): Passing null to parameter #1 ($error_code) of type int is deprecated @this file:true',
    ]);
    p.error_reporting(0);
    expect(defaultOutput(refused)).toEqual([]);
    const seen: number[] = [];
    p.set_error_handler((no) => {
      seen.push(no, p.error_reporting());
      return false;
    });
    try {
      expect(defaultOutput(refused)).toEqual([]);
    } finally {
      p.restore_error_handler();
    }
    expect(seen).toEqual([p.E_WARNING, 0]);
  });
});

describe('silence', () => {
  it('returns what the call returns and keeps its warnings from the output', () => {
    expect(defaultOutput(() => expect(p.silence(refused)).toBe(false))).toEqual([]);
    expect(p.silence(() => 5)).toBe(5);
    expect(thrown(() => loose(p.silence)('x'))).toBe('TypeError: silence(): Argument #1 ($fn) must be of type callable, string given');
    expect(defaultOutput(() => p.silence(() => p.trigger_error('x', p.E_USER_WARNING)))).toEqual([]);
  });

  it('still calls the handler, with error_reporting() at 4437', () => {
    const seen: string[] = [];
    p.set_error_handler((no, str) => {
      seen.push(`${no} ${str} ${p.error_reporting()}`);
      return false;
    });
    try {
      expect(defaultOutput(() => p.silence(refused))).toEqual([]);
      expect(defaultOutput(() => p.silence(() => loose(p.socket_strerror)(null)))).toEqual([]);
    } finally {
      p.restore_error_handler();
    }
    expect(seen).toEqual([
      `2 ${REFUSED} 4437`,
      '8192 socket_strerror(): Passing null to parameter #1 ($error_code) of type int is deprecated 4437',
    ]);
    expect(p.error_reporting()).toBe(22527);
  });

  it('restores the level after a throw, keeps one set inside, and nests', () => {
    expect(thrown(() => p.silence(() => loose(p.socket_strerror)('x')))).toMatch(/^TypeError/);
    expect(p.error_reporting()).toBe(22527);
    p.silence(() => p.error_reporting(3));
    expect(p.error_reporting()).toBe(3);
    p.error_reporting(p.E_ALL);
    const inner: number[] = [];
    p.silence(() => {
      inner.push(p.error_reporting());
      p.silence(() => inner.push(p.error_reporting()));
      inner.push(p.error_reporting());
    });
    expect(inner).toEqual([4437, 4437, 4437]);
    expect(p.error_reporting()).toBe(p.E_ALL);
    p.error_reporting(0);
    p.silence(() => inner.push(p.error_reporting()));
    expect(inner.at(-1)).toBe(0);
    expect(p.error_reporting()).toBe(0);
  });

  it.skipIf(!hasPhp)('matches PHP', () => {
    const out = php(String.raw`
      set_error_handler(function ($no, $str) { echo "H $no $str ", error_reporting(), "\n"; return true; });
      $s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
      var_dump(@socket_connect($s, '127.0.0.1', 1));
      try { @socket_strerror('x'); } catch (TypeError $e) { echo error_reporting(), "\n"; }
      @error_reporting(3); echo error_reporting(), "\n";
      error_reporting(E_ALL);
      @(function () { echo error_reporting(), "\n"; @trigger_error('t', E_USER_WARNING); echo error_reporting(), "\n"; })();
      echo error_reporting(), "\n";
      error_reporting(0); @trigger_error('u', E_USER_NOTICE); echo error_reporting(), "\n";
    `);
    const lines: string[] = [];
    p.set_error_handler((no, str) => {
      lines.push(`H ${no} ${str} ${p.error_reporting()}\n`);
      return true;
    });
    try {
      const s = p.socket_create(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP) as p.Socket;
      lines.push(`bool(${p.silence(() => p.socket_connect(s, '127.0.0.1', 1))})\n`);
      if (thrown(() => p.silence(() => loose(p.socket_strerror)('x'))).startsWith('TypeError')) lines.push(`${p.error_reporting()}\n`);
      p.silence(() => p.error_reporting(3));
      lines.push(`${p.error_reporting()}\n`);
      p.error_reporting(p.E_ALL);
      p.silence(() => {
        lines.push(`${p.error_reporting()}\n`);
        p.silence(() => p.trigger_error('t', p.E_USER_WARNING));
        lines.push(`${p.error_reporting()}\n`);
      });
      lines.push(`${p.error_reporting()}\n`);
      p.error_reporting(0);
      p.silence(() => p.trigger_error('u', p.E_USER_NOTICE));
      lines.push(`${p.error_reporting()}\n`);
    } finally {
      p.restore_error_handler();
    }
    expect(lines.join('')).toBe(out);
  });
});

describe('trigger_error / user_error', () => {
  it('refuses what PHP refuses', () => {
    const levels = 'must be one of E_USER_ERROR, E_USER_WARNING, E_USER_NOTICE, or E_USER_DEPRECATED';
    expect(thrown(() => p.trigger_error('m', p.E_WARNING))).toBe(`ValueError: trigger_error(): Argument #2 ($error_level) ${levels}`);
    expect(thrown(() => p.trigger_error('m', 0))).toBe(`ValueError: trigger_error(): Argument #2 ($error_level) ${levels}`);
    expect(thrown(() => p.user_error('m', 3))).toBe(`ValueError: user_error(): Argument #2 ($error_level) ${levels}`);
    expect(thrown(() => loose(p.trigger_error)())).toBe('ArgumentCountError: trigger_error() expects at least 1 argument, 0 given');
    expect(thrown(() => loose(p.trigger_error)('a', 512, 3))).toBe('ArgumentCountError: trigger_error() expects at most 2 arguments, 3 given');
    expect(thrown(() => loose(p.trigger_error)([]))).toBe('TypeError: trigger_error(): Argument #1 ($message) must be of type string, array given');
    expect(thrown(() => loose(p.user_error)([]))).toBe('TypeError: user_error(): Argument #1 ($message) must be of type string, array given');
  });

  it('raises the message at its level through the handler, and returns true', () => {
    const seen: unknown[] = [];
    p.set_error_handler((no, str, file, line) => {
      seen.push([no, str, file === fileURLToPath(import.meta.url), line > 0]);
    });
    try {
      expect(p.trigger_error('note')).toBe(true);
      expect(p.trigger_error('warn', p.E_USER_WARNING)).toBe(true);
      expect(loose(p.user_error)('dep', '16384')).toBe(true);
      expect(p.user_error('fatal but handled', p.E_USER_ERROR)).toBe(true);
    } finally {
      p.restore_error_handler();
    }
    expect(seen).toEqual([
      [p.E_USER_NOTICE, 'note', true, true],
      [p.E_USER_WARNING, 'warn', true, true],
      [p.E_USER_DEPRECATED, 'dep', true, true],
      [p.E_USER_ERROR, 'fatal but handled', true, true],
    ]);
    expect([p.E_USER_ERROR, p.E_USER_WARNING, p.E_USER_NOTICE, p.E_USER_DEPRECATED]).toEqual([256, 512, 1024, 16384]);
  });

  it.skipIf(!hasPhp)('has PHP 8.2 values for every E_ constant', () => {
    const names = Object.keys(p).filter((k) => /^E_[A-Z_]+$/.test(k)).sort();
    expect(names).toHaveLength(16);
    const out = php(names.map((n) => `echo "${n}=", ${n}, "\\n";`).join(''));
    expect(names.map((n) => `${n}=${(p as unknown as Record<string, number>)[n]}\n`).join('')).toBe(out);
  });
});

describe('the default output', () => {
  it.skipIf(!hasPhp)("writes php-cli's lines at once, with the caller's file and line, before a process.exit", () => {
    const r = runPair(
      'order',
      [
        '$s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);',
        'echo "a\\n";',
        'socket_connect($s, "127.0.0.1", 1);',
        'function f($s) {',
        '  return socket_connect($s, "127.0.0.1", 1);',
        '}',
        'f($s); @f($s);',
        'trigger_error("mine", E_USER_WARNING); trigger_error("note");',
        'user_error("dep", E_USER_DEPRECATED); socket_strerror(null);',
        'error_reporting(E_ALL); socket_strerror(null); echo "b\\n";',
        'socket_read(socket_create(AF_INET, SOCK_STREAM, SOL_TCP), 10);',
        'exit(3);',
      ].join('\n'),
      [
        'const s = p.socket_create(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP) as p.Socket;',
        'p.echo("a\\n");',
        'p.socket_connect(s, "127.0.0.1", 1);',
        'function f(s: p.Socket) {',
        '  return p.socket_connect(s, "127.0.0.1", 1);',
        '}',
        'f(s); p.silence(() => f(s));',
        'p.trigger_error("mine", p.E_USER_WARNING); p.trigger_error("note");',
        'p.user_error("dep", p.E_USER_DEPRECATED); (p.socket_strerror as any)(null);',
        'p.error_reporting(p.E_ALL); (p.socket_strerror as any)(null); p.echo("b\\n");',
        'p.socket_read(p.socket_create(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP) as p.Socket, 10);',
        'process.exit(3);',
      ].join('\n'),
    );
    expect(r.ts).toBe(r.php);
    expect(r.tsStatus).toBe(3);
    expect(r.php).toContain('PHP Warning:  socket_connect(): unable to connect [111]: Connection refused in FILE on line 6\n');
  });

  it.skipIf(!hasPhp)("names the line of the call for a php-sockets/async call's warning, after its waits", () => {
    // Each accept on a UDP server times out (PHP polls it); the warning comes after the wait, from
    // the event loop, yet names the call's line: a queued call's own line, not the await's; a
    // handler's own warning names the handler's line.
    const r = runPair(
      'async_lines',
      [
        '$u = stream_socket_server("udp://127.0.0.1:0", $en, $es, STREAM_SERVER_BIND);',
        'var_dump(stream_socket_accept($u, 0.05));',
        'function f($u) {',
        '  return stream_socket_accept($u, 0.05);',
        '}',
        'f($u);',
        '$a = stream_socket_accept($u, 0.05);',
        '$b = stream_socket_accept($u, 0.05);',
        'var_dump($a, $b);',
        '$pair = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0); fwrite($pair[1], "abc"); stream_set_timeout($pair[0], 0, 50000);',
        'var_dump(stream_get_contents($pair[0], -1, 5));',
        'set_error_handler(function ($no, $str, $file, $line) {',
        '  echo "handler: $str at line $line\\n";',
        '  $s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP); socket_bind($s, "127.0.0.1"); socket_bind($s, "127.0.0.1");',
        '  return true;',
        '});',
        'stream_socket_accept($u, 0.05);',
      ].join('\n'),
      [
        'const u = p.stream_socket_server("udp://127.0.0.1:0", p.ref(), p.ref(), p.STREAM_SERVER_BIND) as p.Stream;',
        'p.var_dump(await p.stream_socket_accept(u, 0.05));',
        'async function f(u: p.Stream) {',
        '  return await p.stream_socket_accept(u, 0.05);',
        '}',
        'await f(u);',
        'const a = p.stream_socket_accept(u, 0.05);',
        'const b = p.stream_socket_accept(u, 0.05);',
        'p.var_dump(await a, await b);',
        'const pair = p.stream_socket_pair(p.STREAM_PF_UNIX, p.STREAM_SOCK_STREAM, 0) as p.Stream[]; p.fwrite(pair[1]!, "abc"); p.stream_set_timeout(pair[0]!, 0, 50000);',
        'p.var_dump(await p.stream_get_contents(pair[0]!, -1, 5));',
        'p.set_error_handler((no, str, file, line) => {',
        '  p.echo(`handler: ${str} at line ${line}\\n`);',
        '  const s = p.socket_create(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP) as p.Socket; p.socket_bind(s, "127.0.0.1"); p.socket_bind(s, "127.0.0.1");',
        '  return true;',
        '});',
        'await p.stream_socket_accept(u, 0.05);',
      ].join('\n'),
      'lib/async/index.ts',
    );
    expect(r.ts).toBe(r.php);
    expect(r.php).toContain('PHP Warning:  stream_socket_accept(): Accept failed: Connection timed out in FILE on line 9\n');
    expect([r.phpStatus, r.tsStatus]).toEqual([0, 0]);
  });

  it.skipIf(!hasPhp)('ends the script with status 255 on an E_USER_ERROR no handler takes', () => {
    const r = runPair(
      'fatal',
      'set_error_handler(function () { echo "H\\n"; return false; });\n@trigger_error("fatal", E_USER_ERROR);\necho "after\\n";',
      'p.set_error_handler(() => { p.echo("H\\n"); return false; });\np.silence(() => p.trigger_error("fatal", p.E_USER_ERROR));\np.echo("after\\n");',
    );
    expect(r.ts).toBe(r.php);
    expect(r.php).toBe('H\n|PHP Fatal error:  fatal in FILE on line 3\n');
    expect([r.phpStatus, r.tsStatus]).toEqual([255, 255]);
  });

  it('can go to process.emitWarning instead', async () => {
    expect(p.set_error_output('emitWarning')).toBe('stderr');
    const warning = new Promise<Error & { code?: string }>((resolve) => process.once('warning', resolve));
    try {
      refused();
    } finally {
      expect(p.set_error_output('stderr')).toBe('emitWarning');
    }
    const w = await warning;
    expect([w.name, w.code, w.message]).toEqual(['PHP Warning', 'E_WARNING', REFUSED]);
    expect(thrown(() => loose(p.set_error_output)('stdout'))).toBe(
      "TypeError: set_error_output(): Argument #1 ($target) must be 'stderr', 'emitWarning' or a function",
    );
  });
});
