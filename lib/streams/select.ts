// stream_select: select(2)'s semantics through native.select (shared with socket_select: ppoll, or
// for many descriptors an epoll set kept between calls), so any number of streams and descriptors
// above 1024 work, plus PHP's rule that a stream with buffered data is readable: when any stream
// in `read` has some, those are the answer at once. A call allocates nothing per element beyond
// an object set's keys: the descriptors go to native code in a reused Int32Array, and array sets
// are compacted in place.
import { arity, arrayOrNull, isResource, toIntOrNull } from '../php/args.js';
import { ValueError, warn } from '../php/errors.js';
import { strerror } from '../last_error.js';
import { blocking } from '../blocking.js';
import { keepReady, put, remove, type ByRefArg } from '../php/ref.js';
import { CHUNK_SIZE, sockRead, unread } from './core.js';
import { tlsPending } from './crypto.js';
import { isStream, stateOf, type Stream } from './stream.js';

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

type SetValue = unknown[] | Record<string, unknown>;

function setArg(v: unknown, n: number): SetValue | null {
  return arrayOrNull(v, fn, n, NAMES[n - 1]!);
}

// Reused between calls (one per Worker, as modules are): `fds` holds the usable descriptors in
// set order, then select's answers (1: ready for its set); `marks` has one byte per element of
// the sets in order (usable: its descriptor went into `fds`; then kept: it stays in its set). A
// call takes them and gives them back when done, so a call made while one is under way (from a
// getter of a set, or from an error handler) gets its own.
const USABLE = 1;
const KEEP = 2;
let spareFds: Int32Array | null = new Int32Array(64);
let spareMarks: Uint8Array | null = new Uint8Array(64);
// native.select's answer (it never calls back into JS, so one serves every call).
let spareOut = new Int32Array(66);

function grown<T extends Int32Array | Uint8Array>(a: T, n: number, make: (size: number) => T): T {
  if (n <= a.length) return a;
  let size = a.length;
  while (size < n) size *= 2;
  const b = make(size);
  b.set(a);
  return b;
}

/**
 * Keeps the marked ones of a set's n elements (values in order; an object keeps their keys). An
 * array may be its own `values`: it is compacted in place.
 */
function rewrite(
  set: SetValue,
  values: unknown[],
  keys: string[] | null,
  n: number,
  marks: Uint8Array,
  at: number,
  arg: ByRefArg,
): void {
  if (keys === null) {
    const arr = set as unknown[];
    let j = 0;
    for (let i = 0; i < n; i++) if (marks[at + i]! & KEEP) put(arr, j++, values[i], arg);
    put(arr, 'length', j, arg);
    return;
  }
  const obj = set as Record<string, unknown>;
  for (const key of Object.keys(obj)) remove(obj, key, arg);
  for (let i = 0; i < n; i++) if (marks[at + i]! & KEEP) put(obj, keys[i]!, values[i], arg);
}

/** A set that is also an earlier argument: what that one left of it, less what is not kept here. */
function rewriteAgain(set: SetValue, values: unknown[], n: number, marks: Uint8Array, at: number, arg: ByRefArg): void {
  const ready = new Set<unknown>();
  for (let i = 0; i < n; i++) if (marks[at + i]! & KEEP) ready.add(values[i]);
  keepReady(set, ready, arg);
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
  const sets = [setArg(read, 1), setArg(write, 2), setArg(except, 3)];
  const sec = toIntOrNull(seconds, fn, 4, 'seconds');
  const usec = toIntOrNull(microseconds, fn, 5, 'microseconds');

  let pending: TypeError | null = null;
  // Each set's elements: an array itself (a copy when an earlier argument is the same array, as
  // that one is rewritten first; then this set only narrows what that one left, as in PHP), or an
  // object's values with its keys.
  const values: (unknown[] | null)[] = [null, null, null];
  const keys: (string[] | null)[] = [null, null, null];
  for (let k = 0; k < 3; k++) {
    const set = sets[k];
    if (set === null) continue;
    if (Array.isArray(set)) {
      values[k] = sets.indexOf(set) < k ? Array.from(set) : set;
    } else {
      const names = Object.keys(set);
      keys[k] = names;
      values[k] = names.map((name) => set[name]);
    }
  }
  let fds = spareFds ?? new Int32Array(64);
  let marks = spareMarks ?? new Uint8Array(64);
  spareFds = null;
  spareMarks = null;
  const counts = [0, 0, 0]; // descriptors per set
  const sizes = [0, 0, 0]; // elements per set
  let total = 0;
  let at = 0;
  for (let k = 0; k < 3; k++) {
    const list = values[k];
    if (list === null) continue;
    const size = list.length;
    sizes[k] = size;
    fds = grown(fds, total + size, (n) => new Int32Array(n));
    marks = grown(marks, at + size, (n) => new Uint8Array(n));
    for (let i = 0; i < size; i++) {
      const value = list[i];
      let mark = 0;
      if (!isStream(value)) {
        pending ??= new TypeError(`${fn}(): supplied ${isResource(value) ? 'resource' : 'argument'} is not a valid stream resource`);
      } else {
        const s = stateOf(value);
        if (!s.open) {
          pending ??= new TypeError(`${fn}(): supplied resource is not a valid stream resource`);
        } else if (s.fd >= 0) {
          fds[total++] = s.fd;
          mark = USABLE;
        }
      }
      marks[at++] = mark;
    }
    counts[k] = total - counts[0]! - counts[1]!;
  }
  if (total === 0) throw new ValueError('No stream arrays were passed');
  if (sec === null && usec !== null && usec !== 0) {
    throw new ValueError(`${fn}(): Argument #5 ($microseconds) must be null when argument #4 ($seconds) is null`);
  }
  if (sec !== null && sec < 0) throw new ValueError(`${fn}(): Argument #4 ($seconds) must be greater than or equal to 0`);
  if (sec !== null && usec !== null && usec < 0) {
    throw new ValueError(`${fn}(): Argument #5 ($microseconds) must be greater than or equal to 0`);
  }

  // Streams with buffered data are readable without asking the kernel: then they are the answer,
  // and the write and except sets are emptied.
  let buffered = 0;
  const readValues = values[0];
  if (readValues !== null) {
    for (let i = 0; i < sizes[0]!; i++) {
      if (marks[i] === USABLE && (unread(stateOf(readValues[i] as Stream)) > 0 || fillFromTls(readValues[i] as Stream))) {
        marks[i] = USABLE | KEEP;
        buffered++;
      }
    }
  }
  let rc = buffered;
  if (buffered === 0) {
    let tvSec: number | null = null;
    let tvUsec = 0;
    if (sec !== null) {
      const u = usec ?? 0;
      tvSec = sec + Math.trunc(u / 1000000);
      tvUsec = u % 1000000;
    }
    const out = (spareOut = grown(spareOut, total + 2, (n) => new Int32Array(n)));
    rc = blocking.select(fds, counts[0]!, counts[1]!, counts[2]!, tvSec, tvUsec, out, 0);
    if (rc < 0) {
      let maxFd = -1;
      for (let i = 0; i < total; i++) if (fds[i]! > maxFd) maxFd = fds[i]!;
      spareFds = fds;
      spareMarks = marks;
      warn(fn, `Unable to select [${-rc}]: ${strerror(-rc)} (max_fd=${maxFd})`);
      if (pending) throw pending;
      return false;
    }
    // out[2...]: the ready descriptors' indices in fds, ascending.
    for (let e = 0, u = 0, p = 2, end = out[1]! + 2; e < at && p < end; e++) {
      if (marks[e] !== USABLE) continue;
      if (out[p] === u++) {
        marks[e] = USABLE | KEEP;
        p++;
      }
    }
  }
  at = 0;
  for (let k = 0; k < 3; k++) {
    const set = sets[k];
    const list = values[k];
    if (set === null || list === null) continue;
    const arg = SET_ARGS[k]!;
    if (sets.indexOf(set) < k) rewriteAgain(set, list, sizes[k]!, marks, at, arg);
    else rewrite(set, list, keys[k] ?? null, sizes[k]!, marks, at, arg);
    at += sizes[k]!;
  }
  spareFds = fds;
  spareMarks = marks;
  if (pending) throw pending;
  return rc;
}

// php_openssl_sockop_cast(PHP_STREAM_AS_FD_FOR_SELECT): an empty read buffer is filled from the
// decrypted bytes OpenSSL holds (whose socket may never be readable again), so they count as
// buffered data.
function fillFromTls(stream: Stream): boolean {
  const s = stateOf(stream);
  if (s.tls === null || unread(s) > 0) return false;
  const pending = tlsPending(s);
  if (pending <= 0) return false;
  const r = sockRead(s, Math.min(pending, CHUNK_SIZE));
  if (r === null || r.length === 0) return false;
  s.buf = r;
  s.pos = 0;
  return true;
}
