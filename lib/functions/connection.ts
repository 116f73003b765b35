// socket_bind, socket_listen, socket_accept, socket_connect, socket_shutdown, socket_close,
// socket_set_block, socket_set_nonblock.
import { familyError, inetSockaddr, isLastAddress, unixSockaddr } from '../address.js';
import { arity, toInt, toIntOrNull, toStr } from '../php/args.js';
import { ValueError } from '../php/errors.js';
import { socketError } from '../last_error.js';
import { blocking } from '../blocking.js';
import { native } from '../native.js';
import { exhausted } from '../descriptors.js';
import { closeSocket, heldSocket, socketArg, type Socket, type SocketState } from '../socket.js';
import { AF_INET, AF_INET6, AF_UNIX } from '../constants.js';

function sockaddrOf(s: SocketState, fn: string, address: string, port: number): Buffer | false {
  if (s.family === AF_UNIX) return unixSockaddr(fn, address, 2);
  if (s.family === AF_INET || s.family === AF_INET6) return inetSockaddr(s, fn, address, port);
  throw familyError(fn);
}

/**
 * socket_bind(): bind(2) to an address (dotted quad, IPv6 text or host name for AF_INET/6; a
 * path or "\0abstract" name for AF_UNIX). false with "Unable to bind address [errno]" on failure.
 */
export function socket_bind(socket: Socket, address: string, port: number = 0): boolean {
  const fn = 'socket_bind';
  arity(fn, arguments.length, 2, 3);
  const s = socketArg(socket, fn);
  address = toStr(address, fn, 2, 'address');
  port = toInt(port, fn, 3, 'port');
  const sa = sockaddrOf(s, fn, address, port);
  if (sa === false) return false;
  const rc = native.bind(s.fd, sa);
  if (rc < 0) return socketError(s, fn, 'Unable to bind address', -rc);
  return true;
}

/** socket_listen(): listen(2). false with "unable to listen on socket [errno]" on failure. */
export function socket_listen(socket: Socket, backlog: number = 0): boolean {
  const fn = 'socket_listen';
  arity(fn, arguments.length, 1, 2);
  const s = socketArg(socket, fn);
  backlog = toInt(backlog, fn, 2, 'backlog');
  const rc = native.listen(s.fd, backlog);
  if (rc < 0) return socketError(s, fn, 'unable to listen on socket', -rc);
  return true;
}

/**
 * socket_accept(): accept(2); the new Socket is blocking whatever the listener's mode. On
 * failure false; only the global code is set (never the listener's), and EAGAIN does not warn.
 */
export function socket_accept(socket: Socket): Socket | false {
  const fn = 'socket_accept';
  arity(fn, arguments.length, 1, 1);
  const s = socketArg(socket, fn);
  // One native call accepts and holds the descriptor for the new Socket (lib/socket.ts).
  let fd = blocking.accept(s.fd, true);
  if (fd < 0 && exhausted(fd)) fd = blocking.accept(s.fd, true);
  if (fd < 0) return socketError({ error: 0 }, fn, 'unable to accept incoming connection', -fd);
  return heldSocket(fd, s.family);
}

/**
 * socket_connect(): connect(2). `port` is required for AF_INET/AF_INET6. A nonblocking connect
 * in progress returns false with code 115 and no warning.
 */
export function socket_connect(socket: Socket, address: string, port: number | null = null): boolean {
  const fn = 'socket_connect';
  arity(fn, arguments.length, 2, 3);
  const s = socketArg(socket, fn);
  if (!isLastAddress(address)) address = toStr(address, fn, 2, 'address');
  const p = toIntOrNull(port, fn, 3, 'port');
  if ((s.family === AF_INET || s.family === AF_INET6) && p === null) {
    const name = s.family === AF_INET ? 'AF_INET' : 'AF_INET6';
    throw new ValueError(`${fn}(): Argument #3 ($port) cannot be null when the socket type is ${name}`);
  }
  const sa = sockaddrOf(s, fn, address, p ?? 0);
  if (sa === false) return false;
  const rc = blocking.connect(s.fd, sa);
  if (rc < 0) return socketError(s, fn, 'unable to connect', -rc);
  return true;
}

/** socket_shutdown(): shutdown(2); mode 0 (read), 1 (write) or 2 (both, the default). */
export function socket_shutdown(socket: Socket, mode: number = 2): boolean {
  const fn = 'socket_shutdown';
  arity(fn, arguments.length, 1, 2);
  const s = socketArg(socket, fn);
  mode = toInt(mode, fn, 2, 'mode');
  const rc = native.shutdown(s.fd, mode);
  if (rc < 0) return socketError(s, fn, 'Unable to shutdown socket', -rc);
  return true;
}

/** socket_close(): close(2). Any later use of the Socket throws "has already been closed". */
export function socket_close(socket: Socket): void {
  const fn = 'socket_close';
  arity(fn, arguments.length, 1, 1);
  socketArg(socket, fn);
  closeSocket(socket);
}

function setBlocking(socket: Socket, fn: string, nonblock: boolean, given: number): boolean {
  arity(fn, given, 1, 1);
  const s = socketArg(socket, fn);
  const rc = native.setNonblock(s.fd, nonblock);
  if (rc < 0) {
    return socketError(s, fn, `unable to set ${nonblock ? 'nonblocking' : 'blocking'} mode`, -rc);
  }
  s.blocking = !nonblock;
  return true;
}

/** socket_set_nonblock(): sets O_NONBLOCK (fcntl). */
export function socket_set_nonblock(socket: Socket): boolean {
  return setBlocking(socket, 'socket_set_nonblock', true, arguments.length);
}

/** socket_set_block(): clears O_NONBLOCK (fcntl). */
export function socket_set_block(socket: Socket): boolean {
  return setBlocking(socket, 'socket_set_block', false, arguments.length);
}
