// socket_select: select(2)'s semantics over poll(2) or, for many descriptors, an epoll set kept
// between calls (native/select.cc), so any number of sockets and descriptors above 1024 work. The
// three sets go to native code in one Int32Array, in one call.
import { arity, arrayOrNull, phpType, toInt, toIntOrNull } from '../php/args.js';
import { ValueError } from '../php/errors.js';
import { globalError } from '../last_error.js';
import { blocking } from '../blocking.js';
import { keepReady, put, remove, type ByRefArg } from '../php/ref.js';
import { isSocket, socketFdEpoch, stateOf, type Socket } from '../socket.js';

/**
 * A set for socket_select: a JS array of Sockets (filtered in place, order kept), a plain object
 * keyed like a PHP array (non-ready keys deleted, the rest keep their keys), or null.
 */
export type SocketSet = Socket[] | Record<string | number, Socket> | null;

const fn = 'socket_select';
const SET_ARGS: ByRefArg[] = [
  { fn, n: 1, name: 'read' },
  { fn, n: 2, name: 'write' },
  { fn, n: 3, name: 'except' },
];
const NAMES = ['read', 'write', 'except'] as const;

// What the last call passed, reused by the next (one per Worker, as modules are): its
// descriptors (which native code leaves in place), the Socket of each entry, the set sizes,
// native's answer buffer, and the token native gave for that list. While no Socket's descriptor
// has changed since (socketFdEpoch()), an entry holding the same Socket as before needs no
// check; a call whose entries are all the same Sockets in the same order passes the token, so
// neither side does per-socket work but one identity comparison (PHP's `$read = $clients`
// loop). A call takes it and gives it back when done, so a call made while one is under way
// (from a getter of a set, or from an error handler) gets its own. Entries past `total` hold
// NONE, which no element is. The Sockets are let go once the event loop turns (release()), so a
// forgotten socket is still collected.
interface Kept {
  fds: Int32Array;
  out: Int32Array;
  socks: unknown[];
  counts: [number, number, number];
  total: number;
  token: number;
  /** socketFdEpoch() when socks and fds last agreed; -1: check every entry. */
  epoch: number;
}
const NONE = {};
let spare: Kept | null = null;
let releasing = false;
const later = setImmediate;

function newKept(size: number): Kept {
  return {
    fds: new Int32Array(size),
    out: new Int32Array(size + 2),
    socks: Array.from({ length: size }, () => NONE), // packed: no hole checks
    counts: [0, 0, 0],
    total: 0,
    token: 0,
    epoch: -1,
  };
}

function release(): void {
  releasing = false;
  const kept = spare;
  if (kept === null) return;
  kept.socks.fill(NONE, 0, kept.total);
  kept.token = 0;
}

/** Room for n entries. */
function grow(kept: Kept, n: number): void {
  let size = kept.fds.length;
  if (n <= size) return;
  while (size < n) size *= 2;
  const fds = new Int32Array(size);
  fds.set(kept.fds);
  kept.fds = fds;
  kept.out = new Int32Array(size + 2);
  for (let i = kept.socks.length; i < size; i++) kept.socks.push(NONE);
}

/** zpp for `?array &$read`: null (or undefined, an unset variable), an array or a plain object. */
function setArg(v: unknown, n: number): unknown[] | Record<string, unknown> | null {
  return arrayOrNull(v, fn, n, NAMES[n - 1]!);
}

// The element sameRun() stopped at (so that no element is read twice: a getter runs once).
let differing: unknown;

/** From i on, the first element that is not socks[at + ...] (then in `differing`), or size. */
function sameRun(values: unknown[], socks: unknown[], at: number, size: number, i: number): number {
  for (; i < size; i++) {
    const v = values[i];
    if (v !== socks[at + i]) {
      differing = v;
      return i;
    }
  }
  return size;
}

/**
 * Puts a set's `size` elements at entries at...: PHP's element checks, in order. With `trusted`
 * (no descriptor has changed since the entries were filled) an entry that already holds the
 * element is left as it is (the steady call's whole work: a tight identity scan); an entry that
 * changes drops the token.
 */
function collect(kept: Kept, values: unknown[], size: number, at: number, n: number, trusted: boolean): void {
  const { fds, socks } = kept;
  let i = trusted ? sameRun(values, socks, at, size, 0) : 0;
  while (i < size) {
    const v = trusted ? differing : values[i];
    differing = undefined;
    const e = at + i;
    if (!isSocket(v)) {
      throw new TypeError(
        `${fn}(): Argument #${n} ($${NAMES[n - 1]}) must only have elements of type Socket, ${phpType(v)} given`,
      );
    }
    const fd = stateOf(v).fd;
    if (fd < 0) throw new TypeError(`${fn}(): Argument #${n} ($${NAMES[n - 1]}) contains a closed socket`);
    if (v !== socks[e] || fd !== fds[e]) {
      kept.token = 0;
      socks[e] = v;
      fds[e] = fd;
    }
    i = trusted ? sameRun(values, socks, at, size, i + 1) : i + 1;
  }
}

/**
 * Keeps the ready entries of a set's `size` (the ready indices out[2 + p...] below at + size), in
 * order; returns where the next set's ready indices start.
 */
function filter(
  out: Int32Array,
  p: number,
  set: unknown[] | Record<string, unknown>,
  keys: string[] | null,
  size: number,
  at: number,
  arg: ByRefArg,
): number {
  const end = out[1]! + 2;
  p += 2;
  if (keys === null) {
    const arr = set as unknown[];
    let j = 0;
    for (; p < end && out[p]! < at + size; p++) put(arr, j++, arr[out[p]! - at], arg);
    put(arr, 'length', j, arg);
    return p - 2;
  }
  const obj = set as Record<string, unknown>;
  for (let i = 0; i < size; i++) {
    if (p < end && out[p] === at + i) p++;
    else remove(obj, keys[i]!, arg);
  }
  return p - 2;
}

/**
 * A set that is also an earlier argument has been filtered already: as PHP rebuilds the same
 * array again, keep what is left of it that is ready in this set too.
 */
function refilter(
  out: Int32Array,
  p: number,
  set: unknown[] | Record<string, unknown>,
  seen: unknown[],
  at: number,
  arg: ByRefArg,
): number {
  const end = out[1]! + 2;
  const ready = new Set<unknown>();
  for (p += 2; p < end && out[p]! < at + seen.length; p++) ready.add(seen[out[p]! - at]);
  keepReady(set, ready, arg);
  return p - 2;
}

/**
 * socket_select(): waits until a socket in `read` is readable, one in `write` writable or one in
 * `except` has an exceptional condition (out-of-band data), or the timeout passes. The sets are
 * filtered in place to the ready sockets (a null set stays null); the result is select(2)'s count
 * of ready bits across the sets (a socket ready in two sets counts twice), 0 on timeout.
 * `seconds` null waits forever; `microseconds` above 999999 carry into seconds. Failure (a
 * negative timeout: [22]; a signal: [4]) warns "Unable to select", sets only the global code,
 * leaves the sets untouched and returns false. Unlike PHP's select(2) this has no FD_SETSIZE
 * limit: it works for any number of sockets and any descriptor number.
 */
export function socket_select(
  read: SocketSet | undefined,
  write: SocketSet | undefined,
  except: SocketSet | undefined,
  seconds: number | null,
  microseconds: number = 0,
): number | false {
  arity(fn, arguments.length, 4, 5);
  const sets = [setArg(read, 1), setArg(write, 2), setArg(except, 3)];
  let sec = toIntOrNull(seconds, fn, 4, 'seconds');
  let usec = toInt(microseconds, fn, 5, 'microseconds');

  const keys: (string[] | null)[] = [null, null, null];
  const values: (unknown[] | null)[] = [null, null, null];
  // The entries of a set passed twice (socket_select($r, $r, ...)), kept before any filtering.
  const again: (unknown[] | null)[] = [null, null, null];
  const counts = [0, 0, 0];
  let total = 0;
  // Every set's elements are read before any goes into the buffer (a getter runs user code).
  for (let k = 0; k < 3; k++) {
    const set = sets[k];
    if (set === null) continue;
    let list: unknown[];
    if (Array.isArray(set)) {
      list = set;
    } else {
      const names = Object.keys(set);
      keys[k] = names;
      list = names.map((name) => set[name]);
    }
    if (sets.indexOf(set) < k) again[k] = [...list];
    values[k] = list;
    counts[k] = list.length;
    total += list.length;
  }
  const kept = spare ?? newKept(64);
  spare = null;
  grow(kept, total);
  const epoch = socketFdEpoch();
  const trusted = kept.epoch === epoch;
  kept.epoch = -1; // until the entries are all in
  for (let k = 0, at = 0; k < 3; k++) {
    const list = values[k];
    if (list === null) continue;
    collect(kept, list, counts[k]!, at, k + 1, trusted);
    at += counts[k]!;
  }
  if (total === 0) throw new ValueError(`${fn}(): At least one array argument must be passed`);
  // A getter that closed a socket while the sets were read: descriptors read before may be stale.
  if (socketFdEpoch() === epoch) kept.epoch = epoch;
  else kept.token = 0;
  const kc = kept.counts;
  if (total !== kept.total || kc[0] !== counts[0] || kc[1] !== counts[1] || kc[2] !== counts[2]) {
    kept.token = 0;
    // Drop what the last call left past this one's entries (and stop keeping its sockets alive).
    kept.socks.fill(NONE, total, kept.total);
    kept.total = total;
    kc[0] = counts[0]!;
    kc[1] = counts[1]!;
    kc[2] = counts[2]!;
  }
  if (!releasing) {
    releasing = true;
    later(release).unref();
  }

  if (sec !== null && usec > 999999) {
    sec += Math.trunc(usec / 1000000);
    usec %= 1000000;
  }
  const out = kept.out;
  const rc = blocking.select(kept.fds, counts[0]!, counts[1]!, counts[2]!, sec, usec, out, kept.token);
  if (rc < 0) {
    kept.token = 0;
    spare = kept;
    return globalError(fn, 'Unable to select', -rc);
  }
  kept.token = out[0]!;

  for (let k = 0, at = 0, p = 0; k < 3; k++) {
    const set = sets[k];
    if (set === null) continue;
    const seen = again[k];
    const arg = SET_ARGS[k]!;
    if (seen) p = refilter(out, p, set, seen, at, arg);
    else p = filter(out, p, set, keys[k] ?? null, counts[k]!, at, arg);
    at += counts[k]!;
  }
  spare = kept;
  return rc;
}
