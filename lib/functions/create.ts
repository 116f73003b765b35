// socket_create, socket_create_listen, socket_create_pair.
import { inetSockaddr } from '../address.js';
import { arity, toInt } from '../php/args.js';
import { ValueError } from '../php/errors.js';
import { globalError, socketError } from '../last_error.js';
import { native } from '../native.js';
import { type Ref, refArg } from '../php/ref.js';
import { exhausted } from '../descriptors.js';
import { heldSocket, newSocket, setSocketFd, type Socket, type SocketState } from '../socket.js';
import { AF_INET, AF_INET6, AF_UNIX, SOCK_STREAM } from '../constants.js';

function checkDomainType(fn: string, domain: number, type: number): void {
  if (domain !== AF_UNIX && domain !== AF_INET6 && domain !== AF_INET) {
    throw new ValueError(`${fn}(): Argument #1 ($domain) must be one of AF_UNIX, AF_INET6, or AF_INET`);
  }
  if (type > 10) {
    throw new ValueError(
      `${fn}(): Argument #2 ($type) must be one of SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET, SOCK_RAW, or SOCK_RDM`,
    );
  }
}

/**
 * socket_create(): socket(2). Returns a blocking Socket, or false with the global last error set
 * and a warning "Unable to create socket [errno]: text".
 */
export function socket_create(domain: number, type: number, protocol: number): Socket | false {
  const fn = 'socket_create';
  arity(fn, arguments.length, 3, 3);
  domain = toInt(domain, fn, 1, 'domain');
  type = toInt(type, fn, 2, 'type');
  protocol = toInt(protocol, fn, 3, 'protocol');
  checkDomainType(fn, domain, type);
  // One native call makes the descriptor and holds it for the Socket (lib/socket.ts).
  let fd = native.socket(domain, type, protocol, true);
  if (fd < 0 && exhausted(fd)) fd = native.socket(domain, type, protocol, true);
  if (fd < 0) return globalError(fn, 'Unable to create socket', -fd);
  return heldSocket(fd, domain);
}

/**
 * socket_create_listen(): a TCP/IPv4 socket bound to 0.0.0.0:port (no SO_REUSEADDR) and
 * listening. On failure false, with only the global last error set (PHP records it on a socket
 * it then discards) and a warning.
 */
export function socket_create_listen(port: number, backlog: number = 128): Socket | false {
  const fn = 'socket_create_listen';
  arity(fn, arguments.length, 1, 2);
  port = toInt(port, fn, 1, 'port');
  backlog = toInt(backlog, fn, 2, 'backlog');
  const discarded: SocketState = { fd: -1, family: AF_INET, error: 0, blocking: true };
  const sa = inetSockaddr(discarded, fn, '0.0.0.0', port);
  if (sa === false) return false;
  let fd = native.socket(AF_INET, SOCK_STREAM, 0, true);
  if (fd < 0 && exhausted(fd)) fd = native.socket(AF_INET, SOCK_STREAM, 0, true);
  if (fd < 0) return socketError(discarded, fn, 'unable to create listening socket', -fd);
  let rc = native.bind(fd, sa);
  if (rc < 0) {
    native.close(fd);
    return socketError(discarded, fn, 'unable to bind to given address', -rc);
  }
  rc = native.listen(fd, backlog);
  if (rc < 0) {
    native.close(fd);
    return socketError(discarded, fn, 'unable to listen on socket', -rc);
  }
  return heldSocket(fd, AF_INET);
}

const pairFds = new Int32Array(2);

/**
 * socket_create_pair(): socketpair(2). On success `pair` receives [Socket, Socket]: a box gets a
 * new array in `value`, an array is filled in place. On failure `pair` is untouched, false is
 * returned, only the global code is set, and PHP's "Unable to create socket pair" warning raised.
 */
export function socket_create_pair(
  domain: number,
  type: number,
  protocol: number,
  pair: Ref<unknown> | unknown[],
): boolean {
  const fn = 'socket_create_pair';
  arity(fn, arguments.length, 4, 4);
  domain = toInt(domain, fn, 1, 'domain');
  type = toInt(type, fn, 2, 'type');
  protocol = toInt(protocol, fn, 3, 'protocol');
  checkDomainType(fn, domain, type);
  if (!Array.isArray(pair)) refArg(pair, fn, 4, 'pair');
  // A frozen array cannot take the pair: refused before the sockets exist (they would leak).
  else if (!Object.isExtensible(pair)) {
    throw new Error(`${fn}(): Argument #4 ($pair) cannot be passed by reference`);
  }
  const sockets = [newSocket(-1, domain), newSocket(-1, domain)] as const;
  let rc = native.socketpair(domain, type, protocol, pairFds, sockets[0], sockets[1]);
  if (rc < 0 && exhausted(rc)) rc = native.socketpair(domain, type, protocol, pairFds, sockets[0], sockets[1]);
  if (rc < 0) return globalError(fn, 'Unable to create socket pair', -rc);
  setSocketFd(sockets[0], pairFds[0]!);
  setSocketFd(sockets[1], pairFds[1]!);
  if (Array.isArray(pair)) {
    pair.length = 0;
    pair.push(...sockets);
  } else {
    pair.value = sockets;
  }
  return true;
}
