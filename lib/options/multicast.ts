// The multicast options of socket_set_option/socket_get_option (PHP's multicast.c): MCAST_* group
// requests with addresses resolved like socket_bind's, interfaces named by index or name, and
// IP_MULTICAST_IF / _TTL / _LOOP and their IPv6 counterparts.
import { inetSockaddr } from '../address.js';
import {
  AF_INET,
  AF_INET6,
  IP_MULTICAST_IF,
  IP_MULTICAST_LOOP,
  IP_MULTICAST_TTL,
  IPPROTO_IP,
  IPV6_MULTICAST_HOPS,
  IPV6_MULTICAST_IF,
  IPV6_MULTICAST_LOOP,
  MCAST_BLOCK_SOURCE,
  MCAST_JOIN_GROUP,
  MCAST_JOIN_SOURCE_GROUP,
  MCAST_LEAVE_GROUP,
  MCAST_LEAVE_SOURCE_GROUP,
  MCAST_UNBLOCK_SOURCE,
} from '../constants.js';
import { ValueError, warn } from '../php/errors.js';
import { socketError } from '../last_error.js';
import { native } from '../native.js';
import type { SocketState } from '../socket.js';
import {
  cInt,
  convertToArray,
  hasKey,
  isPhpInt,
  zvalGetLong,
  zvalGetString,
  zvalIsTrue,
} from '../php/zval.js';
import { cString } from '../php/bytes.js';

const UINT_MAX = 4294967295n;

/** What a multicast handler did: set the option, failed (false), or left it to the int path. */
export type Handled = boolean | 'unhandled';

function isGroupOption(option: number): boolean {
  return (
    option === MCAST_JOIN_GROUP ||
    option === MCAST_LEAVE_GROUP ||
    option === MCAST_BLOCK_SOURCE ||
    option === MCAST_UNBLOCK_SOURCE ||
    option === MCAST_JOIN_SOURCE_GROUP ||
    option === MCAST_LEAVE_SOURCE_GROUP
  );
}

/**
 * An interface given by index (an int in 0..UINT_MAX, else PHP's unprefixed ValueError) or by name
 * (anything else, converted to a string; an unknown name warns). false after a warning.
 */
export function interfaceIndex(fn: string, value: unknown): number | false {
  if (isPhpInt(value)) {
    const n = BigInt(value);
    if (n < 0n || n > UINT_MAX) throw new ValueError(`Index must be between 0 and ${UINT_MAX}`);
    return Number(n);
  }
  const name = zvalGetString(value);
  const index = native.ifNameToIndex(name);
  if (index === 0) {
    warn(fn, `No interface with name "${cString(name)}" could be found`);
    return false;
  }
  return index;
}

/** php_set_inet46_addr: an address for the socket's own family (AF_INET or AF_INET6 only). */
function groupAddress(s: SocketState, fn: string, arr: Record<string, unknown>, key: string): Buffer | false {
  if (!hasKey(arr, key)) throw new ValueError(`No key "${key}" passed in optval`);
  const text = zvalGetString(arr[key]);
  if (s.family !== AF_INET && s.family !== AF_INET6) {
    warn(fn, 'IP address used in the context of an unexpected type of socket');
    return false;
  }
  return inetSockaddr(s, fn, text, 0);
}

/** MCAST_JOIN_GROUP and the five others: { group, source?, interface? } (RFC 3678 requests). */
function groupRequest(s: SocketState, fn: string, level: number, option: number, value: unknown): boolean {
  const arr = convertToArray(value);
  const group = groupAddress(s, fn, arr, 'group');
  if (group === false) return false;
  let source: Buffer | null = null;
  if (option !== MCAST_JOIN_GROUP && option !== MCAST_LEAVE_GROUP) {
    const src = groupAddress(s, fn, arr, 'source');
    if (src === false) return false;
    source = src;
  }
  let index = 0;
  if (hasKey(arr, 'interface')) {
    const i = interfaceIndex(fn, arr['interface']);
    if (i === false) return false;
    index = i;
  }
  const rc = native.setsockoptGroup(s.fd, level | 0, option | 0, index, group, source);
  if (rc < 0) return socketError(s, fn, 'Unable to set socket option', -rc);
  return true;
}

function setBytes(s: SocketState, fn: string, level: number, option: number, data: Uint8Array): boolean {
  const rc = native.setsockoptBytes(s.fd, level | 0, option | 0, data);
  if (rc < 0) return socketError(s, fn, 'Unable to set socket option', -rc);
  return true;
}

function setInt(s: SocketState, fn: string, level: number, option: number, value: number): boolean {
  const rc = native.setsockoptInt(s.fd, level | 0, option | 0, value);
  if (rc < 0) return socketError(s, fn, 'Unable to set socket option', -rc);
  return true;
}

/**
 * socket_set_option at IPPROTO_IP or IPPROTO_IPV6: the MCAST_* group requests (both levels) and
 * the level's multicast options, or 'unhandled'.
 */
export function setMulticast(s: SocketState, fn: string, level: number, option: number, value: unknown): Handled {
  if (isGroupOption(option)) return groupRequest(s, fn, level, option, value);
  return level === IPPROTO_IP ? setIpOption(s, fn, level, option, value) : setIpv6Option(s, fn, level, option, value);
}

function setIpOption(s: SocketState, fn: string, level: number, option: number, value: unknown): Handled {
  if (option === IP_MULTICAST_IF) {
    const index = interfaceIndex(fn, value);
    if (index === false) return false;
    let addr: Buffer = Buffer.alloc(4);
    if (index !== 0) {
      const a = native.ifIndexToAddr4(s.fd, index);
      if (typeof a === 'number') {
        warn(fn, `Failed obtaining address for interface ${index}: error ${-a}`);
        return false;
      }
      addr = a;
    }
    return setBytes(s, fn, level, option, addr);
  }
  if (option === IP_MULTICAST_LOOP) {
    return setBytes(s, fn, level, option, Uint8Array.of(zvalIsTrue(value) ? 1 : 0));
  }
  if (option === IP_MULTICAST_TTL) {
    const ttl = zvalGetLong(value);
    if (ttl < 0n || ttl > 255n) {
      throw new ValueError(`${fn}(): Argument #4 ($value) must be between 0 and 255`);
    }
    return setBytes(s, fn, level, option, Uint8Array.of(Number(ttl)));
  }
  return 'unhandled';
}

function setIpv6Option(s: SocketState, fn: string, level: number, option: number, value: unknown): Handled {
  if (option === IPV6_MULTICAST_IF) {
    const index = interfaceIndex(fn, value);
    if (index === false) return false;
    return setInt(s, fn, level, option, index | 0);
  }
  if (option === IPV6_MULTICAST_LOOP) return setInt(s, fn, level, option, zvalIsTrue(value) ? 1 : 0);
  if (option === IPV6_MULTICAST_HOPS) {
    const hops = zvalGetLong(value);
    if (hops < -1n || hops > 255n) {
      throw new ValueError(`${fn}(): Argument #4 ($value) must be between -1 and 255`);
    }
    return setInt(s, fn, level, option, cInt(hops));
  }
  return 'unhandled';
}

/**
 * socket_get_option(IPPROTO_IP, IP_MULTICAST_IF): the kernel keeps an address; PHP answers with
 * the index of the interface that has it (0 for any).
 */
export function getIpMulticastIf(s: SocketState, fn: string, level: number, option: number): number | false {
  const addr = native.getsockoptBytes(s.fd, level | 0, option | 0, 4);
  if (typeof addr === 'number') return socketError(s, fn, 'Unable to retrieve socket option', -addr);
  const padded = Buffer.alloc(4);
  addr.copy(padded);
  if (padded.readUInt32BE(0) === 0) return 0;
  const [status, value] = native.ifAddr4ToIndex(s.fd, padded);
  switch (status) {
    case 0:
      return value;
    case 1:
      warn(fn, `Failed obtaining interfaces list: error ${value}`);
      return false;
    case 2:
      warn(fn, `Error converting interface name to index: error ${value}`);
      return false;
    default:
      warn(fn, `The interface with IP address ${padded.join('.')} was not found`);
      return false;
  }
}
