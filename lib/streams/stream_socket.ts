// stream_socket_server, stream_socket_client, stream_socket_accept, stream_socket_get_name,
// stream_socket_recvfrom, stream_socket_sendto, stream_socket_shutdown, stream_socket_pair.
import { arity, toBool, toData, toFloatOrNull, toInt, toStr } from '../php/args.js';
import { exhausted } from '../descriptors.js';
import { ValueError, warn } from '../php/errors.js';
import { strerror } from '../last_error.js';
import { blocking } from '../blocking.js';
import { native } from '../native.js';
import { optionalRef, type Ref } from '../php/ref.js';
import { contextOption, contextParam, type StreamContext } from './context.js';
import { zvalIsTrue } from '../php/zval.js';
import { IPPROTO_TCP } from '../platform.js';
import { run, secondsToUs, type Steps } from './core.js';
import { defaultTimeout } from '../php/ini.js';
import { cryptoOnConnect, newTls } from './crypto.js';
import { closeStream, newStream, openState, resourceArg, stateOf, type Stream } from './stream.js';
import { cString } from '../php/bytes.js';
import { nameText, parseNetworkAddress, pollUs, quoteHost, xportCreate, xportCreateSteps } from './transport.js';
import {
  MSG_NOSIGNAL,
  MSG_OOB,
  MSG_PEEK,
  STREAM_CLIENT_ASYNC_CONNECT,
  STREAM_CLIENT_CONNECT,
  STREAM_CLIENT_PERSISTENT,
  STREAM_OOB,
  STREAM_PEEK,
  STREAM_SERVER_BIND,
  STREAM_SERVER_LISTEN,
  TCP_NODELAY,
} from '../constants.js';

/** PHP_FILE_NO_DEFAULT_CONTEXT (PHP's own flag, no platform number): no context means none. */
const NO_DEFAULT_CONTEXT = 16;

/**
 * stream_socket_server(): a listening socket for "tcp://host:port" (the default transport),
 * "udp://host:port", "unix:///path" or "udg:///path" (IPv6 as "[::1]:port", port 0 for any).
 * `flags` defaults to STREAM_SERVER_BIND | STREAM_SERVER_LISTEN (udp and udg need
 * STREAM_SERVER_BIND alone). On failure false, warning "Unable to connect to ADDRESS (REASON)";
 * error_code.value is 0 (PHP never reports a server's errno) and error_message.value the reason.
 * TCP servers get SO_REUSEADDR and a backlog of 32 (the `socket` context option `backlog`), as
 * in PHP. `context` (stream_context_create(); null: the default context) is the stream's context:
 * its `socket` options `backlog`, `ipv6_v6only`, `so_reuseport`, `so_broadcast` (udp) and
 * `tcp_nodelay` (set on every accepted socket) apply, and accepted streams share it.
 */
export function stream_socket_server(
  address: string,
  error_code?: Ref<unknown> | null,
  error_message?: Ref<unknown> | null,
  flags: number = STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
  context: StreamContext | null = null,
): Stream | false {
  const fn = 'stream_socket_server';
  // A literal for a by-reference parameter is refused first (PHP refuses it at compile time).
  const errnoRef = optionalRef(error_code, fn, 2, 'error_code');
  const errstrRef = optionalRef(error_message, fn, 3, 'error_message');
  arity(fn, arguments.length, 1, 5);
  const host = toStr(address, fn, 1, 'address');
  flags = toInt(flags, fn, 4, 'flags');
  const ctx = contextParam(context, fn, 5, (flags & NO_DEFAULT_CONTEXT) !== 0);
  if (errnoRef) errnoRef.value = 0;
  if (errstrRef) errstrRef.value = '';
  const r = xportCreate(fn, host, {
    server: true,
    context: ctx,
    bind: (flags & STREAM_SERVER_BIND) !== 0,
    listen: (flags & STREAM_SERVER_LISTEN) !== 0,
  });
  if (r.stream) return r.stream;
  warn(fn, `Unable to connect to ${cString(host)} (${r.errstr === null ? 'Unknown error' : r.errstr})`);
  if (errnoRef) errnoRef.value = r.errno;
  if (errstrRef && r.errstr !== null) errstrRef.value = r.errstr;
  return false;
}

/**
 * stream_socket_client(): a socket connected to "tcp://host:port" (the default transport),
 * "udp://host:port", "unix:///path" or "udg:///path"; host names are resolved and each address
 * tried in turn within `timeout` seconds (default: default_socket_timeout). `flags`:
 * STREAM_CLIENT_CONNECT (default), STREAM_CLIENT_ASYNC_CONNECT (returns while connecting; wait
 * with stream_select for writability), STREAM_CLIENT_PERSISTENT (reused by a later call with the
 * same address while alive). On failure false, warning "Unable to connect to ADDRESS (REASON)",
 * error_code.value the errno (111 for a refused connection, 0 for a parse or lookup failure) and
 * error_message.value the reason. `context` (stream_context_create(); null: the default context)
 * is the stream's context: its `socket` options `bindto`, `tcp_nodelay` and `so_broadcast` (udp)
 * apply.
 */
export function stream_socket_client(
  address: string,
  error_code?: Ref<unknown> | null,
  error_message?: Ref<unknown> | null,
  timeout: number | null = null,
  flags: number = STREAM_CLIENT_CONNECT,
  context: StreamContext | null = null,
): Stream | false {
  return run(clientSteps(arguments.length, address, error_code, error_message, timeout, flags, context));
}

/**
 * stream_socket_client() as steps (core.ts's Steps: the name look-up and each connect), so that
 * php-sockets/async runs this same code. `given` is the number of arguments passed; undefined
 * arguments take their defaults.
 */
export function* clientSteps(
  given: number,
  address: unknown,
  error_code?: unknown,
  error_message?: unknown,
  timeout: unknown = null,
  flags: unknown = STREAM_CLIENT_CONNECT,
  context: unknown = null,
): Steps<Stream | false> {
  const fn = 'stream_socket_client';
  // A literal for a by-reference parameter is refused first (PHP refuses it at compile time).
  const errnoRef = optionalRef(error_code, fn, 2, 'error_code');
  const errstrRef = optionalRef(error_message, fn, 3, 'error_message');
  arity(fn, given, 1, 6);
  const host = toStr(address, fn, 1, 'address');
  let seconds = toFloatOrNull(timeout, fn, 4, 'timeout');
  const bits = toInt(flags, fn, 5, 'flags');
  const ctx = contextParam(context, fn, 6, (bits & NO_DEFAULT_CONTEXT) !== 0);
  if (seconds === null) seconds = defaultTimeout();
  else if (!Number.isFinite(seconds)) throw new ValueError(`${fn}(): Argument #4 ($timeout) must be a finite value`);
  const us = secondsToUs(seconds);
  if (errnoRef) errnoRef.value = 0;
  if (errstrRef) errstrRef.value = '';
  const r = yield* xportCreateSteps(fn, host, {
    server: false,
    context: ctx,
    connect: (bits & STREAM_CLIENT_CONNECT) !== 0,
    async: (bits & STREAM_CLIENT_ASYNC_CONNECT) !== 0,
    // No timeval (a negative or huge timeout) means default_socket_timeout.
    timeout: pollUs(us < 0 ? defaultTimeout() * 1e6 : us),
    persistentKey: bits & STREAM_CLIENT_PERSISTENT ? `stream_socket_client__${host}` : null,
  });
  if (r.stream) return r.stream;
  warn(fn, `Unable to connect to ${quoteHost(host)} (${r.errstr === null ? 'Unknown error' : r.errstr})`);
  if (errnoRef) errnoRef.value = r.errno;
  if (errstrRef && r.errstr !== null) errstrRef.value = r.errstr;
  return false;
}

/**
 * stream_socket_accept(): waits up to `timeout` seconds (default: default_socket_timeout; negative:
 * forever) for a connection on a server stream, whatever its blocking mode. The new stream is
 * blocking, inherits the server's timeout and shares its context; peer_name.value is set to the
 * client's address
 * ("127.0.0.1:54321", "[::1]:54321", a unix path, "\0name" for an abstract one, or ""). On
 * failure false with warning "Accept failed: Connection timed out" (or the accept error).
 */
export function stream_socket_accept(
  socket: Stream,
  timeout: number | null = null,
  peer_name?: Ref<unknown> | null,
): Stream | false {
  return run(acceptSteps(arguments.length, socket, timeout, peer_name));
}

/** stream_socket_accept() as steps (core.ts's Steps): the accept, then an ssl:// server's handshake. */
export function* acceptSteps(
  given: number,
  socket: unknown,
  timeout: unknown,
  peer_name: unknown,
): Steps<Stream | false> {
  const fn = 'stream_socket_accept';
  const peerRef = optionalRef(peer_name, fn, 3, 'peer_name');
  arity(fn, given, 1, 3);
  const res = resourceArg(socket, fn, 1, 'socket');
  let seconds = toFloatOrNull(timeout, fn, 2, 'timeout');
  if (seconds === null) seconds = defaultTimeout();
  else if (!Number.isFinite(seconds)) throw new ValueError(`${fn}(): Argument #2 ($timeout) must be a finite value`);
  const s = openState(res, fn);
  // A stream without a socket polls descriptor -1, which poll() ignores: it times out.
  const us = pollUs(secondsToUs(seconds));
  // The connection is owned from the accept on (a holder until its Stream exists), so neither a
  // throwing error handler nor a Worker's termination can leave it open.
  const holder = {};
  const fd = (yield () => {
    const r = blocking.streamAccept(s.fd, us, holder);
    // EMFILE leaves the connection queued: the second poll finds it at once.
    return r < 0 && exhausted(r) ? blocking.streamAccept(s.fd, us, holder) : r;
  }) as number;
  if (fd < 0) {
    warn(fn, `Accept failed: ${strerror(-fd)}`);
    return false;
  }
  // php_network_accept_incoming(): the server context's tcp_nodelay, read at each accept.
  if (zvalIsTrue(contextOption(s.context, 'socket', 'tcp_nodelay'))) native.setsockoptInt(fd, IPPROTO_TCP, TCP_NODELAY, 1);
  const client = newStream(fd, s.kind);
  const c = stateOf(client);
  c.context = s.context;
  c.tvSec = s.tvSec;
  c.tvUsec = s.tvUsec;
  c.timedOut = s.timedOut;
  // php_openssl_tcp_sockop_accept(): an ssl:// server's client does the server handshake here,
  // with the timeout it copied from the listening stream.
  if (s.tls !== null) {
    c.tls = newTls(s.tls.method & ~1, s.tls.enableOnConnect, null, 0);
    if (s.tls.enableOnConnect && !(yield* cryptoOnConnect(fn, c))) {
      closeStream(client);
      warn(fn, 'Accept failed: Success');
      return false;
    }
  }
  if (peerRef) {
    const name = native.sockName(fd, true, true);
    peerRef.value = typeof name === 'number' ? '' : nameText(name[0], name[1], name[2]);
  }
  return client;
}

/**
 * stream_socket_get_name(): the local (remote false) or peer (remote true) address as
 * "127.0.0.1:80", "[::1]:80" or a unix path; false when there is none (unconnected, unnamed or
 * abstract unix socket) or the call fails. No warning.
 */
export function stream_socket_get_name(socket: Stream, remote: boolean): string | false {
  const fn = 'stream_socket_get_name';
  arity(fn, arguments.length, 2, 2);
  const res = resourceArg(socket, fn, 1, 'socket');
  const peer = toBool(remote, fn, 2, 'remote');
  const s = openState(res, fn);
  if (s.fd < 0) return false;
  const r = native.sockName(s.fd, peer, true);
  if (typeof r === 'number') return false;
  const text = nameText(r[0], r[1], r[2]);
  return text.length === 0 || text[0] === '\0' ? false : text;
}

/**
 * stream_socket_recvfrom(): one recvfrom(2) of up to `length` bytes straight from the socket
 * (bypassing, and leaving alone, the read buffer; ignoring the stream's timeout: a blocking
 * stream blocks). `flags`: STREAM_OOB, STREAM_PEEK. address.value is set to null first, then to
 * the sender ("" when the kernel gives none, as for TCP; "\0name" for an abstract unix sender).
 * Returns the bytes, or false (no warning).
 */
export function stream_socket_recvfrom(
  socket: Stream,
  length: number,
  flags: number = 0,
  address?: Ref<unknown> | null,
): string | false {
  const fn = 'stream_socket_recvfrom';
  const addrRef = optionalRef(address, fn, 4, 'address');
  arity(fn, arguments.length, 2, 4);
  const res = resourceArg(socket, fn, 1, 'socket');
  length = toInt(length, fn, 2, 'length');
  flags = toInt(flags, fn, 3, 'flags');
  const s = openState(res, fn);
  if (addrRef) addrRef.value = null;
  if (length <= 0) throw new ValueError(`${fn}(): Argument #2 ($length) must be greater than 0`);
  const recvFlags = (flags & STREAM_OOB ? MSG_OOB : 0) | (flags & STREAM_PEEK ? MSG_PEEK : 0);
  const r = blocking.streamRecvFrom(s.fd, length, recvFlags);
  if (typeof r === 'number') return false;
  if (addrRef) addrRef.value = r.length === 1 ? '' : nameText(r[1]!, r[2]!, r[3]!);
  return r[0];
}

/**
 * stream_socket_sendto(): one send(2), or sendto(2) to `address` ("host:port", "[v6]:port"),
 * bypassing the stream's write path. `flags`: STREAM_OOB. Returns the count sent; a failed send
 * returns -1 (not false) with a warning holding only strerror and a newline, as PHP's does; an
 * address that does not parse is false with "Failed to parse `ADDRESS' into a valid network
 * address".
 */
export function stream_socket_sendto(
  socket: Stream,
  data: string | Uint8Array,
  flags: number = 0,
  address: string = '',
): number | false {
  const fn = 'stream_socket_sendto';
  arity(fn, arguments.length, 2, 4);
  const res = resourceArg(socket, fn, 1, 'socket');
  const bytes = toData(data, fn, 2, 'data');
  flags = toInt(flags, fn, 3, 'flags');
  const target = toStr(address, fn, 4, 'address');
  const s = openState(res, fn);
  let sa: Buffer | null = null;
  if (target.length > 0) {
    sa = parseNetworkAddress(fn, target);
    if (sa === null) {
      warn(fn, `Failed to parse \`${cString(target)}' into a valid network address`);
      return false;
    }
  }
  const sendFlags = (flags & STREAM_OOB ? MSG_OOB : 0) | MSG_NOSIGNAL;
  const n = sa
    ? blocking.sendto(s.fd, bytes, bytes.length, sendFlags, sa)
    : blocking.send(s.fd, bytes, bytes.length, sendFlags);
  if (n < 0) {
    warn(fn, `${strerror(-n)}\n`);
    return -1;
  }
  return n;
}

/**
 * stream_socket_shutdown(): shutdown(2) with STREAM_SHUT_RD, STREAM_SHUT_WR or STREAM_SHUT_RDWR;
 * true, or false (no warning) when it fails.
 */
export function stream_socket_shutdown(stream: Stream, mode: number): boolean {
  const fn = 'stream_socket_shutdown';
  arity(fn, arguments.length, 2, 2);
  const res = resourceArg(stream, fn);
  mode = toInt(mode, fn, 2, 'mode');
  if (mode !== 0 && mode !== 1 && mode !== 2) {
    throw new ValueError(
      `${fn}(): Argument #2 ($mode) must be one of STREAM_SHUT_RD, STREAM_SHUT_WR, or STREAM_SHUT_RDWR`,
    );
  }
  const s = openState(res, fn);
  return native.shutdown(s.fd, mode) === 0;
}

/**
 * stream_socket_pair(): socketpair(2) as two connected streams [0 => Stream, 1 => Stream]
 * (stream_type "generic_socket"), or false with warning "Failed to create sockets: [errno]:
 * strerror".
 */
export function stream_socket_pair(domain: number, type: number, protocol: number): [Stream, Stream] | false {
  const fn = 'stream_socket_pair';
  arity(fn, arguments.length, 3, 3);
  domain = toInt(domain, fn, 1, 'domain');
  type = toInt(type, fn, 2, 'type');
  protocol = toInt(protocol, fn, 3, 'protocol');
  const out = new Int32Array(2);
  // Owned from the syscall on (holders until the Streams exist).
  const holders = [{}, {}] as const;
  let rc = native.socketpair(domain, type, protocol, out, holders[0], holders[1]);
  if (rc < 0 && exhausted(rc)) rc = native.socketpair(domain, type, protocol, out, holders[0], holders[1]);
  if (rc < 0) {
    warn(fn, `Failed to create sockets: [${-rc}]: ${strerror(-rc)}`);
    return false;
  }
  return [newStream(out[0]!, 'generic'), newStream(out[1]!, 'generic')];
}
