// The `ssl` context options of a TLS client (stream_socket_client with a context), against Node's
// tls server; expected texts from PHP 8.2 (../shared/reference/tls/php/outputs/02-verify.out).
import { mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fclose,
  fgets,
  fwrite,
  OpenSSLCertificate,
  openssl_x509_export,
  openssl_x509_fingerprint,
  openssl_x509_read,
  ref,
  stream_context_create,
  stream_context_get_options,
  stream_get_meta_data,
  stream_socket_client,
  STREAM_CLIENT_CONNECT,
  STREAM_CRYPTO_METHOD_TLSv1_2_CLIENT,
  STREAM_CRYPTO_METHOD_TLSv1_3_CLIENT,
  STREAM_CRYPTO_PROTO_TLSv1_1,
  STREAM_CRYPTO_PROTO_TLSv1_2,
  STREAM_CRYPTO_PROTO_TLSv1_3,
  type Stream,
} from '../lib/index.js';
import { captureWarnings } from './helpers/capture.js';
import { hasPhp } from './helpers/php.js';
import { fixtures, phpServer, startPeer, startPhp, stopPeers } from './helpers/tls.js';

let port = 0;
let selfPort = 0;
beforeAll(async () => {
  [port, selfPort] = await Promise.all([startPeer('echo'), startPeer('echo', 'self')]);
});
afterAll(stopPeers);

/** Connects with these ssl options: the stream (closed) or false, and the warnings. */
function attempt(ssl: Record<string, unknown>, url = `ssl://127.0.0.1:${port}`): { ok: boolean; warnings: string[]; meta?: ReturnType<typeof stream_get_meta_data> } {
  const ctx = stream_context_create({ ssl });
  const errno = ref();
  const errstr = ref();
  const { result, warnings } = captureWarnings(() => stream_socket_client(url, errno, errstr, 5, STREAM_CLIENT_CONNECT, ctx));
  if (result === false) {
    expect(errno.value).toBe(0);
    expect(errstr.value).toBe('');
    const u = url;
    expect(warnings.slice(-2)).toEqual([
      'stream_socket_client(): Failed to enable crypto',
      `stream_socket_client(): Unable to connect to ${u} (Unknown error)`,
    ]);
    return { ok: false, warnings: warnings.slice(0, -2) };
  }
  const meta = stream_get_meta_data(result);
  fclose(result);
  return { ok: true, warnings, meta };
}

const verifyFailed =
  'stream_socket_client(): SSL operation failed with code 1. OpenSSL Error messages:\nerror:0A000086:SSL routines::certificate verify failed';
const ca = fixtures + 'ca.pem';

describe('verification options', () => {
  it('cafile: the right CA verifies, another fails in the handshake', () => {
    expect(attempt({ cafile: ca })).toMatchObject({ ok: true, warnings: [] });
    expect(attempt({ cafile: fixtures + 'other-ca.pem' })).toEqual({ ok: false, warnings: [verifyFailed] });
  });

  it('peer_name and verify_peer_name', () => {
    expect(attempt({ cafile: ca, peer_name: 'example.com' })).toEqual({
      ok: false,
      warnings: ["stream_socket_client(): Peer certificate subjectAltName did not match expected name `example.com'"],
    });
    expect(attempt({ cafile: ca, peer_name: 'example.com', verify_peer_name: false }).ok).toBe(true);
    expect(attempt({ cafile: ca }, `ssl://localhost:${port}`).ok).toBe(true);
  });

  it('verify_peer false accepts an unknown CA but still checks the name', () => {
    expect(attempt({ cafile: fixtures + 'other-ca.pem', verify_peer: false }).ok).toBe(true);
    expect(attempt({ verify_peer: false, peer_name: 'example.com' }).warnings).toEqual([
      "stream_socket_client(): Peer certificate subjectAltName did not match expected name `example.com'",
    ]);
    expect(attempt({ verify_peer: false, verify_peer_name: false, peer_name: 'example.com' }).ok).toBe(true);
  });

  it('self-signed: refused, allowed with allow_self_signed or as its own cafile', () => {
    const url = `ssl://127.0.0.1:${selfPort}`;
    expect(attempt({ cafile: ca }, url)).toEqual({ ok: false, warnings: [verifyFailed] });
    expect(attempt({ cafile: ca, allow_self_signed: true }, url).ok).toBe(true);
    expect(attempt({ cafile: fixtures + 'self.pem' }, url).ok).toBe(true);
  });

  it('peer_fingerprint: right sha256 array and sha1 string, wrong, bad type, empty array', () => {
    const pem = ref<string>();
    const sha256 = openssl_x509_fingerprint(`file://${fixtures}server.pem`, 'sha256') as string;
    const sha1 = openssl_x509_fingerprint(`file://${fixtures}server.pem`) as string;
    expect(openssl_x509_export(`file://${fixtures}server.pem`, pem)).toBe(true);
    expect(attempt({ cafile: ca, peer_fingerprint: { sha256 } }).ok).toBe(true);
    expect(attempt({ cafile: ca, peer_fingerprint: sha1.toUpperCase() }).ok).toBe(true);
    expect(attempt({ cafile: ca, peer_fingerprint: 'ab'.repeat(20) }).warnings).toEqual([
      'stream_socket_client(): peer_fingerprint match failure',
    ]);
    expect(attempt({ cafile: ca, peer_fingerprint: 5 }).warnings).toEqual([
      'stream_socket_client(): Expected peer fingerprint must be a string or an array',
    ]);
    expect(attempt({ cafile: ca, peer_fingerprint: [] }).warnings).toEqual([
      'stream_socket_client(): Invalid peer_fingerprint array; [algo => fingerprint] form required',
      'stream_socket_client(): peer_fingerprint match failure',
    ]);
    // PHP 8.2 against the same peer: a 32-character string is md5; an array needs every entry to
    // match; an unknown algorithm warns first.
    const md5 = openssl_x509_fingerprint(`file://${fixtures}server.pem`, 'md5') as string;
    const mismatch = ['stream_socket_client(): peer_fingerprint match failure'];
    expect(attempt({ cafile: ca, peer_fingerprint: md5 }).ok).toBe(true);
    expect(attempt({ cafile: ca, peer_fingerprint: { md5 } }).ok).toBe(true);
    expect(attempt({ cafile: ca, peer_fingerprint: 'abc' }).warnings).toEqual(mismatch);
    expect(attempt({ cafile: ca, peer_fingerprint: { sha1: 'ab' } }).warnings).toEqual(mismatch);
    expect(attempt({ cafile: ca, peer_fingerprint: { md5, sha256: 'zz' } }).warnings).toEqual(mismatch);
    expect(attempt({ cafile: ca, peer_fingerprint: { nosuch: 'x' } }).warnings).toEqual([
      'stream_socket_client(): Unknown digest algorithm',
      ...mismatch,
    ]);
  });

  it('cafile that does not exist; capath without hashed links; verify_depth 0', () => {
    expect(attempt({ cafile: 'nope.pem' }).warnings).toEqual(["failed loading cafile stream: `nope.pem'"]);
    expect(attempt({ capath: fixtures }).warnings).toEqual([verifyFailed]);
    // A folder with the CA under its subject hash (7e984e90, openssl x509 -subject_hash) verifies.
    const hashed = mkdtempSync(join(tmpdir(), 'php-sockets-capath-'));
    try {
      writeFileSync(join(hashed, '7e984e90.0'), readFileSync(ca));
      expect(attempt({ capath: hashed })).toMatchObject({ ok: true, warnings: [] });
    } finally {
      rmSync(hashed, { recursive: true, force: true });
    }
    expect(attempt({ cafile: ca, verify_depth: 0 }).warnings).toEqual([verifyFailed]);
  });

  it('security_level out of range warns, then the handshake runs; ciphers that match nothing', () => {
    expect(attempt({ cafile: ca, security_level: 7 }).warnings).toEqual([
      'stream_socket_client(): Security level must be between 0 and 5',
      verifyFailed,
    ]);
    expect(attempt({ cafile: ca, ciphers: 'NOPE' })).toEqual({ ok: false, warnings: [] });
    expect(attempt({ cafile: ca, ciphers: 'AES128-SHA' }, `tlsv1.2://127.0.0.1:${port}`).meta?.crypto?.cipher_name).toBe(
      'AES128-SHA',
    );
  });

  it('SNI: the URL host (an IP too), or peer_name; none with SNI_enabled false', async () => {
    // PHP 8.2 against the same peer: "127.0.0.1", "localhost", "localhost", false, false.
    const sni = await startPeer('sni');
    const sent = (host: string, ssl: Record<string, unknown>) => {
      const ctx = stream_context_create({ ssl: { cafile: ca, ...ssl } });
      const s = stream_socket_client(`ssl://${host}:${sni}`, null, null, 5, STREAM_CLIENT_CONNECT, ctx) as Stream;
      const line = fgets(s);
      fclose(s);
      return line;
    };
    expect([
      sent('127.0.0.1', {}),
      sent('localhost', {}),
      sent('127.0.0.1', { peer_name: 'localhost' }),
      sent('localhost', { SNI_enabled: false }),
      sent('127.0.0.1', { peer_name: 'localhost', SNI_enabled: false }),
    ]).toEqual(['"127.0.0.1"\n', '"localhost"\n', '"localhost"\n', 'false\n', 'false\n']);
  });

  it('min_proto_version and max_proto_version', () => {
    // PHP 8.2 against the same peer: TLSv1.2, TLSv1.3, TLSv1.3 (min 1.3 wins over max 1.2),
    // "tlsv1 alert protocol version" (max 1.1 against a TLS 1.2+ server), TLSv1.3.
    const proto = (ssl: Record<string, unknown>) => attempt({ cafile: ca, ...ssl });
    expect(proto({ max_proto_version: STREAM_CRYPTO_PROTO_TLSv1_2 }).meta?.crypto?.protocol).toBe('TLSv1.2');
    expect(proto({ min_proto_version: STREAM_CRYPTO_PROTO_TLSv1_3 }).meta?.crypto?.protocol).toBe('TLSv1.3');
    expect(
      proto({ min_proto_version: STREAM_CRYPTO_PROTO_TLSv1_3, max_proto_version: STREAM_CRYPTO_PROTO_TLSv1_2 }).meta?.crypto?.protocol,
    ).toBe('TLSv1.3');
    expect(proto({ max_proto_version: STREAM_CRYPTO_PROTO_TLSv1_1 }).warnings).toEqual([
      'stream_socket_client(): SSL operation failed with code 1. OpenSSL Error messages:\nerror:0A00042E:SSL routines::tlsv1 alert protocol version',
    ]);
    expect(
      proto({ min_proto_version: STREAM_CRYPTO_PROTO_TLSv1_2, crypto_method: STREAM_CRYPTO_METHOD_TLSv1_3_CLIENT }).meta?.crypto?.protocol,
    ).toBe('TLSv1.3');
  });

  it('crypto_method, SNI_enabled, disable_compression', () => {
    expect(attempt({ cafile: ca, crypto_method: STREAM_CRYPTO_METHOD_TLSv1_2_CLIENT }).meta?.crypto?.protocol).toBe('TLSv1.2');
    expect(attempt({ cafile: ca, SNI_enabled: false, disable_compression: false }).ok).toBe(true);
  });
});

describe('alpn_protocols', () => {
  it('negotiates a protocol (the alpn_protocol meta data key); a name over 255 bytes does not parse', async () => {
    const alpnPort = await startPeer('alpn');
    expect(attempt({ cafile: ca, alpn_protocols: 'spdy/1,http/1.1' }, `ssl://127.0.0.1:${alpnPort}`).meta?.crypto).toEqual({
      protocol: 'TLSv1.3',
      cipher_name: 'TLS_AES_256_GCM_SHA384',
      cipher_bits: 256,
      cipher_version: 'TLSv1.3',
      alpn_protocol: 'http/1.1',
    });
    expect(attempt({ cafile: ca, alpn_protocols: 'x'.repeat(256) }).warnings).toEqual([
      'stream_socket_client(): Failed parsing comma-separated TLS ALPN protocol string',
    ]);
  });
});

describe('local certificate options', () => {
  it('local_cert missing, local_pk not matching, passphrase', () => {
    expect(attempt({ cafile: ca, local_cert: 'nope.pem' }).warnings).toEqual([
      "stream_socket_client(): Unable to set local cert chain file `nope.pem'; Check that your cafile/capath settings include details of your certificate and its issuer",
    ]);
    expect(attempt({ cafile: ca, local_cert: fixtures + 'client.pem', local_pk: fixtures + 'server.key' }).warnings).toEqual([
      `stream_socket_client(): Unable to set private key file \`${fixtures}server.key'`,
    ]);
    const enc = { cafile: ca, local_cert: fixtures + 'server.pem', local_pk: fixtures + 'enc.key' };
    // Without a passphrase PHP's OpenSSL prompts on the terminal; here it fails at once.
    expect(attempt(enc).warnings).toEqual([`stream_socket_client(): Unable to set private key file \`${fixtures}enc.key'`]);
    expect(attempt({ ...enc, passphrase: 'wrong' }).ok).toBe(false);
    expect(attempt({ ...enc, passphrase: 'secret' }).ok).toBe(true);
  });

  it('names the key by its real path, as PHP does: relative, missing, behind a dangling link', () => {
    // PHP 8.2: the key path goes through VCWD_REALPATH, even when the file does not exist.
    const dir = mkdtempSync(join(tmpdir(), 'tls-key-'));
    const cwd = process.cwd();
    try {
      symlinkSync('gone.key', join(dir, 'link.key'));
      process.chdir(dir);
      const real = realpathSync(dir);
      const warnings = (pk: string) => attempt({ cafile: ca, local_cert: fixtures + 'client.pem', local_pk: pk }).warnings;
      expect(warnings('./nope.key')).toEqual([`stream_socket_client(): Unable to set private key file \`${real}/nope.key'`]);
      expect(warnings('link.key')).toEqual([`stream_socket_client(): Unable to set private key file \`${real}/gone.key'`]);
      expect(warnings(relative(dir, fixtures + 'server.key'))).toEqual([
        `stream_socket_client(): Unable to set private key file \`${realpathSync(fixtures + 'server.key')}'`,
      ]);
      // the certificate alone: the key is looked for in it, under its real path
      expect(attempt({ cafile: ca, local_cert: relative(dir, fixtures + 'server.pem') }).warnings).toEqual([
        `stream_socket_client(): Unable to set private key file \`${realpathSync(fixtures + 'server.pem')}'`,
      ]);
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('openssl_x509_read, openssl_x509_fingerprint, openssl_x509_export', () => {
  it('read a file:// URL or PEM text; warn and return false for anything else, as PHP 8.2', () => {
    const file = `file://${fixtures}server.pem`;
    expect(openssl_x509_read(file)).toBeInstanceOf(OpenSSLCertificate);
    const cert = openssl_x509_read(readFileSync(fixtures + 'server.pem', 'latin1')) as OpenSSLCertificate;
    expect(cert).toBeInstanceOf(OpenSSLCertificate);
    // PHP 8.2: the same 32 bytes, and this hex form, for the committed server certificate.
    expect((openssl_x509_fingerprint(cert, 'sha256', true) as string).length).toBe(32);
    expect(openssl_x509_fingerprint(cert, 'sha256')).toBe('bffdfb13cd109d7bd3301abddc522fb497f706dca8ec3e73525c4f5dc8785d82');
    const gone = 'X.509 Certificate cannot be retrieved';
    expect(captureWarnings(() => openssl_x509_read('garbage'))).toEqual({ result: false, warnings: [`openssl_x509_read(): ${gone}`] });
    expect(captureWarnings(() => openssl_x509_read('file:///nonexistent.pem'))).toEqual({
      result: false,
      warnings: [`openssl_x509_read(): ${gone}`],
    });
    expect(captureWarnings(() => openssl_x509_read(5 as unknown as string))).toEqual({
      result: false,
      warnings: [`openssl_x509_read(): ${gone}`],
    });
    expect(() => openssl_x509_read([] as unknown as string)).toThrow(
      new TypeError('openssl_x509_read(): Argument #1 ($certificate) must be of type OpenSSLCertificate|string, array given'),
    );
    expect(captureWarnings(() => openssl_x509_fingerprint(cert, 'nosuch'))).toEqual({
      result: false,
      warnings: ['openssl_x509_fingerprint(): Unknown digest algorithm'],
    });
    expect(captureWarnings(() => openssl_x509_fingerprint('garbage'))).toEqual({
      result: false,
      warnings: [`openssl_x509_fingerprint(): ${gone}`],
    });
    expect(captureWarnings(() => openssl_x509_export('garbage', ref<string>()))).toEqual({
      result: false,
      warnings: [`openssl_x509_export(): ${gone}`],
    });
  });
});

describe('capture_peer_cert and capture_peer_cert_chain', () => {
  it('store an OpenSSLCertificate and the chain in the context', () => {
    const ctx = stream_context_create({ ssl: { cafile: ca, capture_peer_cert: true, capture_peer_cert_chain: true } });
    const s = stream_socket_client(`ssl://127.0.0.1:${port}`, null, null, 5, STREAM_CLIENT_CONNECT, ctx) as Stream;
    const opts = stream_context_get_options(ctx).ssl!;
    expect(opts.peer_certificate).toBeInstanceOf(OpenSSLCertificate);
    expect(Array.isArray(opts.peer_certificate_chain) && opts.peer_certificate_chain.length).toBe(1);
    const out = ref<string>();
    expect(openssl_x509_export(opts.peer_certificate as OpenSSLCertificate, out)).toBe(true);
    const file = ref<string>();
    openssl_x509_export(`file://${fixtures}server.pem`, file);
    expect(out.value).toBe(file.value);
    expect(out.value).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    fclose(s);
  });

  it.runIf(hasPhp)("a server's chain (leaf, then its CA) is captured in order, each certificate exportable as PEM, as PHP", async () => {
    // PHP 8.2 against this PHP server: count 2, exports equal to server.pem's, then ca.pem's.
    const dir = mkdtempSync(join(tmpdir(), 'php-sockets-chain-'));
    const chain = join(dir, 'chain.pem');
    writeFileSync(chain, readFileSync(fixtures + 'server.pem', 'latin1') + readFileSync(fixtures + 'ca.pem', 'latin1'), 'latin1');
    try {
      const peer = startPhp(
        phpServer(
          `stream_socket_server('ssl://127.0.0.1:0', $e, $es, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
             stream_context_create(['ssl' => ['local_cert' => '${chain}', 'local_pk' => 'server.key']]))`,
          `$c = stream_socket_accept($srv, 10); echo fgets($c);`,
        ),
      );
      const ctx = stream_context_create({ ssl: { cafile: ca, capture_peer_cert: true, capture_peer_cert_chain: true } });
      const s = stream_socket_client(`ssl://127.0.0.1:${await peer.port}`, null, null, 5, STREAM_CLIENT_CONNECT, ctx) as Stream;
      const opts = stream_context_get_options(ctx).ssl!;
      const pem = (c: unknown) => {
        const out = ref<string>();
        expect(openssl_x509_export(c as OpenSSLCertificate | string, out)).toBe(true);
        return out.value;
      };
      const got = (opts.peer_certificate_chain as unknown[]).map(pem);
      expect(got).toEqual([pem(`file://${fixtures}server.pem`), pem(`file://${fixtures}ca.pem`)]);
      expect(pem(opts.peer_certificate)).toBe(got[0]);
    // PHP's text dump before the PEM (no_text false) is the one form not given (docs/differences.md).
    expect(() => openssl_x509_export(opts.peer_certificate as OpenSSLCertificate, ref<string>(), false)).toThrow(
      'openssl_x509_export(): the text form (no_text: false) is not supported',
    );
      fwrite(s, 'done\n');
      fclose(s);
      expect(await peer.output()).toMatch(/\ndone\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
