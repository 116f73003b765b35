// zpp as PHP 8.2 does it for JS values: the type names in TypeErrors (the PHP type a JS value
// stands for), objects with a string form (__toString) for string parameters, and NUL bytes in
// names PHP declares as paths or names. Each block runs the same steps in PHP.
import { describe, expect, it } from 'vitest';
import * as p from '../lib/index.js';
import { thrown } from './helpers/capture.js';
import { hasPhp, php } from './helpers/php.js';
import { PHP_PRELUDE, Transcript } from './helpers/transcript.js';

const loose = (f: unknown) => f as (...a: unknown[]) => unknown;

describe('type names in TypeErrors', () => {
  it('names the PHP type a JS value stands for', () => {
    const s = p.stream_socket_server('tcp://127.0.0.1:0') as p.Stream;
    const closed = p.stream_socket_server('tcp://127.0.0.1:0') as p.Stream;
    p.fclose(closed);
    const sock = p.socket_create(p.AF_INET, p.SOCK_STREAM, 0) as p.Socket;
    const read = loose(p.socket_read);
    const prefix = 'TypeError: socket_read(): Argument #1 ($socket) must be of type Socket, ';
    expect(thrown(() => read(s, 1))).toBe(`${prefix}resource given`);
    expect(thrown(() => read(closed, 1))).toBe(`${prefix}resource given`);
    expect(thrown(() => read(Buffer.from('x'), 1))).toBe(`${prefix}string given`);
    expect(thrown(() => read(new Uint8Array(1), 1))).toBe(`${prefix}string given`);
    expect(thrown(() => read(new ArrayBuffer(1), 1))).toBe(`${prefix}string given`);
    expect(thrown(() => read(new Map(), 1))).toBe(`${prefix}array given`);
    expect(thrown(() => read({ a: 1 }, 1))).toBe(`${prefix}array given`);
    expect(thrown(() => read(new (class {})(), 1))).toBe(`${prefix}class@anonymous given`);
    expect(thrown(() => read(new (class Named {})(), 1))).toBe(`${prefix}Named given`);
    expect(thrown(() => read(() => 1, 1))).toBe(`${prefix}Closure given`);
    expect(thrown(() => loose(p.fread)(sock, 1))).toBe('TypeError: fread(): Argument #1 ($stream) must be of type resource, Socket given');
    // Where an array is asked for, a Map is named as what it is: it is not taken for one.
    expect(thrown(() => loose(p.socket_addrinfo_lookup)('localhost', null, new Map()))).toBe(
      'TypeError: socket_addrinfo_lookup(): Argument #3 ($hints) must be of type array, Map (a PHP array is a JS array or plain object here) given',
    );
    p.fclose(s);
    p.socket_close(sock);
  });

  it.skipIf(!hasPhp)('matches PHP', () => {
    const out = php(PHP_PRELUDE + String.raw`
      $s = stream_socket_server('tcp://127.0.0.1:0');
      $c = stream_socket_server('tcp://127.0.0.1:0'); fclose($c);
      t('stream', fn() => socket_read($s, 1));
      t('closed', fn() => socket_write($c, 'x'));
      t('bytes', fn() => socket_getsockname('x', $a));
      t('array', fn() => socket_last_error([]));
      t('anon', fn() => socket_strerror(new class {}));
      t('closure', fn() => socket_set_block(fn() => 1));
      t('socket', fn() => fwrite(socket_create(AF_INET, SOCK_STREAM, 0), 'x'));
    `);
    const tr = new Transcript();
    const s = p.stream_socket_server('tcp://127.0.0.1:0');
    const c = p.stream_socket_server('tcp://127.0.0.1:0') as p.Stream;
    p.fclose(c);
    tr.t('stream', () => loose(p.socket_read)(s, 1));
    tr.t('closed', () => loose(p.socket_write)(c, 'x'));
    tr.t('bytes', () => loose(p.socket_getsockname)(Buffer.from('x'), p.ref()));
    tr.t('array', () => loose(p.socket_last_error)(new Map()));
    tr.t('anon', () => loose(p.socket_strerror)(new (class {})()));
    tr.t('closure', () => loose(p.socket_set_block)(() => 1));
    tr.t('socket', () => loose(p.fwrite)(p.socket_create(p.AF_INET, p.SOCK_STREAM, 0), 'x'));
    expect(tr.text).toBe(out);
  });
});

describe('objects with a string form for string parameters', () => {
  class Service {
    toString(): string {
      return 'http';
    }
  }

  it.skipIf(!hasPhp)('takes them where PHP takes an object with __toString(), and only there', () => {
    const out = php(PHP_PRELUDE + String.raw`
      class Service { function __toString() { return 'http'; } }
      class Plain {}
      t('getservbyname', fn() => getservbyname(new Service, 'tcp'));
      t('getprotobyname', fn() => getprotobyname(new class { function __toString() { return 'udp'; } }));
      t('lookup service', fn() => count(socket_addrinfo_lookup('127.0.0.1', new Service, ['ai_socktype' => SOCK_STREAM])));
      t('int param', fn() => socket_strerror(new Service));
      t('no __toString', fn() => getservbyname(new Plain, 'tcp'));
      [$a, $b] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
      t('fwrite', fn() => fwrite($a, new Service));
      t('fread', fn() => fread($b, 10));
      t('ini_set', fn() => ini_set('default_socket_timeout', new Service));
    `);
    const tr = new Transcript();
    tr.t('getservbyname', () => loose(p.getservbyname)(new Service(), 'tcp'));
    tr.t('getprotobyname', () => loose(p.getprotobyname)(new (class { toString = () => 'udp'; })()));
    tr.t('lookup service', () => (loose(p.socket_addrinfo_lookup)('127.0.0.1', new Service(), { ai_socktype: p.SOCK_STREAM }) as unknown[]).length);
    tr.t('int param', () => loose(p.socket_strerror)(new Service()));
    tr.t('no __toString', () => loose(p.getservbyname)(new (class Plain {})(), 'tcp'));
    const [a, b] = p.stream_socket_pair(p.STREAM_PF_UNIX, p.STREAM_SOCK_STREAM, 0) as p.Stream[];
    tr.t('fwrite', () => loose(p.fwrite)(a, new Service()));
    tr.t('fread', () => p.fread(b!, 10));
    tr.t('ini_set', () => loose(p.ini_set)('default_socket_timeout', new Service()));
    expect(tr.text).toBe(out);
  });
});

describe('NUL bytes in names', () => {
  it.skipIf(!hasPhp)('are a ValueError for host, service and protocol names, as in PHP', () => {
    const out = php(PHP_PRELUDE + String.raw`
      t('gethostbyname', fn() => gethostbyname("localhost\0.example.com"));
      t('gethostbynamel', fn() => gethostbynamel("localhost\0.example.com"));
      t('getprotobyname', fn() => getprotobyname("tcp\0x"));
      t('getservbyname service', fn() => getservbyname("http\0", "tcp"));
      t('getservbyname protocol', fn() => getservbyname("http", "tcp\0x"));
      t('getservbyport', fn() => getservbyport(80, "tcp\0x"));
      t('stream_socket_client', fn() => stream_socket_client("tcp://127.0.0.1\0:80"));
      t('fsockopen', fn() => fsockopen("127.0.0.1\0", 80));
      t('socket_addrinfo_lookup', fn() => count(socket_addrinfo_lookup("127.0.0.1\0x")));
    `);
    const tr = new Transcript();
    tr.t('gethostbyname', () => p.gethostbyname('localhost\0.example.com'));
    tr.t('gethostbynamel', () => p.gethostbynamel('localhost\0.example.com'));
    tr.t('getprotobyname', () => p.getprotobyname('tcp\0x'));
    tr.t('getservbyname service', () => p.getservbyname('http\0', 'tcp'));
    tr.t('getservbyname protocol', () => p.getservbyname('http', 'tcp\0x'));
    tr.t('getservbyport', () => p.getservbyport(80, 'tcp\0x'));
    tr.t('stream_socket_client', () => p.stream_socket_client('tcp://127.0.0.1\0:80'));
    tr.t('fsockopen', () => p.fsockopen('127.0.0.1\0', 80));
    tr.t('socket_addrinfo_lookup', () => (p.socket_addrinfo_lookup('127.0.0.1\0x') as unknown[]).length);
    expect(tr.text).toBe(out);
    expect(out).toContain('gethostbyname: ValueError: gethostbyname(): Argument #1 ($hostname) must not contain any null bytes');
  });
});

describe('assertSocket / assertStream / ref(initial)', () => {
  it('narrow without a cast, and throw what PHP throws at its next call for false', () => {
    const s = p.socket_create(p.AF_INET, p.SOCK_STREAM, 0);
    p.assertSocket(s);
    expect(p.socket_close(s)).toBeUndefined();
    expect(thrown(() => p.assertSocket(false))).toBe('TypeError: assertSocket(): Argument #1 ($value) must be of type Socket, bool given');
    expect(thrown(() => p.assertStream(false))).toBe('TypeError: assertStream(): Argument #1 ($value) must be of type resource, bool given');
    expect(thrown(() => p.assertStream(p.socket_create(p.AF_INET, p.SOCK_STREAM, 0)))).toBe(
      'TypeError: assertStream(): Argument #1 ($value) must be of type resource, Socket given',
    );
    const st = p.stream_socket_server('tcp://127.0.0.1:0');
    p.assertStream(st);
    const port = p.ref(0);
    const addr = p.ref('');
    const name: string = addr.value; // typed without null
    expect([name, port.value]).toEqual(['', 0]);
    p.fclose(st);
  });

  it.skipIf(!hasPhp)('assertSocket(false) names the type as PHP names false', () => {
    expect(php("try { socket_close(false); } catch (TypeError $e) { echo $e->getMessage(); }")).toBe(
      'socket_close(): Argument #1 ($socket) must be of type Socket, bool given',
    );
  });
});
