// PHP's parameter parsing (zpp) in coercive mode, for callers from plain JavaScript or `any`:
// the same TypeError/ArgumentCountError texts, numeric strings accepted for ints, and PHP's
// deprecations for null and fractional floats.
import { hasNonByte, latin1, notBytesError } from './bytes.js';
import { ArgumentCountError, ValueError, deprecated } from './errors.js';
import { phpFloatString } from './float.js';
import { resourceOf } from './resources.js';

/** Whether `v` stands for a PHP resource (a Stream, a StreamContext), as registered in resources.ts. */
export function isResource(v: unknown): boolean {
  return resourceOf(v) !== undefined;
}

/**
 * PHP's name for the type of the value a JS value stands for, as zend_zval_type_name prints it in
 * TypeErrors: a Stream (open or closed) is a resource, a byte buffer (Uint8Array, Buffer,
 * ArrayBuffer) a string, an array, plain object or Map an array, a function a Closure, and an
 * instance its class (an anonymous class is "class@anonymous").
 */
export function phpType(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'number':
      // A JS number is a PHP int when it is integral and within PHP's 64-bit range.
      return Number.isInteger(v) && v < 2 ** 63 && v >= -(2 ** 63) ? 'int' : 'float';
    case 'bigint':
      return 'int';
    case 'string':
    case 'symbol':
      return 'string';
    case 'function':
      return 'Closure';
    case 'object': {
      if (Array.isArray(v) || v instanceof Map) return 'array';
      if (v instanceof Uint8Array || v instanceof ArrayBuffer) return 'string';
      if (resourceOf(v)) return 'resource';
      const proto = Object.getPrototypeOf(v);
      if (proto === Object.prototype || proto === null) return 'array';
      const name = (v as { constructor?: { name?: unknown } }).constructor?.name;
      return typeof name === 'string' && name !== '' ? name : 'class@anonymous';
    }
    default:
      return 'mixed';
  }
}

/** Checks the argument count as zpp does. (Small enough for V8 to inline at every call site.) */
export function arity(fn: string, given: number, min: number, max: number): void {
  if (given < min || given > max) arityError(fn, given, min, max);
}

function arityError(fn: string, given: number, min: number, max: number): never {
  const exact = min === max;
  const bound = given < min ? min : max;
  const kind = exact ? 'exactly' : given < min ? 'at least' : 'at most';
  throw new ArgumentCountError(
    `${fn}() expects ${kind} ${bound} argument${bound === 1 ? '' : 's'}, ${given} given`,
  );
}

/** zpp's TypeError: "fn(): Argument #n ($name) must be of type <type>, <given> given". */
export function typeError(fn: string, n: number, name: string, type: string, v: unknown): TypeError {
  // A Map prints as a PHP array but is not taken for one: say so rather than "array given".
  const given = v instanceof Map && type.includes('array') ? 'Map (a PHP array is a JS array or plain object here)' : phpType(v);
  return new TypeError(`${fn}(): Argument #${n} ($${name}) must be of type ${type}, ${given} given`);
}

const INT_MAX = 9223372036854775807;
const INT_MIN = -9223372036854775808;
/**
 * A numeric string as is_numeric_string() without allow_errors reads it: whitespace, a decimal
 * number (group 1), whitespace. INTEGER: one with no fraction or exponent.
 */
export const NUMERIC = /^[ \t\n\r\v\f]*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)[ \t\n\r\v\f]*$/;
export const INTEGER = /^[ \t\n\r\v\f]*[+-]?\d+[ \t\n\r\v\f]*$/;

function floatToInt(f: number, fn: string, n: number, name: string, v: unknown, type: string): number {
  if (!Number.isFinite(f) || f >= INT_MAX || f < INT_MIN) throw typeError(fn, n, name, type, v);
  const t = Math.trunc(f);
  if (t !== f) {
    // A numeric string is named as such: 'Implicit conversion from float-string "1.5" to int ...'.
    // The float is printed as %.*H with precision -1: the shortest repr that round-trips.
    const what = typeof v === 'string' ? `float-string "${v}"` : `float ${phpFloatString(f, 17)}`;
    deprecated(`Implicit conversion from ${what} to int loses precision`);
  }
  return t === 0 ? 0 : t;
}

/**
 * PHP's float-to-string conversion, as for a float passed where a string is expected: the
 * `precision` ini setting (14 significant digits), exponent form outside 1e-5..1e15
 * (0.1 + 0.2 -> "0.3", 1e-5 -> "1.0E-5", -0.0 -> "-0").
 */
export function phpFloat(f: number): string {
  return phpFloatString(f, 14);
}

/**
 * A JS number as PHP would print the value it stands for: an integral number below 2**63 is an
 * int ("12"); anything else (1.5, 1e25, -0) is a float, converted as phpFloat() converts it.
 */
export function phpNumberString(v: number): string {
  if (Number.isInteger(v) && v >= -(2 ** 63) && v < 2 ** 63 && !Object.is(v, -0)) {
    return Number.isSafeInteger(v) ? String(v) : BigInt(v).toString(); // exact digits
  }
  return phpFloat(v);
}

/**
 * An `int` parameter (`type` is the declared type the TypeError names: 'int' or '?int'). The
 * common case, a number that is an int32, is small enough for V8 to inline at every call site.
 */
export function toInt(v: unknown, fn: string, n: number, name: string, type?: string): number {
  return typeof v === 'number' && (v | 0) === v ? v : convertInt(v, fn, n, name, type ?? 'int');
}

function convertInt(v: unknown, fn: string, n: number, name: string, type: string): number {
  if (typeof v === 'number') {
    if ((v | 0) === v) return v;
    return floatToInt(v, fn, n, name, v, type);
  }
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    if (INTEGER.test(v)) {
      const i = Number(v);
      if (i < INT_MAX && i >= INT_MIN) return i;
    }
    if (NUMERIC.test(v)) return floatToInt(Number(v), fn, n, name, v, type);
    throw typeError(fn, n, name, type, v);
  }
  if (typeof v === 'bigint') {
    if (v <= BigInt(INT_MAX) && v >= BigInt(INT_MIN)) return Number(v);
    throw typeError(fn, n, name, type, v);
  }
  if (v === null || v === undefined) {
    deprecated(`${fn}(): Passing null to parameter #${n} ($${name}) of type int is deprecated`);
    return 0;
  }
  throw typeError(fn, n, name, type, v);
}

/** A `?int` parameter: null stays null; a wrong type is "must be of type ?int". */
export function toIntOrNull(v: unknown, fn: string, n: number, name: string): number | null {
  return v === null || v === undefined ? null : toInt(v, fn, n, name, '?int');
}

/**
 * zpp for a `?array &$x` parameter (socket_select's and stream_select's sets): null (or undefined,
 * an unset variable) stays null; a JS array or a plain object (a PHP array with keys) is used in
 * place; anything else is PHP's TypeError.
 */
export function arrayOrNull(
  v: unknown,
  fn: string,
  n: number,
  name: string,
): unknown[] | Record<string, unknown> | null {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return inPlace(v, fn, n, name);
  if (typeof v === 'object') {
    const proto = Object.getPrototypeOf(v);
    if (proto === Object.prototype || proto === null) return inPlace(v as Record<string, unknown>, fn, n, name);
  }
  throw typeError(fn, n, name, '?array', v);
}

/** A set filtered in place: a frozen (non-extensible) one is refused before the wait. */
function inPlace<T extends object>(v: T, fn: string, n: number, name: string): T {
  if (!Object.isExtensible(v)) throw new Error(`${fn}(): Argument #${n} ($${name}) cannot be passed by reference`);
  return v;
}

/**
 * A `string` parameter (bytes: one char per byte, or a Uint8Array). A char above U+00FF is a
 * TypeError (see notBytesError).
 */
export function toStr(v: unknown, fn: string, n: number, name: string): string {
  if (typeof v === 'string') {
    if (hasNonByte(v)) throw notBytesError(fn, n, name);
    return v;
  }
  if (typeof v === 'number') return phpNumberString(v);
  if (typeof v === 'boolean') return v ? '1' : '';
  if (typeof v === 'bigint') return String(v);
  if (v instanceof Uint8Array) return latin1(v);
  if (v === null || v === undefined) {
    deprecated(`${fn}(): Passing null to parameter #${n} ($${name}) of type string is deprecated`);
    return '';
  }
  if (v instanceof ArrayBuffer) return v.byteLength === 0 ? '' : latin1(new Uint8Array(v)); // a detached one has none
  const own = objectString(v);
  if (own !== null) {
    if (hasNonByte(own)) throw notBytesError(fn, n, name);
    return own;
  }
  throw typeError(fn, n, name, 'string', v);
}

/**
 * A `string` parameter PHP declares as a path or a name (Z_PARAM_PATH and its like): toStr, and a
 * NUL byte anywhere is PHP's ValueError rather than a name silently cut at it.
 */
export function toPath(v: unknown, fn: string, n: number, name: string): string {
  const s = toStr(v, fn, n, name);
  if (s.includes('\0')) throw new ValueError(`${fn}(): Argument #${n} ($${name}) must not contain any null bytes`);
  return s;
}

/**
 * An object's __toString(): a class instance whose class has a toString() of its own (not
 * Object.prototype's) gives what it returns, as PHP's coercive mode takes an object with
 * __toString() for a `string` parameter. null for anything else (arrays, plain objects, Maps,
 * functions, resources and byte buffers, which are strings themselves, have no such form).
 */
export function objectString(v: unknown): string | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || ArrayBuffer.isView(v) || resourceOf(v)) return null;
  const proto = Object.getPrototypeOf(v);
  if (proto === Object.prototype || proto === null) return null;
  const f = (v as { toString?: unknown }).toString;
  return typeof f === 'function' && f !== Object.prototype.toString ? String(f.call(v)) : null;
}

/**
 * A data argument: a byte string or a Uint8Array (Buffer), used as is; anything else converted as
 * a PHP `string` parameter (toStr: ints, floats and bools as PHP prints them, null deprecated). A
 * string holding a char above U+00FF is a TypeError.
 */
export function toData(v: unknown, fn: string, n: number, name: string): string | Uint8Array {
  // A string first, checked here rather than in toStr: `instanceof` walks a string's prototype
  // chain, and a call site of toStr that never runs is not inlined, so TurboFan compiles
  // socket_write without toStr's other cases (less to compile while a program warms up).
  if (typeof v === 'string') {
    if (hasNonByte(v)) throw notBytesError(fn, n, name);
    return v;
  }
  return v instanceof Uint8Array ? v : toStr(v, fn, n, name);
}

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
