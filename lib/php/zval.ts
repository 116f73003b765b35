// PHP's implicit conversions of a `mixed` argument (socket_set_option's $value), for JS values:
// zval_get_long, zval_get_string, zend_is_true and convert_to_array. The JS <-> PHP type map:
// null/undefined are null; booleans bool; bigints and integer numbers in the 64-bit range int;
// other numbers float; strings and Uint8Arrays byte strings; arrays and plain objects arrays;
// every other object (class instances, functions) an object.
import { objectString, phpFloat, phpType } from './args.js';
import { latin1 } from './bytes.js';
import { E_WARNING, raise } from './errors.js';
import { resourceOf } from './resources.js';

const TWO_63 = 9223372036854775808;
const LONG_MAX = 9223372036854775807n;
const LONG_MIN = -9223372036854775808n;

/** A PHP array: a JS array or a plain object. */
export function isPhpArray(v: unknown): v is Record<string, unknown> {
  if (Array.isArray(v)) return true;
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A PHP int: a bigint, or an integer number within the 64-bit range. */
export function isPhpInt(v: unknown): v is number | bigint {
  if (typeof v === 'bigint') return true;
  return typeof v === 'number' && Number.isInteger(v) && v >= -TWO_63 && v < TWO_63;
}

/** A PHP object: a class instance or a function (not an array, a byte string or a resource). */
export function isPhpObject(v: unknown): v is object {
  if (typeof v === 'function') return true;
  return typeof v === 'object' && v !== null && !isPhpArray(v) && !(v instanceof Uint8Array) && !resourceOf(v);
}

/** zend_dval_to_lval: NaN and infinities are 0, out-of-range values wrap modulo 2^64. */
export function dvalToLval(d: number): bigint {
  if (!Number.isFinite(d)) return 0n;
  return BigInt.asIntN(64, BigInt(Math.trunc(d)));
}

/** zend_dval_to_lval_cap (numeric strings): out-of-range values saturate. */
function dvalToLvalCap(d: number): bigint {
  if (!Number.isFinite(d)) return 0n;
  if (d >= TWO_63) return LONG_MAX;
  if (d < -TWO_63) return LONG_MIN;
  return BigInt(Math.trunc(d));
}

const NUMERIC_PREFIX = /^[ \t\n\r\v\f]*([+-]?)(\d*)(\.\d*)?(?:[eE][+-]?\d+)?/;

/** A string's leading numeric part, as is_numeric_string(allow_errors) reads it; 0 if none. */
function stringToLong(s: string): bigint {
  const m = NUMERIC_PREFIX.exec(s);
  if (!m) return 0n;
  const [whole, sign, digits, fraction] = m;
  const mantissaDigits = digits!.length + (fraction ? fraction.length - 1 : 0);
  if (mantissaDigits === 0) return 0n;
  const text = whole!.replace(/^[ \t\n\r\v\f]*/, '');
  if (fraction === undefined && !/[eE]/.test(text)) {
    const n = BigInt(sign + digits!);
    if (n <= LONG_MAX && n >= LONG_MIN) return n;
  }
  return dvalToLvalCap(Number(text));
}

/** zval_get_long(): PHP's int conversion, exact to 64 bits. An object warns and gives 1. */
export function zvalGetLong(v: unknown): bigint {
  if (v === null || v === undefined || v === false) return 0n;
  if (v === true) return 1n;
  if (typeof v === 'bigint') return BigInt.asIntN(64, v);
  if (typeof v === 'number') return isPhpInt(v) ? BigInt(v) : dvalToLval(v);
  if (typeof v === 'string') return stringToLong(v);
  if (v instanceof Uint8Array) return stringToLong(latin1(v));
  if (isPhpArray(v)) return Object.keys(v).length ? 1n : 0n;
  const res = resourceOf(v);
  if (res) return BigInt(res.id);
  raise(E_WARNING, `Object of class ${phpType(v)} could not be converted to int`);
  return 1n;
}

/** (int) as C sees it: the low 32 bits of the PHP int, signed. */
export function cInt(v: bigint): number {
  return Number(BigInt.asIntN(32, v));
}

/** zval_get_string(): arrays warn and give "Array"; objects throw PHP's Error. */
export function zvalGetString(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined || v === false) return '';
  if (v === true) return '1';
  if (typeof v === 'bigint') return String(BigInt.asIntN(64, v));
  if (typeof v === 'number') return isPhpInt(v) ? BigInt(v).toString() : phpFloat(v);
  if (v instanceof Uint8Array) return latin1(v);
  if (isPhpArray(v)) {
    raise(E_WARNING, 'Array to string conversion');
    return 'Array';
  }
  const res = resourceOf(v);
  if (res) return `Resource id #${res.id}`;
  const own = objectString(v);
  if (own !== null) return own;
  throw new Error(`Object of class ${phpType(v)} could not be converted to string`);
}

/** zend_is_true(): PHP's bool conversion ("" and "0" are false; so are empty arrays). */
export function zvalIsTrue(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'bigint') return v !== 0n;
  if (typeof v === 'string') return v !== '' && v !== '0';
  if (v instanceof Uint8Array) return v.length > 1 || (v.length === 1 && v[0] !== 0x30);
  if (isPhpArray(v)) return Object.keys(v).length > 0;
  return true;
}

/**
 * convert_to_array(): an array stays itself, null becomes [], an object its properties, and any
 * other scalar a one-element list.
 */
export function convertToArray(v: unknown): Record<string, unknown> {
  if (isPhpArray(v)) return v;
  if (v === null || v === undefined) return {};
  if (isPhpObject(v)) return { ...(v as object) } as Record<string, unknown>;
  return [v] as unknown as Record<string, unknown>;
}

/** zend_hash_str_find(): whether the array has the key. */
export function hasKey(arr: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(arr, key);
}
