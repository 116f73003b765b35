// Typed helpers for ports: narrowing a `Socket | false` (or `Stream | false`) result without a
// cast, and failing where the value is not one, with PHP's TypeError text, instead of carrying a
// `false` on as PHP would until its next call throws the same error.
import { typeError } from './php/args.js';
import { isSocket, type Socket } from './socket.js';
import { isStream, type Stream } from './streams/stream.js';

/**
 * Narrows `value` to a Socket (TypeScript's `asserts`), for the place where PHP code carries on
 * without checking: `const s = socket_create(...); assertSocket(s);`. A `false` (or anything
 * else) throws `TypeError: assertSocket(): Argument #1 ($value) must be of type Socket, bool
 * given`, the error PHP's next socket call would throw, one line earlier.
 */
export function assertSocket(value: unknown): asserts value is Socket {
  if (!isSocket(value)) throw typeError('assertSocket', 1, 'value', 'Socket', value);
}

/** Narrows `value` to a Stream, as assertSocket() does (`must be of type resource, bool given`). */
export function assertStream(value: unknown): asserts value is Stream {
  if (!isStream(value)) throw typeError('assertStream', 1, 'value', 'resource', value);
}
