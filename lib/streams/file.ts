// fread, fwrite, fputs, fgets, fgetc, feof, fflush, fclose, stream_get_contents,
// stream_copy_to_stream, stream_get_line: PHP's file functions on socket streams.
import { arity, toData, toInt, toIntOrNull, toStr } from '../php/args.js';
import { ValueError, warn } from '../php/errors.js';
import {
  copyToMemSteps,
  copyToStreamSteps as copyStepsOf,
  getLineSteps,
  getRecordSteps,
  run,
  seekToSteps,
  streamEof,
  streamRead,
  streamSeekSteps,
  streamWrite,
  type Steps,
} from './core.js';
import { closeStream, openState, resourceArg, type Stream, type StreamState } from './stream.js';

/**
 * fread(): up to `length` bytes: what the read buffer holds, plus one read of up to 8192 bytes
 * from the socket if more are wanted (so a socket read returns at most 8192 bytes beyond the
 * buffer). A blocking stream first waits for data up to its timeout (default_socket_timeout,
 * or stream_set_timeout()'s) even when the buffer had some. Returns "" at end of stream or when a
 * nonblocking stream has nothing; false when the wait timed out with nothing read (timed_out is
 * then set) or the read failed.
 */
export function fread(stream: Stream, length: number): string | false {
  const fn = 'fread';
  arity(fn, arguments.length, 2, 2);
  const res = resourceArg(stream, fn);
  length = toInt(length, fn, 2, 'length');
  const s = openState(res, fn);
  if (length <= 0) throw new ValueError(`${fn}(): Argument #2 ($length) must be greater than 0`);
  const r = streamRead(s, length);
  return r === null ? false : r;
}

function write(fn: string, given: number, stream: unknown, data: unknown, length: unknown): number | false {
  arity(fn, given, 2, 3);
  const res = resourceArg(stream, fn);
  const bytes = toData(data, fn, 2, 'data');
  const max = toIntOrNull(length, fn, 3, 'length');
  const count = max === null ? bytes.length : max <= 0 ? 0 : Math.min(max, bytes.length);
  if (count === 0) return 0;
  const s = openState(res, fn);
  const n = streamWrite(s, fn, bytes, count);
  return n < 0 ? false : n;
}

/**
 * fwrite(): sends min(length ?? all, strlen(data)) bytes. A blocking stream waits for buffer
 * space up to its timeout; a nonblocking one sends what fits (possibly 0). Returns the count, or
 * false with notice "Send of N bytes failed with errno=E TEXT" when nothing could be sent (EPIPE
 * after the peer closed, a timeout: errno=11). `data` is a byte string or a Uint8Array/Buffer.
 */
export function fwrite(stream: Stream, data: string | Uint8Array, length: number | null = null): number | false {
  return write('fwrite', arguments.length, stream, data, length);
}

/** fputs(): fwrite(). */
export function fputs(stream: Stream, data: string | Uint8Array, length: number | null = null): number | false {
  return write('fputs', arguments.length, stream, data, length);
}

/**
 * fgets(): a line: bytes up to and including "\n", or at most length - 1 bytes, or what came
 * before end of stream or a timeout. false when nothing could be read (end of stream, timeout,
 * a nonblocking stream with nothing queued).
 */
export function fgets(stream: Stream, length: number | null = null): string | false {
  return run(fgetsSteps(arguments.length, stream, length));
}

/**
 * fgets() as steps: its argument checks (before the first read), then its reads. The sync call
 * runs them at once; php-sockets/async runs each read as a step that may wait.
 */
export function* fgetsSteps(given: number, stream: unknown, length: unknown): Steps<string | false> {
  const fn = 'fgets';
  arity(fn, given, 1, 2);
  const res = resourceArg(stream, fn);
  const max = toIntOrNull(length, fn, 2, 'length');
  const s = openState(res, fn);
  if (max !== null && max <= 0) throw new ValueError(`${fn}(): Argument #2 ($length) must be greater than 0`);
  const line = yield* getLineSteps(s, max);
  return line === null ? false : line;
}

/** fgetc(): one byte, or false at end of stream, on timeout, or with nothing queued. */
export function fgetc(stream: Stream): string | false {
  const fn = 'fgetc';
  arity(fn, arguments.length, 1, 1);
  const s = openState(resourceArg(stream, fn), fn);
  const r = streamRead(s, 1);
  return r === null || r.length === 0 ? false : r;
}

/**
 * feof(): true once the stream is at end: false while the read buffer holds bytes; otherwise
 * the eof flag (set by a read that found the end), or a nonblocking one-byte peek that finds the
 * peer has closed. Never waits.
 */
export function feof(stream: Stream): boolean {
  const fn = 'feof';
  arity(fn, arguments.length, 1, 1);
  return streamEof(openState(resourceArg(stream, fn), fn));
}

/** fflush(): socket streams have no write buffer: true. */
export function fflush(stream: Stream): boolean {
  const fn = 'fflush';
  arity(fn, arguments.length, 1, 1);
  openState(resourceArg(stream, fn), fn);
  return true;
}

/**
 * fclose(): closes the stream and its socket; any later use of the stream throws TypeError
 * "supplied resource is not a valid stream resource". A Socket made from it by
 * socket_import_stream() (or exported as it) stays open but its calls fail with EBADF.
 */
export function fclose(stream: Stream): boolean {
  const fn = 'fclose';
  arity(fn, arguments.length, 1, 1);
  const res = resourceArg(stream, fn);
  openState(res, fn);
  closeStream(res);
  return true;
}

/**
 * stream_get_contents(): the rest of the stream (until end of stream, a timeout, or, nonblocking,
 * until nothing is queued), or at most `length` bytes. `offset` (>= 0) first skips forward to
 * that position by reading (a socket cannot seek back: warning "Failed to seek to position N in
 * the stream" and false). Returns "" when nothing came.
 */
export function stream_get_contents(stream: Stream, length: number | null = null, offset: number = -1): string | false {
  return run(getContentsSteps(arguments.length, stream, length, offset));
}

/** stream_get_contents() as steps: its argument checks, then its reads (see fgetsSteps). */
export function* getContentsSteps(
  given: number,
  stream: unknown,
  length: unknown,
  offset: unknown,
): Steps<string | false> {
  const fn = 'stream_get_contents';
  arity(fn, given, 1, 3);
  const res = resourceArg(stream, fn);
  const max = toIntOrNull(length, fn, 2, 'length');
  const at = toInt(offset, fn, 3, 'offset');
  if (max !== null && max < -1) {
    throw new ValueError(`${fn}(): Argument #2 ($length) must be greater than or equal to -1`);
  }
  const s = openState(res, fn);
  if (at >= 0 && !(yield* seekToSteps(s, fn, at))) return false;
  return yield* copyToMemSteps(s, max === null || max === -1 ? null : max);
}

/**
 * stream_copy_to_stream(): copies from `from` to `to` in chunks of up to 8192 bytes until end of
 * stream (or `length` bytes). Returns the count, or false when a read failed (including a read
 * timeout after some bytes were copied, as in PHP) or a write sent nothing. `offset` > 0 would
 * seek, which socket streams cannot: it fails unless the bytes are already buffered.
 */
export function stream_copy_to_stream(
  from: Stream,
  to: Stream,
  length: number | null = null,
  offset: number = 0,
): number | false {
  return run(copyToStreamSteps(arguments.length, from, to, length, offset));
}

/** stream_copy_to_stream() as steps: its argument checks, then its reads and writes (see fgetsSteps). */
export function* copyToStreamSteps(
  given: number,
  from: unknown,
  to: unknown,
  length: unknown,
  offset: unknown,
): Steps<number | false> {
  const fn = 'stream_copy_to_stream';
  arity(fn, given, 2, 4);
  const src = resourceArg(from, fn, 1, 'from');
  const dest = resourceArg(to, fn, 2, 'to');
  const max = toIntOrNull(length, fn, 3, 'length');
  const at = toInt(offset, fn, 4, 'offset');
  const s = openState(src, fn);
  const d = openState(dest, fn);
  if (at > 0 && !(yield* streamSeekSteps(s, fn, at, false))) {
    warn(fn, `Failed to seek to position ${at} in the stream`);
    return false;
  }
  // A negative length other than -1 is a huge size_t in PHP: no limit either.
  return yield* copyStepsOf(s, d, fn, max === null || max < 0 ? null : max);
}

/** stream_get_line() as steps: its argument checks, then its reads (see fgetsSteps). */
export function* getLineRecordSteps(
  given: number,
  stream: unknown,
  length: unknown,
  ending: unknown,
): Steps<string | false> {
  const fn = 'stream_get_line';
  arity(fn, given, 2, 3);
  const res = resourceArg(stream, fn);
  let max = toInt(length, fn, 2, 'length');
  const delim = toStr(ending, fn, 3, 'ending');
  if (max < 0) throw new ValueError(`${fn}(): Argument #2 ($length) must be greater than or equal to 0`);
  if (max === 0) max = 8192; // PHP_SOCK_CHUNK_SIZE
  const s: StreamState = openState(res, fn);
  const r = yield* getRecordSteps(s, max, delim);
  return r === null ? false : r;
}

/**
 * stream_get_line(): the bytes up to (not including) `ending`, which is consumed, looked for in
 * the first `length` bytes (0: 8192); with no `ending`, `length` bytes. The line protocols' reader
 * (Redis, SMTP, memcached clients). When neither comes before a timeout (or, nonblocking, before
 * the queued bytes run out) it returns false and keeps what it read for the next call; at end of
 * stream it returns what is left, then false.
 */
export function stream_get_line(stream: Stream, length: number, ending: string = ''): string | false {
  return run(getLineRecordSteps(arguments.length, stream, length, ending));
}
