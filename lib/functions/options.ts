// socket_get_option, socket_set_option and their aliases socket_getopt, socket_setopt.
//
// Value shapes follow PHP 8.2 (see docs/api.md). One deliberate difference: PHP 8.2 picks the
// SO_LINGER / SO_RCVTIMEO / SO_SNDTIMEO / SO_BINDTODEVICE shapes by option number alone, at any
// level but IPPROTO_IP/IPPROTO_IPV6, so SOL_TCP options 20, 21 and 25 (TCP_NOTSENT_LOWAT) cannot be
// set as ints. We dispatch on (level, option); see docs/differences.md.
import { endianness } from 'node:os';
import { arity, toInt } from '../php/args.js';
import {
  IPPROTO_IP,
  IPPROTO_IPV6,
  IPV6_PKTINFO,
  IP_MULTICAST_IF,
  SOL_SOCKET,
  SOL_TCP,
  SO_BINDTODEVICE,
  SO_LINGER,
  SO_MEMINFO,
  SO_RCVTIMEO,
  SO_SNDTIMEO,
  TCP_CONGESTION,
} from '../constants.js';
import { ValueError, warn } from '../php/errors.js';
import { socketError } from '../last_error.js';
import { native } from '../native.js';
import { getIpMulticastIf, setMulticast } from '../options/multicast.js';
import { getPktinfo, setPktinfo } from '../options/pktinfo.js';
import { cInt, convertToArray, hasKey, zvalGetLong } from '../php/zval.js';
import { socketArg, socketType, type Socket, type SocketState } from '../socket.js';

/** What socket_get_option returns: an int, or an array with PHP's keys in PHP's order. */
export type SocketOptionValue = number | { [key: string]: number | string };

/**
 * What socket_set_option accepts: an int (or anything PHP converts to one), a string (interface,
 * congestion control and device names), or an array/plain object (SO_LINGER, SO_RCVTIMEO,
 * SO_SNDTIMEO, MCAST_*, IPV6_PKTINFO).
 */
export type SocketOptionInput =
  | number
  | bigint
  | string
  | boolean
  | null
  | Uint8Array
  | readonly unknown[]
  | { readonly [key: string]: unknown };

const LE = endianness() === 'LE';
const MEMINFO_KEYS = [
  'rmem_alloc',
  'rcvbuf',
  'wmem_alloc',
  'sndbuf',
  'fwd_alloc',
  'wmem_queued',
  'optmem',
  'backlog',
  'drops',
] as const;
const TCP_CA_NAME_MAX = 16;

/** zpp for (Socket, int, int): the Socket's type first, the ints, then the closed check. */
function parse(fn: string, socket: unknown, level: unknown, option: unknown): [SocketState, number, number] {
  socketType(socket, fn);
  const l = toInt(level, fn, 2, 'level');
  const o = toInt(option, fn, 3, 'option');
  return [socketArg(socket, fn), l, o];
}

function retrieveFailed(s: SocketState, fn: string, rc: number): false {
  return socketError(s, fn, 'Unable to retrieve socket option', -rc);
}

/**
 * A C int from the bytes getsockopt wrote; a 1-byte answer is zero-extended, as PHP does.
 * @internal exported for tests
 */
export function intFromBytes(b: Buffer): number {
  if (b.length === 1) return b[0]!;
  const padded = Buffer.alloc(4);
  b.copy(padded, 0, 0, 4);
  return LE ? padded.readInt32LE(0) : padded.readInt32BE(0);
}

function getOption(fn: string, socket: unknown, level: unknown, option: unknown): SocketOptionValue | false {
  const [s, lvl, opt] = parse(fn, socket, level, option);
  const l = lvl | 0;
  const o = opt | 0;
  if (lvl === IPPROTO_IP && opt === IP_MULTICAST_IF) return getIpMulticastIf(s, fn, lvl, opt);
  if (lvl === IPPROTO_IPV6 && opt === IPV6_PKTINFO) return getPktinfo(s, fn, lvl, opt);
  if (lvl === SOL_TCP && opt === TCP_CONGESTION) {
    const b = native.getsockoptBytes(s.fd, l, o, TCP_CA_NAME_MAX);
    if (typeof b === 'number') return retrieveFailed(s, fn, b);
    const nul = b.indexOf(0);
    return { name: b.toString('latin1', 0, nul < 0 ? b.length : nul) };
  }
  if (lvl === SOL_SOCKET) {
    if (opt === SO_LINGER) {
      const r = native.getsockoptLinger(s.fd, l, o);
      if (typeof r === 'number') return retrieveFailed(s, fn, r);
      return { l_onoff: r[0], l_linger: r[1] };
    }
    if (opt === SO_RCVTIMEO || opt === SO_SNDTIMEO) {
      const r = native.getsockoptTimeval(s.fd, l, o);
      if (typeof r === 'number') return retrieveFailed(s, fn, r);
      return { sec: r[0], usec: r[1] };
    }
    if (opt === SO_MEMINFO) {
      const size = MEMINFO_KEYS.length * 4;
      const b = native.getsockoptBytes(s.fd, l, o, size);
      if (typeof b === 'number') return retrieveFailed(s, fn, b);
      if (b.length !== size) {
        warn(fn, 'Unable to retrieve all socket meminfo data');
        return false;
      }
      const out: { [key: string]: number } = {};
      MEMINFO_KEYS.forEach((key, i) => {
        out[key] = LE ? b.readUInt32LE(i * 4) : b.readUInt32BE(i * 4);
      });
      return out;
    }
  }
  const b = native.getsockoptBytes(s.fd, l, o, 4);
  if (typeof b === 'number') return retrieveFailed(s, fn, b);
  return intFromBytes(b);
}

/** A byte-string option (TCP_CONGESTION, SO_BINDTODEVICE): any other value is sent as "". */
function stringValue(value: unknown): string | Uint8Array {
  return typeof value === 'string' || value instanceof Uint8Array ? value : '';
}

/** The two keys an array-shaped SOL_SOCKET option must have, converted to ints in order. */
function twoKeys(fn: string, value: unknown, first: string, second: string): [bigint, bigint] {
  const arr = convertToArray(value);
  for (const key of [first, second]) {
    if (!hasKey(arr, key)) throw new ValueError(`${fn}(): Argument #4 ($value) must have key "${key}"`);
  }
  const a = zvalGetLong(arr[first]);
  const b = zvalGetLong(arr[second]);
  return [a, b];
}

function setOption(fn: string, socket: unknown, level: unknown, option: unknown, value: unknown): boolean {
  const [s, lvl, opt] = parse(fn, socket, level, option);
  const l = lvl | 0;
  const o = opt | 0;
  let rc: number;
  if (lvl === IPPROTO_IPV6 && opt === IPV6_PKTINFO) return setPktinfo(s, fn, lvl, opt, value);
  if (lvl === IPPROTO_IP || lvl === IPPROTO_IPV6) {
    const done = setMulticast(s, fn, lvl, opt, value);
    if (done !== 'unhandled') return done;
  }
  if (lvl === SOL_TCP && opt === TCP_CONGESTION) {
    rc = native.setsockoptBytes(s.fd, l, o, stringValue(value));
  } else if (lvl === SOL_SOCKET && opt === SO_LINGER) {
    const [onoff, linger] = twoKeys(fn, value, 'l_onoff', 'l_linger');
    // struct linger's fields go through (unsigned short) in PHP 8.2: 65536 wraps to 0.
    const u16 = (v: bigint) => Number(BigInt.asUintN(16, v));
    rc = native.setsockoptLinger(s.fd, l, o, u16(onoff), u16(linger));
  } else if (lvl === SOL_SOCKET && (opt === SO_RCVTIMEO || opt === SO_SNDTIMEO)) {
    const [sec, usec] = twoKeys(fn, value, 'sec', 'usec');
    rc = native.setsockoptTimeval(s.fd, l, o, sec, usec);
  } else if (lvl === SOL_SOCKET && opt === SO_BINDTODEVICE) {
    rc = native.setsockoptBytes(s.fd, l, o, stringValue(value));
  } else {
    rc = native.setsockoptInt(s.fd, l, o, cInt(zvalGetLong(value)));
  }
  if (rc < 0) return socketError(s, fn, 'Unable to set socket option', -rc);
  return true;
}

/**
 * socket_get_option(): getsockopt(2). An int for most options (a 1-byte kernel value is
 * zero-extended; SO_PEERCRED gives the peer's pid), an array for SO_LINGER
 * (`{ l_onoff, l_linger }`), SO_RCVTIMEO/SO_SNDTIMEO (`{ sec, usec }`), TCP_CONGESTION
 * (`{ name }`), SO_MEMINFO (9 keys) and IPV6_PKTINFO (`{ addr, ifindex }`); IP_MULTICAST_IF
 * gives an interface index. On failure false, with "Unable to retrieve socket option [errno]"
 * and the socket's and the global last error set.
 */
export function socket_get_option(socket: Socket, level: number, option: number): SocketOptionValue | false {
  arity('socket_get_option', arguments.length, 3, 3);
  return getOption('socket_get_option', socket, level, option);
}

/** socket_getopt(): alias of socket_get_option() (messages name socket_getopt). */
export function socket_getopt(socket: Socket, level: number, option: number): SocketOptionValue | false {
  arity('socket_getopt', arguments.length, 3, 3);
  return getOption('socket_getopt', socket, level, option);
}

/**
 * socket_set_option(): setsockopt(2), with `value` shaped by the option (see docs/api.md). A
 * missing array key or an out-of-range multicast value throws ValueError. On failure false, with
 * "Unable to set socket option [errno]" and the last errors set; interface and conversion
 * problems warn without touching the error codes.
 */
export function socket_set_option(
  socket: Socket,
  level: number,
  option: number,
  value: SocketOptionInput,
): boolean {
  arity('socket_set_option', arguments.length, 4, 4);
  return setOption('socket_set_option', socket, level, option, value);
}

/** socket_setopt(): alias of socket_set_option() (messages name socket_setopt). */
export function socket_setopt(
  socket: Socket,
  level: number,
  option: number,
  value: SocketOptionInput,
): boolean {
  arity('socket_setopt', arguments.length, 4, 4);
  return setOption('socket_setopt', socket, level, option, value);
}
