// gethostbyname, gethostbynamel, gethostbyaddr, gethostname, getservbyname, getservbyport,
// getprotobyname, getprotobynumber: the netdb look-ups (resolver, /etc/services, /etc/protocols)
// as PHP exposes them.
import { hostname } from 'node:os';
import { port16 } from '../address.js';
import { arity, toInt, toPath } from '../php/args.js';
import { warn } from '../php/errors.js';
import { blocking } from '../blocking.js';
import { native } from '../native.js';
import { cString } from '../php/bytes.js';

const MAXFQDNLEN = 255;

function lookup(hostname: string): string[] | null {
  const r = blocking.hostByName(cString(hostname));
  return typeof r === 'number' ? null : r;
}

/**
 * gethostbyname(): the first IPv4 address of `hostname` (gethostbyname(3)), or `hostname`
 * itself when it does not resolve (or, with a warning, when it is longer than 255 bytes).
 */
export function gethostbyname(hostname: string): string {
  const fn = 'gethostbyname';
  arity(fn, arguments.length, 1, 1);
  const host = toPath(hostname, fn, 1, 'hostname');
  if (host.length > MAXFQDNLEN) {
    warn(fn, `Host name cannot be longer than ${MAXFQDNLEN} characters`);
    return host;
  }
  const addrs = lookup(host);
  return addrs && addrs.length ? addrs[0]! : host;
}

/** gethostbynamel(): all IPv4 addresses of `hostname`, or false when it does not resolve. */
export function gethostbynamel(hostname: string): string[] | false {
  const fn = 'gethostbynamel';
  arity(fn, arguments.length, 1, 1);
  const host = toPath(hostname, fn, 1, 'hostname');
  if (host.length > MAXFQDNLEN) {
    warn(fn, `Host name cannot be longer than ${MAXFQDNLEN} characters`);
    return false;
  }
  return lookup(host) ?? false;
}

/**
 * gethostbyaddr(): the host name of an IPv6 or IPv4 address (gethostbyaddr(3)), the address
 * itself when it has none, or false with a warning when `ip` is not an address.
 */
export function gethostbyaddr(ip: string): string | false {
  const fn = 'gethostbyaddr';
  arity(fn, arguments.length, 1, 1);
  const addr = toPath(ip, fn, 1, 'ip');
  const r = blocking.hostByAddr(addr);
  if (typeof r === 'number') {
    warn(fn, 'Address is not a valid IPv4 or IPv6 address');
    return false;
  }
  return r === '' ? addr : r;
}

/** gethostname(): this machine's host name (gethostname(2), uname's nodename). */
export function gethostname(): string {
  arity('gethostname', arguments.length, 0, 0);
  return hostname();
}

/** getservbyname(): the port of service `service` over `protocol` ("tcp", "udp"), or false. */
export function getservbyname(service: string, protocol: string): number | false {
  const fn = 'getservbyname';
  arity(fn, arguments.length, 2, 2);
  const name = toPath(service, fn, 1, 'service');
  const proto = toPath(protocol, fn, 2, 'protocol');
  const port = native.servByName(cString(name), cString(proto));
  return port < 0 ? false : port;
}

/** getservbyport(): the service name for `port` (cast to 16 bits) over `protocol`, or false. */
export function getservbyport(port: number, protocol: string): string | false {
  const fn = 'getservbyport';
  arity(fn, arguments.length, 2, 2);
  const p = toInt(port, fn, 1, 'port');
  const proto = toPath(protocol, fn, 2, 'protocol');
  return native.servByPort(port16(p), cString(proto)) ?? false;
}

/** getprotobyname(): the number of protocol `protocol` ("tcp" -> 6), or false. */
export function getprotobyname(protocol: string): number | false {
  const fn = 'getprotobyname';
  arity(fn, arguments.length, 1, 1);
  const n = native.protoByName(cString(toPath(protocol, fn, 1, 'protocol')));
  return n < 0 ? false : n;
}

/** getprotobynumber(): the name of protocol number `protocol` (6 -> "tcp"), or false. */
export function getprotobynumber(protocol: number): string | false {
  const fn = 'getprotobynumber';
  arity(fn, arguments.length, 1, 1);
  const n = toInt(protocol, fn, 1, 'protocol');
  // PHP passes the number on as a C int.
  return native.protoByNumber(Number(BigInt.asIntN(32, BigInt(n)))) ?? false;
}
