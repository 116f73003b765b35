// Strings are bytes: one char per byte (char codes 0-255, Node's 'latin1'), so .length is PHP's
// strlen and writing a string back sends the same bytes.
import { toStr } from './args.js';

/**
 * A data argument: a byte string or a Uint8Array (Buffer), used as is; anything else converted as
 * a PHP `string` parameter (toStr: ints, floats and bools as PHP prints them, null deprecated). A
 * string holding a char above U+00FF is a TypeError.
 */
export function toData(v: unknown, fn: string, n: number, name: string): string | Uint8Array {
  // A string is tested first: `instanceof` walks a string's prototype chain.
  return typeof v !== 'string' && v instanceof Uint8Array ? v : toStr(v, fn, n, name);
}
