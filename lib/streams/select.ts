// stream_select: select(2)'s semantics through native.select (ppoll, or for many descriptors an
// epoll set kept between calls), so any number of streams and descriptors above 1024 work, plus
// PHP's rule that a stream with buffered data is readable: when any stream in `read` has some,
// those are the answer at once. The entry list is socket_select's (lib/select_core.ts): kept from
// call to call, so a steady call (the same Streams in the same order, PHP's `$read = $clients`
// loop) costs an identity comparison and a look at the read buffer per stream, and no
// per-descriptor work in native code. An element that is not an open stream, or a stream without
// a socket, is an entry without a descriptor: never ready, and the list is checked in full next
// call.
import { arity, arrayOrNull, isResource, toIntOrNull } from '../php/args.js';
import { ValueError, warn } from '../php/errors.js';
import { strerror } from '../last_error.js';
import type { ByRefArg } from '../php/ref.js';
import { entries, giveBack, keepAnswered, keptList, readSets, wait, type SetValue } from '../select_core.js';
import { CHUNK_SIZE, sockRead, unread } from './core.js';
import { tlsPending } from './crypto.js';
import { anyBuffered, isStream, stateOf, type Stream, type StreamState } from './stream.js';

/**
 * A set for stream_select: a JS array of Streams (filtered in place, order kept), a plain object
 * keyed like a PHP array (non-ready keys deleted), or null.
 */
export type StreamSet = Stream[] | Record<string | number, Stream> | null;

const fn = 'stream_select';
const SET_ARGS: ByRefArg[] = [
  { fn, n: 1, name: 'read' },
  { fn, n: 2, name: 'write' },
  { fn, n: 3, name: 'except' },
];
const NAMES = ['read', 'write', 'except'] as const;

function setArg(v: unknown, n: number): SetValue | null {
  return arrayOrNull(v, fn, n, NAMES[n - 1]!);
}

// The first element of this call that is not an open stream: PHP reports it once the call is
// done (the element itself is left out, as one of a stream without a socket is).
let pending: TypeError | null = null;

/**
 * An element's descriptor (its state kept in states[e]): -1 for a stream without a socket, or for
 * what is not an open stream.
 */
function streamFd(v: unknown, _n: number, states: unknown[], e: number): number {
  if (!isStream(v)) {
    pending ??= new TypeError(`${fn}(): supplied ${isResource(v) ? 'resource' : 'argument'} is not a valid stream resource`);
    return -1;
  }
  const s = stateOf(v);
  if (!s.open) {
    pending ??= new TypeError(`${fn}(): supplied resource is not a valid stream resource`);
    return -1;
  }
  states[e] = s;
  return s.fd;
}

const list = keptList();

/** What PHP says of the timeout arguments, or null when they are valid. */
function timeoutError(sec: number | null, usec: number | null): ValueError | null {
  if (sec === null && usec !== null && usec !== 0) {
    return new ValueError(`${fn}(): Argument #5 ($microseconds) must be null when argument #4 ($seconds) is null`);
  }
  if (sec !== null && sec < 0) return new ValueError(`${fn}(): Argument #4 ($seconds) must be greater than or equal to 0`);
  if (sec !== null && usec !== null && usec < 0) {
    return new ValueError(`${fn}(): Argument #5 ($microseconds) must be greater than or equal to 0`);
  }
  return null;
}

/**
 * stream_select(): waits until a stream in `read` has data (or end of stream, or an incoming
 * connection), one in `write` has buffer space, or one in `except` has out-of-band data, or the
 * timeout passes (`seconds` null: forever). A stream whose read buffer holds data counts as
 * readable at once: then only those are returned, `write` and `except` are emptied, and nothing
 * waits. The sets are filtered in place; the result is select's count of ready (stream, set)
 * pairs, 0 on timeout. Failure of the wait itself warns "Unable to select [errno]: ..." and
 * returns false. An element that is not a stream is dropped and reported as PHP does, by a
 * TypeError thrown after the select ("supplied argument is not a valid stream resource"). Unlike
 * PHP's select(2), any number of streams and any descriptor number work.
 */
export function stream_select(
  read: StreamSet | undefined,
  write: StreamSet | undefined,
  except: StreamSet | undefined,
  seconds: number | null,
  microseconds: number | null = null,
): number | false {
  arity(fn, arguments.length, 4, 5);
  const given = [setArg(read, 1), setArg(write, 2), setArg(except, 3)];
  const sec = toIntOrNull(seconds, fn, 4, 'seconds');
  const usec = toIntOrNull(microseconds, fn, 5, 'microseconds');

  const sets = readSets(given);
  pending = null;
  const kept = entries(list, sets, streamFd);
  const error = pending;
  pending = null;
  const invalid = sets.total === kept.missing ? new ValueError('No stream arrays were passed') : timeoutError(sec, usec);
  if (invalid !== null) {
    giveBack(list, kept);
    throw invalid;
  }

  // Streams with buffered data are readable without asking the kernel: then they are the answer,
  // and the write and except sets are emptied.
  // Only while some stream may have any (anyBuffered(): usually none, and then no stream of the
  // set is looked at).
  const { fds, states, out } = kept;
  let rc = 0;
  if (anyBuffered()) {
    for (let e = 0; e < sets.counts[0]; e++) {
      if (fds[e]! < 0) continue;
      const s = states[e] as StreamState;
      if (s.pos < s.buf.length || (s.tls !== null && fillFromTls(s))) out[2 + rc++] = e;
    }
  }
  if (rc > 0) {
    out[1] = rc;
  } else {
    let tvSec: number | null = null;
    let tvUsec = 0;
    if (sec !== null) {
      const u = usec ?? 0;
      tvSec = sec + Math.trunc(u / 1000000);
      tvUsec = u % 1000000;
    }
    rc = wait(kept, tvSec, tvUsec);
    if (rc < 0) {
      let maxFd = -1;
      for (let i = 0; i < kept.total; i++) if (fds[i]! > maxFd) maxFd = fds[i]!;
      giveBack(list, kept);
      warn(fn, `Unable to select [${-rc}]: ${strerror(-rc)} (max_fd=${maxFd})`);
      if (error) throw error;
      return false;
    }
    // A read of a stream reported readable tries recv before it polls (sockRead).
    for (let p = 2, end = out[1]! + 2; p < end && out[p]! < sets.counts[0]; p++) {
      (states[out[p]!] as StreamState).selected = true;
    }
  }
  keepAnswered(kept, sets, SET_ARGS);
  giveBack(list, kept);
  if (error) throw error;
  return rc;
}

// php_openssl_sockop_cast(PHP_STREAM_AS_FD_FOR_SELECT): an empty read buffer is filled from the
// decrypted bytes OpenSSL holds (whose socket may never be readable again), so they count as
// buffered data.
function fillFromTls(s: StreamState): boolean {
  if (s.tls === null || unread(s) > 0) return false;
  const pending = tlsPending(s);
  if (pending <= 0) return false;
  const r = sockRead(s, Math.min(pending, CHUNK_SIZE));
  if (r === null || r.length === 0) return false;
  s.buf = r;
  s.pos = 0;
  return true;
}
