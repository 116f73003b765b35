// TLS through php-sockets/async: handshakes (stream_socket_accept on an ssl:// server,
// stream_socket_enable_crypto) and reads and writes wait in the event loop, so both ends can run
// in one thread; the results are the sync API's.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as a from '../lib/async/index.js';
import * as p from '../lib/index.js';
import { stream_socket_client, type Stream } from '../lib/index.js';
import { captureWarnings } from './helpers/capture.js';
import { hasPhp, php } from './helpers/php.js';
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

/**
 * A transcript: warnings (ports normalised) as they come, through an error handler set now (the
 * caller restores it), and `step(label, f)` adding f's result, awaited.
 */
function transcript(): { lines: string[]; step: (label: string, f: () => unknown) => Promise<unknown> } {
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
  return { lines, step };
}

/** The same TLS client steps through either API, one line per step (ports normalised). */
async function clientSteps(api: Api): Promise<string[]> {
  const { lines, step } = transcript();
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

// Clients for serverSteps, in another process (a sync accept blocks this thread), one after the
// other: a TLS client that sends a line and reads the answer, a plain-text client, a client that
// connects and never speaks (until the server hangs up), a TLS client that sends a line and
// STARTTLS-less plain text after the server turns TLS off.
const CLIENTS = `
  const net = require('node:net'), tls = require('node:tls'), fs = require('node:fs');
  const [portArg, caPath] = process.argv.slice(-2);
  const port = Number(portArg), ca = fs.readFileSync(caPath);
  const ended = (s) => new Promise((r) => { s.on('close', r); s.on('error', () => {}); });
  (async () => {
    let t = tls.connect({ port, host: '127.0.0.1', ca, servername: 'localhost' });
    t.on('secureConnect', () => t.write('hello\\n'));
    t.on('data', (d) => process.stdout.write('client 1 got ' + d));
    await ended(t);
    const p = net.connect(port, '127.0.0.1', () => p.write('GET / HTTP/1.0\\r\\n\\r\\n'));
    await ended(p);
    const q = net.connect(port, '127.0.0.1');
    await ended(q);
    t = tls.connect({ port, host: '127.0.0.1', ca, servername: 'localhost' });
    t.on('secureConnect', () => t.write('bye\\n'));
    await ended(t);
  })();`;

/** The same TLS server steps through either API, against CLIENTS (ports normalised). */
async function serverSteps(api: Api): Promise<string[]> {
  const { lines, step } = transcript();
  const { srv, port } = listen('ssl', cert);
  const kid = spawn(process.execPath, ['-e', CLIENTS, String(port), fixtures + 'ca.pem'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  kid.stdout.on('data', (d: Buffer) => (out += String(d)));
  const exited = new Promise((r) => kid.on('close', r));
  try {
    p.stream_set_timeout(srv, 0, 500000);
    const c = (await step('accept a TLS client', () => api.stream_socket_accept(srv, 5))) as Stream;
    await step('meta', () => p.stream_get_meta_data(c).crypto?.protocol);
    await step('fgets', () => api.fgets(c));
    await step('fwrite', () => api.fwrite(c, 'world\n'));
    p.fclose(c);
    await step('accept a plain-text client', () => api.stream_socket_accept(srv, 5));
    await step('accept a silent client', () => api.stream_socket_accept(srv, 5));
    const d = (await step('accept', () => api.stream_socket_accept(srv, 5))) as Stream;
    await step('fgets', () => api.fgets(d));
    await step('turn TLS off', () => api.stream_socket_enable_crypto(d, false));
    // The peer's close_notify record, raw now (random bytes, which may hold a "\n": fread; its
    // length and header).
    await step('fread after the peer closed', async () => {
      const r = (await api.fread(d, 100)) as string;
      return [r.length, Buffer.from(r, 'latin1').subarray(0, 5).toString('hex')];
    });
    await step('fread at the end', () => api.fread(d, 100));
    await step('feof', () => p.feof(d));
    p.fclose(d);
  } finally {
    p.restore_error_handler();
    p.fclose(srv);
  }
  await exited;
  lines.push(`client: ${JSON.stringify(out)}`);
  return lines;
}

describe('same transcript as the sync calls', () => {
  it('a TLS server: accepts with handshakes, their failures, I/O, turning TLS off', async () => {
    const sync = await serverSteps(p);
    const async = await serverSteps(a);
    expect(async).toEqual(sync);
    const text = sync.join('\n');
    expect(text).toContain('accept a TLS client: Stream');
    expect(text).toContain('error:0A00009C:SSL routines::http request');
    expect(text).toContain('client: "client 1 got world\\n"');
    if (!hasPhp) return;
    // PHP 8.2's own ssl:// server, the same steps against the same clients.
    const dir = mkdtempSync(join(tmpdir(), 'php-sockets-clients-'));
    writeFileSync(join(dir, 'clients.js'), CLIENTS);
    try {
      const out = php(`
        set_error_handler(function ($n, $s) { echo "  W: ", preg_replace('/127\\.0\\.0\\.1:\\d+/', '127.0.0.1:PORT', $s), "\\n"; return true; });
        $srv = stream_socket_server('ssl://127.0.0.1:0', $e, $es, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
          stream_context_create(['ssl' => ['local_cert' => '${fixtures}server.pem', 'local_pk' => '${fixtures}server.key']]));
        $port = parse_url('x://' . stream_socket_get_name($srv, false), PHP_URL_PORT);
        $kid = popen('${process.execPath} ${dir}/clients.js ' . $port . ' ${fixtures}ca.pem', 'r');
        $show = function ($v) { return $v === false ? 'false' : (is_resource($v) ? 'Stream' : json_encode($v)); };
        stream_set_timeout($srv, 0, 500000);
        $c = stream_socket_accept($srv, 5); echo "accept a TLS client: ", $show($c), "\\n";
        echo "meta: ", json_encode(stream_get_meta_data($c)['crypto']['protocol']), "\\n";
        echo "fgets: ", json_encode(fgets($c)), "\\n";
        echo "fwrite: ", json_encode(fwrite($c, "world\\n")), "\\n";
        fclose($c);
        $r = stream_socket_accept($srv, 5); echo "accept a plain-text client: ", $show($r), "\\n";
        $r = stream_socket_accept($srv, 5); echo "accept a silent client: ", $show($r), "\\n";
        $d = stream_socket_accept($srv, 5); echo "accept: ", $show($d), "\\n";
        echo "fgets: ", json_encode(fgets($d)), "\\n";
        echo "turn TLS off: ", json_encode(stream_socket_enable_crypto($d, false)), "\\n";
        $r = fread($d, 100); echo "fread after the peer closed: ", json_encode([strlen($r), bin2hex(substr($r, 0, 5))]), "\\n";
        $r = fread($d, 100); echo "fread at the end: ", json_encode($r), "\\n";
        echo "feof: ", json_encode(feof($d)), "\\n";
        fclose($d); fclose($srv);
        echo "client: ", json_encode(stream_get_contents($kid)), "\\n";`);
      expect(out).toBe(`${text}\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

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
