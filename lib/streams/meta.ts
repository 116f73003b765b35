// stream_set_blocking, stream_set_timeout, stream_get_meta_data and their socket_* aliases;
// stream_set_read_buffer, stream_set_write_buffer, stream_set_chunk_size, stream_is_local,
// stream_get_transports.
import { arity, toBool, toInt, toStr } from '../php/args.js';
import { E_WARNING, ValueError, raise, warn } from '../php/errors.js';
import { resourceOf } from '../php/resources.js';
import { native } from '../native.js';
import { unread } from './core.js';
import { cryptoMeta } from './crypto.js';
import { label, openState, resourceArg, type Stream } from './stream.js';
import { transportNames } from './transport.js';

/**
 * stream_set_blocking(): O_NONBLOCK off (true) or on (false). A nonblocking stream never waits:
 * reads return what is queued ("" / false when nothing), writes send what fits. false (no
 * warning) when fcntl fails.
 */
export function stream_set_blocking(stream: Stream, enable: boolean): boolean {
  return setBlocking('stream_set_blocking', arguments.length, stream, enable);
}

/** socket_set_blocking(): PHP's alias of stream_set_blocking() (its messages name the alias). */
export function socket_set_blocking(stream: Stream, enable: boolean): boolean {
  return setBlocking('socket_set_blocking', arguments.length, stream, enable);
}

function setBlocking(fn: string, given: number, stream: Stream, enable: boolean): boolean {
  arity(fn, given, 2, 2);
  const res = resourceArg(stream, fn);
  const block = toBool(enable, fn, 2, 'enable');
  const s = openState(res, fn);
  if (native.setNonblock(s.fd, !block) < 0) return false;
  s.blocked = block;
  return true;
}

/**
 * stream_set_timeout(): how long a blocking stream waits for data or buffer space (seconds +
 * microseconds; microseconds above 999999 carry into seconds, -1 seconds waits forever). Clears
 * timed_out. Always true.
 */
export function stream_set_timeout(stream: Stream, seconds: number, microseconds: number = 0): boolean {
  return setTimeout('stream_set_timeout', arguments.length, stream, seconds, microseconds);
}

/** socket_set_timeout(): PHP's alias of stream_set_timeout() (its messages name the alias). */
export function socket_set_timeout(stream: Stream, seconds: number, microseconds: number = 0): boolean {
  return setTimeout('socket_set_timeout', arguments.length, stream, seconds, microseconds);
}

function setTimeout(fn: string, given: number, stream: Stream, seconds: number, microseconds: number): boolean {
  arity(fn, given, 2, 3);
  const res = resourceArg(stream, fn);
  let sec = toInt(seconds, fn, 2, 'seconds');
  const usec = toInt(microseconds, fn, 3, 'microseconds');
  const s = openState(res, fn);
  let tvUsec = 0;
  if (given === 3) {
    // C's / and % (truncating towards zero).
    tvUsec = usec % 1000000;
    sec += Math.trunc(usec / 1000000);
  }
  s.tvSec = sec;
  s.tvUsec = tvUsec;
  s.timedOut = false;
  return true;
}

/** What stream_get_meta_data() returns for a socket stream, in PHP's key order. */
/** stream_get_meta_data()'s "crypto" entry of a TLS stream. */
export interface CryptoMetaData {
  protocol: string;
  cipher_name: string;
  cipher_bits: number;
  cipher_version: string;
  alpn_protocol?: string;
}

export interface StreamMetaData {
  /** Only on an active TLS stream, and then first. */
  crypto?: CryptoMetaData;
  timed_out: boolean;
  blocked: boolean;
  eof: boolean;
  stream_type: string;
  mode: string;
  unread_bytes: number;
  seekable: boolean;
}

/**
 * stream_get_meta_data(): { timed_out, blocked, eof, stream_type ("tcp_socket/ssl",
 * "udp_socket", "unix_socket", "udg_socket", "generic_socket"), mode ("r+"), unread_bytes (the
 * read buffer's), seekable (false) }.
 */
export function stream_get_meta_data(stream: Stream): StreamMetaData {
  return metaData('stream_get_meta_data', arguments.length, stream);
}

/** socket_get_status(): PHP's alias of stream_get_meta_data() (its messages name the alias). */
export function socket_get_status(stream: Stream): StreamMetaData {
  return metaData('socket_get_status', arguments.length, stream);
}

function metaData(fn: string, given: number, stream: Stream): StreamMetaData {
  arity(fn, given, 1, 1);
  const s = openState(resourceArg(stream, fn), fn);
  const crypto = cryptoMeta(s);
  const base = {
    timed_out: s.timedOut,
    blocked: s.blocked,
    eof: s.eof,
    stream_type: label(s),
    mode: 'r+',
    unread_bytes: unread(s),
    seekable: false,
  };
  // An active TLS stream's "crypto" entry comes first.
  return crypto === null ? base : { crypto, ...base };
}

/**
 * stream_set_write_buffer(): socket streams have no write buffer to size, so -1 (PHP's EOF: not
 * supported), whatever the size.
 */
export function stream_set_write_buffer(stream: Stream, size: number): number {
  const fn = 'stream_set_write_buffer';
  arity(fn, arguments.length, 2, 2);
  const res = resourceArg(stream, fn);
  toInt(size, fn, 2, 'size');
  openState(res, fn);
  return -1;
}

/**
 * stream_set_read_buffer(): 0 turns the read buffer off (each fread() is one read of what it asks
 * for; fgets() and stream_get_line() still read ahead); any other size turns it back on. 0.
 */
export function stream_set_read_buffer(stream: Stream, size: number): number {
  const fn = 'stream_set_read_buffer';
  arity(fn, arguments.length, 2, 2);
  const res = resourceArg(stream, fn);
  const n = toInt(size, fn, 2, 'size');
  openState(res, fn).noBuffer = n === 0;
  return 0;
}

/**
 * stream_set_chunk_size(): how many bytes one read of the socket asks for (8192 by default; 1
 * reads straight into the caller's buffer). Returns the previous size.
 */
export function stream_set_chunk_size(stream: Stream, size: number): number {
  const fn = 'stream_set_chunk_size';
  arity(fn, arguments.length, 2, 2);
  const res = resourceArg(stream, fn);
  const n = toInt(size, fn, 2, 'size');
  if (n <= 0) throw new ValueError(`${fn}(): Argument #2 ($size) must be greater than 0`);
  if (n > 2147483647) throw new ValueError(`${fn}(): Argument #2 ($size) is too large`);
  const s = openState(res, fn);
  const old = s.chunkSize;
  s.chunkSize = n;
  return old;
}

// The stream wrappers of Debian's php-cli 8.2 and whether each is a URL wrapper (is_url).
const WRAPPERS: Record<string, boolean> = {
  https: true,
  ftps: true,
  'compress.zlib': false,
  php: false,
  file: false,
  glob: false,
  data: true,
  http: true,
  ftp: true,
  phar: false,
};

/**
 * stream_is_local(): false for a socket stream (it has no wrapper); for a URL or path, whether
 * its wrapper (php_stream_locate_url_wrapper) is a local one: "http://..." false, a path or
 * "php://..." true, an unknown "scheme://" true with PHP's warning (it falls back to files).
 */
export function stream_is_local(stream: Stream | string): boolean {
  const fn = 'stream_is_local';
  arity(fn, arguments.length, 1, 1);
  if (resourceOf(stream)) {
    openState(resourceArg(stream, fn), fn);
    return false;
  }
  const path = typeof stream === 'object' && stream !== null && !ArrayBuffer.isView(stream) ? arrayOrStr(stream, fn) : toStr(stream, fn, 1, 'stream');
  const m = /^[A-Za-z0-9+.-]+/.exec(path);
  const n = m ? m[0].length : 0;
  if (!(path[n] === ':' && n > 1 && (path.startsWith('//', n + 1) || (n === 4 && path.startsWith('data:'))))) return true;
  const scheme = path.slice(0, n);
  const key = scheme in WRAPPERS ? scheme : scheme.toLowerCase();
  if (!(key in WRAPPERS)) {
    warn(fn, `Unable to find the wrapper "${scheme.slice(0, 31)}" - did you forget to enable it when you configured PHP?`);
    return true;
  }
  // file:// names a local path only as file:///path or file://localhost/path.
  if (key === 'file') return /^file:\/\/(?:localhost)?\//i.test(path);
  return !WRAPPERS[key];
}

// try_convert_to_string() of an array or object: "Array" with PHP's warning, an object's __toString.
function arrayOrStr(v: object, fn: string): string {
  if (Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null) {
    raise(E_WARNING, 'Array to string conversion');
    return 'Array';
  }
  return toStr(v, fn, 1, 'stream');
}

/** stream_get_transports(): the socket transports this build has, in PHP's order. */
export function stream_get_transports(): string[] {
  arity('stream_get_transports', arguments.length, 0, 0);
  return transportNames();
}
