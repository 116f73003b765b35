// stream_socket_enable_crypto() (ext/standard/streamsfuncs.c over xp_ssl.c's crypto API):
// STARTTLS on a plain tcp stream, either end, blocking or not, and turning TLS off again.
import { arity, toBool, toIntOrNull } from '../php/args.js';
import { ValueError, warn } from '../php/errors.js';
import { run, type Steps } from './core.js';
import { enableCrypto, newTls, setupCrypto, sslOptions, tlsUnavailable } from './crypto.js';
import { native } from '../native.js';
import { hasKey, zvalGetLong } from '../php/zval.js';
import { openState, resourceArg, type Stream, type StreamState } from './stream.js';

/** php_stream_xport_crypto_setup()/_enable() on a stream that has no crypto API. */
function unsupported(fn: string, s: StreamState): boolean {
  if (s.kind === 'tcp' && s.fd >= 0 && tlsUnavailable() === null) return false;
  warn(fn, 'This stream does not support SSL/crypto');
  return true;
}

/**
 * stream_socket_enable_crypto(): turns TLS on (`enable` true) for a connected tcp stream, with
 * `crypto_method` (STREAM_CRYPTO_METHOD_*_CLIENT or _SERVER; null: the `ssl` context option
 * `crypto_method`), or off (close_notify, then the stream goes on in plain text; returns false as
 * PHP does). The handshake uses the stream's context options (a server end needs `local_cert`) and
 * waits up to the connect timeout (client) or the stream's timeout (server). Returns true when
 * done, 0 on a nonblocking stream while the handshake is in progress (call again), false on
 * failure (with PHP's warnings). `session_stream` names a TLS stream whose session to reuse.
 */
export function stream_socket_enable_crypto(
  stream: Stream,
  enable: boolean,
  crypto_method: number | null = null,
  session_stream: Stream | null = null,
): boolean | number {
  return run(enableCryptoSteps(arguments.length, stream, enable, crypto_method, session_stream));
}

/** stream_socket_enable_crypto() as steps (core.ts's Steps): checks and setup, then the handshake. */
export function* enableCryptoSteps(
  given: number,
  stream: unknown,
  enable: unknown,
  crypto_method: unknown,
  session_stream: unknown,
): Steps<boolean | number> {
  const fn = 'stream_socket_enable_crypto';
  arity(fn, given, 2, 4);
  const res = resourceArg(stream, fn);
  const on = toBool(enable, fn, 2, 'enable');
  let method = toIntOrNull(crypto_method, fn, 3, 'crypto_method');
  let session: Stream | null = null;
  if (session_stream !== null && session_stream !== undefined) {
    session = resourceArg(session_stream, fn, 4, 'session_stream');
  }
  const s = openState(res, fn);
  if (on) {
    if (method === null) {
      const opts = sslOptions(s);
      if (!opts || !hasKey(opts, 'crypto_method')) {
        throw new ValueError(`${fn}(): Argument #3 ($crypto_method) must be specified when enabling encryption`);
      }
      method = Number(zvalGetLong(opts.crypto_method));
    }
    const sess = session ? openState(session, fn) : null;
    if (unsupported(fn, s)) return false;
    s.tls ??= newTls(method, false, null, 0);
    const fresh = !s.tls.setUp;
    if (!setupCrypto(fn, s, method)) return false;
    if (fresh && sess) copySession(fn, s, sess);
  } else if (unsupported(fn, s)) {
    // php_stream_xport_crypto_enable() returns PHP_STREAM_OPTION_RETURN_NOTIMPL (-2) after the
    // warning, which streamsfuncs.c's switch (-1 false, 0 zero, else true) turns into true.
    return true;
  } else if (s.tls === null) {
    return false;
  }
  const r = (yield () => enableCrypto(fn, s, on)) as number;
  return r < 0 ? false : r === 0 ? 0 : true;
}

// php_openssl_setup_crypto()'s session_stream: the other stream's TLS session is reused.
function copySession(fn: string, s: StreamState, from: StreamState): void {
  if (from.kind !== 'tcp' || from.tls === null) {
    warn(fn, 'Supplied session stream must be an SSL enabled stream');
  } else if (!from.tls.setUp) {
    warn(fn, 'Supplied SSL session stream is not initialized');
  } else {
    native.tlsCopySession(s.fd, from.fd);
  }
}
