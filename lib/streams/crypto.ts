// PHP's TLS socket streams (ext/openssl/xp_ssl.c) over native/tls.cc: the ssl://, tls:// and
// tlsv1.x:// transports, the crypto setup from the `ssl` options (with PHP's effective defaults
// set explicitly, since Node's OpenSSL is not the distribution's), the handshake with its
// timeout, the peer verification policy (PHP's own host-name check and texts, fingerprints),
// reads and writes with PHP's shapes, and the error texts of php_openssl_handle_ssl_error().
import { readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { strerror } from '../last_error.js';
import { E_WARNING, raise, warn } from '../php/errors.js';
import {
  STREAM_CRYPTO_METHOD_ANY_CLIENT,
  STREAM_CRYPTO_METHOD_TLSv1_0_CLIENT,
  STREAM_CRYPTO_METHOD_TLSv1_0_SERVER,
  STREAM_CRYPTO_METHOD_TLSv1_1_CLIENT,
  STREAM_CRYPTO_METHOD_TLSv1_1_SERVER,
  STREAM_CRYPTO_METHOD_TLSv1_2_CLIENT,
  STREAM_CRYPTO_METHOD_TLSv1_2_SERVER,
  STREAM_CRYPTO_METHOD_TLSv1_3_CLIENT,
  STREAM_CRYPTO_METHOD_TLSv1_3_SERVER,
} from '../constants.js';
import { blocking } from '../blocking.js';
import { native } from '../native.js';
import { TLS1_1_VERSION, TLS1_2_VERSION, TLS1_3_VERSION, TLS1_VERSION } from '../platform.js';
import { iniString } from '../php/ini.js';
import { hasKey, zvalGetLong, zvalGetString, zvalIsTrue } from '../php/zval.js';
import type { Steps } from './core.js';
import { certificateFromDer } from './certificate.js';
import { contextOption, contextOptionsOf, setContextOption } from './context.js';
import { noteBuffered, type StreamState } from './stream.js';


/** The crypto method flags (PHP's STREAM_CRYPTO_METHOD_* bits; bit 0 = client). */
const IS_CLIENT = 1;
const METHOD_TLSv1_0 = STREAM_CRYPTO_METHOD_TLSv1_0_SERVER;
const METHOD_TLSv1_3 = STREAM_CRYPTO_METHOD_TLSv1_3_SERVER;
const TLS_ANY_CLIENT = STREAM_CRYPTO_METHOD_ANY_CLIENT;

/** The protocol version of each method bit (TLS1_x_VERSION), and PHP's names for them. */
const VERSIONS: Record<number, number> = {
  [STREAM_CRYPTO_METHOD_TLSv1_0_SERVER]: TLS1_VERSION,
  [STREAM_CRYPTO_METHOD_TLSv1_1_SERVER]: TLS1_1_VERSION,
  [STREAM_CRYPTO_METHOD_TLSv1_2_SERVER]: TLS1_2_VERSION,
  [STREAM_CRYPTO_METHOD_TLSv1_3_SERVER]: TLS1_3_VERSION,
};
const PROTOCOL_NAMES: Record<number, string> = {
  [TLS1_3_VERSION]: 'TLSv1.3',
  [TLS1_2_VERSION]: 'TLSv1.2',
  [TLS1_1_VERSION]: 'TLSv1.1',
  [TLS1_VERSION]: 'TLSv1',
};

/** The transports ext/openssl registers, and the method each starts with. */
export const TLS_TRANSPORTS: Record<string, number | null> = {
  ssl: null, // TLS_ANY_CLIENT, or the crypto_method option
  tls: null,
  'tlsv1.0': STREAM_CRYPTO_METHOD_TLSv1_0_CLIENT,
  'tlsv1.1': STREAM_CRYPTO_METHOD_TLSv1_1_CLIENT,
  'tlsv1.2': STREAM_CRYPTO_METHOD_TLSv1_2_CLIENT,
  'tlsv1.3': STREAM_CRYPTO_METHOD_TLSv1_3_CLIENT,
};

/** PHP's OPENSSL_DEFAULT_STREAM_CIPHERS (php_openssl.h), used when `ciphers` is not given. */
const DEFAULT_CIPHERS =
  'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256:' +
  'ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256:' +
  'DHE-DSS-AES128-GCM-SHA256:kEDH+AESGCM:ECDHE-RSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA256:' +
  'ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES256-SHA384:ECDHE-ECDSA-AES256-SHA384:' +
  'ECDHE-RSA-AES256-SHA:ECDHE-ECDSA-AES256-SHA:DHE-RSA-AES128-SHA256:DHE-RSA-AES128-SHA:' +
  'DHE-DSS-AES128-SHA256:DHE-RSA-AES256-SHA256:DHE-DSS-AES256-SHA:DHE-RSA-AES256-SHA:AES128-GCM-SHA256:' +
  'AES256-GCM-SHA384:AES128:AES256:HIGH:!SSLv2:!aNULL:!eNULL:!EXPORT:!DES:!MD5:!RC4:!ADH';

/** The distributions' CA bundles, which PHP's libssl finds and Node's OpenSSL may not. */
const DEFAULT_BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/pki/tls/cacert.pem',
];

/** Debian's libssl default (PHP's effective security level), set when security_level is not given. */
const DEFAULT_SECURITY_LEVEL = 2;
const SSL_ERROR_SYSCALL = 5;
const SSL_ERROR_ZERO_RETURN = 6;
const SSL_R_NO_SHARED_CIPHER = 193;
const X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT = 18;
const GEN_DNS = 2;
const GEN_IPADD = 7;

/** A stream's `ssl` options as PHP's context holds them (wrapper "ssl"). */
export type SslOptions = Record<string, unknown>;

/** The TLS part of a socket stream (php_openssl_netstream_data_t's own fields). */
export interface StreamTls {
  /** ssl://, tls://, tlsv1.x://: crypto is enabled on connect (client) or accept (server). */
  enableOnConnect: boolean;
  /** The crypto method (STREAM_CRYPTO_METHOD_*), the client bit included. */
  method: number;
  isClient: boolean;
  /** An SSL object exists (setup ran; PHP's ssl_handle). */
  setUp: boolean;
  /** Handshake done and verified, not shut down (PHP's ssl_active). */
  active: boolean;
  /** The host of the URL, trailing dots removed (the default peer name and SNI). */
  urlName: string | null;
  /** The client handshake's timeout (the connect timeout), microseconds; <= 0: none. */
  connectTimeoutUs: number;
}

/** OpenSSL from inside the Node process: null when usable, else why not. */
let unavailable: string | null | undefined;
export function tlsUnavailable(): string | null {
  if (unavailable === undefined) unavailable = native.tlsAvailable();
  return unavailable;
}

/**
 * The `ssl` options of a stream's context (null for a stream without one, as fsockopen()'s: PHP
 * passes it no context at all). A copy, read once per setup or verification.
 */
export function sslOptions(s: StreamState): SslOptions | null {
  return s.context ? contextOptionsOf(s.context, 'ssl') : null;
}

/** A new TLS state: `method` for the transports, null for a plain stream enabled later. */
export function newTls(method: number, enableOnConnect: boolean, urlName: string | null, connectTimeoutUs: number): StreamTls {
  return {
    enableOnConnect,
    method,
    isClient: (method & IS_CLIENT) !== 0,
    setUp: false,
    active: false,
    urlName,
    connectTimeoutUs,
  };
}

/** php_openssl_get_crypto_method(): the crypto_method option (client bit added) or the default. */
export function transportMethod(proto: string, opts: SslOptions | null): number {
  const fixed = TLS_TRANSPORTS[proto];
  if (fixed !== null && fixed !== undefined) return fixed;
  if (opts && has(opts, 'crypto_method')) return toLong(opts.crypto_method) | IS_CLIENT;
  return TLS_ANY_CLIENT;
}

/** php_openssl_get_url_name(): the host of "host:port" / "[v6]:port", trailing dots removed. */
export function urlName(target: string): string | null {
  let host: string;
  if (target.startsWith('[')) {
    const close = target.indexOf(']');
    host = close > 0 ? target.slice(1, close) : '';
  } else {
    const colon = target.lastIndexOf(':');
    host = colon >= 0 ? target.slice(0, colon) : target;
  }
  host = host.replace(/\.+$/, '');
  return host.length > 0 ? host : null;
}

// ---- option values (GET_VER_OPT and friends) ----

const has = (opts: SslOptions, key: string): boolean => hasKey(opts, key);
const isTrue = zvalIsTrue;
const toLong = (v: unknown): number => Number(zvalGetLong(v));
/** GET_VER_OPT_STRING: the option converted to a string, or null when it is not set. */
function optString(opts: SslOptions | null, key: string): string | null {
  return opts && has(opts, key) ? zvalGetString(opts[key]) : null;
}

// ---- errors ----

/** What native/tls.cc reports for a failed SSL call. */
type Detail = [code: number, errno: number, reason: number, queue: string, rc: number];

/**
 * php_openssl_handle_ssl_error() for a call that failed for good: PHP's warning, if any. Returns
 * true when the stream reached its end (a close_notify, or the peer closing without one).
 */
function reportSslError(fn: string, d: Detail): boolean {
  const [code, errno, reason, queue, rc] = d;
  if (code === SSL_ERROR_ZERO_RETURN) return true;
  if (code === SSL_ERROR_SYSCALL && queue === '') {
    if (rc === 0) return true;
    warn(fn, `SSL: ${strerror(errno)}`);
    return true;
  }
  if (reason === SSL_R_NO_SHARED_CIPHER) {
    warn(
      fn,
      'SSL_R_NO_SHARED_CIPHER: no suitable shared cipher could be used.  This could be because the server ' +
        'is missing an SSL certificate (local_cert context option)',
    );
  } else {
    warn(fn, `SSL operation failed with code ${code}. ${queue !== '' ? 'OpenSSL Error messages:\n' + queue : ''}`);
  }
  return true;
}

// ---- setup ----

/** PHP_OPENSSL_MIN/MAX_PROTO_VERSION walks over the method bits (no SSLv3 in this OpenSSL). */
function minFlag(flags: number): number {
  for (let v = METHOD_TLSv1_0; v <= METHOD_TLSv1_3; v <<= 1) if (flags & v) return v;
  return METHOD_TLSv1_3;
}
function maxFlag(flags: number): number {
  for (let v = METHOD_TLSv1_3; v >= METHOD_TLSv1_0; v >>= 1) if (flags & v) return v;
  return METHOD_TLSv1_3;
}
function versionFlags(flags: number, min: number, max: number): number {
  if (!min) min = minFlag(flags);
  if (!max) max = maxFlag(flags);
  for (let v = METHOD_TLSv1_0; v <= METHOD_TLSv1_3; v <<= 1) {
    if (v >= min && v <= max) flags |= v;
    else flags &= ~v;
  }
  return flags;
}
function protoVersion(flag: number): number {
  return VERSIONS[flag] ?? TLS1_2_VERSION;
}

/** php_openssl_alpn_protos_parse(): "h2,http/1.1" in the wire format, or null when it cannot. */
function alpnWire(list: string): Buffer | null {
  if (list.length >= 65535) return null;
  const out = Buffer.alloc(list.length + 1);
  let start = 0;
  for (let i = 0; i <= list.length; i++) {
    if (i === list.length || list[i] === ',') {
      if (i - start > 255) return null;
      out[start] = i - start;
      start = i + 1;
    } else {
      out[i + 1] = list.charCodeAt(i) & 0xff;
    }
  }
  return out;
}

/**
 * php_openssl_setup_crypto(): the SSL object for the stream, with the options. false (warnings
 * given) when it fails.
 */
export function setupCrypto(fn: string, s: StreamState, method: number): boolean {
  const tls = s.tls!;
  if (tls.setUp) {
    if (s.blocked) {
      warn(fn, 'SSL/TLS already set-up for this stream');
      return false;
    }
    return true;
  }
  const opts = sslOptions(s);
  tls.method = method;
  tls.isClient = (method & IS_CLIENT) !== 0;
  const isClient = tls.isClient;
  let flags = method & ~IS_CLIENT;
  const min = opts && has(opts, 'min_proto_version') ? toLong(opts.min_proto_version) : 0;
  const max = opts && has(opts, 'max_proto_version') ? toLong(opts.max_proto_version) : 0;
  flags = versionFlags(flags, min, max);

  const verifyPeer = !(opts && has(opts, 'verify_peer') && !isTrue(opts.verify_peer));
  let cafile = optString(opts, 'cafile');
  let capath = optString(opts, 'capath');
  let cafileFromIni = false;
  if (cafile === null) {
    const ini = iniString('openssl.cafile');
    cafile = ini !== '' ? ini : null;
    cafileFromIni = true;
  }
  if (capath === null) {
    const ini = iniString('openssl.capath');
    capath = ini !== '' ? ini : null;
  }
  let securityLevel = DEFAULT_SECURITY_LEVEL;
  let levelWarning = false;
  if (opts && has(opts, 'security_level')) {
    securityLevel = toLong(opts.security_level);
    levelWarning = securityLevel < 0 || securityLevel > 5;
  }
  let alpn: Buffer | null = null;
  const alpnList = optString(opts, 'alpn_protocols');
  if (alpnList !== null) {
    alpn = alpnWire(alpnList);
  }
  let localCert: string | null = null;
  let localPk: string | null = null;
  let certShown = '';
  let keyShown = '';
  const cert = optString(opts, 'local_cert');
  if (cert !== null) {
    // PHP loads both through VCWD_REALPATH and names the key by that path (the certificate by the
    // path given): `Unable to set private key file \`/abs/path/server.key'`, even for a missing key.
    certShown = cert;
    localCert = phpRealpath(cert);
    const pk = optString(opts, 'local_pk');
    localPk = pk !== null ? phpRealpath(pk) : null;
    keyShown = localPk ?? localCert;
  }
  const serverName =
    isClient && !(opts && has(opts, 'SNI_enabled') && !isTrue(opts.SNI_enabled))
      ? (optString(opts, 'peer_name') ?? tls.urlName)
      : null;
  const setup: Record<string, unknown> = {
    verifyPeer,
    allowSelfSigned: !!opts && has(opts, 'allow_self_signed') && isTrue(opts.allow_self_signed),
    verifyDepth: opts && has(opts, 'verify_depth') ? toLong(opts.verify_depth) : 9,
    cafileFromIni,
    ciphers: optString(opts, 'ciphers') ?? DEFAULT_CIPHERS,
    securityLevel,
    noCompression: !(opts && has(opts, 'disable_compression')) || isTrue(opts!.disable_compression),
    noTicket: !!opts && has(opts, 'no_ticket') && isTrue(opts.no_ticket),
    honorCipherOrder: !(opts && has(opts, 'honor_cipher_order')) || isTrue(opts!.honor_cipher_order),
    minProto: protoVersion(minFlag(flags)),
    maxProto: protoVersion(maxFlag(flags)),
    defaultBundles: DEFAULT_BUNDLES,
  };
  if (cafile !== null) setup.cafile = cafile;
  if (capath !== null) setup.capath = capath;
  const passphrase = optString(opts, 'passphrase');
  if (passphrase !== null) setup.passphrase = passphrase;
  if (alpn) setup.alpn = alpn;
  if (localCert !== null) setup.localCert = localCert;
  if (localPk !== null) setup.localPk = localPk;
  if (serverName !== null) setup.serverName = serverName;

  // The steps before the security level and ALPN (CA settings, ciphers) fail without them.
  if (alpnList !== null && alpn === null) {
    if (levelWarning) warn(fn, 'Security level must be between 0 and 5');
    warn(fn, 'Failed parsing comma-separated TLS ALPN protocol string');
    return false;
  }
  const r = native.tlsSetup(s.fd, isClient, setup);
  const lateStep = r === 0 || r === 1 || r === 'cert' || r === 'key' || r === 'ssl';
  if (levelWarning && lateStep) warn(fn, 'Security level must be between 0 and 5');
  switch (r) {
    case 0:
      break;
    case 1:
      warn(fn, 'Private key does not match certificate!');
      break;
    case 'ctx':
      warn(fn, 'SSL context creation failure');
      return false;
    case 'ca-names':
      raise(E_WARNING, 'SSL: failed loading CA names from cafile');
      return false;
    case 'cafile':
      if (canRead(cafile!)) raise(E_WARNING, `no valid certs found cafile stream: \`${cafile}'`);
      else raise(E_WARNING, `failed loading cafile stream: \`${cafile}'`);
      return false;
    case 'default-paths':
      warn(fn, 'Unable to set default verify locations and no CA settings specified');
      return false;
    case 'ciphers':
      return false;
    case 'cert':
      warn(
        fn,
        `Unable to set local cert chain file \`${certShown}'; Check that your cafile/capath settings include ` +
          'details of your certificate and its issuer',
      );
      return false;
    case 'key':
      warn(fn, `Unable to set private key file \`${keyShown}'`);
      return false;
    default:
      warn(fn, 'SSL handle creation failure');
      return false;
  }
  tls.setUp = true;
  return true;
}

function canRead(path: string): boolean {
  try {
    readFileSync(path, { flag: 'r' }).length;
    return true;
  } catch {
    return false;
  }
}

// ---- handshake and verification ----

/** A stream timeout (tv_sec/tv_usec) in microseconds, as PHP's has_timeout sees it: <= 0 none. */
function streamTimeoutUs(s: StreamState): number {
  if (s.tvSec > 0 || (s.tvSec === 0 && s.tvUsec > 0)) return s.tvSec * 1e6 + s.tvUsec;
  return -1;
}

/**
 * php_openssl_enable_crypto(): the handshake (activate) or close_notify (deactivate). 1 done, 0
 * in progress (a nonblocking stream: call again), -1 failed (warnings given).
 */
export function enableCrypto(fn: string, s: StreamState, activate: boolean): number {
  const tls = s.tls!;
  if (activate && !tls.active) {
    const timeout = tls.isClient ? (tls.connectTimeoutUs > 0 ? tls.connectTimeoutUs : -1) : streamTimeoutUs(s);
    const r = blocking.tlsHandshake(s.fd, s.blocked, timeout);
    if (r === -1) {
      warn(fn, 'SSL: Handshake timed out');
      return -1;
    }
    if (r === 0 || r === 2) return 0;
    if (typeof r !== 'number') {
      reportSslError(fn, r);
      return -1;
    }
    if (r !== 1) return -1;
    capturePeerCerts(s);
    if (!verifyPeer(fn, s)) {
      native.tlsShutdown(s.fd);
      return -1;
    }
    tls.active = true;
    noteBuffered(s); // OpenSSL may hold decrypted bytes from now on: stream_select asks it
    return 1;
  }
  if (!activate && tls.active) {
    native.tlsShutdown(s.fd);
    tls.active = false;
  }
  return -1;
}

/**
 * php_openssl_capture_peer_certs(): capture_peer_cert and capture_peer_cert_chain store the peer's
 * certificate (an OpenSSLCertificate) and chain (an array of them, or null) in the stream's
 * context as `peer_certificate` and `peer_certificate_chain`.
 */
function capturePeerCerts(s: StreamState): void {
  const ctx = s.context;
  if (!ctx) return;
  const wantCert = isTrue(contextOption(ctx, 'ssl', 'capture_peer_cert'));
  const wantChain = isTrue(contextOption(ctx, 'ssl', 'capture_peer_cert_chain'));
  if (!wantCert && !wantChain) return;
  const peer = native.tlsPeer(s.fd);
  if (peer === null) return;
  if (wantCert) setContextOption(ctx, 'ssl', 'peer_certificate', certificateFromDer(peer[4]));
  if (wantChain) {
    const chain = peer[5];
    setContextOption(ctx, 'ssl', 'peer_certificate_chain', chain.length > 0 ? chain.map(certificateFromDer) : null);
  }
}

/** php_openssl_apply_peer_verification_policy(). */
function verifyPeer(fn: string, s: StreamState): boolean {
  const tls = s.tls!;
  const opts = sslOptions(s);
  const mustVerifyPeer = opts && has(opts, 'verify_peer') ? isTrue(opts.verify_peer) : tls.isClient;
  const mustVerifyName = opts && has(opts, 'verify_peer_name') ? isTrue(opts.verify_peer_name) : tls.isClient;
  const mustVerifyFingerprint = !!opts && has(opts, 'peer_fingerprint');
  const peer = native.tlsPeer(s.fd);
  if ((mustVerifyPeer || mustVerifyName || mustVerifyFingerprint) && peer === null) {
    warn(fn, 'Could not get peer certificate');
    return false;
  }
  if (peer === null) return true;
  const [verifyResult, cn, cnLen, sans, , , verifyText] = peer;
  if (mustVerifyPeer && verifyResult !== 0) {
    const allowed =
      verifyResult === X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT &&
      !!opts &&
      has(opts, 'allow_self_signed') &&
      isTrue(opts.allow_self_signed);
    if (!allowed) {
      warn(fn, `Could not verify peer: code:${verifyResult} ${verifyText}`);
      return false;
    }
  }
  if (mustVerifyFingerprint) {
    const fp = opts!.peer_fingerprint;
    if (typeof fp === 'string' || (typeof fp === 'object' && fp !== null)) {
      if (!fingerprintMatch(fn, s.fd, fp)) {
        warn(fn, 'peer_fingerprint match failure');
        return false;
      }
    } else {
      warn(fn, 'Expected peer fingerprint must be a string or an array');
      return false;
    }
  }
  if (mustVerifyName) {
    let peerName = optString(opts, 'peer_name');
    if (peerName === null && tls.isClient) peerName = tls.urlName;
    if (peerName === null) return false;
    if (sans !== null && sans.length > 0) {
      if (matchesSanList(sans, peerName)) return true;
      warn(fn, `Peer certificate subjectAltName did not match expected name \`${peerName}'`);
      return false;
    }
    return matchesCommonName(fn, cn, cnLen, peerName);
  }
  return true;
}

function fingerprintMatch(fn: string, fd: number, fp: string | object): boolean {
  const cmp = (algo: string, expected: string): boolean => {
    const digest = native.tlsPeerDigest(fd, algo);
    if (digest === null) {
      warn(fn, 'Unknown digest algorithm');
      return false;
    }
    return digest.toLowerCase() === expected.toLowerCase();
  };
  if (typeof fp === 'string') {
    const algo = fp.length === 32 ? 'md5' : fp.length === 40 ? 'sha1' : null;
    return algo !== null && cmp(algo, fp);
  }
  const entries = fp instanceof Map ? [...fp.entries()] : Object.entries(fp);
  if (entries.length === 0 || Array.isArray(fp)) {
    warn(fn, 'Invalid peer_fingerprint array; [algo => fingerprint] form required');
    return false;
  }
  for (const [key, value] of entries) {
    if (typeof key !== 'string' || /^(0|-?[1-9]\d*)$/.test(key) || typeof value !== 'string') {
      warn(fn, 'Invalid peer_fingerprint array; [algo => fingerprint] form required');
      return false;
    }
    if (!cmp(key, value)) return false;
  }
  return true;
}

/** strcasecmp() equality (ASCII case folding, as C's locale does here). */
function sameText(a: string, b: string): boolean {
  return a.length === b.length && a.toLowerCase() === b.toLowerCase();
}

/** php_openssl_matches_wildcard_name(). */
function matchesWildcard(subject: string, certName: string): boolean {
  if (sameText(subject, certName)) return true;
  const star = certName.indexOf('*');
  if (star < 0 || certName.slice(0, star).includes('.')) return false;
  const prefix = certName.slice(0, star);
  if (prefix.length > 0 && !sameText(subject.slice(0, prefix.length), prefix)) return false;
  const suffix = certName.slice(star + 1);
  if (suffix.length > subject.length) return false;
  return (
    sameText(suffix, subject.slice(subject.length - suffix.length)) &&
    !subject.slice(prefix.length, subject.length - suffix.length).includes('.')
  );
}

/** inet_pton(AF_INET6) as 16 bytes, or null. */
function parseIpv6(text: string): number[] | null {
  if (!/^[0-9A-Fa-f:.]+$/.test(text)) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (part: string): number[] | null => {
    if (part === '') return [];
    const out: number[] = [];
    const items = part.split(':');
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      if (i === items.length - 1 && item.includes('.')) {
        const q = item.split('.');
        if (q.length !== 4 || q.some((x) => !/^\d{1,3}$/.test(x) || Number(x) > 255)) return null;
        out.push((Number(q[0]) << 8) | Number(q[1]), (Number(q[2]) << 8) | Number(q[3]));
      } else {
        if (!/^[0-9A-Fa-f]{1,4}$/.test(item)) return null;
        out.push(parseInt(item, 16));
      }
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return null;
  const fill = 8 - head.length - tail.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return null;
  const all = [...head, ...new Array<number>(halves.length === 2 ? fill : 0).fill(0), ...tail];
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

function expandIpv6(bytes: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < 16; i += 2) parts.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16).toUpperCase());
  return parts.join(':');
}

/** php_openssl_matches_san_list(). */
function matchesSanList(sans: [number, string, number][], subject: string): boolean {
  const v6 = parseIpv6(subject);
  const subjectV6 = v6 ? expandIpv6(v6) : null;
  for (const [type, value, asn1Len] of sans) {
    if (type === GEN_DNS) {
      // prevent null-byte poisoning: the UTF-8 text as a C string must be the whole name
      const nul = value.indexOf('\0');
      let name = nul >= 0 ? value.slice(0, nul) : value;
      if (asn1Len !== name.length) continue;
      if (name.endsWith('.')) name = name.slice(0, -1);
      if (matchesWildcard(subject, name)) return true;
    } else if (type === GEN_IPADD) {
      if (value.length === 4) {
        const ip = [...value].map((c) => c.charCodeAt(0)).join('.');
        if (sameText(subject, ip)) return true;
      } else if (value.length === 16 && subjectV6 !== null) {
        if (sameText(subjectV6, expandIpv6([...value].map((c) => c.charCodeAt(0))))) return true;
      }
    }
  }
  return false;
}

/** php_openssl_matches_common_name(). */
function matchesCommonName(fn: string, cn: string | null, cnLen: number, subject: string): boolean {
  if (cnLen === -1 || cn === null) {
    warn(fn, 'Unable to locate peer certificate CN');
    return false;
  }
  if (cnLen !== cn.length) {
    warn(fn, `Peer certificate CN=\`${cn}' is malformed`);
    return false;
  }
  if (matchesWildcard(subject, cn)) return true;
  warn(fn, `Peer certificate CN=\`${cn}' did not match expected CN=\`${subject}'`);
  return false;
}

/**
 * The transports' crypto on connect and on accept: setup, then the handshake (a step: see core.ts's
 * Steps). false (the cause's warnings, then "Failed to enable crypto") when either fails.
 */
export function* cryptoOnConnect(fn: string, s: StreamState): Steps<boolean> {
  const tls = s.tls!;
  if (setupCrypto(fn, s, tls.method) && ((yield () => enableCrypto(fn, s, true)) as number) >= 0) return true;
  warn(fn, 'Failed to enable crypto');
  return false;
}

// ---- I/O ----

/**
 * php_openssl_sockop_io() reading: up to `count` decrypted bytes ("" for end of stream, or nothing
 * yet on a nonblocking stream), or null for failure (PHP's -1): the read timed out (timed_out set).
 */
export function tlsRead(s: StreamState, count: number): string | null {
  const r = blocking.tlsRead(s.fd, count, s.blocked, s.blocked ? streamTimeoutUs(s) : -1);
  if (typeof r === 'string') return r;
  if (r === null) {
    s.timedOut = true;
    return null;
  }
  if (typeof r === 'number') {
    s.eof = true;
    return null;
  }
  reportSslError(s.fn, r);
  if (native.tlsPending(s.fd) === 0) s.eof = true;
  return '';
}

/**
 * _php_stream_write_buffer() over php_openssl_sockop_io(): the count written, or -1 when nothing
 * could be written. A timeout sets timed_out and returns what was written (no notice, unlike
 * plain streams); a failure warns "SSL: <strerror>" or the OpenSSL error lines.
 */
export function tlsWrite(s: StreamState, fn: string, data: string | Uint8Array, length: number): number {
  const r = blocking.tlsWrite(s.fd, data, length, s.blocked, s.blocked ? streamTimeoutUs(s) : -1);
  if (typeof r === 'number') {
    if (r < 0) return -1;
    s.position += r;
    return r;
  }
  const [sent, outcome, detail] = r;
  s.position += sent;
  if (outcome === -1) {
    s.timedOut = true;
    return sent > 0 ? sent : -1;
  }
  if (outcome === 1 && detail) reportSslError(fn, detail);
  return sent;
}

/** The liveness check of feof() on an active TLS stream. */
export function tlsAlive(s: StreamState): boolean {
  return native.tlsAlive(s.fd);
}

/** php_openssl_sockop_cast(FD_FOR_SELECT): decrypted bytes OpenSSL holds, to fill before selecting. */
export function tlsPending(s: StreamState): number {
  return s.tls !== null && s.tls.active ? native.tlsPending(s.fd) : 0;
}

/** stream_get_meta_data()'s "crypto" entry of an active TLS stream. */
export function cryptoMeta(s: StreamState): {
  protocol: string;
  cipher_name: string;
  cipher_bits: number;
  cipher_version: string;
  alpn_protocol?: string;
} | null {
  if (s.tls === null || !s.tls.active) return null;
  const info = native.tlsInfo(s.fd);
  if (info === null) return null;
  const [version, name, bits, cipherVersion, alpn] = info;
  const out: { protocol: string; cipher_name: string; cipher_bits: number; cipher_version: string; alpn_protocol?: string } = {
    protocol: PROTOCOL_NAMES[version] ?? 'UNKNOWN',
    cipher_name: name,
    cipher_bits: bits,
    cipher_version: cipherVersion,
  };
  if (alpn !== null) out.alpn_protocol = alpn;
  return out;
}

/**
 * PHP's VCWD_REALPATH as its TLS setup uses it: the absolute path with symbolic links resolved;
 * for a path that does not exist, what does exist is resolved (a dangling link's target, the
 * folder) and the rest kept, so the warning names the file as PHP does.
 */
function phpRealpath(path: string, depth = 0): string {
  const abs = resolve(path);
  try {
    return realpathSync(abs);
  } catch {}
  if (depth < 40) {
    try {
      return phpRealpath(resolve(dirname(abs), readlinkSync(abs)), depth + 1);
    } catch {}
  }
  try {
    return join(realpathSync(dirname(abs)), basename(abs));
  } catch {
    return abs;
  }
}
