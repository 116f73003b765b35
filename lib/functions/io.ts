// socket_read, socket_write.
import * as args from '../php/args.js';
import { ValueError } from '../php/errors.js';
import * as lastError from '../last_error.js';
import { blocking } from '../blocking.js';
import * as socket from '../socket.js';
import type { Socket } from '../socket.js';
import * as constants from '../constants.js';

// What the two calls use from other modules, bound once to module constants. Where tsx runs a
// port as CommonJS (a project whose package.json has no "type": "module"), it compiles these
// modules to CommonJS too, and each use of an imported name becomes two getters around a
// megamorphic keyed load (about 140 instructions); a constant is a plain load in either module
// system. `blocking` stays a live import: php-sockets/async swaps it.
const { arity, toData, toInt, toIntOrNull } = args;
const { socketError } = lastError;
const { socketArg } = socket;
const { PHP_BINARY_READ, PHP_NORMAL_READ } = constants;


/**
 * socket_read(): with PHP_BINARY_READ (the default) one recv(2) of up to `length` bytes; with
 * PHP_NORMAL_READ, bytes up to and including the first "\n" or "\r". Returns the bytes as a
 * string (one char per byte), "" at end of stream (binary mode), or false: silently for
 * length <= 0, without a warning for EAGAIN (code 11 set), else with "unable to read from socket".
 */
export function socket_read(socket: Socket, length: number, mode: number = PHP_BINARY_READ): string | false {
  const fn = 'socket_read';
  arity(fn, arguments.length, 2, 3);
  const s = socketArg(socket, fn);
  length = toInt(length, fn, 2, 'length');
  mode = toInt(mode, fn, 3, 'mode');
  if (length <= 0) return false;
  const r = mode === PHP_NORMAL_READ ? blocking.readLine(s.fd, length) : blocking.recv(s.fd, length, 0);
  if (typeof r === 'number') return socketError(s, fn, 'unable to read from socket', -r);
  return r;
}

/**
 * socket_write(): one write(2) of min(length ?? strlen(data), strlen(data)) bytes; returns the
 * count written (possibly short), or false with "unable to write to socket" (EAGAIN: no warning).
 * `data` is a byte string or a Uint8Array/Buffer.
 */
export function socket_write(socket: Socket, data: string | Uint8Array, length: number | null = null): number | false {
  const fn = 'socket_write';
  arity(fn, arguments.length, 2, 3);
  const s = socketArg(socket, fn);
  const bytes = toData(data, fn, 2, 'data');
  const len = toIntOrNull(length, fn, 3, 'length');
  if (len !== null && len < 0) {
    throw new ValueError(`${fn}(): Argument #3 ($length) must be greater than or equal to 0`);
  }
  const n = blocking.write(s.fd, bytes, len === null || len > bytes.length ? bytes.length : len);
  if (n < 0) return socketError(s, fn, 'unable to write to socket', -n);
  return n;
}
