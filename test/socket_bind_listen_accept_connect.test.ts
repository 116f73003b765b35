// socket_bind, socket_listen, socket_accept, socket_connect, socket_shutdown, socket_close,
// socket_set_block, socket_set_nonblock (and socket_create_listen's corners). Expected texts and
// codes are what PHP 8.2 prints for the same steps; the "against PHP" blocks run PHP itself.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as p from '../lib/index.js';
import { captureWarnings, thrown } from './helpers/capture.js';
import { hasPhp, php } from './helpers/php.js';
import { PHP_PRELUDE, Transcript } from './helpers/transcript.js';
import { keptUntilEnd } from './helpers/closing.js';

/** Calls a PHP function with arguments its TS signature would refuse (misuse tests). */
const loose = (f: unknown) => f as (...a: unknown[]) => unknown;

function sock(domain: number, type: number = p.SOCK_STREAM): p.Socket {
  const s = p.socket_create(domain, type, 0);
  if (!(s instanceof p.Socket)) throw new Error('socket_create failed');
  return s;
}

function portOf(s: p.Socket): number {
  const port = p.ref<number>();
  expect(p.socket_getsockname(s, p.ref(), port)).toBe(true);
  return port.value!;
}

/** A listening TCP socket on loopback, port chosen by the kernel. */
function listener(family: number = p.AF_INET): [p.Socket, number] {
  const l = sock(family);
  expect(p.socket_bind(l, family === p.AF_INET6 ? '::1' : '127.0.0.1', 0)).toBe(true);
  expect(p.socket_listen(l, 8)).toBe(true);
  return [l, portOf(l)];
}

/** A port nothing listens on: bound (so nobody else takes it) but not listening. */
function deadPort(family: number = p.AF_INET): [p.Socket, number] {
  const s = sock(family);
  p.socket_bind(s, family === p.AF_INET6 ? '::1' : '127.0.0.1', 0);
  return [s, portOf(s)];
}

// Sockets a test relies on after its last use of them stay referenced until the file ends: one
// collected is closed by its finalizer, which frees its name or ends its connection mid-test.
const kept = keptUntilEnd();

function waitWritable(s: p.Socket): void {
  const w = [s];
  expect(p.socket_select(null, w, null, 5)).toBe(1);
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'php-sockets-conn-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('socket_bind', () => {
  it('throws PHP misuse errors', () => {
    const f = loose(p.socket_bind);
    const s = sock(p.AF_INET);
    expect(thrown(() => f())).toBe('ArgumentCountError: socket_bind() expects at least 2 arguments, 0 given');
    expect(thrown(() => f(s))).toBe('ArgumentCountError: socket_bind() expects at least 2 arguments, 1 given');
    expect(thrown(() => f(s, '127.0.0.1', 0, 1))).toBe(
      'ArgumentCountError: socket_bind() expects at most 3 arguments, 4 given',
    );
    expect(thrown(() => f('x', '127.0.0.1'))).toBe(
      'TypeError: socket_bind(): Argument #1 ($socket) must be of type Socket, string given',
    );
    expect(thrown(() => f(s, [], 0))).toBe(
      'TypeError: socket_bind(): Argument #2 ($address) must be of type string, array given',
    );
    expect(thrown(() => f(s, '127.0.0.1', 'abc'))).toBe(
      'TypeError: socket_bind(): Argument #3 ($port) must be of type int, string given',
    );
    const u = sock(p.AF_UNIX);
    expect(thrown(() => p.socket_bind(u, 'a'.repeat(108)))).toBe(
      'ValueError: socket_bind(): Argument #2 ($address) must be less than 108',
    );
    expect(thrown(() => p.socket_bind(u, join(dir, '\u20ac.sock')))).toMatch(
      /^TypeError: socket_bind\(\): Argument #2 \(\$address\) must be a byte string .*Buffer\.from\(text, 'utf8'\)/,
    );
    p.socket_close(s);
    expect(thrown(() => p.socket_bind(s, '127.0.0.1', 0))).toBe(
      'Error: socket_bind(): Argument #1 ($socket) has already been closed',
    );
  });

  it('coerces null and numeric strings for the port as PHP does', () => {
    const s = sock(p.AF_INET);
    const { result, warnings } = captureWarnings(() => loose(p.socket_bind)(s, '127.0.0.1', null));
    expect(result).toBe(true);
    expect(warnings).toEqual(['socket_bind(): Passing null to parameter #3 ($port) of type int is deprecated']);
    const t = sock(p.AF_INET);
    expect(loose(p.socket_bind)(t, '127.0.0.1', '0')).toBe(true);
  });

  it('fails with "Unable to bind address" on the socket and globally', () => {
    const [a, port] = deadPort();
    const b = sock(p.AF_INET);
    p.socket_clear_error();
    let r = captureWarnings(() => p.socket_bind(b, '127.0.0.1', port));
    expect(r.result).toBe(false);
    expect(r.warnings).toEqual(['socket_bind(): Unable to bind address [98]: Address already in use']);
    expect(p.socket_last_error(b)).toBe(98);
    expect(p.socket_last_error()).toBe(98);
    expect(p.socket_last_error(a)).toBe(0);

    r = captureWarnings(() => p.socket_bind(a, '127.0.0.1', 0));
    expect(r.warnings).toEqual(['socket_bind(): Unable to bind address [22]: Invalid argument']);
    expect(p.socket_last_error(a)).toBe(22);

    // An address no local interface has (TEST-NET-1): nothing is sent.
    r = captureWarnings(() => p.socket_bind(sock(p.AF_INET), '192.0.2.1', 0));
    expect(r.warnings).toEqual(['socket_bind(): Unable to bind address [99]: Cannot assign requested address']);

    const u = sock(p.AF_UNIX);
    r = captureWarnings(() => p.socket_bind(u, join(dir, 'no', 'such', 'dir.sock')));
    expect(r.warnings).toEqual(['socket_bind(): Unable to bind address [2]: No such file or directory']);
    expect(p.socket_last_error(u)).toBe(2);
  });

  it('refuses a unix path that exists, even after the bound socket is closed', () => {
    const path = join(dir, 'taken.sock');
    const a = sock(p.AF_UNIX);
    expect(p.socket_bind(a, path)).toBe(true);
    expect(existsSync(path)).toBe(true);
    const r = captureWarnings(() => p.socket_bind(sock(p.AF_UNIX), path));
    expect(r.warnings).toEqual(['socket_bind(): Unable to bind address [98]: Address already in use']);
    p.socket_close(a);
    expect(existsSync(path)).toBe(true); // PHP never unlinks
    expect(captureWarnings(() => p.socket_bind(sock(p.AF_UNIX), path)).result).toBe(false);
  });

  it('reports host lookup failures as -10000 - h_errno', () => {
    const s = sock(p.AF_INET);
    p.socket_clear_error();
    // gethostbyname("") fails with NO_RECOVERY (3) on glibc.
    let r = captureWarnings(() => p.socket_bind(s, '', 0));
    expect(r.result).toBe(false);
    expect(r.warnings).toEqual(['socket_bind(): Host lookup failed [-10003]: Unknown server error']);
    expect(p.socket_last_error(s)).toBe(-10003);
    expect(p.socket_last_error()).toBe(-10003);
    // Longer than MAXFQDNLEN (255): refused before any lookup, with h_errno as it stands.
    r = captureWarnings(() => p.socket_bind(s, 'a'.repeat(256), 0));
    expect(r.warnings).toEqual(['socket_bind(): Host lookup failed [-10003]: Unknown server error']);
    // A name that does not resolve: HOST_NOT_FOUND, or TRY_AGAIN without a reachable resolver.
    r = captureWarnings(() => p.socket_bind(s, 'nonexistent.invalid', 0));
    expect(r.warnings[0]).toMatch(/^socket_bind\(\): Host lookup failed \[-1000[12]\]: (Unknown host|Host name lookup failure)$/);
    // An IPv6 literal is no AF_INET address.
    const code = p.socket_last_error(s);
    r = captureWarnings(() => p.socket_bind(s, '::1', 0));
    expect(r.warnings).toEqual([`socket_bind(): Host lookup failed [${code}]: ${p.socket_strerror(code)}`]);
    // A name that resolves: success, and the codes stay as they were.
    expect(p.socket_bind(s, 'localhost', 0)).toBe(true);
    expect(p.socket_last_error(s)).toBe(code);
    const name = p.ref<string>();
    p.socket_getsockname(s, name);
    expect(name.value).toBe('127.0.0.1');
  });

  it('binds AF_INET6 names, v4-mapped addresses and scope ids', () => {
    const a = sock(p.AF_INET6);
    expect(p.socket_bind(a, '::1', 0)).toBe(true);
    const b = sock(p.AF_INET6);
    expect(p.socket_bind(b, '127.0.0.1', 0)).toBe(true); // resolved with AI_V4MAPPED
    const name = p.ref<string>();
    p.socket_getsockname(b, name);
    expect(name.value).toBe('::ffff:127.0.0.1');
    expect(p.socket_bind(sock(p.AF_INET6), '::1%1', 0)).toBe(true);
    expect(p.socket_bind(sock(p.AF_INET6), 'localhost', 0)).toBe(true);
    const r = captureWarnings(() => p.socket_bind(sock(p.AF_INET6), 'fe80::1%lo', 0));
    expect(r.warnings).toEqual(['socket_bind(): Unable to bind address [99]: Cannot assign requested address']);
  });

  it('wraps the port to 16 bits as PHP 8.2 does', () => {
    const [l, port] = listener();
    const c = sock(p.AF_INET);
    expect(p.socket_connect(c, '127.0.0.1', port + 65536 * 2)).toBe(true);
    const s = sock(p.AF_INET);
    expect(captureWarnings(() => p.socket_bind(s, '127.0.0.1', port - 65536)).result).toBe(false);
    expect(p.socket_last_error(s)).toBe(98);
    p.socket_close(l);
  });

  it('binds unix paths: absolute, relative (to the cwd), 107 bytes, abstract, and autobind', () => {
    const abs = sock(p.AF_UNIX);
    expect(p.socket_bind(abs, join(dir, 'abs.sock'))).toBe(true);

    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(p.socket_bind(sock(p.AF_UNIX), 'rel.sock')).toBe(true);
    } finally {
      process.chdir(cwd);
    }
    expect(existsSync(join(dir, 'rel.sock'))).toBe(true);

    const long = join(dir, 'L'.repeat(107 - dir.length - 1));
    expect(long.length).toBe(107);
    expect(p.socket_bind(sock(p.AF_UNIX), long)).toBe(true);

    const abstract = `\0php-sockets-bind-${process.pid}`;
    const a = sock(p.AF_UNIX);
    kept.push(a); // holds the abstract name
    expect(p.socket_bind(a, abstract)).toBe(true);
    const r = captureWarnings(() => p.socket_bind(sock(p.AF_UNIX), abstract));
    expect(r.warnings).toEqual(['socket_bind(): Unable to bind address [98]: Address already in use']);

    // "" autobinds to a kernel-chosen abstract name.
    expect(p.socket_bind(sock(p.AF_UNIX, p.SOCK_DGRAM), '')).toBe(true);
    // A Buffer is a byte string too.
    expect(p.socket_bind(sock(p.AF_UNIX), Buffer.from(join(dir, 'buf.sock')) as unknown as string)).toBe(true);
    expect(existsSync(join(dir, 'buf.sock'))).toBe(true);
  });
});

describe('socket_listen', () => {
  it('throws PHP misuse errors', () => {
    const f = loose(p.socket_listen);
    const s = sock(p.AF_INET);
    expect(thrown(() => f())).toBe('ArgumentCountError: socket_listen() expects at least 1 argument, 0 given');
    expect(thrown(() => f(s, 1, 2))).toBe('ArgumentCountError: socket_listen() expects at most 2 arguments, 3 given');
    expect(thrown(() => f(s, 'x'))).toBe(
      'TypeError: socket_listen(): Argument #2 ($backlog) must be of type int, string given',
    );
    expect(thrown(() => f(1))).toBe('TypeError: socket_listen(): Argument #1 ($socket) must be of type Socket, int given');
    p.socket_close(s);
    expect(thrown(() => p.socket_listen(s))).toBe('Error: socket_listen(): Argument #1 ($socket) has already been closed');
  });

  it('fails on a datagram socket with [95]', () => {
    const d = sock(p.AF_INET, p.SOCK_DGRAM);
    p.socket_clear_error();
    const { result, warnings } = captureWarnings(() => p.socket_listen(d));
    expect(result).toBe(false);
    expect(warnings).toEqual(['socket_listen(): unable to listen on socket [95]: Operation not supported']);
    expect(p.socket_last_error(d)).toBe(95);
    expect(p.socket_last_error()).toBe(95);
  });

  it('autobinds an unbound TCP socket to 0.0.0.0 and an ephemeral port', () => {
    const s = sock(p.AF_INET);
    expect(p.socket_listen(s)).toBe(true);
    const addr = p.ref<string>();
    const port = p.ref<number>();
    p.socket_getsockname(s, addr, port);
    expect(addr.value).toBe('0.0.0.0');
    expect(port.value).toBeGreaterThan(0);
    expect(p.socket_last_error(s)).toBe(0);
  });

  it('accepts any backlog, negative included, and a second listen', () => {
    const s = sock(p.AF_INET);
    p.socket_bind(s, '127.0.0.1', 0);
    expect(p.socket_listen(s, -5)).toBe(true);
    expect(p.socket_listen(s, 100000)).toBe(true);
    expect(p.socket_listen(s)).toBe(true);
    const u = sock(p.AF_UNIX, p.SOCK_SEQPACKET);
    p.socket_bind(u, join(dir, 'seq-listen.sock'));
    expect(p.socket_listen(u)).toBe(true);
  });
});

describe('socket_accept', () => {
  it('throws PHP misuse errors', () => {
    const f = loose(p.socket_accept);
    expect(thrown(() => f())).toBe('ArgumentCountError: socket_accept() expects exactly 1 argument, 0 given');
    const s = sock(p.AF_INET);
    expect(thrown(() => f(s, 1))).toBe('ArgumentCountError: socket_accept() expects exactly 1 argument, 2 given');
    expect(thrown(() => f(1))).toBe('TypeError: socket_accept(): Argument #1 ($socket) must be of type Socket, int given');
    p.socket_close(s);
    expect(thrown(() => p.socket_accept(s))).toBe('Error: socket_accept(): Argument #1 ($socket) has already been closed');
  });

  it('fails on a socket that is not listening, setting only the global code', () => {
    const s = sock(p.AF_INET);
    p.socket_clear_error();
    const { result, warnings } = captureWarnings(() => p.socket_accept(s));
    expect(result).toBe(false);
    expect(warnings).toEqual(['socket_accept(): unable to accept incoming connection [22]: Invalid argument']);
    expect(p.socket_last_error()).toBe(22);
    expect(p.socket_last_error(s)).toBe(0);

    const d = sock(p.AF_INET, p.SOCK_DGRAM);
    const r = captureWarnings(() => p.socket_accept(d));
    expect(r.warnings).toEqual(['socket_accept(): unable to accept incoming connection [95]: Operation not supported']);
    expect(p.socket_last_error(d)).toBe(0);
  });

  it('never touches the listener\'s own code, even when it holds one', () => {
    const [l] = listener();
    captureWarnings(() => p.socket_bind(l, '127.0.0.1', 0)); // [22] on l
    expect(p.socket_last_error(l)).toBe(22);
    p.socket_set_nonblock(l);
    p.socket_clear_error();
    const { result, warnings } = captureWarnings(() => p.socket_accept(l));
    expect(result).toBe(false);
    expect(warnings).toEqual([]); // EAGAIN: no warning
    expect(p.socket_last_error()).toBe(11);
    expect(p.socket_last_error(l)).toBe(22);
  });

  it('accepts a connection that completed into the backlog, as a blocking socket of the listener\'s family', () => {
    for (const family of [p.AF_INET, p.AF_INET6]) {
      const [l, port] = listener(family);
      const c = sock(family);
      expect(p.socket_connect(c, family === p.AF_INET ? '127.0.0.1' : '::1', port)).toBe(true);
      const s = p.socket_accept(l);
      expect(s).toBeInstanceOf(p.Socket);
      const peer = p.ref<string>();
      const peerPort = p.ref<number>();
      expect(p.socket_getpeername(s as p.Socket, peer, peerPort)).toBe(true);
      expect(peer.value).toBe(family === p.AF_INET ? '127.0.0.1' : '::1');
      expect(peerPort.value).toBe(portOf(c));
      expect(p.socket_write(c, 'hi')).toBe(2);
      expect(p.socket_read(s as p.Socket, 10)).toBe('hi');
    }
  });

  it('gives a blocking socket even from a nonblocking listener (PHP 8.2)', () => {
    const [l, port] = listener();
    p.socket_set_nonblock(l);
    const c = sock(p.AF_INET);
    kept.push(c); // closed, it would end the stream and the read would return ''
    expect(p.socket_connect(c, '127.0.0.1', port)).toBe(true);
    const s = p.socket_accept(l) as p.Socket;
    expect(s).toBeInstanceOf(p.Socket);
    // A blocking read waits for SO_RCVTIMEO before EAGAIN; a nonblocking one would not wait.
    expect(p.socket_set_option(s, p.SOL_SOCKET, p.SO_RCVTIMEO, { sec: 0, usec: 200000 })).toBe(true);
    const started = Date.now();
    expect(captureWarnings(() => p.socket_read(s, 10)).result).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(p.socket_last_error(s)).toBe(11);
  });

  it('accepts unix stream and seqpacket connections (path, relative path, abstract name)', () => {
    const path = join(dir, 'acc.sock');
    const l = sock(p.AF_UNIX);
    p.socket_bind(l, path);
    p.socket_listen(l);
    const c = sock(p.AF_UNIX);
    expect(p.socket_connect(c, path)).toBe(true);
    const s = p.socket_accept(l) as p.Socket;
    expect(s).toBeInstanceOf(p.Socket);
    const name = p.ref<string>('x');
    p.socket_getsockname(s, name);
    expect(name.value).toBe(path);

    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const rl = sock(p.AF_UNIX);
      expect(p.socket_bind(rl, 'acc-rel.sock')).toBe(true);
      expect(p.socket_listen(rl)).toBe(true);
      expect(p.socket_connect(sock(p.AF_UNIX), 'acc-rel.sock')).toBe(true);
      expect(p.socket_accept(rl)).toBeInstanceOf(p.Socket);
    } finally {
      process.chdir(cwd);
    }

    const abstract = `\0php-sockets-accept-${process.pid}`;
    const al = sock(p.AF_UNIX);
    p.socket_bind(al, abstract);
    p.socket_listen(al);
    const ac = sock(p.AF_UNIX);
    expect(p.socket_connect(ac, abstract)).toBe(true);
    const as = p.socket_accept(al) as p.Socket;
    expect(p.socket_write(ac, 'abstract')).toBe(8);
    expect(p.socket_read(as, 100)).toBe('abstract');

    const sl = sock(p.AF_UNIX, p.SOCK_SEQPACKET);
    p.socket_bind(sl, join(dir, 'seq.sock'));
    p.socket_listen(sl);
    const sc = sock(p.AF_UNIX, p.SOCK_SEQPACKET);
    expect(p.socket_connect(sc, join(dir, 'seq.sock'))).toBe(true);
    const ss = p.socket_accept(sl) as p.Socket;
    expect(p.socket_write(sc, 'one')).toBe(3);
    expect(p.socket_write(sc, 'two')).toBe(3);
    expect(p.socket_read(ss, 100)).toBe('one'); // record boundaries kept
    expect(p.socket_read(ss, 2)).toBe('tw'); // the rest of a record is discarded
  });

  it('accepts from socket_create_listen()', () => {
    const l = p.socket_create_listen(0) as p.Socket;
    const c = sock(p.AF_INET);
    expect(p.socket_connect(c, '127.0.0.1', portOf(l))).toBe(true);
    expect(p.socket_accept(l)).toBeInstanceOf(p.Socket);
  });
});

describe('socket_connect', () => {
  it('throws PHP misuse errors', () => {
    const f = loose(p.socket_connect);
    const c = sock(p.AF_INET);
    expect(thrown(() => f())).toBe('ArgumentCountError: socket_connect() expects at least 2 arguments, 0 given');
    expect(thrown(() => f(c))).toBe('ArgumentCountError: socket_connect() expects at least 2 arguments, 1 given');
    expect(thrown(() => f(c, '127.0.0.1', 1, 2))).toBe(
      'ArgumentCountError: socket_connect() expects at most 3 arguments, 4 given',
    );
    expect(thrown(() => f(c, '127.0.0.1'))).toBe(
      'ValueError: socket_connect(): Argument #3 ($port) cannot be null when the socket type is AF_INET',
    );
    expect(thrown(() => f(c, '127.0.0.1', null))).toBe(
      'ValueError: socket_connect(): Argument #3 ($port) cannot be null when the socket type is AF_INET',
    );
    expect(thrown(() => f(sock(p.AF_INET6), '::1'))).toBe(
      'ValueError: socket_connect(): Argument #3 ($port) cannot be null when the socket type is AF_INET6',
    );
    expect(thrown(() => f(c, '127.0.0.1', 'x'))).toBe(
      'TypeError: socket_connect(): Argument #3 ($port) must be of type ?int, string given',
    );
    expect(thrown(() => f(c, '127.0.0.1', [1]))).toBe(
      'TypeError: socket_connect(): Argument #3 ($port) must be of type ?int, array given',
    );
    expect(thrown(() => f(c, '127.0.0.1', 1e30))).toBe(
      'TypeError: socket_connect(): Argument #3 ($port) must be of type ?int, float given',
    );
    expect(thrown(() => f(sock(p.AF_UNIX), 'b'.repeat(108)))).toBe(
      'ValueError: socket_connect(): Argument #2 ($address) must be less than 108',
    );
    p.socket_close(c);
    expect(thrown(() => p.socket_connect(c, '127.0.0.1', 1))).toBe(
      'Error: socket_connect(): Argument #1 ($socket) has already been closed',
    );
  });

  it('fails with "unable to connect" on the socket and globally', () => {
    const [keep, port] = deadPort();
    const c = sock(p.AF_INET);
    p.socket_clear_error();
    let r = captureWarnings(() => p.socket_connect(c, '127.0.0.1', port));
    expect(r.result).toBe(false);
    expect(r.warnings).toEqual(['socket_connect(): unable to connect [111]: Connection refused']);
    expect(p.socket_last_error(c)).toBe(111);
    expect(p.socket_last_error()).toBe(111);

    const [keep6, port6] = deadPort(p.AF_INET6);
    r = captureWarnings(() => p.socket_connect(sock(p.AF_INET6), '::1', port6));
    expect(r.warnings).toEqual(['socket_connect(): unable to connect [111]: Connection refused']);

    const [l, lport] = listener();
    const ok = sock(p.AF_INET);
    expect(p.socket_connect(ok, '127.0.0.1', lport)).toBe(true);
    r = captureWarnings(() => p.socket_connect(ok, '127.0.0.1', lport));
    expect(r.warnings).toEqual(['socket_connect(): unable to connect [106]: Transport endpoint is already connected']);
    expect(p.socket_last_error(ok)).toBe(106);

    r = captureWarnings(() => p.socket_connect(sock(p.AF_INET), '', 1));
    expect(r.warnings).toEqual(['socket_connect(): Host lookup failed [-10003]: Unknown server error']);
    for (const s of [keep, keep6, l]) p.socket_close(s);
  });

  it('fails on unix paths: missing, not a socket, not listening, wrong type, empty', () => {
    const u = sock(p.AF_UNIX);
    let r = captureWarnings(() => p.socket_connect(u, join(dir, 'missing.sock')));
    expect(r.warnings).toEqual(['socket_connect(): unable to connect [2]: No such file or directory']);
    expect(p.socket_last_error(u)).toBe(2);
    // The port is ignored for AF_UNIX.
    r = captureWarnings(() => p.socket_connect(u, join(dir, 'missing.sock'), 5));
    expect(r.warnings).toEqual(['socket_connect(): unable to connect [2]: No such file or directory']);

    writeFileSync(join(dir, 'plain-file'), '');
    r = captureWarnings(() => p.socket_connect(sock(p.AF_UNIX), join(dir, 'plain-file')));
    expect(r.warnings).toEqual(['socket_connect(): unable to connect [111]: Connection refused']);

    const bound = sock(p.AF_UNIX);
    kept.push(bound); // closed, the path would refuse the datagram connect with [111], not [91]
    p.socket_bind(bound, join(dir, 'bound-only.sock'));
    r = captureWarnings(() => p.socket_connect(sock(p.AF_UNIX), join(dir, 'bound-only.sock')));
    expect(r.warnings).toEqual(['socket_connect(): unable to connect [111]: Connection refused']);
    r = captureWarnings(() => p.socket_connect(sock(p.AF_UNIX, p.SOCK_DGRAM), join(dir, 'bound-only.sock')));
    expect(r.warnings).toEqual(['socket_connect(): unable to connect [91]: Protocol wrong type for socket']);

    r = captureWarnings(() => p.socket_connect(sock(p.AF_UNIX), ''));
    expect(r.warnings).toEqual(['socket_connect(): unable to connect [22]: Invalid argument']);
  });

  it('returns false with code 115 and no warning for a nonblocking connect in progress', () => {
    const [l, port] = listener();
    const c = sock(p.AF_INET);
    expect(p.socket_set_nonblock(c)).toBe(true);
    p.socket_clear_error();
    const { result, warnings } = captureWarnings(() => p.socket_connect(c, '127.0.0.1', port));
    expect(result).toBe(false);
    expect(warnings).toEqual([]);
    expect(p.socket_last_error(c)).toBe(115);
    expect(p.socket_last_error()).toBe(115);
    waitWritable(c);
    expect(p.socket_get_option(c, p.SOL_SOCKET, p.SO_ERROR)).toBe(0);
    // Connecting again once it completed succeeds; the codes stay (success never clears them).
    expect(p.socket_connect(c, '127.0.0.1', port)).toBe(true);
    expect(p.socket_last_error(c)).toBe(115);
    const s = p.socket_accept(l) as p.Socket;
    expect(p.socket_write(s, 'x')).toBe(1);
  });

  it('connects datagram sockets (a default peer) and unix sockets', () => {
    const d = sock(p.AF_INET, p.SOCK_DGRAM);
    p.socket_bind(d, '127.0.0.1', 0);
    const c = sock(p.AF_INET, p.SOCK_DGRAM);
    expect(p.socket_connect(c, '127.0.0.1', portOf(d))).toBe(true);
    expect(p.socket_write(c, 'dgram')).toBe(5);
    expect(p.socket_read(d, 100)).toBe('dgram');
    expect(p.socket_connect(c, '127.0.0.1', 0)).toBe(true); // Linux accepts port 0 for UDP

    const path = join(dir, 'udg.sock');
    const ud = sock(p.AF_UNIX, p.SOCK_DGRAM);
    p.socket_bind(ud, path);
    const uc = sock(p.AF_UNIX, p.SOCK_DGRAM);
    expect(p.socket_connect(uc, path)).toBe(true);
    expect(p.socket_write(uc, 'unix dgram')).toBe(10);
    expect(p.socket_read(ud, 100)).toBe('unix dgram');
  });

  it('resolves host names', () => {
    const [l, port] = listener();
    expect(p.socket_connect(sock(p.AF_INET), 'localhost', port)).toBe(true);
    // What "localhost" is for AF_INET6 depends on /etc/hosts (::1, or ::ffff:127.0.0.1 through
    // AI_V4MAPPED): listen where it resolves to, then connect by name.
    const l6 = sock(p.AF_INET6);
    expect(p.socket_bind(l6, 'localhost', 0)).toBe(true);
    expect(p.socket_listen(l6)).toBe(true);
    expect(p.socket_connect(sock(p.AF_INET6), 'localhost', portOf(l6))).toBe(true);
    p.socket_close(l);
    p.socket_close(l6);
  });
});

describe('socket_shutdown', () => {
  function pair(): [p.Socket, p.Socket] {
    const box = p.ref<unknown>();
    expect(p.socket_create_pair(p.AF_UNIX, p.SOCK_STREAM, 0, box)).toBe(true);
    return box.value as [p.Socket, p.Socket];
  }

  it('throws PHP misuse errors', () => {
    const f = loose(p.socket_shutdown);
    const [a] = pair();
    expect(thrown(() => f())).toBe('ArgumentCountError: socket_shutdown() expects at least 1 argument, 0 given');
    expect(thrown(() => f(a, 1, 2))).toBe('ArgumentCountError: socket_shutdown() expects at most 2 arguments, 3 given');
    expect(thrown(() => f(a, 'x'))).toBe(
      'TypeError: socket_shutdown(): Argument #2 ($mode) must be of type int, string given',
    );
    p.socket_close(a);
    expect(thrown(() => p.socket_shutdown(a))).toBe(
      'Error: socket_shutdown(): Argument #1 ($socket) has already been closed',
    );
  });

  it('fails on an unconnected socket and for modes other than 0, 1, 2', () => {
    const s = sock(p.AF_INET);
    p.socket_clear_error();
    let r = captureWarnings(() => p.socket_shutdown(s));
    expect(r.result).toBe(false);
    expect(r.warnings).toEqual(['socket_shutdown(): Unable to shutdown socket [107]: Transport endpoint is not connected']);
    expect(p.socket_last_error(s)).toBe(107);
    expect(p.socket_last_error()).toBe(107);
    const [a] = pair();
    for (const mode of [-1, 3, 5]) {
      r = captureWarnings(() => p.socket_shutdown(a, mode));
      expect(r.warnings).toEqual(['socket_shutdown(): Unable to shutdown socket [22]: Invalid argument']);
    }
    expect(p.socket_last_error(a)).toBe(22);
  });

  it('shuts down reading, writing or both; repeating is fine', () => {
    const [a, b] = pair();
    expect(p.socket_write(b, 'queued')).toBe(6);
    expect(p.socket_shutdown(b, 1)).toBe(true); // no more writes from b
    expect(p.socket_read(a, 100)).toBe('queued');
    expect(p.socket_read(a, 100)).toBe(''); // end of stream
    const r = captureWarnings(() => p.socket_write(b, 'x'));
    expect(r.result).toBe(false);
    expect(r.warnings).toEqual(['socket_write(): unable to write to socket [32]: Broken pipe']);
    expect(p.socket_last_error(b)).toBe(32);
    expect(p.socket_shutdown(b, 0)).toBe(true);
    expect(p.socket_read(b, 10)).toBe('');
    expect(p.socket_shutdown(b, 2)).toBe(true);
    expect(p.socket_shutdown(b)).toBe(true);
    // b stopped reading: a's writes now fail.
    expect(captureWarnings(() => p.socket_write(a, 'x')).warnings).toEqual([
      'socket_write(): unable to write to socket [32]: Broken pipe',
    ]);

    const [l, port] = listener();
    const c = sock(p.AF_INET);
    p.socket_connect(c, '127.0.0.1', port);
    const s = p.socket_accept(l) as p.Socket;
    expect(p.socket_shutdown(c, 1)).toBe(true);
    expect(p.socket_read(s, 10)).toBe('');
    expect(p.socket_write(s, 'reply')).toBe(5);
    expect(p.socket_read(c, 10)).toBe('reply');
  });
});

describe('socket_close', () => {
  it('throws PHP misuse errors', () => {
    const f = loose(p.socket_close);
    expect(thrown(() => f())).toBe('ArgumentCountError: socket_close() expects exactly 1 argument, 0 given');
    const s = sock(p.AF_INET);
    expect(thrown(() => f(s, 1))).toBe('ArgumentCountError: socket_close() expects exactly 1 argument, 2 given');
    expect(thrown(() => f('x'))).toBe('TypeError: socket_close(): Argument #1 ($socket) must be of type Socket, string given');
    expect(thrown(() => f(null))).toBe('TypeError: socket_close(): Argument #1 ($socket) must be of type Socket, null given');
  });

  it('returns nothing, and a second close throws', () => {
    const s = sock(p.AF_INET);
    expect(p.socket_close(s)).toBeUndefined();
    expect(thrown(() => p.socket_close(s))).toBe('Error: socket_close(): Argument #1 ($socket) has already been closed');
  });

  it('makes every function throw "has already been closed"', () => {
    const s = sock(p.AF_INET);
    p.socket_close(s);
    const calls: [string, () => unknown][] = [
      ['socket_bind', () => p.socket_bind(s, '127.0.0.1', 0)],
      ['socket_listen', () => p.socket_listen(s)],
      ['socket_accept', () => p.socket_accept(s)],
      ['socket_connect', () => p.socket_connect(s, '127.0.0.1', 1)],
      ['socket_read', () => p.socket_read(s, 1)],
      ['socket_write', () => p.socket_write(s, 'x')],
      ['socket_shutdown', () => p.socket_shutdown(s)],
      ['socket_close', () => p.socket_close(s)],
      ['socket_getsockname', () => p.socket_getsockname(s, p.ref())],
      ['socket_getpeername', () => p.socket_getpeername(s, p.ref())],
      ['socket_set_block', () => p.socket_set_block(s)],
      ['socket_set_nonblock', () => p.socket_set_nonblock(s)],
      ['socket_last_error', () => p.socket_last_error(s)],
      ['socket_clear_error', () => p.socket_clear_error(s)],
    ];
    for (const [name, call] of calls) {
      const { result, warnings } = captureWarnings(() => thrown(call));
      expect(result).toBe(`Error: ${name}(): Argument #1 ($socket) has already been closed`);
      expect(warnings).toEqual([]);
    }
    expect(s).toBeInstanceOf(p.Socket); // the object survives
  });

  it('releases the port and the connection', () => {
    const [l, port] = listener();
    const c = sock(p.AF_INET);
    p.socket_connect(c, '127.0.0.1', port);
    const s = p.socket_accept(l) as p.Socket;
    p.socket_close(c);
    expect(p.socket_read(s, 10)).toBe(''); // the peer sees the end of the stream
    p.socket_close(l);
    const r = captureWarnings(() => p.socket_connect(sock(p.AF_INET), '127.0.0.1', port));
    expect(r.warnings).toEqual(['socket_connect(): unable to connect [111]: Connection refused']);
  });
});

describe('socket_set_block / socket_set_nonblock', () => {
  it('throws PHP misuse errors', () => {
    const s = sock(p.AF_INET);
    expect(thrown(() => loose(p.socket_set_block)())).toBe(
      'ArgumentCountError: socket_set_block() expects exactly 1 argument, 0 given',
    );
    expect(thrown(() => loose(p.socket_set_nonblock)())).toBe(
      'ArgumentCountError: socket_set_nonblock() expects exactly 1 argument, 0 given',
    );
    expect(thrown(() => loose(p.socket_set_block)(s, 1))).toBe(
      'ArgumentCountError: socket_set_block() expects exactly 1 argument, 2 given',
    );
    expect(thrown(() => loose(p.socket_set_nonblock)('s'))).toBe(
      'TypeError: socket_set_nonblock(): Argument #1 ($socket) must be of type Socket, string given',
    );
    p.socket_close(s);
    expect(thrown(() => p.socket_set_block(s))).toBe(
      'Error: socket_set_block(): Argument #1 ($socket) has already been closed',
    );
    expect(thrown(() => p.socket_set_nonblock(s))).toBe(
      'Error: socket_set_nonblock(): Argument #1 ($socket) has already been closed',
    );
  });

  it('switches modes (idempotently) and the mode decides whether a read waits', () => {
    const box = p.ref<unknown>();
    p.socket_create_pair(p.AF_UNIX, p.SOCK_STREAM, 0, box);
    const [a, b] = box.value as [p.Socket, p.Socket];
    expect(p.socket_set_nonblock(b)).toBe(true);
    expect(p.socket_set_nonblock(b)).toBe(true);
    p.socket_clear_error();
    const { result, warnings } = captureWarnings(() => p.socket_read(b, 10));
    expect(result).toBe(false);
    expect(warnings).toEqual([]);
    expect(p.socket_last_error(b)).toBe(11);
    expect(p.socket_last_error()).toBe(11);
    expect(p.socket_set_block(b)).toBe(true);
    expect(p.socket_set_block(b)).toBe(true);
    p.socket_write(a, 'now');
    expect(p.socket_read(b, 10)).toBe('now');
    expect(p.socket_last_error(b)).toBe(11); // success does not clear
  });

  it('applies to listening sockets: a nonblocking accept with nothing pending', () => {
    const [l] = listener();
    expect(p.socket_set_nonblock(l)).toBe(true);
    expect(captureWarnings(() => p.socket_accept(l))).toEqual({ result: false, warnings: [] });
  });
});

describe('socket_create_listen', () => {
  it('throws PHP misuse errors', () => {
    const f = loose(p.socket_create_listen);
    expect(thrown(() => f())).toBe('ArgumentCountError: socket_create_listen() expects at least 1 argument, 0 given');
    expect(thrown(() => f(0, 1, 2))).toBe('ArgumentCountError: socket_create_listen() expects at most 2 arguments, 3 given');
    expect(thrown(() => f('x'))).toBe('TypeError: socket_create_listen(): Argument #1 ($port) must be of type int, string given');
    expect(thrown(() => f(0, 'x'))).toBe(
      'TypeError: socket_create_listen(): Argument #2 ($backlog) must be of type int, string given',
    );
  });

  it('wraps the port to 16 bits and accepts a negative backlog', () => {
    const l = p.socket_create_listen(0, -5) as p.Socket;
    expect(l).toBeInstanceOf(p.Socket);
    const port = portOf(l);
    p.socket_clear_error();
    for (const wrapped of [port + 65536 * 3, port - 65536]) {
      const { result, warnings } = captureWarnings(() => p.socket_create_listen(wrapped));
      expect(result).toBe(false);
      expect(warnings).toEqual(['socket_create_listen(): unable to bind to given address [98]: Address already in use']);
    }
    expect(p.socket_last_error()).toBe(98);
    expect(p.socket_last_error(l)).toBe(0);
  });
});

describe.runIf(hasPhp)('connection functions against PHP', () => {
  it('prints the same transcript as PHP for bind/listen/accept/connect/shutdown failures and successes', () => {
    const phpDir = join(dir, 'php');
    const tsDir = join(dir, 'ts');
    const code = (d: string) => String.raw`
      $d = '${d}'; @mkdir($d);
      $s = socket_create(AF_INET, SOCK_STREAM, 0);
      t('bind', fn() => socket_bind($s, '127.0.0.1', 0));
      t('bind again', fn() => socket_bind($s, '127.0.0.1', 0));
      t('le', fn() => socket_last_error($s));
      t('listen', fn() => socket_listen($s, 4));
      socket_getsockname($s, $a, $port);
      t('connect null port', fn() => socket_connect(socket_create(AF_INET, SOCK_STREAM, 0), '127.0.0.1'));
      t('connect string port', fn() => socket_connect(socket_create(AF_INET, SOCK_STREAM, 0), '127.0.0.1', 'x'));
      $c = socket_create(AF_INET, SOCK_STREAM, 0);
      t('connect', fn() => socket_connect($c, '127.0.0.1', $port));
      t('connect again', fn() => socket_connect($c, '127.0.0.1', $port));
      t('accept', fn() => socket_accept($s));
      socket_clear_error();
      socket_set_nonblock($s);
      t('accept nonblocking', fn() => socket_accept($s));
      t('global', fn() => socket_last_error());
      t('listener', fn() => socket_last_error($s));
      t('accept dgram', fn() => socket_accept(socket_create(AF_INET, SOCK_DGRAM, 0)));
      t('listen dgram', fn() => socket_listen(socket_create(AF_INET, SOCK_DGRAM, 0)));
      t('shutdown unconnected', fn() => socket_shutdown(socket_create(AF_INET, SOCK_STREAM, 0)));
      t('shutdown -1', fn() => socket_shutdown($c, -1));
      t('shutdown 1', fn() => socket_shutdown($c, 1));
      t('write after shutdown', fn() => socket_write($c, 'x'));
      t('lookup empty', fn() => socket_connect(socket_create(AF_INET, SOCK_STREAM, 0), '', 1));
      t('lookup v6 on v4', fn() => socket_bind(socket_create(AF_INET, SOCK_STREAM, 0), '::1', 0));
      t('lookup long', fn() => socket_bind(socket_create(AF_INET, SOCK_STREAM, 0), str_repeat('a', 256), 0));
      t('lookup v4 on v6', fn() => socket_bind(socket_create(AF_INET6, SOCK_STREAM, 0), '127.0.0.1', 0));
      t('v6 scope name', fn() => socket_bind(socket_create(AF_INET6, SOCK_STREAM, 0), '::1%nosuchif', 0));
      $u = socket_create(AF_UNIX, SOCK_STREAM, 0);
      t('unix bind 108', fn() => socket_bind($u, str_repeat('a', 108)));
      t('unix bind', fn() => socket_bind($u, "$d/u.sock"));
      t('unix bind taken', fn() => socket_bind(socket_create(AF_UNIX, SOCK_STREAM, 0), "$d/u.sock"));
      t('unix connect unlistened', fn() => socket_connect(socket_create(AF_UNIX, SOCK_STREAM, 0), "$d/u.sock"));
      t('unix connect dgram', fn() => socket_connect(socket_create(AF_UNIX, SOCK_DGRAM, 0), "$d/u.sock"));
      t('unix listen', fn() => socket_listen($u));
      t('unix connect', fn() => socket_connect(socket_create(AF_UNIX, SOCK_STREAM, 0), "$d/u.sock", 99));
      t('unix accept', fn() => socket_accept($u));
      t('unix connect missing', fn() => socket_connect(socket_create(AF_UNIX, SOCK_STREAM, 0), "$d/missing"));
      t('unix connect empty', fn() => socket_connect(socket_create(AF_UNIX, SOCK_STREAM, 0), ''));
      socket_close($c);
      t('close twice', fn() => socket_close($c));
      t('set_block closed', fn() => socket_set_block($c));
    `;
    const expected = php(PHP_PRELUDE + code(phpDir));

    const tr = new Transcript();
    const d = tsDir;
    const f = loose;
    mkdirSync(d);
    const s = sock(p.AF_INET);
    tr.t('bind', () => p.socket_bind(s, '127.0.0.1', 0));
    tr.t('bind again', () => p.socket_bind(s, '127.0.0.1', 0));
    tr.t('le', () => p.socket_last_error(s));
    tr.t('listen', () => p.socket_listen(s, 4));
    const port = portOf(s);
    tr.t('connect null port', () => f(p.socket_connect)(sock(p.AF_INET), '127.0.0.1'));
    tr.t('connect string port', () => f(p.socket_connect)(sock(p.AF_INET), '127.0.0.1', 'x'));
    const c = sock(p.AF_INET);
    tr.t('connect', () => p.socket_connect(c, '127.0.0.1', port));
    tr.t('connect again', () => p.socket_connect(c, '127.0.0.1', port));
    tr.t('accept', () => p.socket_accept(s));
    p.socket_clear_error();
    p.socket_set_nonblock(s);
    tr.t('accept nonblocking', () => p.socket_accept(s));
    tr.t('global', () => p.socket_last_error());
    tr.t('listener', () => p.socket_last_error(s));
    tr.t('accept dgram', () => p.socket_accept(sock(p.AF_INET, p.SOCK_DGRAM)));
    tr.t('listen dgram', () => p.socket_listen(sock(p.AF_INET, p.SOCK_DGRAM)));
    tr.t('shutdown unconnected', () => p.socket_shutdown(sock(p.AF_INET)));
    tr.t('shutdown -1', () => p.socket_shutdown(c, -1));
    tr.t('shutdown 1', () => p.socket_shutdown(c, 1));
    tr.t('write after shutdown', () => p.socket_write(c, 'x'));
    tr.t('lookup empty', () => p.socket_connect(sock(p.AF_INET), '', 1));
    tr.t('lookup v6 on v4', () => p.socket_bind(sock(p.AF_INET), '::1', 0));
    tr.t('lookup long', () => p.socket_bind(sock(p.AF_INET), 'a'.repeat(256), 0));
    tr.t('lookup v4 on v6', () => p.socket_bind(sock(p.AF_INET6), '127.0.0.1', 0));
    tr.t('v6 scope name', () => p.socket_bind(sock(p.AF_INET6), '::1%nosuchif', 0));
    const u = sock(p.AF_UNIX);
    tr.t('unix bind 108', () => p.socket_bind(u, 'a'.repeat(108)));
    tr.t('unix bind', () => p.socket_bind(u, `${d}/u.sock`));
    tr.t('unix bind taken', () => p.socket_bind(sock(p.AF_UNIX), `${d}/u.sock`));
    tr.t('unix connect unlistened', () => p.socket_connect(sock(p.AF_UNIX), `${d}/u.sock`));
    tr.t('unix connect dgram', () => p.socket_connect(sock(p.AF_UNIX, p.SOCK_DGRAM), `${d}/u.sock`));
    tr.t('unix listen', () => p.socket_listen(u));
    tr.t('unix connect', () => p.socket_connect(sock(p.AF_UNIX), `${d}/u.sock`, 99));
    tr.t('unix accept', () => p.socket_accept(u));
    tr.t('unix connect missing', () => p.socket_connect(sock(p.AF_UNIX), `${d}/missing`));
    tr.t('unix connect empty', () => p.socket_connect(sock(p.AF_UNIX), ''));
    p.socket_close(c);
    tr.t('close twice', () => p.socket_close(c));
    tr.t('set_block closed', () => p.socket_set_block(c));
    expect(tr.text).toBe(expected);
  });
});
