// ini_get() / ini_set() for the one directive the socket streams read: default_socket_timeout
// (PHP's default 60). The value is kept as the string PHP keeps and parsed as PHP's OnUpdateLong
// parses it (zend_ini_parse_quantity: whitespace, sign, 0x/0o/0b prefixes, k/m/g multipliers,
// with PHP's warnings for what it has to guess). One per thread, as modules are.
import { arity, phpFloat, toStr } from './args.js';
import { E_WARNING, raise } from './errors.js';

const DIRECTIVES = new Set(['default_socket_timeout']);
const values: Record<string, string> = { default_socket_timeout: '60' };
let defaultSocketTimeout = 60;

/** FG(default_socket_timeout): the seconds streams wait by default (negative: forever). */
export function defaultTimeout(): number {
  return defaultSocketTimeout;
}

const WS = ' \t\n\r\v\f';
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

// smart_str_append_escaped: non-printable bytes as C escapes.
function escaped(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (c >= 32 && c <= 126 && ch !== '\\') {
      out += ch;
      continue;
    }
    const named: Record<number, string> = { 10: 'n', 13: 'r', 9: 't', 12: 'f', 11: 'v', 92: '\\', 27: 'e' };
    out += '\\' + (named[c] ?? 'x' + c.toString(16).padStart(2, '0'));
  }
  return out;
}

const LONG_MAX = 2n ** 63n - 1n;
const ULONG = 2n ** 64n;

// strtoul(3) from `at` in base 2, 8, 10 or 16 (0: octal after a leading 0, else decimal).
function strtoul(s: string, at: number, base: number): { value: bigint; end: number; overflow: boolean } {
  let b = base;
  if (b === 0) b = s[at] === '0' ? 8 : 10;
  let i = at;
  let value = 0n;
  let overflow = false;
  for (; i < s.length; i++) {
    const d = parseInt(s[i]!, 36);
    if (Number.isNaN(d) || d >= b) break;
    value = value * BigInt(b) + BigInt(d);
    if (value >= ULONG) overflow = true;
  }
  return { value: overflow ? ULONG - 1n : value, end: i, overflow };
}

/** zend_ini_parse_quantity (signed): the value, and the warning text when PHP warns. */
export function parseQuantity(value: string): { value: number; error: string | null } {
  let str = 0;
  let end = value.length;
  while (str < end && WS.includes(value[str]!)) str++;
  while (str < end && WS.includes(value[end - 1]!)) end--;
  if (str === end) return { value: 0, error: null };
  const s = value.slice(0, end);
  let digits = str;
  let negative = false;
  if (s[digits] === '+') digits++;
  else if (s[digits] === '-') {
    negative = true;
    digits++;
  }
  const invalid = escaped(value);
  const noDigits = `Invalid quantity "${invalid}": no valid leading digits, interpreting as "0" for backwards compatibility`;
  if (!isDigit(s[digits])) return { value: 0, error: noDigits };
  let base = 0;
  if (s[digits] === '0' && !isDigit(s[digits + 1])) {
    if (digits + 1 === end) return { value: 0, error: null };
    const p = s[digits + 1]!;
    if ('gGmMkK'.includes(p)) {
      // a multiplier on 0: evaluated as is
    } else {
      if (p === 'x' || p === 'X') base = 16;
      else if (p === 'o' || p === 'O') base = 8;
      else if (p === 'b' || p === 'B') base = 2;
      else return { value: 0, error: `Invalid prefix "0${p}", interpreting as "0" for backwards compatibility` };
      digits += 2;
      const noneAfter = `Invalid quantity "${invalid}": no digits after base prefix, interpreting as "0" for backwards compatibility`;
      if (digits === end) return { value: 0, error: noneAfter };
      // zend_ini_consume_quantity_prefix: whitespace, a sign or a second prefix after the first.
      let c = digits;
      while (c < end && WS.includes(s[c]!)) c++;
      if (s[c] === '+' || s[c] === '-') c++;
      if (s[c] === '0' && !isDigit(s[c + 1])) {
        if (c + 1 === end) c = digits;
        else if ('xXoObB'.includes(s[c + 1] ?? '')) c += 2;
      }
      if (c !== digits) return { value: 0, error: noneAfter };
    }
  }
  const parsed = strtoul(s, digits, base);
  let overflow = parsed.overflow;
  let ret = parsed.value;
  if (!overflow) {
    if (negative && ret === LONG_MAX + 1n) ret = -ret;
    else if (ret > LONG_MAX) overflow = true;
    else if (negative) ret = -ret;
  }
  if (parsed.end === digits) return { value: 0, error: noDigits };
  let digitsEnd = parsed.end;
  while (digitsEnd < end && WS.includes(s[digitsEnd]!)) digitsEnd++;
  const toSigned = (v: bigint): number => Number(BigInt.asIntN(64, v));
  if (digitsEnd !== end) {
    const last = s[end - 1]!;
    const factors: Record<string, bigint> = { g: 1n << 30n, m: 1n << 20n, k: 1n << 10n };
    const factor = factors[last.toLowerCase()];
    const interpreted = escaped(s.slice(0, digitsEnd));
    if (factor === undefined) {
      return {
        value: toSigned(ret),
        error: `Invalid quantity "${invalid}": unknown multiplier "${escaped(last)}", interpreting as "${interpreted}" for backwards compatibility`,
      };
    }
    if (!overflow) overflow = ret > 0n ? ret > LONG_MAX / factor : ret < -(LONG_MAX + 1n) / factor;
    ret *= factor;
    if (digitsEnd !== end - 1) {
      return {
        value: toSigned(ret),
        error: `Invalid quantity "${invalid}", interpreting as "${interpreted}${escaped(last)}" for backwards compatibility`,
      };
    }
  }
  if (overflow) {
    return {
      value: toSigned(ret),
      error: `Invalid quantity "${invalid}": value is out of range, using overflow result for backwards compatibility`,
    };
  }
  return { value: toSigned(ret), error: null };
}

/**
 * PHP's ini_get(): the directive's value as a string, or false for a directive this package does
 * not have (only default_socket_timeout).
 */
export function ini_get(option: string): string | false {
  arity('ini_get', arguments.length, 1, 1);
  const name = toStr(option, 'ini_get', 1, 'option');
  if (PERDIR.has(name)) return iniString(name);
  return DIRECTIVES.has(name) ? values[name]! : false;
}

// openssl.cafile and openssl.capath are PHP_INI_PERDIR: set before the script starts (php -d,
// php.ini), never by ini_set(). Their equivalent here is read once from the environment:
// PHP_SOCKETS_OPENSSL_CAFILE and PHP_SOCKETS_OPENSSL_CAPATH.
const PERDIR = new Map<string, string | null>([
  ['openssl.cafile', null],
  ['openssl.capath', null],
]);
const PERDIR_ENV: Record<string, string> = {
  'openssl.cafile': 'PHP_SOCKETS_OPENSSL_CAFILE',
  'openssl.capath': 'PHP_SOCKETS_OPENSSL_CAPATH',
};

/** A PERDIR directive's value ("" when not set), read from its environment variable once. */
export function iniString(name: string): string {
  let v = PERDIR.get(name);
  if (v === null || v === undefined) {
    v = process.env[PERDIR_ENV[name]!] ?? '';
    PERDIR.set(name, v);
  }
  return v;
}

/**
 * PHP's ini_set(): sets default_socket_timeout (the seconds the socket streams wait by default
 * for a connection, an accepted client and data; negative waits forever) and returns the old
 * value as a string; false for any other directive. The new value is kept as the string given
 * and parsed as PHP parses it, with PHP's "Invalid quantity" warnings.
 */
export function ini_set(option: string, value: string | number | boolean | null): string | false {
  const fn = 'ini_set';
  arity(fn, arguments.length, 2, 2);
  const name = toStr(option, fn, 1, 'option');
  let text: string;
  if (value === null || value === undefined) text = '';
  else if (typeof value === 'boolean') text = value ? '1' : '';
  else if (typeof value === 'number') text = Number.isInteger(value) ? String(value) : phpFloat(value);
  else if (typeof value === 'string') text = toStr(value, fn, 2, 'value');
  else throw new TypeError(`${fn}(): Argument #2 ($value) must be of type string|int|float|bool|null`);
  if (!DIRECTIVES.has(name)) return false;
  const old = values[name]!;
  const parsed = parseQuantity(text);
  if (parsed.error !== null) raise(E_WARNING, `Invalid "${name}" setting. ${parsed.error}`);
  values[name] = text;
  defaultSocketTimeout = parsed.value;
  return old;
}
