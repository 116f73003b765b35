// TLS socket streams (ssl://, tls://, tlsv1.x://) as clients: against Node's own tls server (a
// child process) and PHP's ssl:// server, with the committed test PKI (test/fixtures/tls). The
// expected texts are PHP 8.2's (../shared/reference/tls/php/outputs and the PHP runs below).
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fclose,
  feof,
  fgets,
  fread,
  fsockopen,
  pfsockopen,
  fwrite,
  ref,
  socket_import_stream,
  stream_get_meta_data,
  stream_select,
  stream_set_timeout,
  stream_socket_client,
  stream_socket_get_name,
  stream_socket_recvfrom,
  STREAM_CRYPTO_METHOD_ANY_CLIENT,
  STREAM_CRYPTO_METHOD_TLS_SERVER,
  STREAM_CRYPTO_PROTO_TLSv1_3,
  type Stream,
} from '../lib/index.js';
import { captureWarnings } from './helpers/capture.js';
import { fixtures, phpServer, startPeer as startPort, startPeerProcess, startPhp, stopPeers } from './helpers/tls.js';

async function startPeer(mode: string, cert = 'server'): Promise<{ port: number }> {
  return { port: await startPort(mode, cert) };
}

// The test CA through the default store (SSL_CERT_FILE, read by OpenSSL at each setup): no
// context is needed until stream contexts exist.
const savedCertFile = process.env.SSL_CERT_FILE;
beforeAll(() => {
  process.env.SSL_CERT_FILE = fixtures + 'ca.pem';
});
afterAll(() => {
  if (savedCertFile === undefined) delete process.env.SSL_CERT_FILE;
  else process.env.SSL_CERT_FILE = savedCertFile;
  stopPeers();
});

function client(url: string, timeout = 5): { fp: Stream | false; warnings: string[]; errno: unknown; errstr: unknown } {
  const errno = ref<unknown>();
  const errstr = ref<unknown>();
  const { result, warnings } = captureWarnings(() => stream_socket_client(url, errno, errstr, timeout));
  return { fp: result, warnings, errno: errno.value, errstr: errstr.value };
}

describe('constants', () => {
  it('has PHP 8.2 values', () => {
    expect(STREAM_CRYPTO_METHOD_ANY_CLIENT).toBe(127);
    expect(STREAM_CRYPTO_METHOD_TLS_SERVER).toBe(120);
    expect(STREAM_CRYPTO_PROTO_TLSv1_3).toBe(64);
  });
});

describe('stream_socket_client ssl:// against Node tls', () => {
  let echo: { port: number };
  beforeAll(async () => {
    echo = await startPeer('echo');
  });

  it('connects, verifies 127.0.0.1 against the IP SAN, and talks', () => {
    const { fp, warnings, errno, errstr } = client(`ssl://127.0.0.1:${echo.port}`);
    expect(warnings).toEqual([]);
    expect(errno).toBe(0);
    expect(errstr).toBe('');
    const s = fp as Stream;
    const meta = stream_get_meta_data(s);
    expect(Object.keys(meta)[0]).toBe('crypto');
    expect(meta.crypto).toEqual({
      protocol: 'TLSv1.3',
      cipher_name: 'TLS_AES_256_GCM_SHA384',
      cipher_bits: 256,
      cipher_version: 'TLSv1.3',
    });
    expect(meta.stream_type).toBe('tcp_socket/ssl');
    expect(fwrite(s, 'hello\n')).toBe(6);
    expect(fgets(s)).toBe('hello\n');
    expect(feof(s)).toBe(false);
    expect(fclose(s)).toBe(true);
  });

  it('tls://localhost matches the DNS SAN; tlsv1.2:// gives TLSv1.2', () => {
    const a = client(`tls://localhost:${echo.port}`);
    expect(a.warnings).toEqual([]);
    fclose(a.fp as Stream);
    const b = client(`tlsv1.2://127.0.0.1:${echo.port}`);
    expect(b.warnings).toEqual([]);
    expect(stream_get_meta_data(b.fp as Stream).crypto).toMatchObject({
      protocol: 'TLSv1.2',
      cipher_name: 'ECDHE-RSA-AES128-GCM-SHA256',
    });
    fclose(b.fp as Stream);
  });

  it('tlsv1.0:// fails against a default OpenSSL 3 server with the three warnings', () => {
    const r = client(`tlsv1.0://127.0.0.1:${echo.port}`);
    expect(r.fp).toBe(false);
    expect(r.warnings).toHaveLength(3);
    expect(r.warnings[0]).toMatch(
      /^stream_socket_client\(\): SSL operation failed with code 1\. OpenSSL Error messages:\nerror:0A000/,
    );
    expect(r.warnings.slice(1)).toEqual([
      'stream_socket_client(): Failed to enable crypto',
      `stream_socket_client(): Unable to connect to tlsv1.0://127.0.0.1:${echo.port} (Unknown error)`,
    ]);
    expect(r.errno).toBe(0);
    expect(r.errstr).toBe('');
  });

  it('sslv3:// and sslv2:// are unknown transports', () => {
    const r = client(`sslv3://127.0.0.1:${echo.port}`);
    expect(r.warnings).toEqual([
      `stream_socket_client(): Unable to connect to sslv3://127.0.0.1:${echo.port} (Unable to find the socket transport "sslv3" - did you forget to enable it when you configured PHP?)`,
    ]);
  });

  it('fsockopen("ssl://127.0.0.1", port) verifies with the default store', () => {
    const { result, warnings } = captureWarnings(() => fsockopen('ssl://127.0.0.1', echo.port, null, null, 5));
    expect(warnings).toEqual([]);
    const s = result as Stream;
    fwrite(s, 'abc\n');
    expect(fgets(s)).toBe('abc\n');
    fclose(s);
  });

  it('stream_socket_recvfrom returns ciphertext; socket_import_stream refuses', () => {
    const s = client(`ssl://127.0.0.1:${echo.port}`).fp as Stream;
    fwrite(s, 'x\n');
    stream_select([s], null, null, 5);
    const raw = stream_socket_recvfrom(s, 5);
    expect(typeof raw === 'string' && raw.charCodeAt(0)).toBe(0x17);
    const { result, warnings } = captureWarnings(() => socket_import_stream(s));
    expect(result).toBe(false);
    expect(warnings).toEqual([
      'socket_import_stream(): Cannot represent a stream of type tcp_socket/ssl as a Socket Descriptor',
    ]);
    fclose(s);
  });
});

describe('openssl.cafile for fsockopen (PHP_SOCKETS_OPENSSL_CAFILE, the php -d equivalent)', () => {
  const lib = fileURLToPath(new URL('../lib/index.ts', import.meta.url));
  const tsx = fileURLToPath(new URL('../node_modules/tsx/dist/esm/index.mjs', import.meta.url));

  it('is read once from the environment; ini_get shows it, ini_set refuses it', async () => {
    const port = (await startPeer('echo')).port;
    const script = `
      import * as p from ${JSON.stringify(lib)};
      p.set_error_handler((_n, s) => { console.log(s); return true; });
      console.log(JSON.stringify([p.ini_get('openssl.cafile'), p.ini_set('openssl.cafile', 'x'), p.ini_get('openssl.capath')]));
      const fp = p.fsockopen('ssl://127.0.0.1', ${port}, null, null, 5);
      p.fwrite(fp, 'hi\\n');
      console.log(JSON.stringify(p.fgets(fp)));`;
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '', PHP_SOCKETS_OPENSSL_CAFILE: fixtures + 'ca.pem' };
    delete env.SSL_CERT_FILE;
    delete env.SSL_CERT_DIR;
    const r = spawnSync(process.execPath, ['--import', `file://${tsx}`, '--input-type=module', '-e', script], {
      encoding: 'utf8',
      env,
      timeout: 30000,
    });
    expect(r.stdout).toBe(`${JSON.stringify([fixtures + 'ca.pem', false, ''])}\n"hi\\n"\n`);
  });

  it('openssl.capath likewise (PHP_SOCKETS_OPENSSL_CAPATH): a hashed folder verifies, as php -d openssl.capath=… does', async () => {
    // 7e984e90 is the subject hash of the committed CA (openssl x509 -subject_hash), the name
    // OpenSSL looks up in a capath folder. PHP 8.2 with -d openssl.capath=<that folder>:
    // ["",false,true] and "hi\n"; without it, the handshake fails (unknown ca).
    const port = (await startPeer('echo')).port;
    const dir = mkdtempSync(join(tmpdir(), 'php-sockets-capath-'));
    copyFileSync(fixtures + 'ca.pem', join(dir, '7e984e90.0'));
    const script = `
      import * as p from ${JSON.stringify(lib)};
      p.set_error_handler((_n, s) => { console.log(s); return true; });
      console.log(JSON.stringify([p.ini_get('openssl.cafile'), p.ini_set('openssl.capath', 'x'), p.ini_get('openssl.capath') !== '']));
      const fp = p.fsockopen('ssl://127.0.0.1', ${port}, null, null, 5);
      p.fwrite(fp, 'hi\\n');
      console.log(JSON.stringify(p.fgets(fp)));`;
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '', PHP_SOCKETS_OPENSSL_CAPATH: dir };
    delete env.SSL_CERT_FILE;
    delete env.SSL_CERT_DIR;
    delete env.PHP_SOCKETS_OPENSSL_CAFILE;
    try {
      const r = spawnSync(process.execPath, ['--import', `file://${tsx}`, '--input-type=module', '-e', script], { encoding: 'utf8', env, timeout: 30000 });
      expect(r.stdout).toBe('["",false,true]\n"hi\\n"\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

describe.runIf(hasOpenssl)('against openssl s_server', () => {
  it('a server that requires a client certificate: the TLS 1.3 client side still succeeds, as in PHP', async () => {
    const child = spawn('openssl', ['s_server', '-accept', '127.0.0.1:0', '-cert', fixtures + 'server.pem', '-key', fixtures + 'server.key', '-Verify', '1', '-rev'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`s_server did not start: ${out}`)), 10000);
        child.stdout!.on('data', (d: Buffer) => {
          out += String(d);
          const m = /ACCEPT 127\.0\.0\.1:(\d+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(Number(m[1]));
          }
        });
      });
      const r = client(`ssl://127.0.0.1:${port}`);
      expect(r.warnings).toEqual([]);
      expect(stream_get_meta_data(r.fp as Stream).crypto?.protocol).toBe('TLSv1.3');
      fclose(r.fp as Stream);
    } finally {
      child.kill();
    }
  });
});

describe('pfsockopen ssl://', () => {
  // The liveness check (PHP's CHECK_LIVENESS: poll, then SSL_peek on the nonblocking socket) sees
  // the close only once the close_notify is in the kernel. Node's server sends "bye\n", then its
  // two TLS 1.3 session tickets, then the alert, in separate segments: a readable socket (the
  // tickets) does not mean the alert is there yet, and PHP 8.2 itself then reuses the stream (a
  // PHP loop of this test reused it 33 times in 300). So the test waits until the peer reports
  // that the close_notify and the FIN were handed to the kernel.
  it('reuses the TLS stream while it lives, and makes a new one after the peer sent close_notify', async () => {
    const notify = await startPeerProcess('notify');
    const a = captureWarnings(() => pfsockopen('ssl://127.0.0.1', notify.port, null, null, 5)).result as Stream;
    const b = captureWarnings(() => pfsockopen('ssl://127.0.0.1', notify.port, null, null, 5)).result as Stream;
    expect(b).toBe(a);
    expect(fgets(a)).toBe('bye\n');
    const local = stream_socket_get_name(a, false) as string;
    await notify.until(`ENDED ${local.slice(local.lastIndexOf(':') + 1)}\n`);
    const c = captureWarnings(() => pfsockopen('ssl://127.0.0.1', notify.port, null, null, 5)).result as Stream;
    expect(c).not.toBe(a);
    expect(stream_get_meta_data(c).crypto?.protocol).toBe('TLSv1.3');
    fclose(c);
  });
});

describe('verification failures', () => {
  it('unknown CA', async () => {
    const p = await startPeer('echo', 'self');
    delete process.env.SSL_CERT_FILE;
    process.env.SSL_CERT_FILE = fixtures + 'other-ca.pem';
    try {
      const r = client(`ssl://127.0.0.1:${p.port}`);
      expect(r.fp).toBe(false);
      expect(r.warnings).toEqual([
        'stream_socket_client(): SSL operation failed with code 1. OpenSSL Error messages:\nerror:0A000086:SSL routines::certificate verify failed',
        'stream_socket_client(): Failed to enable crypto',
        `stream_socket_client(): Unable to connect to ssl://127.0.0.1:${p.port} (Unknown error)`,
      ]);
    } finally {
      process.env.SSL_CERT_FILE = fixtures + 'ca.pem';
    }
  });

  it('a certificate without SAN is checked by CN', async () => {
    const p = await startPeer('echo', 'cnonly');
    const r = client(`ssl://127.0.0.1:${p.port}`);
    expect(r.fp).toBe(false);
    expect(r.warnings[0]).toBe("stream_socket_client(): Peer certificate CN=`localhost' did not match expected CN=`127.0.0.1'");
    const ok = client(`ssl://localhost:${p.port}`);
    expect(ok.warnings).toEqual([]);
    fclose(ok.fp as Stream);
  });

  it('a SAN that does not match: no CN fallback', async () => {
    const p = await startPeer('echo', 'sanonly');
    const r = client(`ssl://127.0.0.1:${p.port}`);
    expect(r.warnings[0]).toBe(
      "stream_socket_client(): Peer certificate subjectAltName did not match expected name `127.0.0.1'",
    );
  });

  it('a 1024-bit server key fails at security level 2', async () => {
    const p = await startPeer('echo', 'weak');
    const r = client(`ssl://127.0.0.1:${p.port}`);
    expect(r.fp).toBe(false);
    expect(r.warnings[0]).toBe(
      'stream_socket_client(): SSL operation failed with code 1. OpenSSL Error messages:\nerror:0A000086:SSL routines::certificate verify failed',
    );
  });

  it('a plain-text server: wrong version number', async () => {
    const p = await startPeer('plain');
    const r = client(`ssl://127.0.0.1:${p.port}`);
    expect(r.warnings[0]).toBe(
      'stream_socket_client(): SSL operation failed with code 1. OpenSSL Error messages:\nerror:0A00010B:SSL routines::wrong version number',
    );
  });

  it('a server that closes at once: no cause line', async () => {
    const p = await startPeer('close');
    const r = client(`ssl://127.0.0.1:${p.port}`);
    expect(r.warnings).toEqual([
      'stream_socket_client(): Failed to enable crypto',
      `stream_socket_client(): Unable to connect to ssl://127.0.0.1:${p.port} (Unknown error)`,
    ]);
  });

  it('a silent server: the handshake times out after the connect timeout', async () => {
    const p = await startPeer('silent');
    const t0 = performance.now();
    const r = client(`ssl://127.0.0.1:${p.port}`, 0.5);
    const took = performance.now() - t0;
    expect(r.warnings[0]).toBe('stream_socket_client(): SSL: Handshake timed out');
    expect(took).toBeGreaterThanOrEqual(450);
  });
});

describe('reads, select and end of stream', () => {
  it('a 16000-byte record: fread gives 8192, select counts what OpenSSL holds', async () => {
    const p = await startPeer('big');
    const s = client(`ssl://127.0.0.1:${p.port}`).fp as Stream;
    expect(fread(s, 100)).toHaveLength(100);
    // Readable for its buffered bytes; the same stream again next call is select's steady list
    // (lib/select_core.ts), which must still look at what OpenSSL holds.
    expect(stream_select([s], null, null, 5)).toBe(1);
    expect(fread(s, 8092)).toHaveLength(8092);
    expect(stream_get_meta_data(s).unread_bytes).toBe(0);
    const read = [s];
    expect(stream_select(read, null, null, 5)).toBe(1);
    expect(read).toEqual([s]);
    expect(stream_get_meta_data(s).unread_bytes).toBe(7808);
    // (fread(8192) would wait out the timeout for the rest, as PHP 8.2's greedy read does)
    expect(fread(s, 7808)).toHaveLength(7808);
    fclose(s);
  });

  it.each([
    ['notify', 'close_notify'],
    ['fin', 'a bare FIN'],
  ])('%s (%s): fgets gives the data, then false, feof true, no warning', async (mode) => {
    const p = await startPeer(mode);
    const s = client(`ssl://127.0.0.1:${p.port}`).fp as Stream;
    const { warnings } = captureWarnings(() => {
      expect(fgets(s)).toBe('bye\n');
      expect(fgets(s)).toBe(false);
      expect(feof(s)).toBe(true);
    });
    expect(warnings).toEqual([]);
    fclose(s);
  });

  it('a write timeout: the partial count, timed_out, and no notice (unlike plain streams)', async () => {
    const p = await startPeer('sink');
    const s = client(`ssl://127.0.0.1:${p.port}`).fp as Stream;
    stream_set_timeout(s, 0, 300000);
    const { result, warnings } = captureWarnings(() => fwrite(s, 'x'.repeat(16 << 20)));
    expect(warnings).toEqual([]);
    expect(result).toBeGreaterThan(0);
    expect(result).toBeLessThan(16 << 20);
    expect(stream_get_meta_data(s).timed_out).toBe(true);
    fclose(s);
  });

  it('a read timeout: false, timed_out', async () => {
    const p = await startPeer('echo');
    const s = client(`ssl://127.0.0.1:${p.port}`).fp as Stream;
    stream_set_timeout(s, 0, 300000);
    expect(fgets(s)).toBe(false);
    expect(stream_get_meta_data(s).timed_out).toBe(true);
    fclose(s);
  });
});

describe("against PHP's own ssl:// server", () => {
  it('reads what PHP writes and PHP reads what we write', async () => {
    const php = startPhp(
      phpServer(
        `stream_socket_server('ssl://127.0.0.1:0', $en, $es, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
          stream_context_create(['ssl' => ['local_cert' => 'server.pem', 'local_pk' => 'server.key']]))`,
        `$c = stream_socket_accept($srv, 10);
        fwrite($c, "from php\n");
        $line = fgets($c);
        fwrite($c, 'php got ' . $line);
        fclose($c);`,
      ),
    );
    const s = client(`ssl://127.0.0.1:${await php.port}`).fp as Stream;
    expect(fgets(s)).toBe('from php\n');
    expect(fwrite(s, 'hi\n')).toBe(3);
    expect(fgets(s)).toBe('php got hi\n');
    expect(fgets(s)).toBe(false);
    expect(feof(s)).toBe(true);
    fclose(s);
    expect(await php.output()).toMatch(/^PORT \d+\n$/);
  });
});
