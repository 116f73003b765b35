// PHP's socket transports (main/streams/transports.c, xp_socket.c, main/network.c): "proto://"
// parsing, tcp/udp name resolution, connecting with a timeout, binding and listening, and the
// texts PHP reports for each failure. Bare "host:port" is tcp.
import { inetSockaddrOf, parseSockaddr } from '../address.js';
import { exhausted } from '../descriptors.js';
import { E_NOTICE, raise, warn } from '../php/errors.js';
import { strerror } from '../last_error.js';
import { blocking } from '../blocking.js';
import { native } from '../native.js';
import { cryptoOnConnect, newTls, tlsAlive, sslOptions, TLS_TRANSPORTS, tlsUnavailable, transportMethod, urlName } from './crypto.js';
import { cString } from '../php/bytes.js';
import { latin1 } from '../php/bytes.js';
import { cInt, zvalGetLong, zvalIsTrue } from '../php/zval.js';
import { contextOption, type StreamContext } from './context.js';
import { run, type Step, type Steps } from './core.js';
import {
  closeStream,
  newStream,
  persistentStream,
  registerPersistent,
  setFd,
  stateOf,
  type Stream,
  type StreamKind,
} from './stream.js';
import {
  AF_INET,
  AF_INET6,
  AF_UNIX,
  IPPROTO_IP,
  IPPROTO_IPV6,
  IPV6_V6ONLY,
  SO_BROADCAST,
  SO_REUSEADDR,
  SO_REUSEPORT,
  SOCK_DGRAM,
  SOCK_STREAM,
  SOL_SOCKET,
  TCP_NODELAY,
} from '../constants.js';
import { AF_UNSPEC, EAGAIN, EINPROGRESS, EMSGSIZE, IP_BIND_ADDRESS_NO_PORT, IPPROTO_TCP } from '../platform.js';

/** PHP's listen() backlog for stream_socket_server() (the "backlog" context option's default). */
const BACKLOG = 32;
const SUN_PATH_MAX = 107;

const TRANSPORTS: Record<string, StreamKind> = { tcp: 'tcp', udp: 'udp', unix: 'unix', udg: 'udg' };

/** stream_get_transports(): tcp, udp, unix, udg, then the TLS ones where OpenSSL is available. */
export function transportNames(): string[] {
  const names = Object.keys(TRANSPORTS);
  return tlsUnavailable() === null ? [...names, ...Object.keys(TLS_TRANSPORTS)] : names;
}

/** What creating a transport stream gives: the stream, or PHP's error code and text. */
export interface XportResult {
  stream: Stream | null;
  errno: number;
  /** null where PHP has no text (callers print "Unknown error"). */
  errstr: string | null;
}

/** C's atoi(): leading blanks, a sign, digits; the int's low 16 bits are what a port keeps. */
export function atoiPort(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d*)/.exec(s)!;
  if (m[2] === '') return 0;
  let v = BigInt(m[2]!);
  const max = 2n ** 63n - 1n;
  if (v > max) v = m[1] === '-' ? max + 1n : max;
  if (m[1] === '-') v = -v;
  return Number(BigInt.asUintN(16, v));
}

/** php_addslashes(): a backslash before ' " \ and NUL (shown as \0). */
function addslashes(s: string): string {
  return s.replace(/['"\\\0]/g, (c) => (c === '\0' ? '\\0' : '\\' + c));
}

/** The address in stream_socket_client()'s "Unable to connect to %s": php_addslashes()ed. */
export function quoteHost(name: string): string {
  return addslashes(name);
}

/**
 * A timeval in microseconds as php_pollfd_for() waits it: truncated to milliseconds; negative (no
 * timeval, or a negative one) waits forever.
 */
export function pollUs(us: number): number {
  return us < 0 ? -1 : Math.trunc(us / 1000) * 1000;
}

/** Splits "proto://rest"; anything else is tcp. */
function splitProtocol(name: string): { proto: string; rest: string; explicit: boolean } {
  let n = 0;
  while (n < name.length && /[A-Za-z0-9+\-.]/.test(name[n]!)) n++;
  if (name[n] === ':' && n > 1 && name.startsWith('://', n)) {
    return { proto: name.slice(0, n), rest: name.slice(n + 3), explicit: true };
  }
  return { proto: 'tcp', rest: name, explicit: false };
}

/** parse_ip_address_ex(): "host:port" or "[v6]:port" -> [host, port], or PHP's error text. */
function parseIpAddress(name: string): { host: string; port: number } | { error: string } {
  if (name.includes('\0')) return { error: 'The hostname must not contain null bytes' };
  if (name[0] === '[' && name.length > 1) {
    const close = name.indexOf(']', 1);
    if (close < 0 || close > name.length - 2 || name[close + 1] !== ':') {
      return { error: `Failed to parse IPv6 address "${cString(name)}"` };
    }
    return { host: name.slice(1, close), port: atoiPort(name.slice(close + 2)) };
  }
  const colon = name.length ? name.slice(0, name.length - 1).indexOf(':') : -1;
  if (colon < 0) return { error: `Failed to parse address "${cString(name)}"` };
  return { host: name.slice(0, colon), port: atoiPort(name.slice(colon + 1)) };
}

// php_network_getaddresses()'s static ipv6_borked: whether socket(AF_INET6) failed, probed once.
let ipv6Borked: boolean | null = null;

/**
 * php_network_getaddresses(): getaddrinfo(3) with AF_UNSPEC (AF_INET when IPv6 sockets cannot be
 * made, as found by the first call), the sockaddrs in the resolver's order. A failure warns (as PHP does, from inside the
 * resolver) and returns its text.
 */
export function getAddresses(fn: string, host: string, socktype: number): Buffer[] | { error: string } {
  ipv6Borked ??= !native.ipv6Usable();
  const family = ipv6Borked ? AF_INET : AF_UNSPEC;
  const r = blocking.getaddrinfo(cString(host), null, 0, family, socktype, 0);
  if (typeof r === 'number') {
    const error = `php_network_getaddresses: getaddrinfo for ${cString(host)} failed: ${native.gaiStrerror(r)}`;
    warn(fn, error);
    return { error };
  }
  return r.map((entry) => entry[5]);
}

/** The resolver's sockaddr_in/in6 with `port` (PHP sets only the port: flowinfo, scope id kept). */
function withPort(sa: Buffer, port: number): Buffer {
  const f = parseSockaddr(sa);
  return inetSockaddrOf(f.family, sa, port, f.flowinfo, f.scopeId);
}

function familyOf(sa: Buffer): number {
  return parseSockaddr(sa).family;
}

/**
 * A unix path as PHP's parse_unix_address() uses it: longer than 107 bytes (108 for an abstract
 * name, which needs no terminating NUL) is truncated, with a notice naming the limit.
 */
function unixAddress(fn: string, path: string): Buffer {
  const max = path[0] === '\0' ? SUN_PATH_MAX + 1 : SUN_PATH_MAX;
  if (path.length > max) {
    raise(E_NOTICE, `${fn}(): socket path exceeded the maximum allowed length of ${max} bytes and was truncated`);
    path = path.slice(0, max);
  }
  return native.unixAddr(path);
}

/**
 * socket(2) for a stream (protocol 0), retried once after a forced collection on EMFILE/ENFILE.
 * The descriptor is owned by `owner` (the Stream it is for) from the syscall on: a Worker
 * terminated before the Stream takes it, in a blocking connect say, leaves nothing open.
 */
function newSocketFd(family: number, socktype: number, owner: object): number {
  const fd = native.socket(family, socktype, 0, owner);
  return fd < 0 && exhausted(fd) ? native.socket(family, socktype, 0, owner) : fd;
}

/** f() with fd closed if it throws (an error handler that throws at a warning or notice). */
function closingOnThrow<T>(fd: number, f: () => T): T {
  try {
    return f();
  } catch (e) {
    native.close(fd);
    throw e;
  }
}

/** A connect's outcome: the descriptor, or the error (code and text; text null for none). */
type Connected = { fd: number } | { errno: number; errstr: string | null };

/**
 * One connect(2) of a fresh socket within `timeoutUs` (a step: php-sockets/async runs it over a
 * probe that waits in the event loop): 0, -EINPROGRESS for an asynchronous connect, or -errno.
 */
function connectStep(fd: number, sa: Buffer, async: boolean, timeoutUs: number): Step {
  return () => blocking.streamConnect(fd, sa, async, timeoutUs);
}

// php_tcp_sockop_connect() and php_network_connect_socket_to_host(): the descriptor, or the error.
// The timeout is in microseconds, negative for none; the `socket` options of the stream's context
// apply (bindto, tcp_nodelay, so_broadcast for udp).
function* connectSteps(
  owner: object,
  fn: string,
  kind: StreamKind,
  name: string,
  context: StreamContext | null,
  async: boolean,
  timeout: number,
): Steps<Connected> {
  if (kind === 'unix' || kind === 'udg') {
    const fd = newSocketFd(AF_UNIX, kind === 'unix' ? SOCK_STREAM : SOCK_DGRAM, owner);
    if (fd < 0) return { errno: 0, errstr: 'Failed to create unix socket' };
    const sa = closingOnThrow(fd, () => unixAddress(fn, name));
    const rc = (yield connectStep(fd, sa, async, timeout)) as number;
    if (rc === 0 || (async && -rc === EINPROGRESS)) return { fd };
    native.close(fd);
    return { errno: -rc, errstr: strerror(-rc) };
  }
  const parsed = parseIpAddress(name);
  if ('error' in parsed) return { errno: 0, errstr: parsed.error };
  let bindto: string | null = null;
  let bindport = 0;
  const local = contextOption(context, 'socket', 'bindto');
  if (local !== undefined) {
    if (typeof local !== 'string' && !(local instanceof Uint8Array)) {
      return { errno: 0, errstr: 'local_addr context option is not a string.' };
    }
    // A bindto that does not parse is ignored (its error text is dropped before the first connect).
    const where = parseIpAddress(typeof local === 'string' ? local : latin1(local));
    if (!('error' in where)) {
      bindto = cString(where.host);
      bindport = where.port;
    }
  }
  const udp = kind === 'udp';
  const broadcast = udp && zvalIsTrue(contextOption(context, 'socket', 'so_broadcast'));
  const nodelay = !udp && zvalIsTrue(contextOption(context, 'socket', 'tcp_nodelay'));
  const socktype = udp ? SOCK_DGRAM : SOCK_STREAM;
  const addrs = (yield () => getAddresses(fn, parsed.host, socktype)) as ReturnType<typeof getAddresses>;
  if (!Array.isArray(addrs)) return { errno: 0, errstr: addrs.error };
  // Each address in turn, within one overall timeout; the error reported is the last one.
  const deadline = timeout >= 0 ? performance.now() * 1000 + timeout : 0;
  let left = timeout;
  let errno = 0;
  let errstr: string | null = null;
  for (const sa of addrs) {
    const family = familyOf(sa);
    if (family === AF_INET6) {
      // An IPv4 bindto: this address is skipped.
      if (bindto !== null && !bindto.includes(':')) continue;
    } else if (family === AF_INET) {
      // An IPv6 (or "0") bindto is dropped for this and every later address.
      if (bindto !== null && (bindto.includes(':') || bindto === '0')) bindto = null;
    } else {
      continue;
    }
    const fd = newSocketFd(family, socktype, owner);
    if (fd < 0) continue;
    if (bindto !== null) closingOnThrow(fd, () => bindLocal(fn, fd, family, bindto!, bindport));
    errstr = null;
    if (broadcast) native.setsockoptInt(fd, SOL_SOCKET, SO_BROADCAST, 1);
    if (nodelay) native.setsockoptInt(fd, IPPROTO_TCP, TCP_NODELAY, 1);
    const rc = (yield connectStep(fd, withPort(sa, parsed.port), async, left)) as number;
    if (rc === 0 || (async && -rc === EINPROGRESS)) return { fd };
    errno = -rc;
    errstr = strerror(errno);
    native.close(fd);
    if (timeout >= 0) {
      left = pollUs(deadline - performance.now() * 1000);
      if (left <= 0) break;
    }
  }
  return { errno, errstr };
}

// The bindto context option: the client socket is bound to that numeric address (of the socket's
// family) before connecting; a failure warns and the connect goes on.
function bindLocal(fn: string, fd: number, family: number, host: string, port: number): void {
  const sa = native.numericAddr(host, port);
  const usable = sa !== null && familyOf(sa) === family;
  if (IP_BIND_ADDRESS_NO_PORT !== undefined) native.setsockoptInt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, 1);
  if (!usable) {
    warn(fn, `Invalid IP Address: ${host}`);
    return;
  }
  const rc = native.bind(fd, sa);
  if (rc < 0) warn(fn, `Failed to bind to '${host}:${port}', system said: ${strerror(-rc)}`);
}

// php_tcp_sockop_bind() (+ listen): the descriptor, or the error text (null for none). The
// `socket` options of the stream's context apply: ipv6_v6only, so_reuseport, so_broadcast (udp)
// and backlog.
function bind(
  owner: object,
  fn: string,
  kind: StreamKind,
  name: string,
  context: StreamContext | null,
  listen: boolean,
): { fd: number } | { errstr: string | null } {
  let fd: number;
  if (kind === 'unix' || kind === 'udg') {
    fd = newSocketFd(AF_UNIX, kind === 'unix' ? SOCK_STREAM : SOCK_DGRAM, owner);
    if (fd < 0) {
      return { errstr: `Failed to create unix${kind === 'unix' ? '' : 'datagram'} socket ${strerror(-fd)}` };
    }
    if (native.bind(fd, closingOnThrow(fd, () => unixAddress(fn, name))) < 0) {
      native.close(fd);
      return { errstr: null };
    }
  } else {
    const parsed = parseIpAddress(name);
    if ('error' in parsed) return { errstr: parsed.error };
    const v6only = contextOption(context, 'socket', 'ipv6_v6only');
    const reuseport = zvalIsTrue(contextOption(context, 'socket', 'so_reuseport'));
    const broadcast = kind === 'udp' && zvalIsTrue(contextOption(context, 'socket', 'so_broadcast'));
    const socktype = kind === 'udp' ? SOCK_DGRAM : SOCK_STREAM;
    const addrs = getAddresses(fn, parsed.host, socktype);
    if (!Array.isArray(addrs)) return { errstr: addrs.error };
    // php_network_bind_socket_to_local_addr(): the first address that binds, SO_REUSEADDR set.
    let err = 0;
    fd = -1;
    for (const sa of addrs) {
      const family = familyOf(sa);
      if (family !== AF_INET && family !== AF_INET6) continue;
      const s = newSocketFd(family, socktype, owner);
      if (s < 0) continue;
      native.setsockoptInt(s, SOL_SOCKET, SO_REUSEADDR, 1);
      // Set on IPv4 sockets too (where it fails, unseen), as PHP does; null means unset.
      if (v6only !== undefined && v6only !== null) native.setsockoptInt(s, IPPROTO_IPV6, IPV6_V6ONLY, zvalIsTrue(v6only) ? 1 : 0);
      if (reuseport) native.setsockoptInt(s, SOL_SOCKET, SO_REUSEPORT, 1);
      if (broadcast) native.setsockoptInt(s, SOL_SOCKET, SO_BROADCAST, 1);
      const rc = native.bind(s, withPort(sa, parsed.port));
      if (rc === 0) {
        fd = s;
        break;
      }
      err = -rc;
      native.close(s);
    }
    if (fd < 0) return { errstr: strerror(err) };
  }
  if (listen && native.listen(fd, backlogOf(context)) < 0) {
    native.close(fd);
    return { errstr: null };
  }
  return { fd };
}

/** The listen() backlog: the `backlog` option as PHP converts it (zval_get_long, then a C int), else 32. */
function backlogOf(context: StreamContext | null): number {
  const v = contextOption(context, 'socket', 'backlog');
  return v === undefined ? BACKLOG : cInt(zvalGetLong(v));
}

export interface XportOptions {
  server: boolean;
  /** The stream's context (its `socket` options apply); null for none (fsockopen()). */
  context: StreamContext | null;
  /** Client: connect (synchronously, or asynchronously). Server: bind, then listen. */
  connect?: boolean;
  async?: boolean;
  bind?: boolean;
  listen?: boolean;
  /** The connect timeout in microseconds; negative: none. */
  timeout?: number;
  persistentKey?: string | null;
}

/**
 * _php_stream_xport_create(): the stream for "proto://target" (a persistent one is reused while
 * its peer has not closed it), connected or bound as asked. With neither, a stream without a
 * socket, as PHP returns one. The name look-up and each connect are steps (see core.ts's Steps):
 * xportCreate() runs them at once, php-sockets/async as steps that wait in the event loop.
 */
export function xportCreate(fn: string, name: string, opts: XportOptions): XportResult {
  return run(xportCreateSteps(fn, name, opts));
}

export function* xportCreateSteps(fn: string, name: string, opts: XportOptions): Steps<XportResult> {
  const key = opts.persistentKey ?? null;
  if (key !== null) {
    const existing = persistentStream(key);
    if (existing) {
      const s = stateOf(existing);
      if (s.open && !streamEofLive(existing)) return { stream: existing, errno: 0, errstr: null };
      closeStream(existing);
    }
  }
  const { proto, rest } = splitProtocol(name);
  // ext/openssl's transports: tcp with crypto enabled on connect or accept (unknown, as in a PHP
  // built without openssl, when this process has no OpenSSL).
  const tls = proto in TLS_TRANSPORTS && tlsUnavailable() === null;
  const kind = tls ? 'tcp' : TRANSPORTS[proto];
  if (kind === undefined) {
    const shown = cString(proto).slice(0, 31);
    return {
      stream: null,
      errno: 0,
      errstr: `Unable to find the socket transport "${shown}" - did you forget to enable it when you configured PHP?`,
    };
  }
  const stream = newStream(-1, kind);
  const st = stateOf(stream);
  st.context = opts.context;
  // Every tcp stream is an openssl stream in PHP: it keeps the URL's host and the connect timeout
  // for a later stream_socket_enable_crypto().
  if (kind === 'tcp') {
    st.tls = newTls(tls ? transportMethod(proto, sslOptions(st)) : 0, tls, urlName(rest), opts.timeout ?? -1);
  }
  if (!opts.server) {
    if (opts.connect || opts.async) {
      const r = yield* connectSteps(stream, fn, kind, rest, opts.context, !!opts.async, opts.timeout ?? -1);
      if ('errno' in r) {
        closeStream(stream);
        return { stream: null, errno: r.errno, errstr: r.errstr };
      }
      setFd(stream, r.fd);
      if (tls && !(yield* cryptoOnConnect(fn, st))) {
        closeStream(stream);
        return { stream: null, errno: 0, errstr: null };
      }
    }
  } else if (opts.bind) {
    const r = bind(stream, fn, kind, rest, opts.context, !!opts.listen);
    if (!('fd' in r)) {
      closeStream(stream);
      return { stream: null, errno: 0, errstr: r.errstr };
    }
    setFd(stream, r.fd);
    if (opts.listen) stateOf(stream).noIo = true;
  }
  if (key !== null) registerPersistent(stream, key);
  return { stream, errno: 0, errstr: null };
}

// The liveness check before reusing a persistent stream (CHECK_LIVENESS with a 0 timeout): dead
// once the peer has closed it.
function streamEofLive(stream: Stream): boolean {
  const s = stateOf(stream);
  if (s.fd < 0) return true;
  // An active TLS stream's liveness is OpenSSL's peek (a close_notify waiting is the end).
  if (s.tls !== null && s.tls.active) return !tlsAlive(s);
  const r = native.streamPeek(s.fd);
  return r === 0 || (r < 0 && -r !== EAGAIN && -r !== EMSGSIZE);
}

/**
 * php_network_parse_network_address_with_port() (stream_socket_sendto's target): "host:port" or
 * "[v6]:port", numeric first, then the resolver's first answer. null when it cannot (a resolver
 * failure warns twice, as PHP does).
 */
export function parseNetworkAddress(fn: string, addr: string): Buffer | null {
  let host: string;
  let rest: string;
  if (addr[0] === '[') {
    const close = addr.indexOf(']', 1);
    if (close < 0 || addr[close + 1] !== ':') return null;
    host = addr.slice(1, close);
    rest = addr.slice(close + 2);
  } else {
    const colon = addr.indexOf(':');
    if (colon < 0) return null;
    host = addr.slice(0, colon);
    rest = addr.slice(colon + 1);
  }
  const port = atoiPort(rest);
  const numeric = native.numericAddr(cString(host), port);
  if (numeric) return numeric;
  const addrs = getAddresses(fn, host, SOCK_DGRAM);
  if (!Array.isArray(addrs)) {
    warn(fn, `Failed to resolve \`${cString(host)}': ${addrs.error}`);
    return null;
  }
  const first = addrs[0];
  if (!first) return null;
  const family = familyOf(first);
  if (family !== AF_INET && family !== AF_INET6) return null;
  return withPort(first, port);
}

/** php_network_populate_name_from_sockaddr(): "a.b.c.d:port", "[v6]:port" or a unix path. */
export function nameText(family: number, address: string, port: number): string {
  if (family === AF_INET) return `${address}:${port}`;
  if (family === AF_INET6) return `[${address}]:${port}`;
  return address;
}
