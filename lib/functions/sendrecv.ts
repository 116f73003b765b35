// socket_send, socket_recv, socket_sendto, socket_recvfrom, socket_atmark. Flags are recv(2)'s
// and send(2)'s, passed through as PHP passes them (MSG_PEEK, MSG_DONTWAIT, MSG_WAITALL, MSG_OOB,
// MSG_TRUNC, MSG_EOR, MSG_MORE, MSG_NOSIGNAL, ...).
import { familyError, inetSockaddr } from '../address.js';
import { arity, toData, toInt, toIntOrNull, toStr } from '../php/args.js';
import { ArgumentCountError, ValueError } from '../php/errors.js';
import { socketError } from '../last_error.js';
import { blocking } from '../blocking.js';
import { native } from '../native.js';
import { type Ref, refArg } from '../php/ref.js';
import { socketArg, socketType, type Socket, type SocketState } from '../socket.js';
import { AF_INET, AF_INET6, AF_UNIX, MSG_TRUNC } from '../constants.js';

const SUN_PATH_MAX = 107; // sizeof(sun_path) - 1: what snprintf() leaves room for
// PHP 8.2's recvfrom length check, `(length + 2) < 3`, is also true for PHP_INT_MAX - 1 and
// PHP_INT_MAX (the sum overflows); as doubles both are 2 ** 63.
const RECVFROM_MAX = 2 ** 63;

/**
 * socket_send(): one send(2) of min(length, strlen(data)) bytes with `flags`. Returns the count
 * sent (possibly short), or false with "Unable to write to socket" (EAGAIN: no warning, code 11).
 * A negative length is a ValueError. `data` is a byte string or a Uint8Array/Buffer.
 */
export function socket_send(socket: Socket, data: string | Uint8Array, length: number, flags: number): number | false {
  const fn = 'socket_send';
  arity(fn, arguments.length, 4, 4);
  socketType(socket, fn);
  const bytes = toData(data, fn, 2, 'data');
  length = toInt(length, fn, 3, 'length');
  flags = toInt(flags, fn, 4, 'flags');
  const s = socketArg(socket, fn);
  if (length < 0) throw new ValueError(`${fn}(): Argument #3 ($length) must be greater than or equal to 0`);
  const n = blocking.send(s.fd, bytes, Math.min(length, bytes.length), flags);
  if (n < 0) return socketError(s, fn, 'Unable to write to socket', -n);
  return n;
}

/**
 * socket_recv(): one recv(2) of up to `length` bytes with `flags`. Returns the count the kernel
 * reports and sets `data.value` to the bytes; at end of stream (or an empty datagram) returns 0
 * and sets `data.value = null`; on failure returns false, sets `data.value = null`, and warns
 * "Unable to read from socket" (EAGAIN: no warning, code 11). length <= 0: false, `data`
 * untouched, nothing recorded. With MSG_TRUNC the count is a datagram's real size while
 * `data.value` holds at most `length` bytes.
 */
export function socket_recv(socket: Socket, data: Ref<string | null>, length: number, flags: number): number | false {
  const fn = 'socket_recv';
  arity(fn, arguments.length, 4, 4);
  const out = refArg<string | null>(data, fn, 2, 'data');
  socketType(socket, fn);
  length = toInt(length, fn, 3, 'length');
  flags = toInt(flags, fn, 4, 'flags');
  const s = socketArg(socket, fn);
  if (length <= 0) return false;
  let bytes: string;
  let count: number;
  if (flags & MSG_TRUNC) {
    const r = blocking.recvTrunc(s.fd, length, flags);
    if (typeof r === 'number') return recvFailed(s, fn, out, -r);
    [bytes, count] = r;
  } else {
    const r = blocking.recv(s.fd, length, flags);
    if (typeof r === 'number') return recvFailed(s, fn, out, -r);
    bytes = r;
    count = r.length;
  }
  out.value = count < 1 ? null : bytes;
  return count;
}

function recvFailed(s: SocketState, fn: string, out: Ref<string | null>, errno: number): false {
  out.value = null;
  return socketError(s, fn, 'Unable to read from socket', errno);
}

/**
 * socket_recvfrom(): one recvfrom(2) of up to `length` bytes with `flags`. On success returns the
 * count and sets `data.value` (a string, "" for an empty datagram) and `address.value` (the
 * sender: a unix path, "" when it has none; a dotted quad or IPv6 text) and, for AF_INET/AF_INET6,
 * `port.value`, which those families require. On failure returns false and touches nothing:
 * "Unable to recvfrom" ("unable to recvfrom" on AF_INET6, as PHP writes it); EAGAIN: no warning.
 * length <= 0 (or PHP_INT_MAX): false silently.
 */
export function socket_recvfrom(
  socket: Socket,
  data: Ref<string | null>,
  length: number,
  flags: number,
  address: Ref<string | null>,
  port?: Ref<number | null>,
): number | false {
  const fn = 'socket_recvfrom';
  arity(fn, arguments.length, 5, 6);
  const dataOut = refArg<string | null>(data, fn, 2, 'data');
  const addrOut = refArg<string | null>(address, fn, 5, 'address');
  const portOut = port === undefined ? null : refArg<number | null>(port, fn, 6, 'port');
  socketType(socket, fn);
  length = toInt(length, fn, 3, 'length');
  flags = toInt(flags, fn, 4, 'flags');
  const s = socketArg(socket, fn);
  if (length <= 0 || length >= RECVFROM_MAX) return false;
  const family = s.family;
  if (family !== AF_UNIX && family !== AF_INET && family !== AF_INET6) throw familyError(fn);
  if (family !== AF_UNIX && portOut === null) {
    throw new ArgumentCountError(`Wrong parameter count for ${fn}()`);
  }
  const r = blocking.recvfrom(s.fd, family, length, flags);
  if (typeof r === 'number') {
    return socketError(s, fn, family === AF_INET6 ? 'unable to recvfrom' : 'Unable to recvfrom', -r);
  }
  const [bytes, count, from, fromPort] = r;
  dataOut.value = bytes;
  addrOut.value = from;
  if (family !== AF_UNIX) portOut!.value = fromPort;
  return count;
}

/**
 * socket_sendto(): one sendto(2) of min(length, strlen(data)) bytes to `address` (a unix path,
 * read up to its first NUL and cut to 107 bytes as PHP 8.2 does; or an IPv4/IPv6 address or host
 * name with `port`, required for those families, wrapped to 16 bits). Returns the count sent, or
 * false with "Unable to write to socket" or the host lookup failure.
 */
export function socket_sendto(
  socket: Socket,
  data: string | Uint8Array,
  length: number,
  flags: number,
  address: string,
  port: number | null = null,
): number | false {
  const fn = 'socket_sendto';
  arity(fn, arguments.length, 5, 6);
  socketType(socket, fn);
  const bytes = toData(data, fn, 2, 'data');
  length = toInt(length, fn, 3, 'length');
  flags = toInt(flags, fn, 4, 'flags');
  address = toStr(address, fn, 5, 'address');
  const p = toIntOrNull(port, fn, 6, 'port');
  const s = socketArg(socket, fn);
  if (length < 0) throw new ValueError(`${fn}(): Argument #3 ($length) must be greater than or equal to 0`);
  let sa: Buffer | false;
  if (s.family === AF_UNIX) {
    // snprintf("%s") into sun_path: up to the first NUL, at most 107 bytes; SUN_LEN of that.
    const nul = address.indexOf('\0');
    const path = (nul < 0 ? address : address.slice(0, nul)).slice(0, SUN_PATH_MAX);
    sa = native.unixAddr(path);
  } else if (s.family === AF_INET || s.family === AF_INET6) {
    if (p === null) {
      const name = s.family === AF_INET ? 'AF_INET' : 'AF_INET6';
      throw new ValueError(`${fn}(): Argument #6 ($port) cannot be null when the socket type is ${name}`);
    }
    sa = inetSockaddr(s, fn, address, p);
    if (sa === false) return false;
  } else {
    throw familyError(fn);
  }
  const n = blocking.sendto(s.fd, bytes, Math.min(length, bytes.length), flags, sa);
  if (n < 0) return socketError(s, fn, 'Unable to write to socket', -n);
  return n;
}

/**
 * socket_atmark() (PHP 8.3): sockatmark(3). true when the socket's read pointer is at the
 * out-of-band mark, false when not, or false with "Unable to apply sockmark" when the call fails
 * (e.g. ENOTTY on a socket without urgent data support).
 */
export function socket_atmark(socket: Socket): boolean {
  const fn = 'socket_atmark';
  arity(fn, arguments.length, 1, 1);
  const s = socketArg(socket, fn);
  const r = native.sockatmark(s.fd);
  if (r < 0) return socketError(s, fn, 'Unable to apply sockmark', -r);
  return r === 1;
}
