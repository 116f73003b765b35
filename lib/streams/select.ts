// stream_select: select(2)'s semantics over poll(2) (native.select, shared with socket_select),
// so any number of streams and descriptors above 1024 work, plus PHP's rule that a stream with
// buffered data is readable: when any stream in `read` has some, those are the answer at once.
import { arity, arrayOrNull, toIntOrNull } from '../args.js';
import { ValueError, strerror, warn } from '../errors.js';
import { native } from '../native.js';
import { unread } from './core.js';
import { isStream, stateOf, type Stream } from './stream.js';

/**
 * A set for stream_select: a JS array of Streams (filtered in place, order kept), a plain object
 * keyed like a PHP array (non-ready keys deleted), or null.
 */
export type StreamSet = Stream[] | Record<string | number, Stream> | null;

const fn = 'stream_select';
const NAMES = ['read', 'write', 'except'] as const;

type SetValue = unknown[] | Record<string, unknown>;

function setArg(v: unknown, n: number): SetValue | null {
  return arrayOrNull(v, fn, n, NAMES[n - 1]!);
}

interface Entry {
  key: string | number;
  value: unknown;
  /** The descriptor, or -1 for an element that is not a usable stream. */
  fd: number;
}

/** Rebuilds a set from the entries kept, in order (an array is compacted; an object keeps keys). */
function rewrite(set: SetValue, kept: Entry[]): void {
  if (Array.isArray(set)) {
    set.length = 0;
    for (const e of kept) set.push(e.value);
    return;
  }
  for (const key of Object.keys(set)) delete set[key];
  for (const e of kept) set[e.key] = e.value;
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
  const entries: (Entry[] | null)[] = [null, null, null];
  let total = 0;
  for (let k = 0; k < 3; k++) {
    const set = sets[k];
    if (set === null) continue;
    const list: Entry[] = [];
    const keys: (string | number)[] = Array.isArray(set) ? set.map((_, i) => i) : Object.keys(set);
    for (const key of keys) {
      const value = (set as Record<string | number, unknown>)[key];
      let fd = -1;
      if (!isStream(value)) {
        pending ??= new TypeError(`${fn}(): supplied argument is not a valid stream resource`);
      } else if (!stateOf(value).open) {
        pending ??= new TypeError(`${fn}(): supplied resource is not a valid stream resource`);
      } else {
        fd = stateOf(value).fd;
        if (fd >= 0) total++;
      }
      list.push({ key, value, fd });
    }
    entries[k] = list;
  }
  if (total === 0) throw new ValueError('No stream arrays were passed');
  if (sec === null && usec !== null && usec !== 0) {
    throw new ValueError(`${fn}(): Argument #5 ($microseconds) must be null when argument #4 ($seconds) is null`);
  }
  if (sec !== null && sec < 0) throw new ValueError(`${fn}(): Argument #4 ($seconds) must be greater than or equal to 0`);
  if (sec !== null && usec !== null && usec < 0) {
    throw new ValueError(`${fn}(): Argument #5 ($microseconds) must be greater than or equal to 0`);
  }

  // Streams with buffered data are readable without asking the kernel.
  const readEntries = entries[0];
  if (readEntries) {
    const buffered = readEntries.filter((e) => e.fd !== -1 && unread(stateOf(e.value as Stream)) > 0);
    if (buffered.length > 0) {
      rewrite(sets[0]!, buffered);
      if (sets[1]) rewrite(sets[1], []);
      if (sets[2]) rewrite(sets[2], []);
      if (pending) throw pending;
      return buffered.length;
    }
  }

  const usable = entries.map((list) => (list ? list.filter((e) => e.fd >= 0) : []));
  const fds = new Int32Array(usable[0]!.length + usable[1]!.length + usable[2]!.length);
  let at = 0;
  for (const list of usable) for (const e of list) fds[at++] = e.fd;
  let tvSec: number | null = null;
  let tvUsec = 0;
  if (sec !== null) {
    const u = usec ?? 0;
    tvSec = sec + Math.trunc(u / 1000000);
    tvUsec = u % 1000000;
  }
  const rc = native.select(fds, usable[0]!.length, usable[1]!.length, usable[2]!.length, tvSec, tvUsec);
  if (rc < 0) {
    let maxFd = -1;
    for (const fd of fds) if (fd > maxFd) maxFd = fd;
    warn(fn, `Unable to select [${-rc}]: ${strerror(-rc)} (max_fd=${maxFd})`);
    if (pending) throw pending;
    return false;
  }
  at = 0;
  for (let k = 0; k < 3; k++) {
    const set = sets[k];
    const list = usable[k]!;
    const kept: Entry[] = [];
    for (const e of list) if (fds[at++] === 1) kept.push(e);
    if (set !== null) rewrite(set, kept);
  }
  if (pending) throw pending;
  return rc;
}
