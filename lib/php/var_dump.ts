// PHP's var_dump(), print_r(), var_export() and echo for JS values, byte for byte as PHP prints the
// corresponding PHP values, so a ported script prints the same transcript as the original.
//
// Mapping: null/undefined -> NULL; booleans; integral numbers below 2**63 (and bigints) -> int,
// other numbers (and -0) -> float (PHP's shortest round-trip repr); strings are byte strings (one char per byte, as
// everywhere in this package; a string with a char above U+00FF is taken as text and printed as
// UTF-8); Uint8Array/Buffer -> string; JS arrays, plain objects and Maps -> PHP arrays; a Stream
// (any resource) -> resource(id) of type (stream); any other object -> object(ClassName)#id with
// its own enumerable properties (a Socket has none). Ids are PHP's numbering as far as it can be
// followed (lib/php/resources.ts).
import { hasNonByte, latin1 } from './bytes.js';
import { E_WARNING, raise } from './errors.js';
import { phpFloatString } from './float.js';
import { objectId, resourceOf } from './resources.js';

const INT_MAX = 2n ** 63n;

/** A string as PHP bytes (a latin1 JS string): byte strings as they are, text as UTF-8. */
function bytesOf(s: string): string {
  return hasNonByte(s) ? Buffer.from(s, 'utf8').toString('latin1') : s;
}

function out(bytes: string): void {
  process.stdout.write(Buffer.from(bytes, 'latin1'));
}

type Scalar =
  | { kind: 'null' }
  | { kind: 'bool'; v: boolean }
  | { kind: 'int'; v: string }
  | { kind: 'float'; v: number }
  | { kind: 'string'; v: string }
  | { kind: 'resource'; id: number; type: string };

type Entry = [key: string | number, value: unknown];

type Shape =
  | Scalar
  | { kind: 'array'; entries: Entry[]; ref: object }
  | { kind: 'object'; name: string; entries: Entry[]; ref: object };

const CANONICAL_INT = /^(0|-?[1-9][0-9]*)$/;

/** A PHP array key: canonical decimal integer strings become ints, as PHP converts them. */
function arrayKey(k: string): string | number {
  if (CANONICAL_INT.test(k)) {
    const b = BigInt(k);
    if (b < INT_MAX && b >= -INT_MAX) return Number.isSafeInteger(Number(k)) ? Number(k) : k;
  }
  return bytesOf(k);
}

function shapeOf(v: unknown): Shape {
  if (v === null || v === undefined) return { kind: 'null' };
  switch (typeof v) {
    case 'boolean':
      return { kind: 'bool', v };
    case 'bigint':
      return { kind: 'int', v: v.toString() };
    case 'number':
      // -0 only comes from float arithmetic (PHP's int has no negative zero).
      if (Number.isInteger(v) && Math.abs(v) < 2 ** 63 && !Object.is(v, -0)) {
        return { kind: 'int', v: Number.isSafeInteger(v) ? String(v) : BigInt(v).toString() };
      }
      return { kind: 'float', v };
    case 'string':
      return { kind: 'string', v: bytesOf(v) };
    case 'symbol':
      return { kind: 'string', v: bytesOf(v.toString()) };
    case 'function':
      return { kind: 'object', name: 'Closure', entries: [], ref: v };
    default:
      break;
  }
  const o = v as object;
  const res = resourceOf(o);
  if (res) return { kind: 'resource', id: res.id, type: res.type };
  if (o instanceof Uint8Array) return { kind: 'string', v: latin1(o) };
  if (o instanceof ArrayBuffer) return { kind: 'string', v: o.byteLength === 0 ? '' : latin1(new Uint8Array(o)) };
  if (Array.isArray(o)) {
    return { kind: 'array', entries: Object.keys(o).map((k) => [arrayKey(k), (o as unknown[])[Number(k)]] as Entry), ref: o };
  }
  if (o instanceof Map) {
    return { kind: 'array', entries: [...o].map(([k, val]) => [typeof k === 'number' && Number.isInteger(k) ? k : arrayKey(String(k)), val] as Entry), ref: o };
  }
  const proto = Object.getPrototypeOf(o);
  const entries = Object.keys(o).map((k) => [bytesOf(k), (o as Record<string, unknown>)[k]] as Entry);
  if (proto === Object.prototype || proto === null) {
    return { kind: 'array', entries: entries.map(([k, val]) => [arrayKey(String(k)), val] as Entry), ref: o };
  }
  const name = (o as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag];
  const ctor = (o as { constructor?: { name?: unknown } }).constructor?.name;
  return {
    kind: 'object',
    name: typeof ctor === 'string' && ctor ? ctor : typeof name === 'string' && name ? name : 'stdClass',
    entries,
    ref: o,
  };
}

/** PHP's string conversion (echo, print_r, string interpolation). */
function scalarString(s: Scalar): string {
  switch (s.kind) {
    case 'null':
      return '';
    case 'bool':
      return s.v ? '1' : '';
    case 'int':
      return s.v;
    case 'float':
      return phpFloatString(s.v, 14);
    case 'string':
      return s.v;
    case 'resource':
      return `Resource id #${s.id}`;
  }
}

function dump(v: unknown, indent: string, seen: Set<object>): string {
  const s = shapeOf(v);
  switch (s.kind) {
    case 'null':
      return `${indent}NULL\n`;
    case 'bool':
      return `${indent}bool(${s.v})\n`;
    case 'int':
      return `${indent}int(${s.v})\n`;
    case 'float':
      return `${indent}float(${phpFloatString(s.v)})\n`;
    case 'string':
      return `${indent}string(${s.v.length}) "${s.v}"\n`;
    case 'resource':
      return `${indent}resource(${s.id}) of type (${s.type})\n`;
    default:
      break;
  }
  if (seen.has(s.ref)) return `${indent}*RECURSION*\n`;
  seen.add(s.ref);
  let text =
    s.kind === 'array'
      ? `${indent}array(${s.entries.length}) {\n`
      : `${indent}object(${s.name})#${objectId(s.ref)} (${s.entries.length}) {\n`;
  for (const [k, val] of s.entries) {
    const key = typeof k === 'number' && s.kind === 'array' ? String(k) : `"${k}"`;
    text += `${indent}  [${key}]=>\n${dump(val, indent + '  ', seen)}`;
  }
  seen.delete(s.ref);
  return `${text}${indent}}\n`;
}

/**
 * PHP's var_dump(): prints each value's type and value, arrays and objects recursively, e.g.
 * `var_dump(socket_read(s, 5))` prints `string(5) "hello"`, a Socket `object(Socket)#1 (0) {\n}`.
 */
export function var_dump(value: unknown, ...values: unknown[]): void {
  for (const v of [value, ...values]) out(dump(v, '', new Set()));
}

function printR(v: unknown, indent: number, seen: Set<object>): string {
  const s = shapeOf(v);
  if (s.kind !== 'array' && s.kind !== 'object') return scalarString(s);
  let text = s.kind === 'array' ? 'Array\n' : `${s.name} Object\n`;
  if (seen.has(s.ref)) return `${text} *RECURSION*`;
  seen.add(s.ref);
  const pad = ' '.repeat(indent);
  text += `${pad}(\n`;
  for (const [k, val] of s.entries) {
    text += `${pad}    [${k}] => ${printR(val, indent + 8, seen)}\n`;
  }
  seen.delete(s.ref);
  return `${text}${pad})\n`;
}

/**
 * PHP's print_r(): human-readable form (`Array\n(\n    [0] => 1\n)\n`). Prints and returns true,
 * or with `return_ = true` returns the text (a byte string) instead.
 */
export function print_r(value: unknown, return_: true): string;
export function print_r(value: unknown, return_?: false): true;
export function print_r(value: unknown, return_?: boolean): string | true;
export function print_r(value: unknown, return_ = false): string | true {
  const text = printR(value, 0, new Set());
  if (return_) return text;
  out(text);
  return true;
}

function exportString(s: string): string {
  return `'${s.replace(/[\\']/g, '\\$&').replace(/\0/g, `' . "\\0" . '`)}'`;
}

function exportValue(v: unknown, level: number, seen: Set<object>): string {
  const s = shapeOf(v);
  switch (s.kind) {
    case 'null':
      return 'NULL';
    case 'bool':
      return s.v ? 'true' : 'false';
    case 'int':
      return s.v;
    case 'float': {
      const f = phpFloatString(s.v);
      return /^-?\d+$/.test(f) ? `${f}.0` : f;
    }
    case 'string':
      return exportString(s.v);
    case 'resource':
      return 'NULL';
    default:
      break;
  }
  if (seen.has(s.ref)) {
    raise(E_WARNING, 'var_export does not handle circular references');
    return 'NULL';
  }
  seen.add(s.ref);
  let text = level > 1 ? `\n${' '.repeat(level - 1)}` : '';
  if (s.kind === 'array') {
    text += 'array (\n';
    for (const [k, val] of s.entries) {
      const key = typeof k === 'number' ? String(k) : exportString(k);
      text += `${' '.repeat(level + 1)}${key} => ${exportValue(val, level + 2, seen)},\n`;
    }
    if (level > 1) text += ' '.repeat(level - 1);
    text += ')';
  } else {
    text += `\\${s.name}::__set_state(array(\n`;
    for (const [k, val] of s.entries) {
      text += `${' '.repeat(level + 2)}${exportString(String(k))} => ${exportValue(val, level + 2, seen)},\n`;
    }
    if (level > 1) text += ' '.repeat(level - 1);
    text += '))';
  }
  seen.delete(s.ref);
  return text;
}

/**
 * PHP's var_export(): the value as PHP source (`array (\n  0 => 1,\n)`). Prints and returns null,
 * or with `return_ = true` returns the text instead.
 */
export function var_export(value: unknown, return_: true): string;
export function var_export(value: unknown, return_?: false): null;
export function var_export(value: unknown, return_?: boolean): string | null;
export function var_export(value: unknown, return_ = false): string | null {
  const text = exportValue(value, 1, new Set());
  if (return_) return text;
  out(text);
  return null;
}

/**
 * PHP's echo: prints each value converted to a string as PHP converts it (bytes as they are,
 * true -> "1", false and null -> "", floats with precision 14). Received data (byte strings) is
 * written byte for byte, which `console.log` would not do.
 */
export function echo(...values: unknown[]): void {
  let text = '';
  for (const v of values) {
    const s = shapeOf(v);
    if (s.kind === 'array') {
      raise(E_WARNING, 'Array to string conversion');
      text += 'Array';
    } else if (s.kind === 'object') {
      throw new Error(`Object of class ${s.name} could not be converted to string`);
    } else {
      text += scalarString(s);
    }
  }
  out(text);
}
