// String + port -> sockaddr for a socket's family, with PHP's checks and its host-lookup failure
// path. The conversion itself is native (sockaddr.cc); this is the PHP policy around it.
import { ValueError, socketError, warn } from './errors.js';
import { native } from './native.js';
import type { SocketState } from './socket.js';

export const AF_UNIX = 1;
export const AF_INET = 2;
export const AF_INET6 = 10;
const SUN_PATH_LEN = 108;

export function familyError(fn: string, n = 1, name = 'socket'): ValueError {
  return new ValueError(`${fn}(): Argument #${n} ($${name}) must be one of AF_UNIX, AF_INET, or AF_INET6`);
}

/** PHP 8.2 casts ports to unsigned short: -1 -> 65535, 70000 -> 4464. */
export function port16(port: number): number {
  return ((port % 65536) + 65536) % 65536;
}

/** A unix socket path; PHP refuses 108 bytes or more. */
export function unixSockaddr(fn: string, address: string, n: number): Buffer {
  if (address.length >= SUN_PATH_LEN) {
    throw new ValueError(`${fn}(): Argument #${n} ($address) must be less than ${SUN_PATH_LEN}`);
  }
  return native.unixAddr(address);
}

/**
 * An AF_INET/AF_INET6 address: numeric first, then the resolver. On failure, PHP's
 * "Host lookup failed [-10000 - h_errno]" on the socket and globally, and false.
 */
export function inetSockaddr(s: SocketState, fn: string, address: string, port: number): Buffer | false {
  const sa = native.inetAddr(s.family, address, port16(port));
  if (typeof sa !== 'number') return sa;
  if (sa === 1) {
    const name = s.family === AF_INET6 ? 'AF_INET6' : 'AF_INET';
    warn(fn, `Host lookup failed: Non ${name} domain returned on ${name} socket`);
    return false;
  }
  return socketError(s, fn, 'Host lookup failed', sa);
}
