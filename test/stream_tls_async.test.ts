// TLS through php-sockets/async: handshakes (stream_socket_accept on an ssl:// server,
// stream_socket_enable_crypto) and reads and writes wait in the event loop, so both ends can run
// in one thread; the results are the sync API's.
import { afterAll, describe, expect, it } from 'vitest';
import * as a from '../lib/async/index.js';
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
