// The value conversions of PHP's sendmsg/recvmsg converters (ext/sockets/conversions.c), for JS
// values mapped to PHP types as lib/php/zval.ts maps them: from_zval_integer_common (strict
// about strings, unlike zval_get_long) and zval_get_string (floats printed with precision 14).
import { INTEGER, NUMERIC, objectString, phpType } from '../php/args.js';
import { cString, hasNonByte, latin1 } from '../php/bytes.js';
import { phpFloatString } from '../php/float.js';
import { E_WARNING, raise } from '../php/errors.js';
import { dvalToLval, isPhpArray, isPhpInt, isPhpObject } from '../php/zval.js';
import type { Ctx } from './context.js';

const LONG_MAX = (1n << 63n) - 1n;
const LONG_MIN = -(1n << 63n);

/** An object's string conversion: its __toString (objectString), else PHP's Error. */
function objectToString(v: object): string {
  const own = objectString(v);
  if (own !== null) return own;
  throw new Error(`Object of class ${phpType(v)} could not be converted to string`);
}

/**
 * from_zval_integer_common(): ints as they are, floats truncated (wrapping out of range), numeric
 * strings (and objects with a string form) parsed; anything else, or a non-numeric string, is a
 * conversion error at the current path.
 */
export function integerCommon(ctx: Ctx, v: unknown): bigint {
  if (isPhpInt(v)) return BigInt.asIntN(64, BigInt(v));
  if (typeof v === 'number') return dvalToLval(v);
  if (typeof v === 'string' || v instanceof Uint8Array || isPhpObject(v)) {
    const s = typeof v === 'string' ? v : v instanceof Uint8Array ? latin1(v) : objectToString(v);
    const m = NUMERIC.exec(s);
    if (m) {
      const text = m[1]!;
      if (INTEGER.test(text)) {
        const n = BigInt(text);
        if (n >= LONG_MIN && n <= LONG_MAX) return n;
      }
      return dvalToLval(Number(text));
    }
    return ctx.fail(
      `expected an integer, but got a non numeric string (possibly from a converted object): '${cString(s)}'`,
    );
  }
  return ctx.fail('expected an integer, either of a PHP integer type or of a convertible type');
}

/**
 * zval_get_string() for data: a byte string (or the Uint8Array itself), ints and floats printed,
 * true "1", false/null "", an array "Array" with PHP's warning, an object its string form or
 * PHP's Error. A string holding a char above U+00FF is a TypeError: it has no bytes to send.
 */
export function phpBytes(ctx: Ctx, v: unknown): string | Uint8Array {
  if (v instanceof Uint8Array) return v;
  return phpString(ctx, v);
}

export function phpString(ctx: Ctx, v: unknown): string {
  let s: string;
  if (typeof v === 'string') s = v;
  else if (v instanceof Uint8Array) return latin1(v);
  else if (v === null || v === undefined || v === false) return '';
  else if (v === true) return '1';
  else if (typeof v === 'bigint') return String(BigInt.asIntN(64, v));
  else if (typeof v === 'number') return isPhpInt(v) && !Object.is(v, -0) ? BigInt(v).toString() : phpFloatString(v, 14);
  else if (isPhpArray(v)) {
    raise(E_WARNING, 'Array to string conversion');
    return 'Array';
  } else s = objectToString(v as object);
  if (hasNonByte(s)) ctx.notBytes();
  return s;
}

const FIELDS = {
  int: [-2147483648n, 2147483647n, 'a native int'],
  uint32: [0n, 4294967295n, 'an unsigned 32-bit integer'],
  uint16: [0n, 65535n, 'an unsigned 16-bit integer'],
  sa_family: [0n, 65535n, 'a sa_family_t value'],
  pid_t: [0n, 2147483647n, 'a pid_t value'],
  uid_t: [0n, 4294967295n, 'a uid_t value'],
} as const;

/** An integer field of a C struct: integerCommon() and then the C type's range. */
export function intField(ctx: Ctx, v: unknown, type: keyof typeof FIELDS): number {
  const n = integerCommon(ctx, v);
  const [min, max, name] = FIELDS[type];
  if (n < min || n > max) ctx.fail(`given PHP integer is out of bounds for ${name}`);
  return Number(n);
}

/** An array key, with undefined standing for a missing key. */
export function get(arr: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(arr, key) ? arr[key] : undefined;
}
