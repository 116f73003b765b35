// OpenSSLCertificate (ext/openssl): the peer certificate that the `ssl` context options
// capture_peer_cert and capture_peer_cert_chain store in a TLS stream's context, and the three
// functions that read one: openssl_x509_read(), openssl_x509_export() (PEM) and
// openssl_x509_fingerprint(). The certificate is kept as its DER bytes.
import { createHash, getHashes, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { arity, phpType, toBool, toStr } from '../php/args.js';
import { warn } from '../php/errors.js';
import { refArg, type Ref } from '../php/ref.js';

const TOKEN = Symbol('php-sockets internal');
let derOf!: (c: OpenSSLCertificate) => Buffer;

/**
 * A certificate, as PHP's OpenSSLCertificate: found in a context's `peer_certificate` option after
 * a TLS handshake with `capture_peer_cert`, or made by openssl_x509_read(); never with `new`.
 */
export class OpenSSLCertificate {
  readonly #der: Buffer;

  /** @internal */
  constructor(token?: unknown, der?: Buffer) {
    if (token !== TOKEN || !der) {
      throw new Error('Cannot directly construct OpenSSLCertificate, use openssl_x509_read() instead');
    }
    this.#der = der;
    Object.preventExtensions(this);
  }

  static {
    derOf = (c) => c.#der;
  }

  get [Symbol.toStringTag](): string {
    return 'OpenSSLCertificate';
  }
}
Object.freeze(OpenSSLCertificate.prototype);

/** A certificate from its DER bytes (one char per byte, as the native layer returns them). */
export function certificateFromDer(der: string): OpenSSLCertificate {
  return new OpenSSLCertificate(TOKEN, Buffer.from(der, 'latin1'));
}

// php_openssl_x509_from_param(): an OpenSSLCertificate, or a string holding PEM (or DER), or
// "file://path" to read. null when it cannot.
function certificateArg(v: unknown, fn: string): Buffer | null {
  if (v instanceof OpenSSLCertificate) return derOf(v);
  if (typeof v === 'object' || v === null || v === undefined) {
    throw new TypeError(`${fn}(): Argument #1 ($certificate) must be of type OpenSSLCertificate|string, ${phpType(v)} given`);
  }
  const text = toStr(v, fn, 1, 'certificate');
  try {
    const data = text.startsWith('file://') ? readFileSync(text.slice(7)) : Buffer.from(text, 'latin1');
    return new X509Certificate(data).raw;
  } catch {
    return null;
  }
}

/** openssl_x509_read(): the certificate in `certificate` (PEM, or "file://path"), or false. */
export function openssl_x509_read(certificate: OpenSSLCertificate | string): OpenSSLCertificate | false {
  const fn = 'openssl_x509_read';
  arity(fn, arguments.length, 1, 1);
  const der = certificateArg(certificate, fn);
  if (der === null) {
    warn(fn, 'X.509 Certificate cannot be retrieved');
    return false;
  }
  return certificate instanceof OpenSSLCertificate ? certificate : new OpenSSLCertificate(TOKEN, der);
}

/**
 * openssl_x509_export(): output.value = the certificate as PEM ("-----BEGIN CERTIFICATE-----"
 * ...). Only the PEM form: `no_text` false (PEM after a text dump in PHP) is refused.
 */
export function openssl_x509_export(
  certificate: OpenSSLCertificate | string,
  output: Ref<unknown>,
  no_text: boolean = true,
): boolean {
  const fn = 'openssl_x509_export';
  const out = refArg<unknown>(output, fn, 2, 'output');
  arity(fn, arguments.length, 2, 3);
  const der = certificateArg(certificate, fn);
  const pemOnly = toBool(no_text, fn, 3, 'no_text');
  if (!pemOnly) throw new Error(`${fn}(): the text form (no_text: false) is not supported`);
  if (der === null) {
    warn(fn, 'X.509 Certificate cannot be retrieved');
    return false;
  }
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  out.value = `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
  return true;
}

/** openssl_x509_fingerprint(): the digest of the DER certificate, hex (or raw bytes), or false. */
export function openssl_x509_fingerprint(
  certificate: OpenSSLCertificate | string,
  digest_algo: string = 'sha1',
  binary: boolean = false,
): string | false {
  const fn = 'openssl_x509_fingerprint';
  arity(fn, arguments.length, 1, 3);
  const der = certificateArg(certificate, fn);
  const algo = toStr(digest_algo, fn, 2, 'digest_algo');
  const raw = toBool(binary, fn, 3, 'binary');
  if (der === null) {
    warn(fn, 'X.509 Certificate cannot be retrieved');
    return false;
  }
  if (!getHashes().includes(algo.toLowerCase())) {
    warn(fn, 'Unknown digest algorithm');
    return false;
  }
  const digest = createHash(algo.toLowerCase()).update(der).digest();
  return raw ? digest.toString('latin1') : digest.toString('hex');
}
