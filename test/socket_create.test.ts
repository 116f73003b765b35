// socket_create, socket_create_listen, socket_create_pair. Expected texts are PHP 8.2's.
import { describe, expect, it } from 'vitest';
import * as p from '../lib/index.js';
import { captureWarnings, thrown } from './helpers/capture.js';
import { hasPhp, php } from './helpers/php.js';

describe('socket_create', () => {
  it('throws PHP misuse errors', () => {
    const f = p.socket_create as (...a: unknown[]) => unknown;
    expect(thrown(() => f(p.AF_INET, p.SOCK_STREAM))).toBe(
      'ArgumentCountError: socket_create() expects exactly 3 arguments, 2 given',
    );
    expect(thrown(() => f('x', p.SOCK_STREAM, 0))).toBe(
      'TypeError: socket_create(): Argument #1 ($domain) must be of type int, string given',
    );
    expect(thrown(() => f(99, p.SOCK_STREAM, 0))).toBe(
      'ValueError: socket_create(): Argument #1 ($domain) must be one of AF_UNIX, AF_INET6, or AF_INET',
    );
    expect(thrown(() => f(p.AF_INET, 11, 0))).toBe(
      'ValueError: socket_create(): Argument #2 ($type) must be one of SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET, SOCK_RAW, or SOCK_RDM',
    );
    expect(thrown(() => f(p.AF_INET, p.SOCK_STREAM, [1]))).toBe(
      'TypeError: socket_create(): Argument #3 ($protocol) must be of type int, array given',
    );
    expect(thrown(() => f(p.AF_INET, p.SOCK_STREAM, '6abc'))).toBe(
      'TypeError: socket_create(): Argument #3 ($protocol) must be of type int, string given',
    );
  });

  it('fails with the global code and PHP warning', () => {
    p.socket_clear_error();
    const { result, warnings } = captureWarnings(() => p.socket_create(p.AF_INET, p.SOCK_STREAM, 99));
    expect(result).toBe(false);
    expect(warnings).toEqual(['socket_create(): Unable to create socket [93]: Protocol not supported']);
    expect(p.socket_last_error()).toBe(93);
    const neg = captureWarnings(() => p.socket_create(p.AF_INET, -1, 0));
    expect(neg.warnings).toEqual(['socket_create(): Unable to create socket [22]: Invalid argument']);
    const rdm = captureWarnings(() => p.socket_create(p.AF_INET, p.SOCK_RDM, 0));
    expect(rdm.warnings).toEqual(['socket_create(): Unable to create socket [94]: Socket type not supported']);
  });

  it('coerces arguments as PHP does', () => {
    const f = p.socket_create as (...a: unknown[]) => p.Socket | false;
    const { result, warnings } = captureWarnings(() => f(p.AF_INET, p.SOCK_STREAM, null));
    expect(result).toBeInstanceOf(p.Socket);
    expect(warnings).toEqual(['socket_create(): Passing null to parameter #3 ($protocol) of type int is deprecated']);
    expect(f(p.AF_INET, p.SOCK_STREAM, '6')).toBeInstanceOf(p.Socket);
    expect(f(p.AF_INET, p.SOCK_STREAM, ' 6')).toBeInstanceOf(p.Socket);
    const frac = captureWarnings(() => f(p.AF_INET, p.SOCK_STREAM, 1.5));
    expect(frac.warnings).toEqual([
      'Implicit conversion from float 1.5 to int loses precision',
      'socket_create(): Unable to create socket [93]: Protocol not supported',
    ]);
  });

  it('creates sockets of every family and type', () => {
    for (const domain of [p.AF_INET, p.AF_INET6, p.AF_UNIX]) {
      for (const type of [p.SOCK_STREAM, p.SOCK_DGRAM]) {
        const s = p.socket_create(domain, type, 0);
        expect(s).toBeInstanceOf(p.Socket);
        p.socket_close(s as p.Socket);
      }
    }
    expect(p.socket_create(p.AF_UNIX, p.SOCK_SEQPACKET, 0)).toBeInstanceOf(p.Socket);
  });

  it('makes a Socket that is opaque and not constructible', () => {
    expect(thrown(() => new (p.Socket as unknown as new () => unknown)())).toBe(
      'Error: Cannot directly construct Socket, use socket_create() instead',
    );
    const s = p.socket_create(p.AF_INET, p.SOCK_STREAM, 0) as p.Socket;
    expect(Object.keys(s)).toEqual([]);
    expect(Object.isExtensible(s)).toBe(false);
    expect(s).not.toBe(p.socket_create(p.AF_INET, p.SOCK_STREAM, 0));
  });
});

describe('socket_create_listen', () => {
  it('listens on an ephemeral port of 0.0.0.0 without SO_REUSEADDR', () => {
    const l = p.socket_create_listen(0) as p.Socket;
    expect(l).toBeInstanceOf(p.Socket);
    const addr = p.ref<string>();
    const port = p.ref<number>();
    expect(p.socket_getsockname(l, addr, port)).toBe(true);
    expect(addr.value).toBe('0.0.0.0');
    expect(port.value).toBeGreaterThan(0);
    const c = p.socket_create(p.AF_INET, p.SOCK_STREAM, 0) as p.Socket;
    expect(p.socket_connect(c, '127.0.0.1', port.value)).toBe(true);
    const s = p.socket_accept(l);
    expect(s).toBeInstanceOf(p.Socket);
  });

  it('fails on a port in use with only the global code set', () => {
    const l = p.socket_create_listen(0) as p.Socket;
    const port = p.ref<number>();
    p.socket_getsockname(l, p.ref(), port);
    p.socket_clear_error();
    const { result, warnings } = captureWarnings(() => p.socket_create_listen(port.value!));
    expect(result).toBe(false);
    expect(warnings).toEqual(['socket_create_listen(): unable to bind to given address [98]: Address already in use']);
    expect(p.socket_last_error()).toBe(98);
    expect(p.socket_last_error(l)).toBe(0);
  });
});

describe('socket_create_pair', () => {
  it('throws PHP misuse errors', () => {
    const pair = p.ref();
    expect(thrown(() => p.socket_create_pair(99, p.SOCK_STREAM, 0, pair))).toBe(
      'ValueError: socket_create_pair(): Argument #1 ($domain) must be one of AF_UNIX, AF_INET6, or AF_INET',
    );
    expect(thrown(() => p.socket_create_pair(p.AF_UNIX, 11, 0, pair))).toBe(
      'ValueError: socket_create_pair(): Argument #2 ($type) must be one of SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET, SOCK_RAW, or SOCK_RDM',
    );
    expect(thrown(() => (p.socket_create_pair as (...a: unknown[]) => unknown)(p.AF_UNIX, p.SOCK_STREAM, 0, 'x'))).toBe(
      'Error: socket_create_pair(): Argument #4 ($pair) cannot be passed by reference',
    );
  });

  it('fails for AF_INET, leaving $pair untouched', () => {
    const pair = { value: 'untouched' as unknown };
    const { result, warnings } = captureWarnings(() => p.socket_create_pair(p.AF_INET, p.SOCK_STREAM, 0, pair));
    expect(result).toBe(false);
    expect(warnings).toEqual(['socket_create_pair(): Unable to create socket pair [95]: Operation not supported']);
    expect(pair.value).toBe('untouched');
    expect(p.socket_last_error()).toBe(95);
  });

  it('fills a box or an array with two connected sockets', () => {
    const box = p.ref<unknown>('a string first');
    expect(p.socket_create_pair(p.AF_UNIX, p.SOCK_STREAM, 0, box)).toBe(true);
    const [a, b] = box.value as [p.Socket, p.Socket];
    expect(p.socket_write(a, 'ping')).toBe(4);
    expect(p.socket_read(b, 10)).toBe('ping');
    const arr: unknown[] = ['old'];
    expect(p.socket_create_pair(p.AF_UNIX, p.SOCK_SEQPACKET, 0, arr)).toBe(true);
    expect(arr).toHaveLength(2);
    expect(arr[0]).toBeInstanceOf(p.Socket);
  });
});

describe.runIf(hasPhp)('socket_create against PHP', () => {
  it('prints the same strerror texts as PHP for every code PHP tests', () => {
    const codes = [0, 1, 11, 93, 98, 104, 111, 133, 134, 12345, -1, -10000, -10001, -10002, -10003, -10004, -10005, -20000, -2147483648];
    const expected = php(`foreach ([${codes.join(',')}] as $c) echo socket_strerror($c), "\\n";`);
    expect(codes.map((c) => p.socket_strerror(c) + '\n').join('')).toBe(expected);
  });
});
