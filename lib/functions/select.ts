// socket_select: select(2)'s semantics over poll(2) or, for many descriptors, an epoll set kept
// between calls (native/select.cc), so any number of sockets and descriptors above 1024 work. The
// three sets go to native code in one Int32Array, in one call, kept from call to call so that a
// steady call costs one identity comparison per socket (lib/select_core.ts, shared with
// stream_select).
import { arity, arrayOrNull, phpType, toInt, toIntOrNull } from '../php/args.js';
import { ValueError } from '../php/errors.js';
import { globalError } from '../last_error.js';
import type { ByRefArg } from '../php/ref.js';
import { isSocket, stateOf, type Socket } from '../socket.js';
import { entries, giveBack, keepAnswered, keptList, readSets, wait, type SetValue } from '../select_core.js';

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

/** zpp for `?array &$read`: null (or undefined, an unset variable), an array or a plain object. */
function setArg(v: unknown, n: number): SetValue | null {
  return arrayOrNull(v, fn, n, NAMES[n - 1]!);
}

/** An element's descriptor: it must be an open Socket. */
function socketFd(v: unknown, n: number): number {
  if (!isSocket(v)) {
    throw new TypeError(
      `${fn}(): Argument #${n} ($${NAMES[n - 1]}) must only have elements of type Socket, ${phpType(v)} given`,
    );
  }
  const fd = stateOf(v).fd;
  if (fd < 0) throw new TypeError(`${fn}(): Argument #${n} ($${NAMES[n - 1]}) contains a closed socket`);
  return fd;
}

const list = keptList();

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
  const given = [setArg(read, 1), setArg(write, 2), setArg(except, 3)];
  let sec = toIntOrNull(seconds, fn, 4, 'seconds');
  let usec = toInt(microseconds, fn, 5, 'microseconds');

  const sets = readSets(given);
  const kept = entries(list, sets, socketFd);
  if (sets.total === 0) {
    giveBack(list, kept);
    throw new ValueError(`${fn}(): At least one array argument must be passed`);
  }
  if (sec !== null && usec > 999999) {
    sec += Math.trunc(usec / 1000000);
    usec %= 1000000;
  }
  const rc = wait(kept, sec, usec);
  if (rc < 0) {
    giveBack(list, kept);
    return globalError(fn, 'Unable to select', -rc);
  }
  keepAnswered(kept, sets, SET_ARGS);
  giveBack(list, kept);
  return rc;
}
