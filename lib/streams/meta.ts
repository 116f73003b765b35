// stream_set_blocking, stream_set_timeout, stream_get_meta_data.
import { arity, toBool, toInt } from '../php/args.js';
import { native } from '../native.js';
import { unread } from './core.js';
import { cryptoMeta } from './crypto.js';
import { label, openState, resourceArg, type Stream } from './stream.js';

/**
 * stream_set_blocking(): O_NONBLOCK off (true) or on (false). A nonblocking stream never waits:
 * reads return what is queued ("" / false when nothing), writes send what fits. false (no
 * warning) when fcntl fails.
 */
export function stream_set_blocking(stream: Stream, enable: boolean): boolean {
  const fn = 'stream_set_blocking';
  arity(fn, arguments.length, 2, 2);
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
  const fn = 'stream_set_timeout';
  const given = arguments.length;
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
  const fn = 'stream_get_meta_data';
  arity(fn, arguments.length, 1, 1);
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
