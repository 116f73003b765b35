// zpp for the stream functions' own parameter types: bool, ?float and optional by-reference
// arguments (the stream resource is stream.ts's resourceArg, the context context.ts's contextParam).
import { typeError } from '../args.js';
import { deprecated } from '../errors.js';
import { refArg, type Ref } from '../ref.js';

const NUMERIC = /^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?[ \t\n\r\v\f]*$/;

/** A `bool` parameter, coerced as PHP coerces scalars; null is deprecated (false). */
export function toBool(v: unknown, fn: string, n: number, name: string): boolean {
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'number':
      return v !== 0;
    case 'bigint':
      return v !== 0n;
    case 'string':
      return v !== '' && v !== '0';
    case 'undefined':
      break;
    default:
      if (v !== null) throw typeError(fn, n, name, 'bool', v);
  }
  deprecated(`${fn}(): Passing null to parameter #${n} ($${name}) of type bool is deprecated`);
  return false;
}

/** A `?float` parameter: null stays null; ints, bools and numeric strings convert. */
export function toFloatOrNull(v: unknown, fn: string, n: number, name: string): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && NUMERIC.test(v)) return Number(v);
  throw typeError(fn, n, name, '?float', v);
}

/**
 * An optional by-reference argument: its box, or null when not passed (null and undefined skip
 * it, so later arguments can be given); a literal is PHP's "cannot be passed by reference" Error.
 */
export function optionalRef(v: unknown, fn: string, n: number, name: string): Ref<unknown> | null {
  return v === null || v === undefined ? null : refArg<unknown>(v, fn, n, name);
}
