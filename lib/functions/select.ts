// socket_select: select(2)'s semantics over poll(2) or, for many descriptors, an epoll set kept
// between calls (native/select.cc), so any number of sockets and descriptors above 1024 work. The
// three sets go to native code in one Int32Array, in one call.
import { arity, arrayOrNull, phpType, toInt, toIntOrNull } from '../php/args.js';
import { ValueError } from '../php/errors.js';
import { globalError } from '../last_error.js';
import { blocking } from '../blocking.js';
import { keepReady, put, remove, type ByRefArg } from '../php/ref.js';
import { isSocket, stateOf, type Socket } from '../socket.js';

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

// Reused between calls (one per Worker, as modules are): the descriptors going in, then the
// answers coming back (1: ready for its set). A call takes it and gives it back when done, so a
// call made while one is under way (from a getter of a set, or from an error handler) gets its own.
let spare: Int32Array | null = new Int32Array(64);

function grown(fds: Int32Array, n: number): Int32Array {
  if (n <= fds.length) return fds;
  let size = fds.length;
  while (size < n) size *= 2;
  const bigger = new Int32Array(size);
  bigger.set(fds);
  return bigger;
}

/** zpp for `?array &$read`: null (or undefined, an unset variable), an array or a plain object. */
function setArg(v: unknown, n: number): unknown[] | Record<string, unknown> | null {
  return arrayOrNull(v, fn, n, NAMES[n - 1]!);
}

/** Puts a set's `size` descriptors at fds[at...]. PHP's element checks, in order. */
function collect(fds: Int32Array, values: unknown[], size: number, at: number, n: number): void {
  for (let i = 0; i < size; i++) {
    const v = values[i];
    if (!isSocket(v)) {
      throw new TypeError(
        `${fn}(): Argument #${n} ($${NAMES[n - 1]}) must only have elements of type Socket, ${phpType(v)} given`,
      );
    }
    const fd = stateOf(v).fd;
    if (fd < 0) throw new TypeError(`${fn}(): Argument #${n} ($${NAMES[n - 1]}) contains a closed socket`);
    fds[at + i] = fd;
  }
}

/** Keeps the ready entries (fds[at + i] === 1) of a set's `size`, in order. */
function filter(
  fds: Int32Array,
  set: unknown[] | Record<string, unknown>,
  keys: string[] | null,
  size: number,
  at: number,
  arg: ByRefArg,
): void {
  if (keys === null) {
    const arr = set as unknown[];
    let j = 0;
    for (let i = 0; i < size; i++) {
      if (fds[at + i] === 1) put(arr, j++, arr[i], arg);
    }
    put(arr, 'length', j, arg);
    return;
  }
  const obj = set as Record<string, unknown>;
  for (let i = 0; i < size; i++) {
    if (fds[at + i] !== 1) remove(obj, keys[i]!, arg);
  }
}

/**
 * A set that is also an earlier argument has been filtered already: as PHP rebuilds the same
 * array again, keep what is left of it that is ready in this set too.
 */
function refilter(
  fds: Int32Array,
  set: unknown[] | Record<string, unknown>,
  seen: unknown[],
  at: number,
  arg: ByRefArg,
): void {
  const ready = new Set<unknown>();
  for (let i = 0; i < seen.length; i++) if (fds[at + i] === 1) ready.add(seen[i]);
  keepReady(set, ready, arg);
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
  const fds = grown(spare ?? new Int32Array(64), total);
  spare = null;
  for (let k = 0, at = 0; k < 3; k++) {
    const list = values[k];
    if (list === null) continue;
    collect(fds, list, counts[k]!, at, k + 1);
    at += counts[k]!;
  }
  if (total === 0) throw new ValueError(`${fn}(): At least one array argument must be passed`);

  if (sec !== null && usec > 999999) {
    sec += Math.trunc(usec / 1000000);
    usec %= 1000000;
  }
  const rc = blocking.select(fds, counts[0]!, counts[1]!, counts[2]!, sec, usec);
  if (rc < 0) {
    spare = fds;
    return globalError(fn, 'Unable to select', -rc);
  }

  let at = 0;
  for (let k = 0; k < 3; k++) {
    const set = sets[k];
    if (set === null) continue;
    const seen = again[k];
    const arg = SET_ARGS[k]!;
    if (seen) refilter(fds, set, seen, at, arg);
    else filter(fds, set, keys[k] ?? null, counts[k]!, at, arg);
    at += counts[k]!;
  }
  spare = fds;
  return rc;
}
