// TLS servers (stream_socket_server("ssl://..."), the handshake inside stream_socket_accept) and
// stream_socket_enable_crypto (STARTTLS both ends, blocking and not, disabling, misuse), with PHP
// clients in other processes; expected texts from PHP 8.2 (../shared/reference/tls/php/outputs
// 04-server.out and 05-starttls.out).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  fclose,
  fgets,
  fread,
  fwrite,
  stream_context_create,
  stream_context_get_options,
  stream_get_meta_data,
  stream_select,
  stream_set_blocking,
  stream_set_timeout,
  stream_socket_accept,
  stream_socket_client,
  stream_socket_enable_crypto,
  stream_socket_get_name,
  stream_socket_pair,
  stream_socket_server,
  STREAM_CLIENT_CONNECT,
  STREAM_CRYPTO_METHOD_TLS_CLIENT,
  STREAM_CRYPTO_METHOD_TLS_SERVER,
  STREAM_PF_UNIX,
  STREAM_SERVER_BIND,
  STREAM_SERVER_LISTEN,
  STREAM_SOCK_STREAM,
  restore_error_handler,
  set_error_handler,
  ValueError,
  type Stream,
} from '../lib/index.js';
import { captureWarnings } from './helpers/capture.js';
import { hasPhp, php } from './helpers/php.js';
import { fixtures, startPhp, stopPeers } from './helpers/tls.js';

afterAll(stopPeers);

const cert = { local_cert: fixtures + 'server.pem', local_pk: fixtures + 'server.key' };

function server(ssl: Record<string, unknown>, transport = 'ssl'): { srv: Stream; port: number } {
  const srv = stream_socket_server(
    `${transport}://127.0.0.1:0`,
    null,
    null,
    STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    stream_context_create({ ssl }),
  ) as Stream;
  return { srv, port: Number((stream_socket_get_name(srv, false) as string).split(':')[1]) };
}

/** A PHP ssl:// client of `port`: writes "hello\n", prints what it reads back. */
function phpClient(port: number, ssl: Record<string, string> = { cafile: 'ca.pem' }, transport = 'ssl') {
  const opts = Object.entries(ssl)
    .map(([k, v]) => `'${k}' => '${v}'`)
    .join(', ');
  return startPhp(
    `$fp = stream_socket_client("${transport}://127.0.0.1:$argv[1]", $en, $es, 5, STREAM_CLIENT_CONNECT,
       stream_context_create(['ssl' => [${opts}]]));
     echo 'client: connect ', $fp ? 'ok' : 'false', "\\n";
     if ($fp) { fwrite($fp, "hello\\n"); echo 'client: ', json_encode(fgets($fp)), "\\n"; }`,
    [String(port)],
  );
}

describe('stream_socket_server ssl:// and stream_socket_accept', () => {
  it('listens in plain TCP; the handshake runs in accept', async () => {
    const { srv, port } = server(cert);
    expect(stream_get_meta_data(srv).crypto).toBeUndefined();
    const php = phpClient(port);
    const { result, warnings } = captureWarnings(() => stream_socket_accept(srv, 10));
    expect(warnings).toEqual([]);
    const c = result as Stream;
    expect(stream_get_meta_data(c).crypto?.protocol).toBe('TLSv1.3');
    expect(fgets(c)).toBe('hello\n');
    expect(fwrite(c, 'hi from ts\n')).toBe(11);
    fclose(c);
    expect(await php.output()).toBe('client: connect ok\nclient: "hi from ts\\n"\n');
    fclose(srv);
  });

  it('local_cert holding the key too', async () => {
    const { srv, port } = server({ local_cert: fixtures + 'bundle.pem' });
    const php = phpClient(port);
    const c = stream_socket_accept(srv, 10) as Stream;
    expect(fgets(c)).toBe('hello\n');
    fwrite(c, 'ok\n');
    fclose(c);
    expect(await php.output()).toContain('client: "ok\\n"');
    fclose(srv);
  });

  it('without local_cert: PHP text, Failed to enable crypto, Accept failed: Success', async () => {
    const { srv, port } = server({});
    const php = phpClient(port);
    const { result, warnings } = captureWarnings(() => stream_socket_accept(srv, 10));
    expect(result).toBe(false);
    expect(warnings).toEqual([
      'stream_socket_accept(): SSL_R_NO_SHARED_CIPHER: no suitable shared cipher could be used.  This could be because the server is missing an SSL certificate (local_cert context option)',
      'stream_socket_accept(): Failed to enable crypto',
      'stream_socket_accept(): Accept failed: Success',
    ]);
    expect(await php.output()).toContain('client: connect false');
    fclose(srv);
  });

  it('a plain TCP client: wrong version number', async () => {
    const { srv, port } = server(cert);
    const php = phpClient(port, {}, 'tcp');
    const { warnings } = captureWarnings(() => stream_socket_accept(srv, 10));
    expect(warnings[0]).toBe(
      'stream_socket_accept(): SSL operation failed with code 1. OpenSSL Error messages:\nerror:0A00010B:SSL routines::wrong version number',
    );
    expect(await php.output()).toBe('client: connect ok\nclient: false\n');
    fclose(srv);
  });

  it("a silent client: the handshake times out after the listening stream's timeout", async () => {
    const { srv, port } = server(cert);
    stream_set_timeout(srv, 0, 500000);
    const php = startPhp(`$fp = stream_socket_client("tcp://127.0.0.1:$argv[1]"); sleep(3);`, [String(port)]);
    const t0 = performance.now();
    const { warnings } = captureWarnings(() => stream_socket_accept(srv, 10));
    expect(performance.now() - t0).toBeGreaterThanOrEqual(450);
    expect(warnings).toEqual([
      'stream_socket_accept(): SSL: Handshake timed out',
      'stream_socket_accept(): Failed to enable crypto',
      'stream_socket_accept(): Accept failed: Success',
    ]);
    php.child.kill();
    fclose(srv);
  });

  it('verify_peer with a client that has no certificate: Could not get peer certificate', async () => {
    const { srv, port } = server({ ...cert, verify_peer: true, cafile: fixtures + 'ca.pem' });
    const php = phpClient(port);
    const { warnings } = captureWarnings(() => stream_socket_accept(srv, 10));
    expect(warnings[0]).toBe('stream_socket_accept(): Could not get peer certificate');
    await php.output();
    fclose(srv);
  });

  it("honor_cipher_order: the server's cipher order by default and when true, the client's when false", async () => {
    // PHP 8.2's tlsv1.2:// server and a PHP client preferring the other order: AES256, AES256, AES128.
    const chosen: string[] = [];
    for (const honor of [undefined, true, false]) {
      const { srv, port } = server(
        {
          ...cert,
          ciphers: 'ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256',
          no_ticket: true,
          ...(honor === undefined ? {} : { honor_cipher_order: honor }),
        },
        'tlsv1.2',
      );
      const php = phpClient(port, { cafile: 'ca.pem', ciphers: 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384' }, 'tls');
      const c = stream_socket_accept(srv, 10) as Stream;
      chosen.push(stream_get_meta_data(c).crypto!.cipher_name);
      expect(fgets(c)).toBe('hello\n');
      fwrite(c, 'ok\n');
      fclose(c);
      expect(await php.output()).toBe('client: connect ok\nclient: "ok\\n"\n');
      fclose(srv);
    }
    expect(chosen).toEqual(['ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES128-GCM-SHA256']);
  });

  it('a client certificate, captured into the shared context', async () => {
    const { srv, port } = server({ ...cert, verify_peer: true, cafile: fixtures + 'ca.pem', capture_peer_cert: true });
    const php = phpClient(port, { cafile: 'ca.pem', local_cert: 'client.pem', local_pk: 'client.key' });
    const c = stream_socket_accept(srv, 10) as Stream;
    expect(fgets(c)).toBe('hello\n');
    expect(stream_context_get_options(srv).ssl?.peer_certificate).toBeDefined();
    fwrite(c, 'ok\n');
    fclose(c);
    await php.output();
    fclose(srv);
  });
});

// Node tls clients, one after the other: a TLS 1.2 client offering only a DHE suite, then one that
// sends a line and asks to renegotiate (docs/differences.md: dh_param and reneg_limit).
const DHE_RENEGOTIATE = `
  const tls = require('node:tls'), fs = require('node:fs');
  const [portArg, caPath] = process.argv.slice(-2);
  const port = Number(portArg), ca = fs.readFileSync(caPath);
  const ended = (s) => new Promise((r) => { s.on('close', r); s.on('error', (e) => process.stdout.write('client error ' + (e.code || e.message) + '\\n')); });
  (async () => {
    const d = tls.connect({ port, host: '127.0.0.1', ca, servername: 'localhost', maxVersion: 'TLSv1.2', ciphers: 'DHE-RSA-AES128-GCM-SHA256' });
    await ended(d);
    const t = tls.connect({ port, host: '127.0.0.1', ca, servername: 'localhost', maxVersion: 'TLSv1.2' });
    t.on('secureConnect', () => { t.write('one\\n'); setTimeout(() => t.renegotiate({}, () => {}), 200); });
    await ended(t);
  })();`;

describe('without dh_param and reneg_limit, as PHP 8.2 without them', () => {
  it("a DHE-only TLS 1.2 client is refused, and a client's renegotiation fails the read", async () => {
    const lines: string[] = [];
    set_error_handler((_n, str) => {
      lines.push(`W: ${str}`);
      return true;
    });
    const { srv, port } = server(cert);
    const kid = spawn(process.execPath, ['-e', DHE_RENEGOTIATE, String(port), fixtures + 'ca.pem'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    kid.stdout.on('data', (d: Buffer) => (out += String(d)));
    const exited = new Promise((r) => kid.on('close', r));
    try {
      lines.push(`accept DHE-only: ${JSON.stringify(stream_socket_accept(srv, 5))}`);
      const c = stream_socket_accept(srv, 5) as Stream;
      lines.push(`accept: ${c ? 'Stream' : 'false'}`);
      lines.push(`fgets: ${JSON.stringify(fgets(c))}`);
      lines.push(`fgets at renegotiation: ${JSON.stringify(fgets(c))}`);
      fclose(c);
    } finally {
      restore_error_handler();
      fclose(srv);
    }
    await exited;
    lines.push(`client: ${JSON.stringify(out)}`);
    const text = `${lines.join('\n')}\n`;
    expect(text).toContain('accept DHE-only: false');
    expect(text).toContain('fgets at renegotiation: false');
    if (!hasPhp) return;
    const dir = mkdtempSync(join(tmpdir(), 'php-sockets-clients-'));
    writeFileSync(join(dir, 'clients.js'), DHE_RENEGOTIATE);
    try {
      expect(
        php(`
          set_error_handler(function ($n, $s) { echo "W: $s\\n"; return true; });
          $srv = stream_socket_server('ssl://127.0.0.1:0', $e, $es, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
            stream_context_create(['ssl' => ['local_cert' => '${fixtures}server.pem', 'local_pk' => '${fixtures}server.key']]));
          $port = parse_url('x://' . stream_socket_get_name($srv, false), PHP_URL_PORT);
          $kid = popen('${process.execPath} ${dir}/clients.js ' . $port . ' ${fixtures}ca.pem', 'r');
          $r = stream_socket_accept($srv, 5); echo "accept DHE-only: ", json_encode($r), "\\n";
          $c = stream_socket_accept($srv, 5); echo "accept: ", $c ? 'Stream' : 'false', "\\n";
          $r = fgets($c); echo "fgets: ", json_encode($r), "\\n";
          $r = fgets($c); echo "fgets at renegotiation: ", json_encode($r), "\\n";
          fclose($c); fclose($srv);
          echo "client: ", json_encode(stream_get_contents($kid)), "\\n";`),
      ).toBe(text);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('stream_socket_enable_crypto', () => {
  it('STARTTLS in one process, both ends nonblocking: 0 until done, as PHP', () => {
    const { srv, port } = server(cert, 'tcp');
    const ctx = stream_context_create({ ssl: { cafile: fixtures + 'ca.pem' } });
    const cl = stream_socket_client(`tcp://127.0.0.1:${port}`, null, null, 5, STREAM_CLIENT_CONNECT, ctx) as Stream;
    const sv = stream_socket_accept(srv, 5) as Stream;
    stream_set_blocking(cl, false);
    stream_set_blocking(sv, false);
    const done = [false, false];
    const log: string[] = [];
    for (let i = 0; i < 200 && !(done[0] && done[1]); i++) {
      if (!done[0]) {
        const r = stream_socket_enable_crypto(cl, true, STREAM_CRYPTO_METHOD_TLS_CLIENT);
        log.push(`c${r}`);
        done[0] = r === true;
        if (r === false) break;
      }
      if (!done[1]) {
        const r = stream_socket_enable_crypto(sv, true, STREAM_CRYPTO_METHOD_TLS_SERVER);
        log.push(`s${r}`);
        done[1] = r === true;
        if (r === false) break;
      }
    }
    expect(log.join(' ')).toBe('c0 s0 ctrue strue');
    expect(stream_get_meta_data(cl)).toMatchObject({ blocked: false, crypto: { protocol: 'TLSv1.3' } });
    expect(fread(cl, 100)).toBe('');
    fwrite(sv, 'x');
    expect(stream_select([cl], null, null, 1)).toBe(1);
    expect(fread(cl, 100)).toBe('x');
    expect(stream_socket_enable_crypto(cl, true, STREAM_CRYPTO_METHOD_TLS_CLIENT)).toBe(false);
    stream_set_blocking(cl, true);
    const again = captureWarnings(() => stream_socket_enable_crypto(cl, true, STREAM_CRYPTO_METHOD_TLS_CLIENT));
    expect(again).toEqual({
      result: false,
      warnings: ['stream_socket_enable_crypto(): SSL/TLS already set-up for this stream'],
    });
    // Disabling sends close_notify and returns false; the other end then reads plain text after
    // the record of that close_notify.
    stream_set_blocking(sv, true);
    expect(stream_socket_enable_crypto(sv, false)).toBe(false);
    expect(stream_get_meta_data(sv).crypto).toBeUndefined();
    fwrite(sv, 'plain again\n');
    stream_socket_enable_crypto(cl, false);
    fclose(cl);
    fclose(sv);
    fclose(srv);
  });

  it('STARTTLS with a PHP client in another process (blocking)', async () => {
    const { srv, port } = server(cert, 'tcp');
    const php = startPhp(
      `$fp = stream_socket_client("tcp://127.0.0.1:$argv[1]", $en, $es, 5, STREAM_CLIENT_CONNECT,
         stream_context_create(['ssl' => ['cafile' => 'ca.pem']]));
       fwrite($fp, "STARTTLS\\n"); fgets($fp);
       var_dump(stream_socket_enable_crypto($fp, true, STREAM_CRYPTO_METHOD_TLS_CLIENT));
       fwrite($fp, "secret\\n"); echo fgets($fp);
       var_dump(stream_socket_enable_crypto($fp, false));
       echo bin2hex(fread($fp, 100)), "\\n";`,
      [String(port)],
    );
    const c = stream_socket_accept(srv, 10) as Stream;
    stream_set_timeout(c, 5);
    expect(fgets(c)).toBe('STARTTLS\n');
    fwrite(c, '220 go ahead\n');
    expect(stream_socket_enable_crypto(c, true, STREAM_CRYPTO_METHOD_TLS_SERVER)).toBe(true);
    expect(stream_get_meta_data(c).crypto?.protocol).toBe('TLSv1.3');
    expect(fgets(c)).toBe('secret\n');
    fwrite(c, '250 ok\n');
    expect(stream_socket_enable_crypto(c, false)).toBe(false);
    fwrite(c, 'plain again\n');
    const out = await php.output();
    const lines = out.split('\n');
    expect(lines.slice(0, 3)).toEqual(['bool(true)', '250 ok', 'bool(false)']);
    // The raw record of the server's close_notify (type 0x17 in TLS 1.3), then the plain text.
    expect(lines[3]).toMatch(/^170303[0-9a-f]+706c61696e20616761696e0a$/);
    fclose(c);
    fclose(srv);
  });

  it('misuse', () => {
    const { srv, port } = server(cert, 'tcp');
    const cl = stream_socket_client(`tcp://127.0.0.1:${port}`) as Stream;
    const sv = stream_socket_accept(srv, 5) as Stream;
    expect(() => stream_socket_enable_crypto(cl, true)).toThrow(
      new ValueError('stream_socket_enable_crypto(): Argument #3 ($crypto_method) must be specified when enabling encryption'),
    );
    expect(captureWarnings(() => stream_socket_enable_crypto(cl, false))).toEqual({ result: false, warnings: [] });
    const other = stream_socket_client(`tcp://127.0.0.1:${port}`) as Stream;
    stream_set_blocking(cl, false);
    expect(captureWarnings(() => stream_socket_enable_crypto(cl, true, 0, other))).toEqual({
      result: 0,
      warnings: ['stream_socket_enable_crypto(): Supplied SSL session stream is not initialized'],
    });
    fclose(other);
    fclose(cl);
    fclose(sv);
    const unsupported = 'stream_socket_enable_crypto(): This stream does not support SSL/crypto';
    const u = stream_socket_server('udp://127.0.0.1:0', null, null, STREAM_SERVER_BIND) as Stream;
    expect(captureWarnings(() => stream_socket_enable_crypto(u, true, STREAM_CRYPTO_METHOD_TLS_CLIENT))).toEqual({
      result: false,
      warnings: [unsupported],
    });
    // Disabling where there is no crypto API warns and returns true (PHP's NOTIMPL code, -2, falls
    // to streamsfuncs.c's "else true").
    expect(captureWarnings(() => stream_socket_enable_crypto(u, false))).toEqual({ result: true, warnings: [unsupported] });
    const pair = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0) as [Stream, Stream];
    expect(captureWarnings(() => stream_socket_enable_crypto(pair[0], true, STREAM_CRYPTO_METHOD_TLS_CLIENT)).warnings).toEqual([
      unsupported,
    ]);
    expect(captureWarnings(() => stream_socket_enable_crypto(pair[0], false))).toEqual({ result: true, warnings: [unsupported] });
    expect(captureWarnings(() => stream_socket_enable_crypto(srv, true, STREAM_CRYPTO_METHOD_TLS_CLIENT, u))).toEqual({
      result: false,
      warnings: [
        'stream_socket_enable_crypto(): Supplied session stream must be an SSL enabled stream',
        'stream_socket_enable_crypto(): SSL: Broken pipe',
      ],
    });
    fclose(u);
    fclose(srv);
  });
});
