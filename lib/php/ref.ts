import { types } from 'node:util';
/**
 * A by-reference parameter. PHP's `&$address` becomes a box whose `value` the function assigns
 * exactly when PHP would assign the variable.
 */
export interface Ref<T> {
  value: T;
}

/**
 * Makes a box for a by-reference parameter; like an unset PHP variable, it starts as null. Without
 * a type argument it is untyped (`any`), like a PHP variable, so one box fits any parameter. Given
 * a starting value (`ref('')`, `ref(0)`), its `value` is typed without null, so reading it needs
 * no `!`; the function still assigns it exactly when PHP would assign the variable.
 */
export function ref<T = any>(): Ref<T | null>;
export function ref<T>(initial: T): Ref<T>;
export function ref<T = any>(initial: T | null = null): Ref<T | null> {
  return { value: initial };
}

/** PHP's Error for what cannot be passed by reference (a literal, a box that refuses writes). */
export function byRefError(fn: string, n: number, name: string): Error {
  return new Error(`${fn}(): Argument #${n} ($${name}) cannot be passed by reference`);
}

/** A by-reference argument: where a function writes a result, and which argument it is. */
export interface ByRefArg {
  fn: string;
  n: number;
  name: string;
}

/**
 * `target[key] = value` for a by-reference argument (a box, a select set): a write the target
 * refuses (a Proxy whose set trap returns false, a getter-only element) is PHP's by-reference
 * Error, not the engine's TypeError. What a trap throws propagates as it is.
 */
export function put(target: object, key: PropertyKey, value: unknown, arg: ByRefArg): void {
  if (!Reflect.set(target, key, value)) throw byRefError(arg.fn, arg.n, arg.name);
}

/**
 * After `arr[key] = v` threw `e` (strict mode: the engine's TypeError when the write is refused)
 * on an array whose prototype chain holds no Proxy: whether the write was refused (put()'s
 * by-reference Error), not an error a setter threw (which propagates as it is). Setting `length`
 * runs no user code, so any error there is a refusal (an element it must delete is not
 * configurable, or `length` is not writable).
 */
export function refusedWrite(e: unknown, arr: object, key: number | 'length'): boolean {
  if (!(e instanceof TypeError)) return false;
  if (key === 'length') return true;
  for (let o: object | null = arr; o !== null; o = Object.getPrototypeOf(o) as object | null) {
    const d = Object.getOwnPropertyDescriptor(o, key);
    if (d === undefined) continue;
    if (!('value' in d) && !('writable' in d)) return d.set === undefined; // an accessor: no setter, or it threw
    if (d.writable === false) return true;
    return o !== arr && !Object.isExtensible(arr); // an inherited writable value: a new own property
  }
  return !Object.isExtensible(arr);
}

/** `delete target[key]` for a by-reference argument, refused as put() is. */
export function remove(target: object, key: PropertyKey, arg: ByRefArg): void {
  if (!Reflect.deleteProperty(target, key)) throw byRefError(arg.fn, arg.n, arg.name);
}

/**
 * A by-reference argument must be a box: PHP refuses a literal with this Error. A Proxy passes
 * the check before the call (its traps decide later), so its writes go through put().
 */
export function refArg<T>(v: unknown, fn: string, n: number, name: string): Ref<T> {
  if (v === null || typeof v !== 'object' || !assignable(v)) throw byRefError(fn, n, name);
  if (!types.isProxy(v)) return v as Ref<T>;
  const box = v as Ref<T>;
  const arg = { fn, n, name };
  return {
    get value(): T {
      return box.value;
    },
    set value(x: T) {
      put(box, 'value', x, arg);
    },
  };
}

/**
 * An optional by-reference argument: its box, or null when not passed (null and undefined skip
 * it, so later arguments can be given); a literal is PHP's "cannot be passed by reference" Error.
 */
export function optionalRef(v: unknown, fn: string, n: number, name: string): Ref<unknown> | null {
  return v === null || v === undefined ? null : refArg<unknown>(v, fn, n, name);
}

/**
 * Whether `box.value = x` can succeed: a frozen (or sealed, or non-extensible) box is refused
 * before the call does anything, so no received data or accepted connection is lost to a failed
 * assignment afterwards.
 */
function assignable(v: object): boolean {
  const d = Object.getOwnPropertyDescriptor(v, 'value');
  if (d) return d.writable === true || d.set !== undefined;
  return Object.isExtensible(v);
}

/**
 * A select set passed again as a later argument (PHP's `select($x, $x, …)`): PHP rebuilds the
 * same variable once per set, so what the earlier set left of it keeps only what is `ready` in
 * this set too, in order (an object keeps its keys).
 */
export function keepReady(set: unknown[] | Record<string, unknown>, ready: Set<unknown>, arg: ByRefArg): void {
  if (Array.isArray(set)) {
    let j = 0;
    for (let i = 0; i < set.length; i++) if (ready.has(set[i])) put(set, j++, set[i], arg);
    put(set, 'length', j, arg);
  } else {
    for (const key of Object.keys(set)) if (!ready.has(set[key])) remove(set, key, arg);
  }
}
