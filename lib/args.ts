// PHP's parameter parsing (zpp) in coercive mode, for callers from plain JavaScript or `any`:
// the same TypeError/ArgumentCountError texts, numeric strings accepted for ints, and PHP's
// deprecations for null and fractional floats.
import { ArgumentCountError, deprecated } from './errors.js';

/** PHP's name for the type of a value, as zend_zval_type_name prints it. */
export function phpType(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isInteger(v) ? 'int' : 'float';
    case 'bigint':
      return 'int';
    case 'string':
      return 'string';
    case 'function':
      return 'Closure';
    case 'object': {
      if (Array.isArray(v)) return 'array';
      const proto = Object.getPrototypeOf(v);
      if (proto === Object.prototype || proto === null) return 'array';
      return (v as { constructor?: { name?: string } }).constructor?.name || 'object';
    }
    default:
      return 'mixed';
  }
}

/** Checks the argument count as zpp does. */
export function arity(fn: string, given: number, min: number, max: number): void {
  if (given >= min && given <= max) return;
  const exact = min === max;
  const bound = given < min ? min : max;
  const kind = exact ? 'exactly' : given < min ? 'at least' : 'at most';
  throw new ArgumentCountError(
    `${fn}() expects ${kind} ${bound} argument${bound === 1 ? '' : 's'}, ${given} given`,
  );
}

function typeError(fn: string, n: number, name: string, type: string, v: unknown): TypeError {
  return new TypeError(`${fn}(): Argument #${n} ($${name}) must be of type ${type}, ${phpType(v)} given`);
}

const INT_MAX = 9223372036854775807;
const INT_MIN = -9223372036854775808;
const NUMERIC = /^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?[ \t\n\r\v\f]*$/;
const INTEGER = /^[ \t\n\r\v\f]*[+-]?\d+[ \t\n\r\v\f]*$/;

function floatToInt(f: number, fn: string, n: number, name: string, v: unknown): number {
  if (!Number.isFinite(f) || f >= INT_MAX || f < INT_MIN) throw typeError(fn, n, name, 'int', v);
  const t = Math.trunc(f);
  if (t !== f) deprecated(`Implicit conversion from float ${phpFloat(f)} to int loses precision`);
  return t === 0 ? 0 : t;
}

/** PHP's default float-to-string (precision 17, shortest round-trip). */
export function phpFloat(f: number): string {
  if (Number.isInteger(f) && Math.abs(f) < 1e15) return f.toFixed(0) === '-0' ? '-0' : String(f);
  if (Number.isNaN(f)) return 'NAN';
  if (!Number.isFinite(f)) return f > 0 ? 'INF' : '-INF';
  const s = String(f);
  return s.replace(/e\+?/, 'E+').replace('E+-', 'E-');
}

/** An `int` parameter. */
export function toInt(v: unknown, fn: string, n: number, name: string): number {
  if (typeof v === 'number') {
    if ((v | 0) === v) return v;
    return floatToInt(v, fn, n, name, v);
  }
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    if (INTEGER.test(v)) {
      const i = Number(v);
      if (i < INT_MAX && i >= INT_MIN) return i;
    }
    if (NUMERIC.test(v)) return floatToInt(Number(v), fn, n, name, v);
    throw typeError(fn, n, name, 'int', v);
  }
  if (typeof v === 'bigint') {
    if (v <= BigInt(INT_MAX) && v >= BigInt(INT_MIN)) return Number(v);
    throw typeError(fn, n, name, 'int', v);
  }
  if (v === null || v === undefined) {
    deprecated(`${fn}(): Passing null to parameter #${n} ($${name}) of type int is deprecated`);
    return 0;
  }
  throw typeError(fn, n, name, 'int', v);
}

/** A `?int` parameter: null stays null. */
export function toIntOrNull(v: unknown, fn: string, n: number, name: string): number | null {
  return v === null || v === undefined ? null : toInt(v, fn, n, name);
}

/** A `string` parameter (bytes: one char per byte, or a Uint8Array). */
export function toStr(v: unknown, fn: string, n: number, name: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : phpFloat(v);
  if (typeof v === 'boolean') return v ? '1' : '';
  if (typeof v === 'bigint') return String(v);
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('latin1');
  if (v === null || v === undefined) {
    deprecated(`${fn}(): Passing null to parameter #${n} ($${name}) of type string is deprecated`);
    return '';
  }
  throw typeError(fn, n, name, 'string', v);
}

export { typeError };
