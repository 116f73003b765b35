// socket_getsockname, socket_getpeername.
import { familyError } from '../address.js';
import { arity } from '../php/args.js';
import { socketError } from '../last_error.js';
import { native } from '../native.js';
import { type Ref, refArg } from '../php/ref.js';
import { socketArg, type Socket } from '../socket.js';
import { AF_INET, AF_INET6, AF_UNIX } from '../constants.js';

function name(
  fn: string,
  given: number,
  socket: Socket,
  address: Ref<unknown>,
  port: Ref<unknown> | undefined,
  peer: boolean,
): boolean {
  // A literal for a by-reference parameter is refused before anything else is looked at (in PHP
  // it is a compile-time error), so these checks come before the count and the socket.
  const addr = given >= 2 ? refArg<unknown>(address, fn, 2, 'address') : null;
  const portRef = port === undefined || port === null ? null : refArg<unknown>(port, fn, 3, 'port');
  arity(fn, given, 2, 3);
  const s = socketArg(socket, fn);
  const r = native.sockName(s.fd, peer);
  if (typeof r === 'number') {
    return socketError(s, fn, peer ? 'unable to retrieve peer name' : 'unable to retrieve socket name', -r);
  }
  const [family, text, portNumber] = r;
  if (family === AF_UNIX) {
    addr!.value = text;
    return true;
  }
  if (family !== AF_INET && family !== AF_INET6) throw familyError(fn);
  addr!.value = text;
  if (portRef) portRef.value = portNumber;
  return true;
}

/**
 * socket_getsockname(): getsockname(2). Sets `address.value` ("127.0.0.1", "::1", or a unix path;
 * "" for unnamed and abstract unix sockets) and, for AF_INET/AF_INET6, `port.value`. Both are left
 * untouched on failure.
 */
export function socket_getsockname(
  socket: Socket,
  address: Ref<unknown>,
  port?: Ref<unknown>,
): boolean {
  return name('socket_getsockname', arguments.length, socket, address, port, false);
}

/** socket_getpeername(): getpeername(2), with socket_getsockname()'s by-reference rules. */
export function socket_getpeername(
  socket: Socket,
  address: Ref<unknown>,
  port?: Ref<unknown>,
): boolean {
  return name('socket_getpeername', arguments.length, socket, address, port, true);
}
