// stream_socket_server, stream_socket_client, stream_socket_accept, stream_socket_get_name,
// stream_socket_shutdown, stream_socket_pair, fsockopen, pfsockopen: misuse, failures (warning
// texts, errno/errstr boxes), success. Expected values are what PHP 8.2 prints for the same steps;
// where PHP is installed the transcripts are also compared with it at test time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as p from '../lib/index.js';
import { captureWarnings, thrown } from './helpers/capture.js';
import { hasPhp } from './helpers/php.js';
import { StreamTranscript, phpTranscript } from './helpers/streams.js';

const dir = mkdtempSync(join(tmpdir(), 'php-sockets-streams-'));
beforeAll(() => {
  p.ini_set('default_socket_timeout', 2);
});
afterAll(() => {
  p.ini_set('default_socket_timeout', 60);
  rmSync(dir, { recursive: true, force: true });
});

function server(address = 'tcp://127.0.0.1:0'): [p.Stream, string] {
  const s = p.stream_socket_server(address) as p.Stream;
  return [s, p.stream_socket_get_name(s, false) as string];
}

describe('stream_socket_server', () => {
  it('throws for misuse', () => {
    expect(thrown(() => (p.stream_socket_server as (...a: unknown[]) => unknown)())).toBe(
      'ArgumentCountError: stream_socket_server() expects at least 1 argument, 0 given',
    );
    expect(thrown(() => p.stream_socket_server('tcp://127.0.0.1:0', 5 as never))).toBe(
      'Error: stream_socket_server(): Argument #2 ($error_code) cannot be passed by reference',
    );
    expect(thrown(() => p.stream_socket_server('tcp://127.0.0.1:0', null, null, 'x' as never))).toBe(
      'TypeError: stream_socket_server(): Argument #4 ($flags) must be of type int, string given',
    );
  });

  it('reports failures with a warning, errno 0 and the reason', () => {
    const e = p.ref(7);
    const m = p.ref('old');
    const [s, name] = server();
    const cases: [string, number, string, string][] = [
      ['tcp://127.0.0.1', 0, 'Failed to parse address "127.0.0.1"', 'Unable to connect to tcp://127.0.0.1 (Failed to parse address "127.0.0.1")'],
      ['tcp://[::1:0', 0, 'Failed to parse IPv6 address "[::1:0"', 'Unable to connect to tcp://[::1:0 (Failed to parse IPv6 address "[::1:0")'],
      [`tcp://${name}`, 0, 'Address already in use', `Unable to connect to tcp://${name} (Address already in use)`],
      ['foo://127.0.0.1:0', 0, 'Unable to find the socket transport "foo" - did you forget to enable it when you configured PHP?', 'Unable to connect to foo://127.0.0.1:0 (Unable to find the socket transport "foo" - did you forget to enable it when you configured PHP?)'],
      ['udp://127.0.0.1:0', 0, '', 'Unable to connect to udp://127.0.0.1:0 (Unknown error)'],
    ];
    for (const [address, errno, errstr, warning] of cases) {
      const { result, warnings } = captureWarnings(() => p.stream_socket_server(address, e, m));
      expect(result).toBe(false);
      expect(warnings).toEqual([`stream_socket_server(): ${warning}`]);
      expect([e.value, m.value]).toEqual([errno, errstr]);
    }
    const lookup = captureWarnings(() => p.stream_socket_server('tcp://nosuchhost.invalid:0', e, m));
    expect(lookup.result).toBe(false);
    expect(lookup.warnings).toHaveLength(2);
    expect(lookup.warnings[0]).toMatch(/^stream_socket_server\(\): php_network_getaddresses: getaddrinfo for nosuchhost\.invalid failed: /);
    expect(lookup.warnings[1]).toMatch(/^stream_socket_server\(\): Unable to connect to tcp:\/\/nosuchhost\.invalid:0 \(php_network_getaddresses: /);
    p.fclose(s);
  });

  it('binds tcp (IPv4 and IPv6), udp, unix and udg servers', () => {
    const e = p.ref();
    const m = p.ref();
    const [s, name] = server('127.0.0.1:0');
    expect(e.value).toBeNull();
    expect(name).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(p.stream_socket_get_name(s, true)).toBe(false);
    expect(p.stream_get_meta_data(s)).toEqual({
      timed_out: false,
      blocked: true,
      eof: false,
      stream_type: 'tcp_socket/ssl',
      mode: 'r+',
      unread_bytes: 0,
      seekable: false,
    });
    const named = p.stream_socket_server('tcp://localhost:0') as p.Stream;
    expect(p.stream_socket_get_name(named, false)).toMatch(/^127\.0\.0\.1:\d+$/);
    const byName = p.stream_socket_client(`tcp://localhost:${(p.stream_socket_get_name(named, false) as string).split(':')[1]}`);
    expect(byName).toBeInstanceOf(p.Stream);
    p.fclose(byName as p.Stream);
    p.fclose(named);
    const v6 = p.stream_socket_server('tcp://[::1]:0', e, m) as p.Stream;
    expect([e.value, m.value]).toEqual([0, '']);
    expect(p.stream_socket_get_name(v6, false)).toMatch(/^\[::1\]:\d+$/);
    const udp = p.stream_socket_server('udp://127.0.0.1:0', e, m, p.STREAM_SERVER_BIND) as p.Stream;
    expect(p.stream_get_meta_data(udp).stream_type).toBe('udp_socket');
    const path = join(dir, 'server.sock');
    const unix = p.stream_socket_server(`unix://${path}`) as p.Stream;
    expect(p.stream_socket_get_name(unix, false)).toBe(path);
    expect(p.stream_get_meta_data(unix).stream_type).toBe('unix_socket');
    const again = captureWarnings(() => p.stream_socket_server(`unix://${path}`, e, m));
    expect(again.result).toBe(false);
    expect(again.warnings).toEqual([`stream_socket_server(): Unable to connect to unix://${path} (Unknown error)`]);
    expect([e.value, m.value]).toEqual([0, '']);
    const udg = p.stream_socket_server(`udg://${join(dir, 'dgram.sock')}`, null, null, p.STREAM_SERVER_BIND) as p.Stream;
    expect(p.stream_get_meta_data(udg).stream_type).toBe('udg_socket');
    const abstract = p.stream_socket_server('unix://\0php-sockets-abstract-test') as p.Stream;
    expect(p.stream_socket_get_name(abstract, false)).toBe(false);
    for (const x of [s, v6, udp, unix, udg, abstract]) expect(p.fclose(x)).toBe(true);
  });

  it('truncates a unix path longer than 107 bytes, with a notice', () => {
    const long = join(dir, 'x'.repeat(120));
    const { result, warnings } = captureWarnings(() => p.stream_socket_server(`unix://${long}`));
    expect(warnings).toEqual([
      'stream_socket_server(): socket path exceeded the maximum allowed length of 107 bytes and was truncated',
    ]);
    expect(p.stream_socket_get_name(result as p.Stream, false)).toBe(long.slice(0, 107));
    p.fclose(result as p.Stream);
  });

  it('takes an abstract unix name of all 108 bytes, and truncates a longer one to 108, as PHP does', () => {
    const name = `\0${'a'.repeat(100)}${process.pid}`.padEnd(108, 'z');
    const { result, warnings } = captureWarnings(() => p.stream_socket_server(`unix://${name}`));
    expect(warnings).toEqual([]);
    const c = p.stream_socket_client(`unix://${name}`) as p.Stream;
    expect(c).toBeInstanceOf(p.Stream);
    // The name is all 108 bytes: its 107-byte prefix is another name, with no server.
    const prefix = captureWarnings(() => p.stream_socket_client(`unix://${name.slice(0, 107)}`));
    expect(prefix.result).toBe(false);
    expect(prefix.warnings).toEqual([`stream_socket_client(): Unable to connect to unix://\\0${name.slice(1, 107)} (Connection refused)`]);
    const longer = captureWarnings(() => p.stream_socket_client(`unix://${name}x`));
    expect(longer.warnings).toEqual([
      'stream_socket_client(): socket path exceeded the maximum allowed length of 108 bytes and was truncated',
    ]);
    expect(longer.result).toBeInstanceOf(p.Stream);
    for (const x of [result as p.Stream, c, longer.result as p.Stream]) p.fclose(x);
  });

  it('without STREAM_SERVER_BIND returns a stream with no socket', () => {
    const s = p.stream_socket_server('tcp://127.0.0.1:0', null, null, 0) as p.Stream;
    expect(s).toBeInstanceOf(p.Stream);
    expect(p.stream_socket_get_name(s, false)).toBe(false);
    expect(p.feof(s)).toBe(true);
    expect(p.fclose(s)).toBe(true);
  });
});

describe('stream_socket_client', () => {
  it('throws for misuse', () => {
    expect(thrown(() => p.stream_socket_client('tcp://127.0.0.1:1', null, null, NaN))).toBe(
      'ValueError: stream_socket_client(): Argument #4 ($timeout) must be a finite value',
    );
    expect(thrown(() => p.stream_socket_client('tcp://127.0.0.1:1', null, null, 'x' as never))).toBe(
      'TypeError: stream_socket_client(): Argument #4 ($timeout) must be of type ?float, string given',
    );
    expect(thrown(() => p.stream_socket_client('tcp://127.0.0.1:1', null, null, null, 4, {} as never))).toMatch(
      /^TypeError: stream_socket_client\(\): Argument #6 \(\$context\) must be of type resource or null, array given/,
    );
  });

  it('reports failures with a warning, the errno and the reason', () => {
    const e = p.ref();
    const m = p.ref();
    const cases: [string, number, string][] = [
      ['tcp://127.0.0.1:1', 111, 'Connection refused'],
      ['127.0.0.1:1', 111, 'Connection refused'],
      ['tcp://[::1]:1', 111, 'Connection refused'],
      ['tcp://127.0.0.1:99999', 111, 'Connection refused'],
      ['tcp://127.0.0.1:abc', 111, 'Connection refused'],
      ['tcp://127.0.0.1', 0, 'Failed to parse address "127.0.0.1"'],
      ['', 0, 'Failed to parse address ""'],
      [`unix://${join(dir, 'none.sock')}`, 2, 'No such file or directory'],
      [`udg://${join(dir, 'none.sock')}`, 2, 'No such file or directory'],
    ];
    for (const [address, errno, errstr] of cases) {
      const { result, warnings } = captureWarnings(() => p.stream_socket_client(address, e, m));
      expect(result).toBe(false);
      expect(warnings).toEqual([`stream_socket_client(): Unable to connect to ${address} (${errstr})`]);
      expect([e.value, m.value]).toEqual([errno, errstr]);
    }
    // The address is shown with addslashes().
    const quoted = captureWarnings(() => p.stream_socket_client("ab'c"));
    expect(quoted.warnings).toEqual([`stream_socket_client(): Unable to connect to ab\\'c (Failed to parse address "ab'c")`]);
    expect(captureWarnings(() => p.stream_socket_client('tcp://127.0.0.1:1\0x', e, m)).warnings).toEqual([
      'stream_socket_client(): Unable to connect to tcp://127.0.0.1:1\\0x (The hostname must not contain null bytes)',
    ]);
    // Transports are case-sensitive; ssl:// is tcp first (test/stream_tls.test.ts has the rest).
    expect(captureWarnings(() => p.stream_socket_client('ssl://127.0.0.1:1')).warnings).toEqual([
      'stream_socket_client(): Unable to connect to ssl://127.0.0.1:1 (Connection refused)',
    ]);
    expect(captureWarnings(() => p.stream_socket_client('TCP://127.0.0.1:1')).warnings).toEqual([
      'stream_socket_client(): Unable to connect to TCP://127.0.0.1:1 (Unable to find the socket transport "TCP" - did you forget to enable it when you configured PHP?)',
    ]);
  });

  it('gives up connecting after the timeout: "Connection timed out", errno 110', () => {
    // A listener with a zero backlog that never accepts: the second connection hangs.
    const l = p.socket_create(p.AF_INET, p.SOCK_STREAM, 0) as p.Socket;
    p.socket_bind(l, '127.0.0.1', 0);
    p.socket_listen(l, 0);
    const port = p.ref();
    p.socket_getsockname(l, p.ref(), port);
    const first = p.stream_socket_client(`tcp://127.0.0.1:${port.value}`, null, null, 1) as p.Stream;
    const e = p.ref();
    const m = p.ref();
    const t0 = performance.now();
    const { result, warnings } = captureWarnings(() => p.stream_socket_client(`tcp://127.0.0.1:${port.value}`, e, m, 0.3));
    const took = performance.now() - t0;
    expect(result).toBe(false);
    expect(warnings).toEqual([`stream_socket_client(): Unable to connect to tcp://127.0.0.1:${port.value} (Connection timed out)`]);
    expect([e.value, m.value]).toEqual([110, 'Connection timed out']);
    expect(took).toBeGreaterThanOrEqual(290);
    expect(took).toBeLessThan(2000);
    const f = captureWarnings(() => p.fsockopen('127.0.0.1', port.value as number, e, m, 0.2));
    expect(f.warnings).toEqual([`fsockopen(): Unable to connect to 127.0.0.1:${port.value} (Connection timed out)`]);
    p.fclose(first);
    p.socket_close(l);
  });

  it('connects tcp and udp streams, and connects nothing without STREAM_CLIENT_CONNECT', () => {
    const [s, name] = server();
    const e = p.ref();
    const m = p.ref();
    const c = p.stream_socket_client(`tcp://${name}`, e, m, 1) as p.Stream;
    expect([e.value, m.value]).toEqual([0, '']);
    const peer = p.ref();
    const a = p.stream_socket_accept(s, 1, peer) as p.Stream;
    expect(peer.value).toBe(p.stream_socket_get_name(c, false));
    expect(p.stream_socket_get_name(a, true)).toBe(p.stream_socket_get_name(c, false));
    expect(p.stream_socket_get_name(c, true)).toBe(name);
    expect(p.stream_get_meta_data(c).stream_type).toBe('tcp_socket/ssl');
    const unconnected = p.stream_socket_client(`tcp://${name}`, e, m, null, 0) as p.Stream;
    expect(p.stream_socket_get_name(unconnected, false)).toBe(false);
    const u = p.stream_socket_client('udp://127.0.0.1:9') as p.Stream;
    expect(p.stream_get_meta_data(u).stream_type).toBe('udp_socket');
    expect(p.stream_socket_get_name(u, true)).toBe('127.0.0.1:9');
    for (const x of [s, c, a, unconnected, u]) p.fclose(x);
  });

  it('connects asynchronously with STREAM_CLIENT_ASYNC_CONNECT', () => {
    const [s, name] = server();
    const c = p.stream_socket_client(`tcp://${name}`, null, null, null, p.STREAM_CLIENT_ASYNC_CONNECT | p.STREAM_CLIENT_CONNECT) as p.Stream;
    expect(p.stream_get_meta_data(c).blocked).toBe(true);
    const w = [c];
    expect(p.stream_select(null, w, null, 1)).toBe(1);
    expect(p.fwrite(c, 'x')).toBe(1);
    const refused = p.stream_socket_client('tcp://127.0.0.1:1', null, null, null, p.STREAM_CLIENT_ASYNC_CONNECT) as p.Stream;
    expect(refused).toBeInstanceOf(p.Stream);
    const r = [refused];
    expect(p.stream_select(r, null, null, 1)).toBe(1);
    const { result, warnings } = captureWarnings(() => p.fwrite(refused, 'a'));
    expect(result).toBe(false);
    expect(warnings).toEqual(['fwrite(): Send of 1 bytes failed with errno=111 Connection refused']);
    for (const x of [s, c, refused]) p.fclose(x);
  });

  it('reuses a live STREAM_CLIENT_PERSISTENT stream', () => {
    const [s, name] = server();
    const flags = p.STREAM_CLIENT_PERSISTENT | p.STREAM_CLIENT_CONNECT;
    const a = p.stream_socket_client(`tcp://${name}`, null, null, null, flags) as p.Stream;
    const b = p.stream_socket_client(`tcp://${name}`, null, null, null, flags) as p.Stream;
    expect(b).toBe(a);
    p.fclose(a);
    const c = p.stream_socket_client(`tcp://${name}`, null, null, null, flags) as p.Stream;
    expect(c).not.toBe(a);
    p.fclose(c);
    p.fclose(s);
  });
});

describe('stream_socket_accept', () => {
  it('throws for misuse', () => {
    const [s] = server();
    expect(thrown(() => p.stream_socket_accept('x' as never))).toBe(
      'TypeError: stream_socket_accept(): Argument #1 ($socket) must be of type resource, string given',
    );
    expect(thrown(() => p.stream_socket_accept(s, NaN))).toBe(
      'ValueError: stream_socket_accept(): Argument #2 ($timeout) must be a finite value',
    );
    expect(thrown(() => p.stream_socket_accept(s, 1, 'x' as never))).toBe(
      'Error: stream_socket_accept(): Argument #3 ($peer_name) cannot be passed by reference',
    );
    p.fclose(s);
    expect(thrown(() => p.stream_socket_accept(s))).toBe(
      'TypeError: stream_socket_accept(): supplied resource is not a valid stream resource',
    );
  });

  it('times out with "Accept failed: Connection timed out", whatever the blocking mode', () => {
    const [s] = server();
    const peer = p.ref('untouched');
    for (const timeout of [0.2, 0]) {
      const t0 = Date.now();
      const { result, warnings } = captureWarnings(() => p.stream_socket_accept(s, timeout, peer));
      expect(result).toBe(false);
      expect(warnings).toEqual(['stream_socket_accept(): Accept failed: Connection timed out']);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(timeout * 1000 - 20);
    }
    expect(peer.value).toBe('untouched');
    p.stream_set_blocking(s, false);
    const t0 = Date.now();
    expect(captureWarnings(() => p.stream_socket_accept(s, 0.2)).result).toBe(false);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(180);
    p.fclose(s);
  });

  it('gives a blocking stream with the server timeout and the peer name', () => {
    const [s, name] = server();
    p.stream_set_blocking(s, false);
    p.stream_set_timeout(s, 0, 100000);
    const c = p.stream_socket_client(`tcp://${name}`) as p.Stream;
    const peer = p.ref();
    const a = p.stream_socket_accept(s, 1, peer) as p.Stream;
    expect(peer.value).toBe(p.stream_socket_get_name(c, false));
    expect(p.stream_get_meta_data(a).blocked).toBe(true);
    const t0 = Date.now();
    expect(p.fread(a, 10)).toBe(false);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(p.stream_get_meta_data(a).timed_out).toBe(true);
    const path = join(dir, 'accept.sock');
    const us = p.stream_socket_server(`unix://${path}`) as p.Stream;
    const uc = p.stream_socket_client(`unix://${path}`) as p.Stream;
    const ua = p.stream_socket_accept(us, 1, peer) as p.Stream;
    expect(peer.value).toBe('');
    expect(p.stream_socket_get_name(ua, true)).toBe(false);
    expect(p.stream_socket_get_name(ua, false)).toBe(path);
    expect(p.stream_socket_get_name(uc, true)).toBe(path);
    // An abstract peer name is read by its length, leading NUL included (get_name gives false).
    const abstract = `\0php-sockets-cli-${process.pid}`;
    const ac = p.socket_create(p.AF_UNIX, p.SOCK_STREAM, 0) as p.Socket;
    expect(p.socket_bind(ac, abstract)).toBe(true);
    expect(p.socket_connect(ac, path)).toBe(true);
    const aa = p.stream_socket_accept(us, 1, peer) as p.Stream;
    expect(peer.value).toBe(abstract);
    expect(p.stream_socket_get_name(aa, true)).toBe(false);
    p.socket_close(ac);
    for (const x of [s, c, a, us, uc, ua, aa]) p.fclose(x);
  });
});

describe('stream_socket_shutdown', () => {
  it('throws for misuse and shuts a direction down', () => {
    const [x, y] = p.stream_socket_pair(p.STREAM_PF_UNIX, p.STREAM_SOCK_STREAM, 0) as [p.Stream, p.Stream];
    for (const mode of [3, -1]) {
      expect(thrown(() => p.stream_socket_shutdown(x, mode))).toBe(
        'ValueError: stream_socket_shutdown(): Argument #2 ($mode) must be one of STREAM_SHUT_RD, STREAM_SHUT_WR, or STREAM_SHUT_RDWR',
      );
    }
    p.fwrite(x, 'qq');
    expect(p.stream_socket_shutdown(x, p.STREAM_SHUT_WR)).toBe(true);
    expect(p.fread(y, 10)).toBe('qq');
    expect(p.feof(y)).toBe(true);
    const { result, warnings } = captureWarnings(() => p.fwrite(x, 'after'));
    expect(result).toBe(false);
    expect(warnings).toEqual(['fwrite(): Send of 5 bytes failed with errno=32 Broken pipe']);
    const [s] = server();
    expect(p.stream_socket_shutdown(s, p.STREAM_SHUT_RDWR)).toBe(true);
    expect(p.stream_socket_shutdown(s, p.STREAM_SHUT_RDWR)).toBe(false);
    for (const z of [x, y, s]) p.fclose(z);
  });
});

describe('stream_socket_pair', () => {
  it('fails with a warning and makes generic socket streams', () => {
    const bad = captureWarnings(() => p.stream_socket_pair(p.STREAM_PF_INET, p.STREAM_SOCK_STREAM, 0));
    expect(bad.result).toBe(false);
    expect(bad.warnings).toEqual(['stream_socket_pair(): Failed to create sockets: [95]: Operation not supported']);
    expect(captureWarnings(() => p.stream_socket_pair(99, 1, 0)).warnings).toEqual([
      'stream_socket_pair(): Failed to create sockets: [97]: Address family not supported by protocol',
    ]);
    const [a, b] = p.stream_socket_pair(p.STREAM_PF_UNIX, p.STREAM_SOCK_DGRAM, 0) as [p.Stream, p.Stream];
    expect(p.stream_get_meta_data(b).stream_type).toBe('generic_socket');
    expect(p.fwrite(a, 'd1')).toBe(2);
    expect([p.fread(b, 1), p.fread(b, 1)]).toEqual(['d', '1']);
    expect([p.stream_socket_get_name(a, false), p.stream_socket_get_name(a, true)]).toEqual([false, false]);
    p.fclose(a);
    p.fclose(b);
  });
});

describe('fsockopen', () => {
  it('throws for misuse', () => {
    for (const t of [-5, NaN, 1e30]) {
      expect(thrown(() => p.fsockopen('127.0.0.1', 1, null, null, t))).toBe(
        'ValueError: fsockopen(): Argument #6 must be -1 or between 0 and 18446744073709',
      );
    }
    expect(thrown(() => p.fsockopen('127.0.0.1', 1, 5 as never))).toBe(
      'Error: fsockopen(): Argument #3 ($error_code) cannot be passed by reference',
    );
  });

  it('builds "host:port" (port > 0 only) and reports failures', () => {
    const e = p.ref();
    const m = p.ref();
    const cases: [string, number, number, string][] = [
      ['127.0.0.1', 1, 111, 'Connection refused'],
      ['127.0.0.1', -1, 0, 'Failed to parse address "127.0.0.1"'],
      ['127.0.0.1', 0, 0, 'Failed to parse address "127.0.0.1"'],
      ['[::1]', 1, 111, 'Connection refused'],
      ['tcp://[::1]', 1, 111, 'Connection refused'],
    ];
    for (const [host, port, errno, errstr] of cases) {
      const { result, warnings } = captureWarnings(() => p.fsockopen(host, port, e, m));
      expect(result).toBe(false);
      expect(warnings).toEqual([`fsockopen(): Unable to connect to ${host}:${port} (${errstr})`]);
      expect([e.value, m.value]).toEqual([errno, errstr]);
    }
    const v6 = captureWarnings(() => p.fsockopen('::1', 1, e, m));
    expect(v6.warnings[1]).toBe(
      'fsockopen(): Unable to connect to ::1:1 (php_network_getaddresses: getaddrinfo for  failed: Name or service not known)',
    );
  });

  it('connects, and pfsockopen reuses its stream', () => {
    const [s, name] = server();
    const port = Number(name.split(':')[1]);
    const a = p.fsockopen('127.0.0.1', port) as p.Stream;
    const b = p.fsockopen(`127.0.0.1:${port}`) as p.Stream;
    const c = p.fsockopen('tcp://127.0.0.1', port, null, null, -1) as p.Stream;
    expect([a, b, c].every((x) => x instanceof p.Stream)).toBe(true);
    const u = p.fsockopen('udp://127.0.0.1', 9) as p.Stream;
    expect(p.stream_get_meta_data(u).stream_type).toBe('udp_socket');
    const p1 = p.pfsockopen('127.0.0.1', port) as p.Stream;
    const p2 = p.pfsockopen('127.0.0.1', port) as p.Stream;
    expect(p2).toBe(p1);
    p.fclose(p1);
    expect(thrown(() => p.fread(p2, 1))).toBe('TypeError: fread(): supplied resource is not a valid stream resource');
    const p3 = p.pfsockopen('127.0.0.1', port) as p.Stream;
    expect(p3).not.toBe(p1);
    for (const x of [s, a, b, c, u, p3]) p.fclose(x);
  });
});

describe.runIf(hasPhp)('a stream without a socket against PHP', () => {
  it('prints the same transcript', () => {
    const tr = new StreamTranscript();
    let c!: p.Stream;
    tr.t('client', () => {
      const s = p.stream_socket_server('tcp://127.0.0.1:0') as p.Stream;
      c = p.stream_socket_client(`tcp://${p.stream_socket_get_name(s, false)}`, null, null, null, 0) as p.Stream;
      return c;
    });
    tr.t('io', () => [p.fwrite(c, 'abc'), p.fread(c, 10), p.fgets(c), p.feof(c), p.stream_get_meta_data(c)]);
    tr.t('socket', () => [p.stream_set_blocking(c, false), p.stream_socket_get_name(c, false), p.stream_socket_recvfrom(c, 10)]);
    tr.t('sendto', () => [p.stream_socket_sendto(c, 'x'), p.stream_socket_shutdown(c, 2)]);
    tr.t('select', () => p.stream_select([c], null, null, 0));
    tr.t('accept', () => p.stream_socket_accept(c, 0.1));
    tr.t('import', () => p.socket_import_stream(c));
    tr.t('nul', () => [p.stream_socket_server('tcp://127.0.0.1\0x:0'), p.fsockopen('127.0.0.1\0x', 1)]);
    tr.t('close', () => p.fclose(c));
    expect(tr.text).toBe(
      phpTranscript(String.raw`
      t('client', function () { global $c; $s = stream_socket_server('tcp://127.0.0.1:0'); return $c = stream_socket_client('tcp://' . stream_socket_get_name($s, false), $e, $m, null, 0); });
      t('io', function () { global $c; return [fwrite($c, 'abc'), fread($c, 10), fgets($c), feof($c), stream_get_meta_data($c)]; });
      t('socket', function () { global $c; return [stream_set_blocking($c, false), stream_socket_get_name($c, false), stream_socket_recvfrom($c, 10)]; });
      t('sendto', function () { global $c; return [stream_socket_sendto($c, 'x'), stream_socket_shutdown($c, 2)]; });
      t('select', function () { global $c; $r = [$c]; $w = $e = null; return stream_select($r, $w, $e, 0); });
      t('accept', function () { global $c; return stream_socket_accept($c, 0.1); });
      t('import', function () { global $c; return socket_import_stream($c); });
      t('nul', function () { return [stream_socket_server("tcp://127.0.0.1\0x:0"), fsockopen("127.0.0.1\0x", 1)]; });
      t('close', function () { global $c; return fclose($c); });
    `),
    );
  });
});

describe.runIf(hasPhp)('client and server against PHP', () => {
  it('prints the same transcript', () => {
    const tr = new StreamTranscript();
    let s: p.Stream;
    let name = '';
    let c: p.Stream | false = false;
    let a: p.Stream | false = false;
    const e = p.ref();
    const m = p.ref();
    const peer = p.ref();
    tr.t('server', () => {
      s = p.stream_socket_server('tcp://127.0.0.1:0', e, m) as p.Stream;
      name = p.stream_socket_get_name(s, false) as string;
      return [s, e.value, m.value];
    });
    tr.t('busy', () => [p.stream_socket_server(`tcp://${name}`, e, m), e.value, m.value]);
    tr.t('meta', () => p.stream_get_meta_data(s));
    tr.t('client', () => {
      c = p.stream_socket_client(`tcp://${name}`, e, m, 1);
      return [c, e.value, m.value];
    });
    tr.t('accept', () => {
      a = p.stream_socket_accept(s, 1, peer);
      return [a, peer.value === p.stream_socket_get_name(c as p.Stream, false)];
    });
    tr.t('timeout', () => p.stream_socket_accept(s, 0.1, peer));
    tr.t('accept client', () => p.stream_socket_accept(c as p.Stream, 0.1));
    tr.t('refused', () => [p.stream_socket_client('tcp://127.0.0.1:1', e, m), e.value, m.value]);
    tr.t('fsock', () => [p.fsockopen('127.0.0.1', -1, e, m), e.value, m.value]);
    tr.t('pair', () => p.stream_socket_pair(p.STREAM_PF_INET, p.STREAM_SOCK_STREAM, 0));
    tr.t('shutdown', () => [p.stream_socket_shutdown(c as p.Stream, p.STREAM_SHUT_WR), p.fread(a as p.Stream, 5), p.feof(a as p.Stream)]);
    tr.t('close', () => [p.fclose(c as p.Stream), c]);
    tr.t('closed', () => p.fread(c as p.Stream, 1));
    const expected = phpTranscript(String.raw`
      t('server', function () { global $s, $name; $s = stream_socket_server('tcp://127.0.0.1:0', $e, $m); $name = stream_socket_get_name($s, false); return [$s, $e, $m]; });
      t('busy', function () { global $name; return [stream_socket_server("tcp://$name", $e, $m), $e, $m]; });
      t('meta', function () { global $s; return stream_get_meta_data($s); });
      t('client', function () { global $c, $name; $c = stream_socket_client("tcp://$name", $e, $m, 1); return [$c, $e, $m]; });
      t('accept', function () { global $a, $s, $c; $a = stream_socket_accept($s, 1, $peer); return [$a, $peer === stream_socket_get_name($c, false)]; });
      t('timeout', function () { global $s; return stream_socket_accept($s, 0.1, $peer); });
      t('accept client', function () { global $c; return stream_socket_accept($c, 0.1); });
      t('refused', function () { return [stream_socket_client('tcp://127.0.0.1:1', $e, $m), $e, $m]; });
      t('fsock', function () { return [fsockopen('127.0.0.1', -1, $e, $m), $e, $m]; });
      t('pair', function () { return stream_socket_pair(STREAM_PF_INET, STREAM_SOCK_STREAM, 0); });
      t('shutdown', function () { global $c, $a; return [stream_socket_shutdown($c, STREAM_SHUT_WR), fread($a, 5), feof($a)]; });
      t('close', function () { global $c; return [fclose($c), $c]; });
      t('closed', function () { global $c; return fread($c, 1); });
    `);
    expect(tr.text).toBe(expected);
  });
});
