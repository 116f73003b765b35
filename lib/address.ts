// String + port -> sockaddr for a socket's family, with PHP's checks and its host-lookup failure
// path. The conversion itself is native (sockaddr.cc); this is the PHP policy around it.
import { ValueError, warn } from './php/errors.js';
import { socketError } from './last_error.js';
import { native } from './native.js';
import type { SocketState } from './socket.js';
import { AF_INET, AF_INET6 } from './constants.js';

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

// A dotted quad that inet_pton(3) accepts as is (no leading zeros, each part <= 255): its
// sockaddr never depends on the resolver, so it is built once per port and shared (the Buffers
// are only ever read). Building one costs a Node Buffer, ~0.5 us, on every connect or sendto.
const DOTTED_QUAD = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const ipv4Cache = new Map<string, Buffer>();
// The last one looked up, checked before the map: a loop that connects to one address again and
// again then builds no key string.
let lastAddress = '';
let lastPort = -1;
let lastSockaddr: Buffer | null = null;

/**
 * Whether `v` is the address of the last cache hit above: a dotted quad, so a byte string that
 * toStr() returns as it is (socket_connect skips the char-by-char check, ~26 instructions a char).
 */
export function isLastAddress(v: unknown): boolean {
  return v === lastAddress;
}

/**
 * An AF_INET/AF_INET6 address: numeric first, then the resolver. On failure, PHP's
 * "Host lookup failed [-10000 - h_errno]" on the socket and globally, and false. `family` is the
 * socket's unless a caller resolves for another one (IPV6_PKTINFO always wants AF_INET6).
 */
export function inetSockaddr(
  s: SocketState,
  fn: string,
  address: string,
  port: number,
  family: number = s.family,
): Buffer | false {
  const p = port16(port);
  if (family === AF_INET && p === lastPort && address === lastAddress) return lastSockaddr!;
  const key = family === AF_INET ? `${p} ${address}` : '';
  if (key !== '') {
    const known = ipv4Cache.get(key);
    if (known !== undefined) {
      lastAddress = address;
      lastPort = p;
      lastSockaddr = known;
      return known;
    }
  }
  const sa = native.inetAddr(family, address, p);
  if (typeof sa !== 'number') {
    if (key !== '' && DOTTED_QUAD.test(address)) {
      if (ipv4Cache.size >= 64) ipv4Cache.clear();
      ipv4Cache.set(key, sa);
    }
    return sa;
  }
  if (sa === 1) {
    const name = family === AF_INET6 ? 'AF_INET6' : 'AF_INET';
    warn(fn, `Host lookup failed: Non ${name} domain returned on ${name} socket`);
    return false;
  }
  return socketError(s, fn, 'Host lookup failed', sa);
}

/** A sockaddr's fields (flowinfo and scopeId are AF_INET6's; address is a unix path for AF_UNIX). */
export interface SockaddrFields {
  family: number;
  address: string;
  port: number;
  flowinfo: number;
  scopeId: number;
}

/** Reads a sockaddr held as bytes (a recvmsg name, an addrinfo result); short ones are zero-extended. */
export function parseSockaddr(bytes: Uint8Array): SockaddrFields {
  const [family, address, port, flowinfo, scopeId] = native.sockaddrParse(bytes);
  return { family, address, port, flowinfo, scopeId };
}

/**
 * A sockaddr_in/in6 from fields: the address is `base`'s (a sockaddr from inetSockaddr(), or null
 * for the any address); flowinfo and scopeId count for AF_INET6 only.
 */
export function inetSockaddrOf(
  family: number,
  base: Buffer | null,
  port: number,
  flowinfo = 0,
  scopeId = 0,
): Buffer {
  return native.inetSockaddr(family, base, port, flowinfo, scopeId);
}
