// socket_last_error, socket_clear_error, socket_strerror.
import { arity, toInt } from '../php/args.js';
import { ValueError } from '../php/errors.js';
import { lastError, strerror } from '../last_error.js';
import { optionalSocketArg, type Socket } from '../socket.js';

/**
 * socket_last_error(): the socket's last error code, or with no socket the thread's global one.
 * Codes are errno values, or -10000 - h_errno for host lookups; success never clears them.
 */
export function socket_last_error(socket: Socket | null = null): number {
  const fn = 'socket_last_error';
  arity(fn, arguments.length, 0, 1);
  const s = optionalSocketArg(socket, fn);
  return s ? s.error : lastError.global;
}

/** socket_clear_error(): resets the socket's code, or with no socket only the global one. */
export function socket_clear_error(socket: Socket | null = null): void {
  const fn = 'socket_clear_error';
  arity(fn, arguments.length, 0, 1);
  const s = optionalSocketArg(socket, fn);
  if (s) s.error = 0;
  else lastError.global = 0;
}

/**
 * socket_strerror(): strerror(3) text of an errno value; codes below -10000 are host lookup
 * codes, read with hstrerror(3). glibc's texts, as PHP on Linux prints them.
 */
export function socket_strerror(error_code: number): string {
  const fn = 'socket_strerror';
  arity(fn, arguments.length, 1, 1);
  const code = toInt(error_code, fn, 1, 'error_code');
  if (code > 2147483647 || code < -2147483648) {
    throw new ValueError(`${fn}(): Argument #1 ($error_code) must be between -2147483648 and 2147483647`);
  }
  return strerror(code);
}
