// socket_addrinfo_lookup, socket_addrinfo_bind, socket_addrinfo_connect, socket_addrinfo_explain
// and the AddressInfo class. Expected texts and values are PHP 8.2's.
import { describe, expect, it } from 'vitest';
import * as p from '../lib/index.js';
import { captureWarnings, thrown } from './helpers/capture.js';
import { hasPhp, php } from './helpers/php.js';
import { keptUntilEnd } from './helpers/closing.js';

const any = <T>(f: T) => f as unknown as (...a: unknown[]) => unknown;

function lookup(host: string, service: string | null = null, hints: Record<string, unknown> = {}): p.AddressInfo[] {
  const r = p.socket_addrinfo_lookup(host, service, hints);
  expect(r).not.toBe(false);
  return r as p.AddressInfo[];
}

// Bound sockets stay referenced until the file ends: one a test drops would be closed by its
// finalizer at the next collection, freeing its port for a listener elsewhere (a connect meant to
// be refused could then succeed).
const kept = keptUntilEnd();

/** A TCP socket bound (not listening) to 127.0.0.1, and its port. */
function boundTcp(): [p.Socket, number] {
  const s = p.socket_create(p.AF_INET, p.SOCK_STREAM, 0) as p.Socket;
  kept.push(s);
  p.socket_bind(s, '127.0.0.1', 0);
  const port = p.ref<number>();
  p.socket_getsockname(s, p.ref(), port);
  return [s, port.value!];
}

describe('AddressInfo', () => {
  it('is not constructible, opaque, and recognised by instanceof', () => {
    expect(thrown(() => new (p.AddressInfo as unknown as new () => unknown)())).toBe(
      'Error: Cannot directly construct AddressInfo, use socket_addrinfo_lookup() instead',
    );
    class Sub extends (p.AddressInfo as unknown as new () => object) {}
    expect(thrown(() => new Sub())).toBe('Error: Cannot directly construct AddressInfo, use socket_addrinfo_lookup() instead');
    const [ai] = lookup('127.0.0.1');
    expect(ai).toBeInstanceOf(p.AddressInfo);
    expect(ai).not.toBeInstanceOf(p.Socket);
    expect(Object.keys(ai!)).toEqual([]);
    expect(Object.isExtensible(ai)).toBe(false);
    expect(Object.prototype.toString.call(ai)).toBe('[object AddressInfo]');
    expect(JSON.stringify(ai)).toBe('{}');
  });
});

describe('socket_addrinfo_lookup', () => {
  it('throws PHP misuse errors', () => {
    const f = any(p.socket_addrinfo_lookup);
    expect(thrown(() => f())).toBe('ArgumentCountError: socket_addrinfo_lookup() expects at least 1 argument, 0 given');
    expect(thrown(() => f('a', null, {}, 1))).toBe(
      'ArgumentCountError: socket_addrinfo_lookup() expects at most 3 arguments, 4 given',
    );
    expect(thrown(() => f([]))).toBe(
      'TypeError: socket_addrinfo_lookup(): Argument #1 ($host) must be of type string, array given',
    );
    expect(thrown(() => f('127.0.0.1', []))).toBe(
      'TypeError: socket_addrinfo_lookup(): Argument #2 ($service) must be of type ?string, array given',
    );
    expect(thrown(() => f('127.0.0.1', null, 'x'))).toBe(
      'TypeError: socket_addrinfo_lookup(): Argument #3 ($hints) must be of type array, string given',
    );
    const keys =
      'ValueError: socket_addrinfo_lookup(): Argument #3 ($hints) must only contain array keys "ai_flags", "ai_socktype", "ai_protocol", or "ai_family"';
    expect(thrown(() => f('127.0.0.1', null, { foo: 1 }))).toBe(keys);
    expect(thrown(() => f('127.0.0.1', null, { ai_family: p.AF_INET, AI_FLAGS: 1 }))).toBe(keys);
    const nul = captureWarnings(() => f(null));
    expect(nul.warnings).toEqual([
      'socket_addrinfo_lookup(): Passing null to parameter #1 ($host) of type string is deprecated',
    ]);
  });

  it('fails with false, no warning and no last error', () => {
    const u = p.socket_create(p.AF_INET, p.SOCK_DGRAM, 0) as p.Socket;
    captureWarnings(() => p.socket_sendmsg(u, { iov: ['x'] }));
    expect(p.socket_last_error()).toBe(89);
    for (const args of [
      [''],
      ['nosuch.invalid'],
      ['127.0.0.1', 'nosuchservice'],
      ['127.0.0.1', null, { ai_family: p.AF_UNIX }],
      ['127.0.0.1', 'http', { ai_flags: p.AI_NUMERICSERV }],
      ['127.0.0.1', null, { ai_socktype: '1e100' }],
    ] as [string, string | null, Record<string, unknown>][]) {
      const { result, warnings } = captureWarnings(() => p.socket_addrinfo_lookup(...args));
      expect([result, warnings], JSON.stringify(args)).toEqual([false, []]);
    }
    expect(p.socket_last_error()).toBe(89);
  });

  it('reads hints as PHP 8.2 does: lists and int keys ignored, values converted to int', () => {
    expect(lookup('127.0.0.1', null, [1, 2] as unknown as Record<string, unknown>)).toHaveLength(3);
    expect(lookup('127.0.0.1', null, { 5: 1, ai_socktype: p.SOCK_STREAM })).toHaveLength(1);
    expect(lookup('127.0.0.1', null, { ai_socktype: '1abc' })).toHaveLength(1);
    expect(lookup('127.0.0.1', null, { ai_socktype: [] })).toHaveLength(3);
    expect(lookup('127.0.0.1', null, { ai_socktype: 4294967297 })).toHaveLength(1);
    const obj = captureWarnings(() => p.socket_addrinfo_lookup('127.0.0.1', null, { ai_socktype: new Date(0) }));
    expect(obj.warnings).toEqual(['Object of class Date could not be converted to int']);
    expect(obj.result).toHaveLength(1);
  });

  it('returns one AddressInfo per result, in the resolver order', () => {
    const all = lookup('127.0.0.1');
    expect(all.map((ai) => p.socket_addrinfo_explain(ai).ai_socktype)).toEqual([
      p.SOCK_STREAM,
      p.SOCK_DGRAM,
      p.SOCK_RAW,
    ]);
    expect(lookup('127.0.0.1\0junk', null, { ai_socktype: p.SOCK_STREAM })).toHaveLength(1);
    expect(lookup('127.0.0.1', '')).toHaveLength(3);
  });
});

describe('socket_addrinfo_explain', () => {
  it('throws PHP misuse errors', () => {
    const f = any(p.socket_addrinfo_explain);
    expect(thrown(() => f())).toBe('ArgumentCountError: socket_addrinfo_explain() expects exactly 1 argument, 0 given');
    expect(thrown(() => f('x'))).toBe(
      'TypeError: socket_addrinfo_explain(): Argument #1 ($address) must be of type AddressInfo, string given',
    );
    const s = p.socket_create(p.AF_INET, p.SOCK_STREAM, 0);
    expect(thrown(() => f(s))).toBe(
      'TypeError: socket_addrinfo_explain(): Argument #1 ($address) must be of type AddressInfo, Socket given',
    );
  });

  it("gives PHP's keys in PHP's order", () => {
    const [v4] = lookup('127.0.0.1', '80', { ai_socktype: p.SOCK_STREAM });
    const e4 = p.socket_addrinfo_explain(v4!);
    expect(e4).toEqual({
      ai_flags: 0,
      ai_family: p.AF_INET,
      ai_socktype: p.SOCK_STREAM,
      ai_protocol: 6,
      ai_addr: { sin_port: 80, sin_addr: '127.0.0.1' },
    });
    expect(Object.keys(e4)).toEqual(['ai_flags', 'ai_family', 'ai_socktype', 'ai_protocol', 'ai_addr']);
    const [v6] = lookup('::1', 'https', { ai_family: p.AF_INET6, ai_socktype: p.SOCK_DGRAM });
    expect(p.socket_addrinfo_explain(v6!)).toEqual({
      ai_flags: 0,
      ai_family: p.AF_INET6,
      ai_socktype: p.SOCK_DGRAM,
      ai_protocol: 17,
      ai_addr: { sin6_port: 443, sin6_addr: '::1' },
    });
    const [canon] = lookup('localhost', null, { ai_flags: p.AI_CANONNAME, ai_socktype: p.SOCK_STREAM });
    const ec = p.socket_addrinfo_explain(canon!);
    expect(ec.ai_canonname).toBe('localhost');
    expect(Object.keys(ec)).toEqual(['ai_flags', 'ai_family', 'ai_socktype', 'ai_protocol', 'ai_canonname', 'ai_addr']);
  });
});

describe('socket_addrinfo_bind', () => {
  it('throws PHP misuse errors', () => {
    const f = any(p.socket_addrinfo_bind);
    expect(thrown(() => f())).toBe('ArgumentCountError: socket_addrinfo_bind() expects exactly 1 argument, 0 given');
    expect(thrown(() => f(null))).toBe(
      'TypeError: socket_addrinfo_bind(): Argument #1 ($address) must be of type AddressInfo, null given',
    );
  });

  it('fails with PHP warnings and only the global code', () => {
    const [held, port] = boundTcp();
    const [ai] = lookup('127.0.0.1', String(port), { ai_socktype: p.SOCK_STREAM });
    p.socket_clear_error();
    const { result, warnings } = captureWarnings(() => p.socket_addrinfo_bind(ai!));
    expect([result, warnings]).toEqual([false, ['socket_addrinfo_bind(): Unable to bind address [98]: Address already in use']]);
    expect([p.socket_last_error(), p.socket_last_error(held)]).toEqual([98, 0]);
    // socket(AF_INET, SOCK_RAW, 0) is refused by the kernel, root or not.
    const [raw] = lookup('127.0.0.1', null, { ai_socktype: p.SOCK_RAW });
    const r = captureWarnings(() => p.socket_addrinfo_bind(raw!));
    expect([r.result, r.warnings]).toEqual([false, ['socket_addrinfo_bind(): Unable to create socket [93]: Protocol not supported']]);
    expect(p.socket_last_error()).toBe(93);
  });

  it('makes a blocking Socket bound to the address', () => {
    const [ai] = lookup('127.0.0.1', '0', { ai_socktype: p.SOCK_DGRAM });
    const s = p.socket_addrinfo_bind(ai!) as p.Socket;
    expect(s).toBeInstanceOf(p.Socket);
    const addr = p.ref<string>();
    const port = p.ref<number>();
    expect(p.socket_getsockname(s, addr, port)).toBe(true);
    expect(addr.value).toBe('127.0.0.1');
    expect(port.value).toBeGreaterThan(0);
    const c = p.socket_create(p.AF_INET, p.SOCK_DGRAM, 0) as p.Socket;
    expect(p.socket_sendmsg(c, { name: { addr: '127.0.0.1', port: port.value }, iov: ['via addrinfo'] })).toBe(12);
    expect(p.socket_read(s, 100)).toBe('via addrinfo');
    const [v6] = lookup('::1', '0', { ai_family: p.AF_INET6, ai_socktype: p.SOCK_STREAM });
    const s6 = p.socket_addrinfo_bind(v6!) as p.Socket;
    expect(p.socket_getsockname(s6, addr)).toBe(true);
    expect(addr.value).toBe('::1');
  });
});

describe('socket_addrinfo_connect', () => {
  it('throws PHP misuse errors', () => {
    expect(thrown(() => any(p.socket_addrinfo_connect)(1))).toBe(
      'TypeError: socket_addrinfo_connect(): Argument #1 ($address) must be of type AddressInfo, int given',
    );
  });

  it('fails with PHP warnings and only the global code', () => {
    const [, port] = boundTcp();
    const [ai] = lookup('127.0.0.1', String(port), { ai_socktype: p.SOCK_STREAM });
    p.socket_clear_error();
    const { result, warnings } = captureWarnings(() => p.socket_addrinfo_connect(ai!));
    expect([result, warnings]).toEqual([
      false,
      ['socket_addrinfo_connect(): Unable to connect address [111]: Connection refused'],
    ]);
    expect(p.socket_last_error()).toBe(111);
  });

  it('makes a blocking Socket connected to the address', () => {
    const [l, port] = boundTcp();
    p.socket_listen(l, 1);
    const [ai] = lookup('127.0.0.1', String(port), { ai_socktype: p.SOCK_STREAM });
    const c = p.socket_addrinfo_connect(ai!) as p.Socket;
    expect(c).toBeInstanceOf(p.Socket);
    const s = p.socket_accept(l) as p.Socket;
    expect(p.socket_write(c, 'hello')).toBe(5);
    expect(p.socket_read(s, 10)).toBe('hello');
    const peer = p.ref<string>();
    const peerPort = p.ref<number>();
    p.socket_getpeername(c, peer, peerPort);
    expect([peer.value, peerPort.value]).toEqual(['127.0.0.1', port]);
  });
});

describe.runIf(hasPhp)('against PHP', () => {
  it('explains the same lookups the same way', () => {
    const cases: [string, string | null, Record<string, number>][] = [
      ['127.0.0.1', null, {}],
      ['127.0.0.1', '80', { ai_socktype: 1 }],
      ['::1', 'https', { ai_family: 10 }],
      ['localhost', null, { ai_flags: 2 }],
      ['localhost', 'ssh', { ai_flags: 2, ai_family: 2, ai_socktype: 2 }],
      ['nosuch.invalid', null, {}],
    ];
    const code = `foreach (json_decode(${JSON.stringify(JSON.stringify(cases))}, true) as [$h, $s, $hints]) {
      $r = socket_addrinfo_lookup($h, $s, $hints);
      echo json_encode($r === false ? false : array_map('socket_addrinfo_explain', $r)), "\\n"; }`;
    const ours = cases
      .map(([h, s, hints]) => {
        const r = p.socket_addrinfo_lookup(h, s, hints);
        return `${JSON.stringify(r === false ? false : r.map((ai) => p.socket_addrinfo_explain(ai)))}\n`;
      })
      .join('');
    expect(ours).toBe(php(code));
  });
});
