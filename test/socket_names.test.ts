// socket_getsockname, socket_getpeername. Expected values are what PHP 8.2 prints for the same
// steps; the "against PHP" block runs PHP itself.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as p from '../lib/index.js';
import { captureWarnings, thrown } from './helpers/capture.js';
import { hasPhp, php } from './helpers/php.js';
import { PHP_PRELUDE, Transcript } from './helpers/transcript.js';
import { keptUntilEnd } from './helpers/closing.js';

const loose = (f: unknown) => f as (...a: unknown[]) => unknown;

function sock(domain: number, type: number = p.SOCK_STREAM): p.Socket {
  return p.socket_create(domain, type, 0) as p.Socket;
}

/** [address, port] of getsockname (peer = false) or getpeername, with boxes that start unset. */
function nameOf(s: p.Socket, peer = false): [unknown, unknown] {
  const addr = p.ref<unknown>('unset');
  const port = p.ref<unknown>('unset');
  const ok = (peer ? p.socket_getpeername : p.socket_getsockname)(s, addr, port);
  expect(ok).toBe(true);
  return [addr.value, port.value];
}

/** A connected TCP pair over loopback: [listener, client, accepted]. */
function tcp(family: number): [p.Socket, p.Socket, p.Socket] {
  const host = family === p.AF_INET6 ? '::1' : '127.0.0.1';
  const l = sock(family);
  p.socket_bind(l, host, 0);
  p.socket_listen(l);
  const [, port] = nameOf(l);
  const c = sock(family);
  expect(p.socket_connect(c, host, port as number)).toBe(true);
  return [l, c, p.socket_accept(l) as p.Socket];
}

// Sockets a test relies on after its last use of them stay referenced until the file ends: one
// collected is closed by its finalizer (a listener then refuses connections).
const kept = keptUntilEnd();

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'php-sockets-names-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('socket_getsockname', () => {
  it('throws PHP misuse errors', () => {
    const f = loose(p.socket_getsockname);
    const s = sock(p.AF_INET);
    expect(thrown(() => f())).toBe('ArgumentCountError: socket_getsockname() expects at least 2 arguments, 0 given');
    expect(thrown(() => f(s))).toBe('ArgumentCountError: socket_getsockname() expects at least 2 arguments, 1 given');
    expect(thrown(() => f(s, p.ref(), p.ref(), 1))).toBe(
      'ArgumentCountError: socket_getsockname() expects at most 3 arguments, 4 given',
    );
    expect(thrown(() => f('x', p.ref()))).toBe(
      'TypeError: socket_getsockname(): Argument #1 ($socket) must be of type Socket, string given',
    );
    // A literal for a by-reference parameter: PHP refuses it before looking at anything else.
    expect(thrown(() => f(s, 'x'))).toBe(
      'Error: socket_getsockname(): Argument #2 ($address) cannot be passed by reference',
    );
    expect(thrown(() => f(s, p.ref(), 5))).toBe(
      'Error: socket_getsockname(): Argument #3 ($port) cannot be passed by reference',
    );
    expect(thrown(() => f('not a socket', 'x'))).toBe(
      'Error: socket_getsockname(): Argument #2 ($address) cannot be passed by reference',
    );
    expect(thrown(() => f(1, 'x', 1, 2))).toBe(
      'Error: socket_getsockname(): Argument #2 ($address) cannot be passed by reference',
    );
    p.socket_close(s);
    expect(thrown(() => p.socket_getsockname(s, p.ref()))).toBe(
      'Error: socket_getsockname(): Argument #1 ($socket) has already been closed',
    );
  });

  it('gives the wildcard address and port 0 for unbound inet sockets', () => {
    expect(nameOf(sock(p.AF_INET))).toEqual(['0.0.0.0', 0]);
    expect(nameOf(sock(p.AF_INET, p.SOCK_DGRAM))).toEqual(['0.0.0.0', 0]);
    expect(nameOf(sock(p.AF_INET6))).toEqual(['::', 0]);
  });

  it('gives the bound address and port (an int, host order)', () => {
    const s = sock(p.AF_INET);
    p.socket_bind(s, '127.0.0.1', 0);
    const [addr, port] = nameOf(s);
    expect(addr).toBe('127.0.0.1');
    expect(typeof port).toBe('number');
    expect(port).toBeGreaterThan(0);
    const s6 = sock(p.AF_INET6);
    p.socket_bind(s6, '::1', 0);
    expect(nameOf(s6)[0]).toBe('::1');
    // No scope id or flowinfo in the text.
    const scoped = sock(p.AF_INET6);
    p.socket_bind(scoped, '::1%1', 0);
    expect(nameOf(scoped)[0]).toBe('::1');
    const mapped = sock(p.AF_INET6);
    p.socket_bind(mapped, '::ffff:127.0.0.1', 0);
    expect(nameOf(mapped)[0]).toBe('::ffff:127.0.0.1');
  });

  it('gives both ends of a TCP connection', () => {
    for (const family of [p.AF_INET, p.AF_INET6]) {
      const [l, c, s] = tcp(family);
      const host = family === p.AF_INET6 ? '::1' : '127.0.0.1';
      const [, lport] = nameOf(l);
      const [caddr, cport] = nameOf(c);
      expect(caddr).toBe(host);
      expect(nameOf(s)).toEqual([host, lport]);
      expect(nameOf(s, true)).toEqual([host, cport]);
      expect(nameOf(c, true)).toEqual([host, lport]);
    }
  });

  it('reads unix names as C strings and never touches the port', () => {
    const path = join(dir, 'named.sock');
    const l = sock(p.AF_UNIX);
    expect(nameOf(l)).toEqual(['', 'unset']); // unbound
    p.socket_bind(l, path);
    p.socket_listen(l);
    expect(nameOf(l)).toEqual([path, 'unset']);
    const c = sock(p.AF_UNIX);
    p.socket_connect(c, path);
    const s = p.socket_accept(l) as p.Socket;
    expect(nameOf(c)).toEqual(['', 'unset']); // a client's own name is unnamed
    expect(nameOf(c, true)).toEqual([path, 'unset']);
    expect(nameOf(s)).toEqual([path, 'unset']);
    expect(nameOf(s, true)).toEqual(['', 'unset']);

    // Without a port box at all.
    const addr = p.ref<string>();
    expect(p.socket_getsockname(l, addr)).toBe(true);
    expect(addr.value).toBe(path);
  });

  it('returns relative, 107-byte, NUL-truncated, abstract and autobound unix names as PHP does', () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const r = sock(p.AF_UNIX);
      expect(p.socket_bind(r, 'rel.sock')).toBe(true);
      expect(nameOf(r)[0]).toBe('rel.sock');
    } finally {
      process.chdir(cwd);
    }
    expect(existsSync(join(dir, 'rel.sock'))).toBe(true);

    const long = join(dir, 'L'.repeat(107 - dir.length - 1));
    const lu = sock(p.AF_UNIX);
    expect(p.socket_bind(lu, long)).toBe(true);
    expect(nameOf(lu)[0]).toBe(long);

    // bind passes the whole length; the kernel stops at the NUL, and so does the name.
    const nul = sock(p.AF_UNIX);
    expect(p.socket_bind(nul, join(dir, 'n\0ul.sock'))).toBe(true);
    expect(nameOf(nul)[0]).toBe(join(dir, 'n'));

    // Abstract names start with a NUL, so they read as "".
    const abstract = `\0php-sockets-names-${process.pid}`;
    const ab = sock(p.AF_UNIX);
    kept.push(ab); // listens for the connect below
    expect(p.socket_bind(ab, abstract)).toBe(true);
    expect(nameOf(ab)[0]).toBe('');
    p.socket_listen(ab);
    const abc = sock(p.AF_UNIX);
    expect(p.socket_connect(abc, abstract)).toBe(true);
    expect(nameOf(abc, true)[0]).toBe('');

    const auto = sock(p.AF_UNIX, p.SOCK_DGRAM);
    expect(p.socket_bind(auto, '')).toBe(true);
    expect(nameOf(auto)[0]).toBe('');

    const box = p.ref<unknown>();
    p.socket_create_pair(p.AF_UNIX, p.SOCK_STREAM, 0, box);
    const [a] = box.value as [p.Socket, p.Socket];
    expect(nameOf(a)).toEqual(['', 'unset']);
    expect(nameOf(a, true)).toEqual(['', 'unset']);
  });

  it('keeps bytes above 0x7f in unix paths', () => {
    const sub = join(dir, 'bytes');
    mkdirSync(sub);
    const path = `${sub}/caf\u00e9-\u00ff.sock`; // bytes e9 and ff, not UTF-8
    const s = sock(p.AF_UNIX);
    expect(p.socket_bind(s, path)).toBe(true);
    expect(nameOf(s)[0]).toBe(path);
    expect(existsSync(Buffer.from(path, 'latin1'))).toBe(true);
  });
});

describe('socket_getpeername', () => {
  it('throws PHP misuse errors', () => {
    const f = loose(p.socket_getpeername);
    const s = sock(p.AF_INET);
    expect(thrown(() => f(s))).toBe('ArgumentCountError: socket_getpeername() expects at least 2 arguments, 1 given');
    expect(thrown(() => f(s, null))).toBe(
      'Error: socket_getpeername(): Argument #2 ($address) cannot be passed by reference',
    );
    expect(thrown(() => f([], p.ref()))).toBe(
      'TypeError: socket_getpeername(): Argument #1 ($socket) must be of type Socket, array given',
    );
    p.socket_close(s);
    expect(thrown(() => p.socket_getpeername(s, p.ref()))).toBe(
      'Error: socket_getpeername(): Argument #1 ($socket) has already been closed',
    );
  });

  it('fails on an unconnected socket, leaving the boxes untouched', () => {
    for (const s of [sock(p.AF_INET), sock(p.AF_INET6), sock(p.AF_UNIX), sock(p.AF_INET, p.SOCK_DGRAM)]) {
      const addr = p.ref<unknown>('old');
      const port = p.ref<unknown>('oldp');
      p.socket_clear_error();
      const { result, warnings } = captureWarnings(() => p.socket_getpeername(s, addr, port));
      expect(result).toBe(false);
      expect(warnings).toEqual(['socket_getpeername(): unable to retrieve peer name [107]: Transport endpoint is not connected']);
      expect(addr.value).toBe('old');
      expect(port.value).toBe('oldp');
      expect(p.socket_last_error(s)).toBe(107);
      expect(p.socket_last_error()).toBe(107);
    }
  });

  it('gives the default peer of a connected datagram socket', () => {
    const d = sock(p.AF_INET, p.SOCK_DGRAM);
    expect(p.socket_connect(d, '127.0.0.1', 9)).toBe(true); // nothing is sent
    expect(nameOf(d, true)).toEqual(['127.0.0.1', 9]);
    expect(nameOf(d)[0]).toBe('127.0.0.1');
  });

  it('reports the peer of a socket whose peer has gone', () => {
    const [, c, s] = tcp(p.AF_INET);
    const before = nameOf(s, true);
    p.socket_close(c);
    expect(p.socket_read(s, 10)).toBe('');
    expect(nameOf(s, true)).toEqual(before); // Linux keeps the peer address after a FIN
  });
});

describe.runIf(hasPhp)('socket names against PHP', () => {
  it('prints the same transcript as PHP', () => {
    const run = (d: string) => String.raw`
      $d = '${d}'; @mkdir($d); chdir($d);
      function n($f, $s) { $a = 'unset'; $p = 'unset'; $r = $f($s, $a, $p); return $r ? "$a|" . (is_int($p) ? ($p === 0 ? 'int 0' : 'int') : $p) : $r; }
      t('inet unbound', fn() => n('socket_getsockname', socket_create(AF_INET, SOCK_STREAM, 0)));
      t('inet6 unbound', fn() => n('socket_getsockname', socket_create(AF_INET6, SOCK_DGRAM, 0)));
      t('unix unbound', fn() => n('socket_getsockname', socket_create(AF_UNIX, SOCK_STREAM, 0)));
      t('inet peer', fn() => n('socket_getpeername', socket_create(AF_INET, SOCK_STREAM, 0)));
      t('unix peer', fn() => n('socket_getpeername', socket_create(AF_UNIX, SOCK_DGRAM, 0)));
      $l = socket_create(AF_INET6, SOCK_STREAM, 0); socket_bind($l, '::1', 0); socket_listen($l);
      t('inet6 bound', fn() => n('socket_getsockname', $l));
      $m = socket_create(AF_INET6, SOCK_STREAM, 0); socket_bind($m, '127.0.0.1', 0);
      t('inet6 mapped', fn() => n('socket_getsockname', $m));
      $u = socket_create(AF_UNIX, SOCK_STREAM, 0); socket_bind($u, 'rel.sock'); socket_listen($u);
      t('unix relative', fn() => n('socket_getsockname', $u));
      $c = socket_create(AF_UNIX, SOCK_STREAM, 0); socket_connect($c, 'rel.sock');
      t('unix client peer', fn() => n('socket_getpeername', $c));
      t('unix client self', fn() => n('socket_getsockname', $c));
      $acc = socket_accept($u);
      t('unix accepted peer', fn() => n('socket_getpeername', $acc));
      $ab = socket_create(AF_UNIX, SOCK_DGRAM, 0); socket_bind($ab, "\0php-sockets-names-cmp-" . getmypid());
      t('unix abstract', fn() => n('socket_getsockname', $ab));
      $nu = socket_create(AF_UNIX, SOCK_DGRAM, 0); socket_bind($nu, "nu\0l.sock");
      t('unix nul', fn() => n('socket_getsockname', $nu));
      t('literal', fn() => socket_getsockname($u, 'x'));
      socket_close($u);
      t('closed', fn() => socket_getsockname($u, $a));
    `;
    const phpDir = join(dir, 'cmp-php');
    const expected = php(PHP_PRELUDE + run(phpDir));

    const tsDir = join(dir, 'cmp-ts');
    mkdirSync(tsDir);
    const cwd = process.cwd();
    process.chdir(tsDir);
    try {
      const tr = new Transcript();
      const n = (f: typeof p.socket_getsockname, s: p.Socket) => {
        const a = p.ref<unknown>('unset');
        const port = p.ref<unknown>('unset');
        const r = f(s, a, port);
        const pv = port.value;
        return r ? `${a.value}|` + (typeof pv === 'number' ? (pv === 0 ? 'int 0' : 'int') : pv) : r;
      };
      const [N, P] = [p.socket_getsockname, p.socket_getpeername];
      tr.t('inet unbound', () => n(N, sock(p.AF_INET)));
      tr.t('inet6 unbound', () => n(N, sock(p.AF_INET6, p.SOCK_DGRAM)));
      tr.t('unix unbound', () => n(N, sock(p.AF_UNIX)));
      tr.t('inet peer', () => n(P, sock(p.AF_INET)));
      tr.t('unix peer', () => n(P, sock(p.AF_UNIX, p.SOCK_DGRAM)));
      const l = sock(p.AF_INET6);
      p.socket_bind(l, '::1', 0);
      p.socket_listen(l);
      tr.t('inet6 bound', () => n(N, l));
      const m = sock(p.AF_INET6);
      p.socket_bind(m, '127.0.0.1', 0);
      tr.t('inet6 mapped', () => n(N, m));
      const u = sock(p.AF_UNIX);
      p.socket_bind(u, 'rel.sock');
      p.socket_listen(u);
      tr.t('unix relative', () => n(N, u));
      const c = sock(p.AF_UNIX);
      p.socket_connect(c, 'rel.sock');
      tr.t('unix client peer', () => n(P, c));
      tr.t('unix client self', () => n(N, c));
      const acc = p.socket_accept(u) as p.Socket;
      tr.t('unix accepted peer', () => n(P, acc));
      const ab = sock(p.AF_UNIX, p.SOCK_DGRAM);
      p.socket_bind(ab, `\0php-sockets-names-cmp-${process.pid}`);
      tr.t('unix abstract', () => n(N, ab));
      const nu = sock(p.AF_UNIX, p.SOCK_DGRAM);
      p.socket_bind(nu, 'nu\0l.sock');
      tr.t('unix nul', () => n(N, nu));
      tr.t('literal', () => loose(p.socket_getsockname)(u, 'x'));
      p.socket_close(u);
      tr.t('closed', () => p.socket_getsockname(u, p.ref()));
      expect(tr.text).toBe(expected);
    } finally {
      process.chdir(cwd);
    }
  });
});
