// PHP's stream layer over a socket (main/streams/streams.c over xp_socket.c), as PHP 8.2 does it:
// reads go through an 8192-byte read buffer (one recv per fill), a blocking stream waits for data
// up to its timeout before each recv, and on timeout the read fails (timed_out set). Writes send
// until done, waiting for buffer space on a blocking stream. fgets scans the buffer for "\n".
import { E_NOTICE, raise, warn } from '../php/errors.js';
import { strerror } from '../last_error.js';
import { blocking } from '../blocking.js';
import { native } from '../native.js';
import { tlsAlive, tlsRead, tlsWrite } from './crypto.js';
import { noteBuffered, type StreamState } from './stream.js';
import { MSG_DONTWAIT } from '../constants.js';
import { EAGAIN, EMSGSIZE } from '../platform.js';

/** PHP's chunk size: every buffered read asks the socket for this many bytes. */
export const CHUNK_SIZE = 8192;


/**
 * php_tvtoto() in microseconds: a stream's timeout as poll() gets it, truncated to milliseconds;
 * tv_sec -1 (or any negative total) waits forever.
 */
export function timeoutUs(s: StreamState): number {
  if (s.tvSec === -1) return -1;
  return (s.tvSec * 1000 + Math.trunc(s.tvUsec / 1000)) * 1000;
}

/**
 * A float timeout in seconds as PHP converts it for a struct timeval (microseconds, truncated),
 * or -1 (no timeval: wait forever) when it is negative or beyond PHP_TIMEOUT_ULL_MAX.
 */
export function secondsToUs(seconds: number): number {
  if (seconds < 0 || seconds >= 18446744073709.551615) return -1;
  return Math.trunc(seconds * 1e6);
}

/**
 * php_sockop_read(): one recv of up to `count` bytes, after waiting for data up to the timeout on
 * a blocking stream. Returns the bytes ("" for end of stream, or nothing yet on a nonblocking
 * stream) or null for failure (PHP's -1): the wait timed out (timed_out set) or recv failed (eof
 * set).
 */
export function sockRead(s: StreamState, count: number): string | null {
  if (s.fd < 0) return null;
  if (s.tls !== null && s.tls.active) return tlsRead(s, count);
  let flags = 0;
  if (s.blocked) {
    s.timedOut = false;
    if (s.tvSec !== -1) flags = MSG_DONTWAIT;
  }
  const ready = s.selected;
  s.selected = false;
  const r = blocking.streamRecv(s.fd, count, flags, s.blocked, timeoutUs(s), ready);
  if (r === null) {
    s.timedOut = true;
    return null;
  }
  if (typeof r === 'number') {
    if (-r === EAGAIN) return '';
    s.eof = true;
    return null;
  }
  if (r.length === 0) s.eof = true;
  return r;
}

/** Unread bytes in the read buffer. */
export function unread(s: StreamState): number {
  return s.buf.length - s.pos;
}

/**
 * A socket read or write of the loops below. The loops are generators that yield each one as a
 * step, so that one copy of PHP's logic serves both APIs: the sync functions run the steps at once
 * (`run`), php-sockets/async runs each as a step that may wait in the event loop.
 */
export type Step = () => unknown;
export type Steps<T> = Generator<Step, T, unknown>;

/** Runs a loop's steps at once (the sync functions). */
export function run<T>(steps: Steps<T>): T {
  let r = steps.next();
  while (!r.done) r = steps.next(r.value());
  return r.value;
}

// _php_stream_fill_read_buffer(): one read of a chunk (the stream's chunk size, 8192 unless
// stream_set_chunk_size() changed it) appended to the buffer.
function* fill(s: StreamState): Steps<boolean> {
  const r = (yield () => sockRead(s, s.chunkSize)) as string | null;
  if (r === null) return false;
  s.buf = unread(s) > 0 ? s.buf.slice(s.pos) + r : r;
  s.pos = 0;
  if (s.buf.length > 0) noteBuffered(s);
  return true;
}

// Takes up to n bytes from the read buffer.
export function take(s: StreamState, n: number): string {
  const end = Math.min(s.pos + n, s.buf.length);
  const out = s.buf.slice(s.pos, end);
  if (end === s.buf.length) {
    s.buf = '';
    s.pos = 0;
  } else {
    s.pos = end;
  }
  return out;
}

/**
 * _php_stream_read(): the buffered bytes first, then (if more are wanted) one fill, or one direct
 * read on an unbuffered stream. A socket read never loops for more. Returns the bytes, or null for
 * failure when nothing at all was read.
 */
export function streamRead(s: StreamState, size: number): string | null {
  // The common case, a buffered stream whose buffer is empty, is streamReadSteps' one fill and
  // take done without the generators: the sync fread()/fgetc() make no allocation beyond the
  // string read (a generator and a step closure per call cost more than the rest of fread).
  if (size > 0 && !s.noBuffer && s.chunkSize !== 1 && unread(s) === 0) {
    const r = sockRead(s, s.chunkSize);
    if (r === null) return null;
    s.buf = r;
    s.pos = 0;
    const out = take(s, size);
    s.position += out.length;
    if (s.pos !== 0) noteBuffered(s); // bytes left in the buffer
    return out;
  }
  return run(streamReadSteps(s, size));
}

export function* streamReadSteps(s: StreamState, size: number): Steps<string | null> {
  let out = '';
  if (unread(s) > 0) {
    out = take(s, size);
    size -= out.length;
  }
  if (size > 0) {
    // PHP reads straight into the caller's buffer for an unbuffered stream or a chunk size of 1.
    if (s.noBuffer || s.chunkSize === 1) {
      const want = size;
      const r = (yield () => sockRead(s, want)) as string | null;
      if (r === null) {
        if (out.length === 0) return null;
      } else {
        out += r;
      }
    } else if (!(yield* fill(s))) {
      if (out.length === 0) return null;
    } else {
      out += take(s, size);
    }
  }
  s.position += out.length;
  return out;
}

/**
 * _php_stream_get_line(): bytes up to and including "\n", at most maxlen - 1 of them (maxlen null:
 * no limit). Reads a chunk whenever the buffer runs dry, and stops at end of stream or when a read
 * brings nothing (a timeout, a nonblocking stream with nothing queued). null when no byte came.
 */
export function* getLineSteps(s: StreamState, maxlen: number | null): Steps<string | null> {
  let out = '';
  let room = maxlen === null ? Infinity : maxlen - 1;
  for (;;) {
    const avail = unread(s);
    if (avail > 0) {
      const eol = s.buf.indexOf('\n', s.pos);
      let n = eol >= 0 ? eol - s.pos + 1 : avail;
      let done = eol >= 0;
      if (n >= room) {
        n = room;
        done = true;
      }
      out += take(s, n);
      s.position += n;
      room -= n;
      if (done) break;
    } else if (s.eof || room === 0) {
      // maxlen 1: PHP asks the buffer for maxlen - 1 = 0 bytes, so nothing is read or waited for.
      break;
    } else {
      yield* fill(s);
      if (unread(s) === 0) break;
    }
  }
  return out.length === 0 ? null : out;
}

/**
 * php_stream_get_record() (stream_get_line): the bytes before the first `delim` found within the
 * first `maxlen` buffered bytes (the delimiter is consumed, not returned), reading a chunk at a
 * time until it is found or `maxlen` bytes are buffered; with no delimiter, `maxlen` bytes. When
 * neither comes: the bytes buffered once the stream is at its end, else null (a timeout, or a
 * nonblocking stream with too little queued, leaves the bytes buffered for the next call).
 */
export function* getRecordSteps(s: StreamState, maxlen: number, delim: string): Steps<string | null> {
  const found = (skip: number): number => {
    const seek = Math.min(unread(s), maxlen);
    if (seek <= skip) return -1;
    const at = s.buf.indexOf(delim, s.pos + skip);
    return at >= 0 && at + delim.length <= s.pos + seek ? at - s.pos : -1;
  };
  let at = delim.length > 0 ? found(0) : -1;
  let buffered = unread(s);
  while (at < 0 && buffered < maxlen) {
    yield* fill(s);
    const justRead = unread(s) - buffered;
    if (justRead <= 0) break;
    if (delim.length > 0) {
      at = found(Math.max(0, buffered - (delim.length - 1)));
      if (at >= 0) break;
    }
    buffered += justRead;
  }
  let len: number;
  if (at >= 0) len = at;
  else if (delim.length === 0 && unread(s) >= maxlen) len = maxlen;
  else if (unread(s) < maxlen && !s.eof) return null;
  else if (unread(s) === 0) return null;
  else len = Math.min(unread(s), maxlen);
  const out = take(s, len);
  s.position += len;
  if (at >= 0) {
    take(s, delim.length);
    s.position += delim.length;
  }
  return out;
}

/**
 * php_stream_set_option(CHECK_LIVENESS, 0): false when a one-byte peek says the peer closed (or
 * the socket failed), true while data may still come.
 */
function alive(s: StreamState): boolean {
  if (s.fd < 0) return false;
  if (s.tls !== null && s.tls.active) return tlsAlive(s);
  if (s.noIo && !readable(s.fd)) return true;
  const r = native.streamPeek(s.fd);
  if (r === 0) return false;
  return r > 0 || -r === EAGAIN || -r === EMSGSIZE;
}

/** poll(2) with a zero timeout for reading (select's readable: data, a hang-up or an error). */
function readable(fd: number): boolean {
  return blocking.select(Int32Array.of(fd), 1, 0, 0, 0, 0, new Int32Array(3), 0) > 0;
}

/** _php_stream_eof(): never with buffered data; else the eof flag, or a liveness check. */
export function streamEof(s: StreamState): boolean {
  if (unread(s) > 0) return false;
  if (!s.eof && !alive(s)) s.eof = true;
  return s.eof;
}

/**
 * _php_stream_write() over php_sockop_write(): sends all `length` bytes. A blocking stream waits
 * for buffer space up to its timeout; a nonblocking one stops when the socket is full (no error).
 * A failure raises PHP's notice "Send of N bytes failed with errno=E ...". Returns the count sent
 * (possibly partial), or -1 when a failure came before any byte was sent.
 */
export function streamWrite(s: StreamState, fn: string, data: string | Uint8Array, length: number): number {
  if (length === 0) return 0;
  if (s.fd < 0) return 0;
  if (s.tls !== null && s.tls.active) return tlsWrite(s, fn, data, length);
  const flags = s.blocked && s.tvSec !== -1 ? MSG_DONTWAIT : 0;
  const r = blocking.streamWrite(s.fd, data, length, flags, s.blocked, timeoutUs(s));
  if (typeof r === 'number') {
    s.position += r;
    return r;
  }
  return writeStopped(s, fn, length, r);
}

// streamWrite's rarer end (a wait, a partial send or a failure), out of line: streamWrite must stay
// small enough for V8 to inline into fwrite() (a call, not inlined, measured ~270 instructions
// more per fwrite + fgets pair in callgrind; docs/benchmarks.md).
function writeStopped(s: StreamState, fn: string, length: number, r: [number, number, number]): number {
  const [sent, err, waited] = r;
  s.position += sent;
  // php_sockop_write clears timed_out whenever a blocking send has to wait.
  if (waited) s.timedOut = false;
  if (err === 0) return sent;
  let errno = err;
  if (err === -1) {
    s.timedOut = true;
    errno = EAGAIN;
  }
  raise(E_NOTICE, `${fn}(): Send of ${length - sent} bytes failed with errno=${errno} ${strerror(errno)}`);
  return sent > 0 ? sent : -1;
}

/**
 * _php_stream_seek() on a socket stream, which cannot seek: a forward move within the buffer, or
 * (relative moves) reading and dropping the bytes. Anything else warns "Stream does not support
 * seeking". Returns false on failure.
 */
export function* streamSeekSteps(s: StreamState, fn: string, offset: number, relative: boolean): Steps<boolean> {
  if (!s.noBuffer) {
    const avail = unread(s);
    const ahead = relative ? offset : offset - s.position;
    const inBuffer = relative ? offset > 0 && offset <= avail : offset > s.position && offset <= s.position + avail;
    if (inBuffer) {
      s.pos += ahead;
      s.position += ahead;
      s.eof = false;
      return true;
    }
  }
  if (relative && offset >= 0) {
    while (offset > 0) {
      const r = yield* streamReadSteps(s, Math.min(offset, 1024));
      if (r === null || r.length === 0) return false;
      offset -= r.length;
    }
    s.eof = false;
    return true;
  }
  warn(fn, 'Stream does not support seeking');
  return false;
}

/**
 * stream_get_contents()'s seek to `offset` (>= 0): relative forward moves (emulated), absolute
 * backward ones (which fail). Warns "Failed to seek" and returns false when it cannot.
 */
export function* seekToSteps(s: StreamState, fn: string, offset: number): Steps<boolean> {
  let ok = true;
  if (offset > s.position) ok = yield* streamSeekSteps(s, fn, offset - s.position, true);
  else if (offset < s.position) ok = yield* streamSeekSteps(s, fn, offset, false);
  if (!ok) warn(fn, `Failed to seek to position ${offset} in the stream`);
  return ok;
}

/**
 * _php_stream_copy_to_mem(): up to maxlen bytes (null: until end of stream, a timeout or, on a
 * nonblocking stream, until nothing is queued).
 */
export function* copyToMemSteps(s: StreamState, maxlen: number | null): Steps<string> {
  if (maxlen === 0) return '';
  const parts: string[] = [];
  let len = 0;
  if (maxlen !== null) {
    while (len < maxlen && !streamEof(s)) {
      const r = yield* streamReadSteps(s, maxlen - len);
      if (r === null || r.length === 0) break;
      parts.push(r);
      len += r.length;
    }
    return parts.join('');
  }
  // PHP reads into a string that grows by a chunk whenever less than a quarter chunk is left.
  let max = CHUNK_SIZE;
  for (;;) {
    const r = yield* streamReadSteps(s, max - len);
    if (r === null || r.length === 0) break;
    parts.push(r);
    len += r.length;
    if (len + CHUNK_SIZE / 4 >= max) max += CHUNK_SIZE;
  }
  return parts.join('');
}

/**
 * _php_stream_copy_to_stream_ex(): chunks of up to 8192 bytes from src written to dest, up to
 * maxlen (null: all). The count copied, or false when a read failed (a timeout included: PHP
 * drops the count even though bytes were copied) or a write sent nothing.
 */
export function* copyToStreamSteps(
  src: StreamState,
  dest: StreamState,
  fn: string,
  maxlen: number | null,
): Steps<number | false> {
  if (maxlen === 0) return 0;
  let haveread = 0;
  for (;;) {
    const chunk = maxlen !== null && maxlen - haveread < CHUNK_SIZE ? maxlen - haveread : CHUNK_SIZE;
    const r = yield* streamReadSteps(src, chunk);
    if (r === null) return false;
    if (r.length === 0) return haveread;
    haveread += r.length;
    let rest = r;
    while (rest.length > 0) {
      const data = rest;
      const w = (yield () => streamWrite(dest, fn, data, data.length)) as number;
      if (w <= 0) return false;
      rest = rest.slice(w);
    }
    if (maxlen !== null && maxlen === haveread) return haveread;
  }
}
