// IPV6_PKTINFO (RFC 3542) for socket_set_option/socket_get_option: ['addr' => string, 'ifindex' =>
// int|string], converted the way socket_sendmsg converts an in6_pktinfo, with its
// "error converting user data (path: in6_pktinfo > ...)" warnings.
import { AF_INET6, inetSockaddr } from '../address.js';
import { socketError, warn } from '../errors.js';
import { native } from '../native.js';
import type { SocketState } from '../socket.js';
import { cString, hasKey, isPhpArray, isPhpInt, zvalGetString } from './zval.js';

const UINT_MAX = 4294967295n;

function conversionError(fn: string, path: string, message: string): false {
  warn(fn, `error converting user data (path: ${path}): ${message}`);
  return false;
}

/**
 * The ifindex field: an int in 0..UINT_MAX, or anything else as an interface name. false after
 * the conversion warning.
 */
function ifindexField(fn: string, value: unknown): number | false {
  const path = 'in6_pktinfo > ifindex';
  if (isPhpInt(value)) {
    const n = BigInt(value);
    if (n < 0n || n > UINT_MAX) {
      const why = `the interface index cannot be negative or larger than ${UINT_MAX}; given ${n}`;
      return conversionError(fn, path, why);
    }
    return Number(n);
  }
  const name = zvalGetString(value);
  const index = native.ifNameToIndex(name);
  if (index === 0) {
    return conversionError(fn, path, `no interface with name "${cString(name)}" could be found`);
  }
  return index;
}

/**
 * socket_set_option(IPPROTO_IPV6, IPV6_PKTINFO). PHP 8.2 crashes when a non-string addr fails to
 * resolve (GH-21161: it prints the unconverted value); we report the converted string, as later
 * PHP does, after the "Host lookup failed" warning.
 */
export function setPktinfo(
  s: SocketState,
  fn: string,
  level: number,
  option: number,
  value: unknown,
): boolean {
  if (!isPhpArray(value)) return conversionError(fn, 'in6_pktinfo', 'expected an array here');
  if (!hasKey(value, 'addr')) return conversionError(fn, 'in6_pktinfo', "The key 'addr' is required");
  const text = zvalGetString(value['addr']);
  const addr = inetSockaddr(s, fn, text, 0, AF_INET6);
  if (addr === false) {
    return conversionError(
      fn,
      'in6_pktinfo > addr',
      `could not resolve address '${cString(text)}' to get an AF_INET6 address`,
    );
  }
  if (!hasKey(value, 'ifindex')) return conversionError(fn, 'in6_pktinfo', "The key 'ifindex' is required");
  const ifindex = ifindexField(fn, value['ifindex']);
  if (ifindex === false) return false;
  const rc = native.setsockoptPktinfo(s.fd, level | 0, option | 0, addr, ifindex);
  if (rc < 0) return socketError(s, fn, 'Unable to set socket option', -rc);
  return true;
}

/** socket_get_option(IPPROTO_IPV6, IPV6_PKTINFO): Linux refuses it ([92]), with PHP's lower case. */
export function getPktinfo(
  s: SocketState,
  fn: string,
  level: number,
  option: number,
): { addr: string; ifindex: number } | false {
  const r = native.getsockoptPktinfo(s.fd, level | 0, option | 0);
  if (typeof r === 'number') return socketError(s, fn, 'unable to get socket option', -r);
  return { addr: r[0], ifindex: r[1] };
}
