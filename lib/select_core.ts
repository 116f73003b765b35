// What socket_select and stream_select share: reading the three sets once, the entry list that
// goes to native.select (select.cc) and is kept from call to call, the wait, and filtering the
// sets in place to what is ready. The two functions differ only in how an element becomes a
// descriptor (socketFd, streamFd) and in stream_select's buffered data.
import { blocking } from './blocking.js';
import { types } from 'node:util';
import { byRefError, keepReady, put, refusedWrite, remove, type ByRefArg } from './php/ref.js';
import { socketFdEpoch } from './socket.js';

/** A set as zpp gives it: a JS array (filtered in place), a plain object keyed like a PHP array. */
export type SetValue = unknown[] | Record<string, unknown>;

/** The three sets of one call, each read once. */
export interface Sets {
  sets: (SetValue | null)[];
  /** Each set's elements in order: an array itself, a copy when an earlier argument is the same set. */
  values: (unknown[] | null)[];
  /** An object set's keys, in the order of `values`. */
  keys: (string[] | null)[];
  /** Whether an earlier argument is the same set (it has been filtered when this one is). */
  again: boolean[];
  counts: [number, number, number];
  total: number;
}

/**
 * Reads every element of the sets before anything else is done with them (a getter runs user
 * code, once). A set that is also an earlier argument is copied, as that one is filtered first.
 */
export function readSets(sets: (SetValue | null)[]): Sets {
  const values: (unknown[] | null)[] = [null, null, null];
  const keys: (string[] | null)[] = [null, null, null];
  const again = [false, false, false];
  const counts: [number, number, number] = [0, 0, 0];
  let total = 0;
  for (let k = 0; k < 3; k++) {
    const set = sets[k];
    if (set === null || set === undefined) continue;
    let list: unknown[];
    if (Array.isArray(set)) {
      list = set;
    } else {
      const names = Object.keys(set);
      keys[k] = names;
      list = names.map((name) => set[name]);
    }
    if (sets.indexOf(set) < k) {
      again[k] = true;
      list = [...list];
    }
    values[k] = list;
    counts[k] = list.length;
    total += list.length;
  }
  return { sets, values, keys, again, counts, total };
}

// What the last call passed, reused by the next (one per function and Worker, as modules are):
// its descriptors (which native code leaves in place), the element of each entry, the set sizes,
// native's answer buffer, and the token native gave for that list. While no descriptor of a
// Socket or Stream has changed since (socketFdEpoch()), an entry holding the same element as
// before needs no check; a call whose entries are all the same elements in the same order passes
// the token, so neither side does per-element work but one identity comparison (PHP's
// `$read = $clients` loop). A call takes it and gives it back when done, so a call made while one
// is under way (from a getter of a set, or from an error handler) gets its own. Entries past
// `total` hold NONE, which no element is. The elements are let go once the event loop turns
// (release()), so a forgotten socket is still collected.
export interface Kept {
  /** Each entry's descriptor; -1: none (a stream without a socket), never ready. */
  fds: Int32Array;
  /** native.select's answer: [token, r, the r ready entries ascending]. */
  out: Int32Array;
  els: unknown[];
  /** What the function keeps beside each element (stream_select: the stream's state), set by its DescriptorOf. */
  states: unknown[];
  counts: [number, number, number];
  total: number;
  token: number;
  /** socketFdEpoch() when els and fds last agreed and every entry had a descriptor; -1: check every entry. */
  epoch: number;
  /** Entries of this call without a descriptor. */
  missing: number;
}

/** One function's kept list. */
export interface KeptList {
  spare: Kept | null;
  releasing: boolean;
}

export function keptList(): KeptList {
  return { spare: null, releasing: false };
}

const NONE = {};
const later = setImmediate;

function newKept(size: number): Kept {
  return {
    fds: new Int32Array(size),
    out: new Int32Array(size + 2),
    els: Array.from({ length: size }, () => NONE), // packed: no hole checks
    states: Array.from({ length: size }, () => NONE),
    counts: [0, 0, 0],
    total: 0,
    token: 0,
    epoch: -1,
    missing: 0,
  };
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
  for (let i = kept.els.length; i < size; i++) {
    kept.els.push(NONE);
    kept.states.push(NONE);
  }
}

// The element sameRun() stopped at (so that no element is read twice: a getter runs once).
let differing: unknown;

/** From i on, the first element that is not els[at + ...] (then in `differing`), or size. */
function sameRun(values: unknown[], els: unknown[], at: number, size: number, i: number): number {
  for (; i < size; i++) {
    const v = values[i];
    if (v !== els[at + i]) {
      differing = v;
      return i;
    }
  }
  return size;
}

/**
 * An element's descriptor for argument n: >= 0, or -1 for an element that takes part without one
 * (never ready); it throws for an element the function refuses. It may keep what it looked up
 * in states[e].
 */
export type DescriptorOf = (v: unknown, n: number, states: unknown[], e: number) => number;

/**
 * Puts a set's `size` elements at entries at...: the function's element checks, in order. With
 * `trusted` (no descriptor has changed since the entries were filled) an entry that already holds
 * the element is left as it is (the steady call's whole work: a tight identity scan); an entry
 * that changes drops the token.
 */
function collect(kept: Kept, values: unknown[], size: number, at: number, n: number, trusted: boolean, fdOf: DescriptorOf): void {
  const { fds, els, states } = kept;
  let i = trusted ? sameRun(values, els, at, size, 0) : 0;
  while (i < size) {
    const v = trusted ? differing : values[i];
    differing = undefined;
    const e = at + i;
    const fd = fdOf(v, n, states, e);
    if (fd < 0) kept.missing++;
    if (v !== els[e] || fd !== fds[e]) {
      kept.token = 0;
      els[e] = v;
      fds[e] = fd;
    }
    i = trusted ? sameRun(values, els, at, size, i + 1) : i + 1;
  }
}

/**
 * The call's entries, from the kept list of the last call: every element's descriptor through
 * fdOf (which may throw; the list is given back then). The caller gives the list back with
 * giveBack() when done with it.
 */
export function entries(list: KeptList, s: Sets, fdOf: DescriptorOf): Kept {
  const kept = list.spare ?? newKept(64);
  list.spare = null;
  grow(kept, s.total);
  const epoch = socketFdEpoch();
  const trusted = kept.epoch === epoch;
  kept.epoch = -1; // until the entries are all in
  kept.missing = 0;
  try {
    for (let k = 0, at = 0; k < 3; k++) {
      const values = s.values[k];
      if (values === null || values === undefined) continue;
      collect(kept, values, s.counts[k], at, k + 1, trusted, fdOf);
      at += s.counts[k];
    }
  } catch (e) {
    list.spare = kept;
    throw e;
  }
  // A getter that closed a socket while the sets were read: descriptors read before may be stale.
  // An entry without a descriptor is checked again next call (what it is may have changed).
  if (socketFdEpoch() === epoch && kept.missing === 0) kept.epoch = epoch;
  else kept.token = 0;
  const kc = kept.counts;
  const { counts, total } = s;
  if (total !== kept.total || kc[0] !== counts[0] || kc[1] !== counts[1] || kc[2] !== counts[2]) {
    kept.token = 0;
    // Drop what the last call left past this one's entries (and stop keeping its elements alive).
    kept.els.fill(NONE, total, kept.total);
    kept.states.fill(NONE, total, kept.total);
    kept.total = total;
    kc[0] = counts[0];
    kc[1] = counts[1];
    kc[2] = counts[2];
  }
  if (!list.releasing) {
    list.releasing = true;
    later(() => release(list)).unref();
  }
  return kept;
}

function release(list: KeptList): void {
  list.releasing = false;
  const kept = list.spare;
  if (kept === null) return;
  kept.els.fill(NONE, 0, kept.total);
  kept.states.fill(NONE, 0, kept.total);
  kept.token = 0;
}

export function giveBack(list: KeptList, kept: Kept): void {
  list.spare = kept;
}

/**
 * native.select over the entries (sec null: forever; usec below 1e6), with the token of the last
 * call when the entries are the same. The ready entries are then in kept.out; -errno on failure.
 */
export function wait(kept: Kept, sec: number | null, usec: number): number {
  const c = kept.counts;
  const rc = blocking.select(kept.fds, c[0], c[1], c[2], sec, usec, kept.out, kept.token);
  kept.token = rc < 0 ? 0 : kept.out[0]!;
  return rc;
}

/**
 * Keeps the ready entries of a set's `size` (the ready indices out[2 + p...] below at + size), in
 * order; returns where the next set's ready indices start.
 */
function filter(
  out: Int32Array,
  p: number,
  set: SetValue,
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
    if (Object.getPrototypeOf(arr) !== Array.prototype || types.isProxy(arr)) {
      for (; p < end && out[p]! < at + size; p++) put(arr, j++, arr[out[p]! - at], arg);
      put(arr, 'length', j, arg);
      return p - 2;
    }
    // A plain array: assignments, whose outcome is put()'s (Reflect.set is a call into V8's
    // runtime, several hundred instructions per element), a refusal told from a setter's error.
    let key: number | 'length' = -1;
    try {
      for (; p < end && out[p]! < at + size; p++) {
        const v = arr[out[p]! - at];
        key = j;
        arr[j++] = v;
        key = -1;
      }
      key = 'length';
      arr.length = j;
    } catch (e) {
      if (key !== -1 && refusedWrite(e, arr, key)) throw byRefError(arg.fn, arg.n, arg.name);
      throw e;
    }
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
function refilter(out: Int32Array, p: number, set: SetValue, seen: unknown[], at: number, arg: ByRefArg): number {
  const end = out[1]! + 2;
  const ready = new Set<unknown>();
  for (p += 2; p < end && out[p]! < at + seen.length; p++) ready.add(seen[out[p]! - at]);
  keepReady(set, ready, arg);
  return p - 2;
}

/** Filters each set in place to its entries in kept.out (the answer of wait(), or the caller's). */
export function keepAnswered(kept: Kept, s: Sets, args: ByRefArg[]): void {
  const out = kept.out;
  for (let k = 0, at = 0, p = 0; k < 3; k++) {
    const set = s.sets[k];
    const values = s.values[k];
    if (set === null || set === undefined || values === null) continue;
    if (s.again[k]) p = refilter(out, p, set, values, at, args[k]!);
    else p = filter(out, p, set, s.keys[k] ?? null, s.counts[k], at, args[k]!);
    at += s.counts[k];
  }
}
