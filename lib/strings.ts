// Strings are bytes: one char per byte (char codes 0-255, Node's 'latin1'), so .length is PHP's
// strlen and writing a string back sends the same bytes.
import { phpType, phpFloat } from './args.js';
import { deprecated } from './errors.js';

// On a one-byte (Latin-1) string V8 rejects this without scanning.
const NOT_A_BYTE = /[^\x00-\xff]/;

/**
 * A data argument: a byte string or a Uint8Array (Buffer), used as is; ints, floats and bools are
 * converted as PHP converts them. A string holding a char above U+00FF is a TypeError.
 */
export function toData(v: unknown, fn: string, n: number, name: string): string | Uint8Array {
  if (typeof v === 'string') {
    if (NOT_A_BYTE.test(v)) {
      throw new TypeError(
        `${fn}(): Argument #${n} ($${name}) must be a byte string (one char per byte, codes 0-255); ` +
          `it contains a char above U+00FF. Encode text first, e.g. Buffer.from(text, 'utf8'), ` +
          `and pass the Buffer (or its .toString('latin1'))`,
      );
    }
    return v;
  }
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : phpFloat(v);
  if (typeof v === 'boolean') return v ? '1' : '';
  if (v === null || v === undefined) {
    deprecated(`${fn}(): Passing null to parameter #${n} ($${name}) of type string is deprecated`);
    return '';
  }
  throw new TypeError(`${fn}(): Argument #${n} ($${name}) must be of type string, ${phpType(v)} given`);
}
