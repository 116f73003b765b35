// gethostbyname, gethostbynamel, getservbyname, getservbyport, getprotobyname, getprotobynumber,
// and the STREAM_* constants: names and values as PHP 8.2 has them.
import { describe, expect, it } from 'vitest';
import * as p from '../lib/index.js';
import { captureWarnings, thrown } from './helpers/capture.js';
import { hasPhp, php } from './helpers/php.js';
import { StreamTranscript, phpTranscript } from './helpers/streams.js';

const NAMES = [
  'STREAM_CLIENT_PERSISTENT',
  'STREAM_CLIENT_ASYNC_CONNECT',
  'STREAM_CLIENT_CONNECT',
  'STREAM_SHUT_RD',
  'STREAM_SHUT_WR',
  'STREAM_SHUT_RDWR',
  'STREAM_PF_INET',
  'STREAM_PF_INET6',
  'STREAM_PF_UNIX',
  'STREAM_IPPROTO_IP',
  'STREAM_IPPROTO_TCP',
  'STREAM_IPPROTO_UDP',
  'STREAM_IPPROTO_ICMP',
  'STREAM_IPPROTO_RAW',
  'STREAM_SOCK_STREAM',
  'STREAM_SOCK_DGRAM',
  'STREAM_SOCK_RAW',
  'STREAM_SOCK_SEQPACKET',
  'STREAM_SOCK_RDM',
  'STREAM_PEEK',
  'STREAM_OOB',
  'STREAM_SERVER_BIND',
  'STREAM_SERVER_LISTEN',
];

describe('stream constants', () => {
  it('have the Linux values', () => {
    const c = p as unknown as Record<string, number>;
    expect(NAMES.map((n) => `${n}=${c[n]}`)).toEqual([
      'STREAM_CLIENT_PERSISTENT=1',
      'STREAM_CLIENT_ASYNC_CONNECT=2',
      'STREAM_CLIENT_CONNECT=4',
      'STREAM_SHUT_RD=0',
      'STREAM_SHUT_WR=1',
      'STREAM_SHUT_RDWR=2',
      'STREAM_PF_INET=2',
      'STREAM_PF_INET6=10',
      'STREAM_PF_UNIX=1',
      'STREAM_IPPROTO_IP=0',
      'STREAM_IPPROTO_TCP=6',
      'STREAM_IPPROTO_UDP=17',
      'STREAM_IPPROTO_ICMP=1',
      'STREAM_IPPROTO_RAW=255',
      'STREAM_SOCK_STREAM=1',
      'STREAM_SOCK_DGRAM=2',
      'STREAM_SOCK_RAW=3',
      'STREAM_SOCK_SEQPACKET=5',
      'STREAM_SOCK_RDM=4',
      'STREAM_PEEK=2',
      'STREAM_OOB=1',
      'STREAM_SERVER_BIND=4',
      'STREAM_SERVER_LISTEN=8',
    ]);
  });

  it.runIf(hasPhp)("equal PHP 8.2's, in PHP's order", () => {
    const expected = php(
      'foreach (get_defined_constants(true)["standard"] as $k => $v) ' +
        'if (preg_match("/^STREAM_(SERVER|CLIENT|SHUT|PF|SOCK|IPPROTO|OOB|PEEK)/", $k)) echo "$k=$v\\n";',
    );
    const c = p as unknown as Record<string, number>;
    expect(NAMES.map((n) => `${n}=${c[n]}\n`).join('')).toBe(expected);
  });
});

describe('netdb look-ups', () => {
  it('throw for misuse', () => {
    expect(thrown(() => p.getservbyport('x' as never, 'tcp'))).toBe(
      'TypeError: getservbyport(): Argument #1 ($port) must be of type int, string given',
    );
    expect(thrown(() => (p.gethostbyname as (...a: unknown[]) => unknown)())).toBe(
      'ArgumentCountError: gethostbyname() expects exactly 1 argument, 0 given',
    );
  });

  it('answer from the resolver and the services and protocols databases', () => {
    expect(p.gethostbyname('localhost')).toBe('127.0.0.1');
    expect(p.gethostbyname('127.0.0.1')).toBe('127.0.0.1');
    expect(p.gethostbyname('nosuch.invalid')).toBe('nosuch.invalid');
    expect(p.gethostbyname('::1')).toBe('::1');
    expect(p.gethostbyname('1.2.3')).toBe('1.2.0.3');
    expect(captureWarnings(() => p.gethostbyname('a'.repeat(256)))).toEqual({
      result: 'a'.repeat(256),
      warnings: ['gethostbyname(): Host name cannot be longer than 255 characters'],
    });
    expect(p.gethostbynamel('localhost')).toEqual(['127.0.0.1']);
    expect(p.gethostbynamel('nosuch.invalid')).toBe(false);
    expect(captureWarnings(() => p.gethostbynamel('a'.repeat(256))).warnings).toEqual([
      'gethostbynamel(): Host name cannot be longer than 255 characters',
    ]);
    expect([p.getservbyname('http', 'tcp'), p.getservbyname('nosuch', 'tcp'), p.getservbyname('domain', 'udp')]).toEqual([80, false, 53]);
    expect([p.getservbyport(80, 'tcp'), p.getservbyport(1, 'tcp'), p.getservbyport(99999, 'tcp'), p.getservbyport(53, 'udp')]).toEqual([
      'http',
      'tcpmux',
      false,
      'domain',
    ]);
    expect([p.getprotobyname('tcp'), p.getprotobyname('udp'), p.getprotobyname('icmp'), p.getprotobyname('nosuch')]).toEqual([6, 17, 1, false]);
    expect([p.getprotobynumber(6), p.getprotobynumber(17), p.getprotobynumber(0), p.getprotobynumber(9999)]).toEqual(['tcp', 'udp', 'ip', false]);
  });

  it.runIf(hasPhp)('answer as PHP does on this machine', () => {
    const calls: [string, string, () => unknown][] = [
      ['gethostbyname("localhost")', 'gethostbyname("localhost")', () => p.gethostbyname('localhost')],
      ['gethostbyname("")', 'gethostbyname("")', () => p.gethostbyname('')],
      ['gethostbyname("0x7f.1")', 'gethostbyname("0x7f.1")', () => p.gethostbyname('0x7f.1')],
      ['gethostbynamel("")', 'gethostbynamel("")', () => p.gethostbynamel('')],
      ['gethostbynamel("::1")', 'gethostbynamel("::1")', () => p.gethostbynamel('::1')],
      ['getservbyname("http", "udp")', 'getservbyname("http", "udp")', () => p.getservbyname('http', 'udp')],
      ['getservbyname("", "")', 'getservbyname("", "")', () => p.getservbyname('', '')],
      ['getservbyport(-1, "tcp")', 'getservbyport(-1, "tcp")', () => p.getservbyport(-1, 'tcp')],
      ['getservbyport(80, "")', 'getservbyport(80, "")', () => p.getservbyport(80, '')],
      ['getservbyport(65616, "tcp")', 'getservbyport(65616, "tcp")', () => p.getservbyport(65616, 'tcp')],
      ['getprotobyname("TCP")', 'getprotobyname("TCP")', () => p.getprotobyname('TCP')],
      ['getprotobyname("")', 'getprotobyname("")', () => p.getprotobyname('')],
      ['getprotobynumber(-1)', 'getprotobynumber(-1)', () => p.getprotobynumber(-1)],
      ['getprotobynumber(4294967302)', 'getprotobynumber(4294967302)', () => p.getprotobynumber(4294967302)],
    ];
    const tr = new StreamTranscript();
    for (const [label, , f] of calls) tr.t(label, f);
    const code = calls.map(([label, call]) => `t(${JSON.stringify(label)}, fn () => ${call});`).join('\n');
    expect(tr.text).toBe(phpTranscript(code));
  });
});

describe('gethostbyaddr / gethostname', () => {
  it('look up as PHP does, and the async form gives the sync answer', async () => {
    const { gethostbyaddr } = await import('../lib/async/index.js');
    const { result, warnings } = captureWarnings(() => [p.gethostbyaddr('127.0.0.1'), p.gethostbyaddr('x'), p.gethostbyaddr('')]);
    expect(warnings).toEqual([
      'gethostbyaddr(): Address is not a valid IPv4 or IPv6 address',
      'gethostbyaddr(): Address is not a valid IPv4 or IPv6 address',
    ]);
    expect(result.slice(1)).toEqual([false, false]);
    expect(await gethostbyaddr('127.0.0.1')).toBe(result[0]);
    expect(thrown(() => p.gethostbyaddr('127.0.0.1\0'))).toBe(
      'ValueError: gethostbyaddr(): Argument #1 ($ip) must not contain any null bytes',
    );
    if (hasPhp) {
      expect(php("echo gethostbyaddr('127.0.0.1'), '|', gethostname();")).toBe(`${result[0]}|${p.gethostname()}`);
    }
  });
});
