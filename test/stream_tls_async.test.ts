// TLS through php-sockets/async: handshakes (stream_socket_accept on an ssl:// server,
// stream_socket_enable_crypto) and reads and writes wait in the event loop, so both ends can run
// in one thread; the results are the sync API's.
import { afterAll, describe, expect, it } from 'vitest';
import * as a from '../lib/async/index.js';
import * as p from '../lib/index.js';
import { stream_socket_client, type Stream } from '../lib/index.js';
import { captureWarnings } from './helpers/capture.js';
import { fixtures, startPeer, stopPeers } from './helpers/tls.js';

afterAll(stopPeers);

const cert = { local_cert: fixtures + 'server.pem', local_pk: fixtures + 'server.key' };
const caCtx = () => a.stream_context_create({ ssl: { cafile: fixtures + 'ca.pem' } });

function listen(transport: string, ssl: Record<string, unknown>): { srv: Stream; port: number } {
  const srv = a.stream_socket_server(
    `${transport}://127.0.0.1:0`,
    null,
    null,
    a.STREAM_SERVER_BIND | a.STREAM_SERVER_LISTEN,
    a.stream_context_create({ ssl }),
  ) as Stream;
  return { srv, port: Number((a.stream_socket_get_name(srv, false) as string).split(':')[1]) };
}

describe('php-sockets/async TLS', () => {
  it('STARTTLS on both ends of one connection, in one thread', async () => {
    const { srv, port } = listen('tcp', cert);
    const cl = stream_socket_client(`tcp://127.0.0.1:${port}`, null, null, 5, a.STREAM_CLIENT_CONNECT, caCtx()) as Stream;
    const sv = (await a.stream_socket_accept(srv, 5)) as Stream;
    const both = await Promise.all([
      a.stream_socket_enable_crypto(cl, true, a.STREAM_CRYPTO_METHOD_TLS_CLIENT),
      a.stream_socket_enable_crypto(sv, true, a.STREAM_CRYPTO_METHOD_TLS_SERVER),
    ]);
    expect(both).toEqual([true, true]);
    expect(a.stream_get_meta_data(cl).crypto?.protocol).toBe('TLSv1.3');
    const [line] = await Promise.all([a.fgets(sv), a.fwrite(cl, 'over tls\n')]);
    expect(line).toBe('over tls\n');
    // A 100 KiB write is several records; the reader drains it while the writer waits.
    const big = 'y'.repeat(100000);
    const [n, got] = await Promise.all([
      a.fwrite(sv, big),
      (async () => {
        let out = '';
        while (out.length < big.length) out += (await a.fread(cl, 8192)) || '';
        return out;
      })(),
    ]);
    expect(n).toBe(100000);
    expect(got).toBe(big);
    a.fclose(cl);
    a.fclose(sv);
    a.fclose(srv);
  });

  it('an ssl:// server accepts and hand-shakes while the client connects in the same thread', async () => {
    const { srv, port } = listen('ssl', cert);
    const [sv, client] = await Promise.all([
      a.stream_socket_accept(srv, 5),
      a.stream_socket_client(`ssl://127.0.0.1:${port}`, null, null, 5, a.STREAM_CLIENT_CONNECT, caCtx()),
    ]);
    const cl = client as Stream;
    expect(a.stream_get_meta_data(cl).crypto?.protocol).toBe('TLSv1.3');
    expect(a.stream_get_meta_data(sv as Stream).crypto?.protocol).toBe('TLSv1.3');
    const [r] = await Promise.all([a.fread(cl, 100), a.fwrite(sv as Stream, 'hi')]);
    expect(r).toBe('hi');
    a.fclose(cl);
    a.fclose(sv as Stream);
    a.fclose(srv);
  });

  it('a failed server handshake gives the sync warnings', async () => {
    const { srv, port } = listen('ssl', {});
    const cl = stream_socket_client(`tcp://127.0.0.1:${port}`, null, null, 5, a.STREAM_CLIENT_CONNECT, caCtx()) as Stream;
    const warnings: string[] = [];
    a.set_error_handler((_n, s) => {
      warnings.push(s);
      return true;
    });
    try {
      const [sv, ok] = await Promise.all([
        a.stream_socket_accept(srv, 5),
        a.stream_socket_enable_crypto(cl, true, a.STREAM_CRYPTO_METHOD_TLS_CLIENT),
      ]);
      expect(sv).toBe(false);
      expect(ok).toBe(false);
    } finally {
      a.restore_error_handler();
    }
    expect(warnings).toContain(
      'stream_socket_accept(): SSL_R_NO_SHARED_CIPHER: no suitable shared cipher could be used.  This could be because the server is missing an SSL certificate (local_cert context option)',
    );
    expect(warnings).toContain('stream_socket_accept(): Accept failed: Success');
    a.fclose(cl);
    a.fclose(srv);
  });

  it('reads from Node tls wait in the loop; a 16000-byte record is read without waiting twice', async () => {
    const port = await startPeer('big');
    const s = captureWarnings(() =>
      stream_socket_client(`ssl://127.0.0.1:${port}`, null, null, 5, a.STREAM_CLIENT_CONNECT, caCtx()),
    ).result as Stream;
    expect(await a.fread(s, 8192)).toHaveLength(8192);
    const read = [s];
    expect(await a.stream_select(read, null, null, 5)).toBe(1);
    expect(a.stream_get_meta_data(s).unread_bytes).toBe(7808);
    expect(await a.fread(s, 7808)).toHaveLength(7808);
    a.fclose(s);
  });
});

type Api = typeof p | typeof a;

/** The same TLS client steps through either API, one line per step (ports normalised). */
async function clientSteps(api: Api): Promise<string[]> {
  const lines: string[] = [];
  p.set_error_handler((_n, str) => {
    lines.push(`  W: ${str.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')}`);
    return true;
  });
  const step = async (label: string, f: () => unknown): Promise<unknown> => {
    const v = await f();
    lines.push(`${label}: ${v instanceof p.Stream ? 'Stream' : JSON.stringify(v)}`);
    return v;
  };
  try {
    const [echo, self, big, notify, silent] = await Promise.all([
      startPeer('echo'),
      startPeer('echo', 'self'),
      startPeer('big'),
      startPeer('notify'),
      startPeer('silent'),
    ]);
    const connect = (port: number, ssl: Record<string, unknown>, timeout = 5) =>
      api.stream_socket_client(`ssl://127.0.0.1:${port}`, null, null, timeout, p.STREAM_CLIENT_CONNECT, p.stream_context_create({ ssl }));
    const ca = { cafile: fixtures + 'ca.pem' };
    await step('unknown CA', () => connect(self, ca));
    await step('wrong name', () => connect(echo, { ...ca, peer_name: 'example.com' }));
    await step('handshake timeout', () => connect(silent, ca, 0.3));
    const s = (await step('connect', () => connect(echo, ca))) as Stream;
    await step('meta', () => p.stream_get_meta_data(s).crypto);
    await step('fwrite', () => api.fwrite(s, 'line\n'));
    await step('fgets', () => api.fgets(s));
    p.stream_set_timeout(s, 0, 200000);
    await step('read timeout', () => api.fread(s, 10));
    await step('timed_out', () => p.stream_get_meta_data(s).timed_out);
    p.fclose(s);
    const b = (await connect(big, ca)) as Stream;
    await step('fread of a 16000-byte record', async () => ((await api.fread(b, 8192)) as string).length);
    await step('select', () => api.stream_select([b], null, null, 5));
    await step('unread after select', () => p.stream_get_meta_data(b).unread_bytes);
    p.fclose(b);
    const n = (await connect(notify, ca)) as Stream;
    await step('fgets', () => api.fgets(n));
    await step('fgets at close_notify', () => api.fgets(n));
    await step('feof', () => p.feof(n));
    p.fclose(n);
  } finally {
    p.restore_error_handler();
  }
  return lines;
}

describe('same transcript as the sync calls', () => {
  it('TLS clients: failures, I/O, timeouts, select, close_notify', async () => {
    const sync = await clientSteps(p);
    const async = await clientSteps(a);
    expect(async).toEqual(sync);
    const text = sync.join('\n');
    expect(text).toContain('W: stream_socket_client(): SSL: Handshake timed out');
    expect(text).toContain("W: stream_socket_client(): Peer certificate subjectAltName did not match expected name `example.com'");
    expect(text).toContain('unread after select: 7808');
    expect(text).toContain('fgets at close_notify: false');
  });
});
