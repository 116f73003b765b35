// udp:// and udg:// streams, stream_socket_recvfrom and stream_socket_sendto: datagrams through
// the read buffer (one 8192-byte read per datagram), addresses, PHP's odd failure reports.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as p from '../lib/index.js';
import { captureWarnings, thrown } from './helpers/capture.js';
import { hasPhp } from './helpers/php.js';
import { StreamTranscript, phpTranscript } from './helpers/streams.js';

const dir = mkdtempSync(join(tmpdir(), 'php-sockets-dgram-'));
beforeAll(() => {
  p.ini_set('default_socket_timeout', 1);
});
afterAll(() => {
  p.ini_set('default_socket_timeout', 60);
  rmSync(dir, { recursive: true, force: true });
});

function udp(): { s: p.Stream; c: p.Stream; name: string } {
  const s = p.stream_socket_server('udp://127.0.0.1:0', null, null, p.STREAM_SERVER_BIND) as p.Stream;
  const name = p.stream_socket_get_name(s, false) as string;
  return { s, c: p.stream_socket_client(`udp://${name}`) as p.Stream, name };
}

describe('stream_socket_recvfrom', () => {
  it('throws for misuse', () => {
    const { s, c } = udp();
    const addr = p.ref('untouched');
    expect(thrown(() => p.stream_socket_recvfrom(s, 0, 0, addr))).toBe(
      'ValueError: stream_socket_recvfrom(): Argument #2 ($length) must be greater than 0',
    );
    // $address is set to null before the length is checked.
    expect(addr.value).toBeNull();
    expect(thrown(() => p.stream_socket_recvfrom(s, 1, 0, 'x' as never))).toBe(
      'Error: stream_socket_recvfrom(): Argument #4 ($address) cannot be passed by reference',
    );
    expect(thrown(() => p.stream_socket_recvfrom('x' as never, 1))).toBe(
      'TypeError: stream_socket_recvfrom(): Argument #1 ($socket) must be of type resource, string given',
    );
    p.fclose(s);
    p.fclose(c);
  });

  it('reads datagrams with the sender, bypassing the read buffer', () => {
    const { s, c } = udp();
    p.fwrite(c, 'hello');
    const addr = p.ref();
    expect(p.stream_socket_recvfrom(s, 100, p.STREAM_PEEK, addr)).toBe('hello');
    expect(addr.value).toBe(p.stream_socket_get_name(c, false));
    expect(p.stream_socket_recvfrom(s, 2, 0, addr)).toBe('he');
    p.stream_set_blocking(s, false);
    addr.value = 'untouched';
    expect(p.stream_socket_recvfrom(s, 100, 0, addr)).toBe(false);
    expect(addr.value).toBeNull();
    p.fclose(s);
    p.fclose(c);
  });
});

describe('stream_socket_sendto', () => {
  it('sends to an address or the peer; fails as PHP does', () => {
    const { s, c, name } = udp();
    expect(p.stream_socket_sendto(c, 'hello')).toBe(5);
    expect(p.stream_socket_sendto(c, 'to', 0, name)).toBe(2);
    expect(captureWarnings(() => p.stream_socket_sendto(s, 'x', 0, 'bad address'))).toEqual({
      result: false,
      warnings: ["stream_socket_sendto(): Failed to parse `bad address' into a valid network address"],
    });
    const lookup = captureWarnings(() => p.stream_socket_sendto(s, 'x', 0, 'nosuch.invalid:80'));
    expect(lookup.result).toBe(false);
    expect(lookup.warnings).toHaveLength(3);
    expect(lookup.warnings[1]).toMatch(/^stream_socket_sendto\(\): Failed to resolve `nosuch\.invalid': php_network_getaddresses: /);
    expect(lookup.warnings[2]).toBe("stream_socket_sendto(): Failed to parse `nosuch.invalid:80' into a valid network address");
    // A failed send is -1, with strerror and a newline as the warning.
    expect(captureWarnings(() => p.stream_socket_sendto(s, 'x', 0, '[::1]:80'))).toEqual({
      result: -1,
      warnings: ['stream_socket_sendto(): Address family not supported by protocol\n'],
    });
    expect(captureWarnings(() => p.stream_socket_sendto(s, 'x'))).toEqual({
      result: -1,
      warnings: ['stream_socket_sendto(): Destination address required\n'],
    });
    expect(captureWarnings(() => p.stream_socket_sendto(s, 'x', 99, name))).toEqual({
      result: -1,
      warnings: ['stream_socket_sendto(): Operation not supported\n'],
    });
    expect(p.stream_socket_recvfrom(s, 100)).toBe('hello');
    expect(p.fread(s, 100)).toBe('to');
    p.fclose(s);
    p.fclose(c);
  });
});

describe('udp and udg streams', () => {
  it('read a datagram through the 8192-byte buffer; writes are whole datagrams', () => {
    const { s, c } = udp();
    expect(p.fwrite(c, 'z'.repeat(10000))).toBe(10000);
    expect((p.fread(s, 100000) as string).length).toBe(8192);
    expect(p.fwrite(c, 'ab')).toBe(2);
    expect(p.fwrite(c, 'cd')).toBe(2);
    expect([p.fread(s, 1), p.fread(s, 1), p.fread(s, 1)]).toEqual(['a', 'b', 'c']);
    expect(p.stream_get_meta_data(s).unread_bytes).toBe(1);
    p.fwrite(c, 'l1\nl2\n');
    p.fwrite(c, 'l3\n');
    expect([p.fgets(s), p.fgets(s), p.fgets(s)]).toEqual(['dl1\n', 'l2\n', 'l3\n']);
    expect(p.feof(s)).toBe(false);
    // An empty datagram looks like end of stream to feof(), as in PHP.
    expect(p.stream_socket_sendto(c, '')).toBe(0);
    expect(p.feof(s)).toBe(true);
    p.fclose(s);
    expect(p.fwrite(c, 'x')).toBe(1);
    const refused = captureWarnings(() => p.fwrite(c, 'x'));
    expect(refused).toEqual({ result: false, warnings: ['fwrite(): Send of 1 bytes failed with errno=111 Connection refused'] });
    p.fclose(c);
  });

  it('udg: datagrams over unix paths', () => {
    const path = join(dir, 'g.sock');
    const s = p.stream_socket_server(`udg://${path}`, null, null, p.STREAM_SERVER_BIND) as p.Stream;
    const c = p.stream_socket_client(`udg://${path}`) as p.Stream;
    expect(p.stream_get_meta_data(c).stream_type).toBe('udg_socket');
    expect(p.fwrite(c, 'dg')).toBe(2);
    const addr = p.ref();
    expect(p.stream_socket_recvfrom(s, 10, 0, addr)).toBe('dg');
    expect(addr.value).toBe('');
    expect(p.stream_socket_get_name(c, false)).toBe(false);
    p.fclose(s);
    p.fclose(c);
  });

  it('udg: an abstract sender is named by its length, with the leading NUL (as in PHP)', () => {
    const path = join(dir, 'abstract-peer.sock');
    const s = p.stream_socket_server(`udg://${path}`, null, null, p.STREAM_SERVER_BIND) as p.Stream;
    const sender = p.socket_create(p.AF_UNIX, p.SOCK_DGRAM, 0) as p.Socket;
    const name = `\0php-sockets-snd-${process.pid}`;
    expect(p.socket_bind(sender, name)).toBe(true);
    expect(p.socket_sendto(sender, 'yo', 2, 0, path)).toBe(2);
    const addr = p.ref();
    expect(p.stream_socket_recvfrom(s, 10, 0, addr)).toBe('yo');
    expect(addr.value).toBe(name);
    p.socket_close(sender);
    p.fclose(s);
  });
});

describe.runIf(hasPhp)('datagrams against PHP', () => {
  it('print the same transcript', () => {
    const tr = new StreamTranscript();
    let s!: p.Stream;
    let c!: p.Stream;
    let name = '';
    const addr = p.ref();
    tr.t('server', () => {
      s = p.stream_socket_server('udp://127.0.0.1:0', null, null, p.STREAM_SERVER_BIND) as p.Stream;
      name = p.stream_socket_get_name(s, false) as string;
      c = p.stream_socket_client(`udp://${name}`) as p.Stream;
      return [p.stream_get_meta_data(c), p.stream_socket_get_name(c, true) === name];
    });
    tr.t('send', () => [p.fwrite(c, 'one'), p.stream_socket_sendto(c, 'two'), p.stream_socket_sendto(c, 'three', 0, name)]);
    tr.t('peek', () => [p.stream_socket_recvfrom(s, 100, p.STREAM_PEEK, addr), addr.value === p.stream_socket_get_name(c, false)]);
    tr.t('recv', () => [p.stream_socket_recvfrom(s, 2, 0, addr), p.fread(s, 100), p.fgets(s)]);
    tr.t('bad', () => [p.stream_socket_sendto(s, 'x', 0, 'bad'), p.stream_socket_sendto(s, 'x', 0, '[::1]:1'), p.stream_socket_sendto(s, 'x')]);
    tr.t('reply', () => [p.stream_socket_sendto(s, 'back', 0, p.stream_socket_get_name(c, false) as string), p.fread(c, 100)]);
    tr.t('empty', () => [p.feof(s), p.stream_socket_sendto(c, ''), p.feof(s), p.stream_get_meta_data(s)]);
    tr.t('timeout', () => [p.stream_set_timeout(s, 0, 50000), p.fread(s, 10), p.stream_get_meta_data(s)]);
    tr.t('refused', () => [p.fclose(s), p.fwrite(c, 'x'), p.fwrite(c, 'x')]);
    expect(tr.text).toBe(
      phpTranscript(String.raw`
      ini_set('default_socket_timeout', 1);
      t('server', function () { global $s, $c, $name; $s = stream_socket_server('udp://127.0.0.1:0', $e, $m, STREAM_SERVER_BIND); $name = stream_socket_get_name($s, false); $c = stream_socket_client("udp://$name"); return [stream_get_meta_data($c), stream_socket_get_name($c, true) === $name]; });
      t('send', function () { global $c, $name; return [fwrite($c, 'one'), stream_socket_sendto($c, 'two'), stream_socket_sendto($c, 'three', 0, $name)]; });
      t('peek', function () { global $s, $c; return [stream_socket_recvfrom($s, 100, STREAM_PEEK, $addr), $addr === stream_socket_get_name($c, false)]; });
      t('recv', function () { global $s; return [stream_socket_recvfrom($s, 2, 0, $addr), fread($s, 100), fgets($s)]; });
      t('bad', function () { global $s; return [stream_socket_sendto($s, 'x', 0, 'bad'), stream_socket_sendto($s, 'x', 0, '[::1]:1'), stream_socket_sendto($s, 'x')]; });
      t('reply', function () { global $s, $c; return [stream_socket_sendto($s, 'back', 0, stream_socket_get_name($c, false)), fread($c, 100)]; });
      t('empty', function () { global $s, $c; return [feof($s), stream_socket_sendto($c, ''), feof($s), stream_get_meta_data($s)]; });
      t('timeout', function () { global $s; return [stream_set_timeout($s, 0, 50000), fread($s, 10), stream_get_meta_data($s)]; });
      t('refused', function () { global $s, $c; return [fclose($s), fwrite($c, 'x'), fwrite($c, 'x')]; });
    `),
    );
  });
});
