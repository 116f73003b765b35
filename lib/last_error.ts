// The socket extension's failure path: an OS failure returns false, records the code (on the
// socket and in the thread's last-error state) and raises an E_WARNING (lib/php/errors.ts).
import { native } from './native.js';
import { warn } from './php/errors.js';
import { EAGAIN, EINPROGRESS } from './platform.js';


/** The thread's last-error state (PHP's SOCKETS_G(last_error)); one per Worker. */
export const lastError = { global: 0 };

/** Anything with a per-socket error code. */
export interface ErrorSlot {
  error: number;
}

export function strerror(code: number): string {
  return native.strerror(code);
}

/**
 * PHP_SOCKET_ERROR: records `errno` on the socket and globally and warns
 * "<msg> [<errno>]: <strerror>", except for EAGAIN/EWOULDBLOCK/EINPROGRESS. Returns false.
 */
export function socketError(slot: ErrorSlot, fn: string, message: string, errno: number): false {
  slot.error = errno;
  lastError.global = errno;
  if (errno !== EAGAIN && errno !== EINPROGRESS) {
    warn(fn, `${message} [${errno}]: ${native.strerror(errno)}`);
  }
  return false;
}

/** The sites that record only the global code and always warn (socket_create and others). */
export function globalError(fn: string, message: string, errno: number): false {
  lastError.global = errno;
  warn(fn, `${message} [${errno}]: ${native.strerror(errno)}`);
  return false;
}
