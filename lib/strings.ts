// Strings are bytes: one char per byte (char codes 0-255, Node's 'latin1'), so .length is PHP's
// strlen and writing a string back sends the same bytes.
import { isByteString, notBytesError, phpNumberString, phpType } from './args.js';
import { deprecated } from './errors.js';

/**
 * A data argument: a byte string or a Uint8Array (Buffer), used as is; ints, floats and bools are
 * converted as PHP converts them. A string holding a char above U+00FF is a TypeError.
 */
export function toData(v: unknown, fn: string, n: number, name: string): string | Uint8Array {
  if (typeof v === 'string') {
    if (!isByteString(v)) throw notBytesError(fn, n, name);
    return v;
  }
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'number') return phpNumberString(v);
  if (typeof v === 'boolean') return v ? '1' : '';
  if (v === null || v === undefined) {
    deprecated(`${fn}(): Passing null to parameter #${n} ($${name}) of type string is deprecated`);
    return '';
  }
  throw new TypeError(`${fn}(): Argument #${n} ($${name}) must be of type string, ${phpType(v)} given`);
}
