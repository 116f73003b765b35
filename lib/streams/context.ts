// Stream contexts (main/streams/streams.c's php_stream_context, ext/standard/streamsfuncs.c):
// the StreamContext resource, the seven stream_context_* functions, the per-thread default
// context, and the accessors the transports read their options through. A context holds options
// (wrapper name -> option name -> value, in insertion order) and params (a "notification" value,
// stored and returned, never called for socket streams, as in PHP). Streams hold their context
// (StreamState.context): stream_socket_client()/_server() without one get the default context,
// accepted streams share their server's, and a stream made with none (fsockopen(),
// stream_socket_pair(), socket_export_stream()) gets a fresh one the first time a
// stream_context_* function asks for it.
import { arity, phpType, toStr, typeError } from '../php/args.js';
import { deprecated, ValueError } from '../php/errors.js';
import { registerResource, resourceOf } from '../php/resources.js';
import { isPhpArray } from '../php/zval.js';
import { isStream, stateOf, type Stream } from './stream.js';

/** One context's state: php_stream_context's options and notifier. */
interface ContextState {
  options: Map<string, Map<string, unknown>>;
  /** The "notification" param as given (null is a value here); undefined when never set. */
  notification: unknown;
  hasNotification: boolean;
}

const TOKEN = Symbol('php-sockets internal');

let contextState!: (c: StreamContext) => ContextState;
let isContext!: (v: unknown) => v is StreamContext;

/**
 * A stream context, as PHP's `stream-context` resource: made by stream_context_create() (or
 * stream_context_get_default()), never with `new`. var_dump() prints it as
 * `resource(N) of type (stream-context)`.
 */
export class StreamContext {
  readonly #s: ContextState;

  /** @internal */
  constructor(token?: unknown, state?: ContextState) {
    if (token !== TOKEN || !state) {
      throw new Error('Cannot directly construct StreamContext, use stream_context_create() instead');
    }
    this.#s = state;
    Object.preventExtensions(this);
  }

  static {
    contextState = (c) => c.#s;
    isContext = (v): v is StreamContext => typeof v === 'object' && v !== null && #s in v;
  }

  get [Symbol.toStringTag](): string {
    return 'StreamContext';
  }

  /** PHP's conversions of a resource: (int)$context is its id, (string)$context "Resource id #5". */
  [Symbol.toPrimitive](hint: string): number | string {
    const id = resourceOf(this)?.id ?? 0;
    return hint === 'number' ? id : `Resource id #${id}`;
  }
}
Object.freeze(StreamContext.prototype);

/** php_stream_context_alloc(): a `stream-context` resource, numbered as PHP numbers it. */
function newContext(): StreamContext {
  const context = new StreamContext(TOKEN, { options: new Map(), notification: undefined, hasNotification: false });
  registerResource(context, () => 'stream-context');
  return context;
}

// FG(default_context): one per thread (a Worker loads its own copy of this module).
let defaultContext: StreamContext | null = null;

/** FG(default_context), made on first use. */
function getDefaultContext(): StreamContext {
  return (defaultContext ??= newContext());
}

// --- option values -------------------------------------------------------------------------

/** A C string's view of a key: up to the first NUL (PHP stores option names with strlen()). */
function cKey(s: string): string {
  const i = s.indexOf('\0');
  return i < 0 ? s : s.slice(0, i);
}

const CANONICAL_INT = /^(0|-?[1-9][0-9]*)$/;

/** Whether a JS key stands for a PHP int key (a JS array index, or a canonical integer string). */
function isIntKey(k: unknown): boolean {
  if (typeof k === 'number') return Number.isInteger(k);
  if (typeof k === 'bigint') return true;
  return typeof k === 'string' && CANONICAL_INT.test(k) && Number.isSafeInteger(Number(k));
}

/** A PHP array's entries (a JS array, a plain object or a Map), in order. */
function entriesOf(v: object): [unknown, unknown][] {
  if (v instanceof Map) return [...v];
  return Object.keys(v).map((k) => [k, (v as Record<string, unknown>)[k]]);
}

/** A PHP array argument: a JS array, a plain object or a Map. */
function isArrayArg(v: unknown): v is object {
  return isPhpArray(v) || v instanceof Map;
}

/** A PHP value copy: arrays (JS arrays, plain objects, Maps) by value, objects by handle. */
function copyValue(v: unknown): unknown {
  if (v === undefined) return null;
  if (Array.isArray(v)) return v.map(copyValue);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, copyValue(x)]));
  if (isPhpArray(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) setKey(out, k, copyValue(v[k]));
    return out;
  }
  return v;
}

/** Sets a key on a plain object, "__proto__" included. */
function setKey(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** php_stream_context_set_option(). */
function setOption(c: ContextState, wrapper: string, name: string, value: unknown): void {
  const w = cKey(wrapper);
  let options = c.options.get(w);
  if (!options) c.options.set(w, (options = new Map()));
  options.set(cKey(name), copyValue(value));
}

const FORM_ERROR = 'Options should have the form ["wrappername"]["optionname"] = $value';

/**
 * parse_context_options(): each wrapper (a string key whose value is an array) and its
 * string-keyed options are set in order; int option keys are skipped. Anything else is PHP's
 * ValueError, after the wrappers before it were set.
 */
function parseOptions(c: ContextState, options: object): void {
  for (const [wrapper, opts] of entriesOf(options)) {
    if (isIntKey(wrapper) || typeof wrapper !== 'string' || !isArrayArg(opts)) throw new ValueError(FORM_ERROR);
    for (const [name, value] of entriesOf(opts)) {
      if (typeof name === 'string' && !isIntKey(name)) setOption(c, wrapper, name, value);
    }
  }
}

/** Whether a PHP array has the string key `key`. */
function lookup(arr: object, key: string): { found: boolean; value: unknown } {
  if (arr instanceof Map) return { found: arr.has(key), value: arr.get(key) };
  if (Array.isArray(arr) || !Object.prototype.hasOwnProperty.call(arr, key)) return { found: false, value: undefined };
  return { found: true, value: (arr as Record<string, unknown>)[key] };
}

/** parse_context_params(): "notification" stored as given, then "options" merged. */
function parseParams(c: ContextState, params: object): void {
  const notification = lookup(params, 'notification');
  if (notification.found) {
    c.notification = notification.value === undefined ? null : notification.value;
    c.hasNotification = true;
  }
  const options = lookup(params, 'options');
  if (options.found) {
    if (!isArrayArg(options.value)) throw new TypeError('Invalid stream/context parameter');
    parseOptions(c, options.value);
  }
}

/** The options as PHP returns them: [wrapper => [option => value]], copies of the values. */
function optionsArray(c: ContextState): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [wrapper, options] of c.options) setKey(out, wrapper, wrapperArray(options));
  return out;
}

function wrapperArray(options: Map<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (options) for (const [name, value] of options) setKey(out, name, copyValue(value));
  return out;
}

// --- arguments -----------------------------------------------------------------------------

/** An `array` (or `?array`) parameter. */
function arrayArg(v: unknown, fn: string, n: number, name: string, nullable: boolean): object | null {
  if (nullable && (v === null || v === undefined)) return null;
  if (isArrayArg(v)) return v;
  throw typeError(fn, n, name, nullable ? '?array' : 'array', v);
}

/**
 * decode_context_param(): the context of a StreamContext, or of a stream (one made without a
 * context gets a new one, kept from then on). Anything but a resource is zpp's TypeError; a closed
 * stream is "must be a valid stream/context".
 */
function contextArg(v: unknown, fn: string, name: string): ContextState {
  if (isContext(v)) return contextState(v);
  if (!isStream(v)) throw new TypeError(`${fn}(): Argument #1 ($${name}) must be of type resource, ${phpType(v)} given`);
  const s = stateOf(v);
  if (!s.open) throw new TypeError(`${fn}(): Argument #1 ($${name}) must be a valid stream/context`);
  return contextState((s.context ??= newContext()));
}

/**
 * The `$context` parameter of stream_socket_client()/_server() (Z_PARAM_RESOURCE_OR_NULL, then
 * php_stream_context_from_zval()): the context given, or the default context for null unless
 * `noDefault` (PHP_FILE_NO_DEFAULT_CONTEXT in the flags). Call it after the other arguments'
 * checks, as PHP does.
 */
export function contextParam(v: unknown, fn: string, n: number, noDefault: boolean): StreamContext | null {
  if (v === null || v === undefined) return noDefault ? null : getDefaultContext();
  if (isContext(v)) return v;
  if (isStream(v)) throw new TypeError(`${fn}(): supplied resource is not a valid Stream-Context resource`);
  throw new TypeError(`${fn}(): Argument #${n} ($context) must be of type resource or null, ${phpType(v)} given`);
}

// --- the PHP functions ---------------------------------------------------------------------

/**
 * stream_context_create(): a new context with `options` (`{ wrapper: { option: value } }`, e.g.
 * `{ socket: { tcp_nodelay: true } }`) and `params` (`{ notification, options }`). A wrapper whose
 * value is not an array, or an int wrapper key, is PHP's ValueError "Options should have the form
 * ...".
 */
export function stream_context_create(options: object | null = null, params: object | null = null): StreamContext {
  const fn = 'stream_context_create';
  arity(fn, arguments.length, 0, 2);
  const opts = arrayArg(options, fn, 1, 'options', true);
  const prms = arrayArg(params, fn, 2, 'params', true);
  const context = newContext();
  if (opts) parseOptions(contextState(context), opts);
  if (prms) parseParams(contextState(context), prms);
  return context;
}

/**
 * stream_context_set_option(): sets one option (`context, wrapper, option, value`) or merges
 * options (`context, { wrapper: { option: value } }`) into a context, or into a stream's context
 * (for a stream made without one, that is the default context). Returns true.
 */
export function stream_context_set_option(
  context: StreamContext | Stream,
  wrapper_or_options: string | object,
  option_name: string | null = null,
  value?: unknown,
): boolean {
  const fn = 'stream_context_set_option';
  const given = arguments.length;
  arity(fn, given, 2, 4);
  if (!isContext(context) && !isStream(context)) {
    throw new TypeError(`${fn}(): Argument #1 ($context) must be of type resource, ${phpType(context)} given`);
  }
  let options: object | null = null;
  let wrapper = '';
  const w: unknown = wrapper_or_options;
  if (isArrayArg(w)) options = w;
  else if (w === null || w === undefined) {
    deprecated(`${fn}(): Passing null to parameter #2 ($wrapper_or_options) of type array|string is deprecated`);
  } else if ((typeof w === 'object' && !(w instanceof Uint8Array)) || typeof w === 'function') {
    throw typeError(fn, 2, 'wrapper_or_options', 'array|string', w);
  } else wrapper = toStr(w, fn, 2, 'wrapper_or_options');
  let name: string | null = null;
  const optionName: unknown = option_name;
  if (optionName !== null && optionName !== undefined) {
    if ((typeof optionName === 'object' && !(optionName instanceof Uint8Array)) || typeof optionName === 'function') {
      throw typeError(fn, 3, 'option_name', '?string', optionName);
    }
    name = toStr(optionName, fn, 3, 'option_name');
  }
  const c = contextArg(context, fn, 'context');
  if (options) {
    if (name !== null) {
      throw new ValueError(`${fn}(): Argument #3 ($option_name) must be null when argument #2 ($wrapper_or_options) is an array`);
    }
    if (given >= 4) {
      throw new ValueError(`${fn}(): Argument #4 ($value) cannot be provided when argument #2 ($wrapper_or_options) is an array`);
    }
    parseOptions(c, options);
    return true;
  }
  if (name === null) {
    throw new ValueError(`${fn}(): Argument #3 ($option_name) cannot be null when argument #2 ($wrapper_or_options) is a string`);
  }
  if (given < 4) {
    throw new ValueError(`${fn}(): Argument #4 ($value) must be provided when argument #2 ($wrapper_or_options) is a string`);
  }
  setOption(c, wrapper, name, value);
  return true;
}

/**
 * stream_context_get_options(): the options of a context, or of a stream's context, as
 * `{ wrapper: { option: value } }` (copies: changing them changes nothing).
 */
export function stream_context_get_options(stream_or_context: StreamContext | Stream): Record<string, Record<string, unknown>> {
  const fn = 'stream_context_get_options';
  arity(fn, arguments.length, 1, 1);
  return optionsArray(contextArg(stream_or_context, fn, 'stream_or_context'));
}

/**
 * stream_context_set_params(): `params.notification` is stored (never called for socket streams,
 * as in PHP) and `params.options` merged into the options; other keys are ignored. Returns true.
 */
export function stream_context_set_params(context: StreamContext | Stream, params: object): boolean {
  const fn = 'stream_context_set_params';
  arity(fn, arguments.length, 2, 2);
  if (!isContext(context) && !isStream(context)) {
    throw new TypeError(`${fn}(): Argument #1 ($context) must be of type resource, ${phpType(context)} given`);
  }
  const prms = arrayArg(params, fn, 2, 'params', false)!;
  parseParams(contextArg(context, fn, 'context'), prms);
  return true;
}

/** stream_context_get_params(): `{ notification?, options }`. */
export function stream_context_get_params(context: StreamContext | Stream): Record<string, unknown> {
  const fn = 'stream_context_get_params';
  arity(fn, arguments.length, 1, 1);
  const c = contextArg(context, fn, 'context');
  const out: Record<string, unknown> = {};
  if (c.hasNotification) out['notification'] = c.notification;
  out['options'] = optionsArray(c);
  return out;
}

/**
 * stream_context_get_default(): the default context (the same resource every time; streams made
 * without a context use it), with `options` merged in first.
 */
export function stream_context_get_default(options: object | null = null): StreamContext {
  const fn = 'stream_context_get_default';
  arity(fn, arguments.length, 0, 1);
  const opts = arrayArg(options, fn, 1, 'options', true);
  const context = getDefaultContext();
  if (opts) parseOptions(contextState(context), opts);
  return context;
}

/** stream_context_set_default(): merges `options` into the default context and returns it. */
export function stream_context_set_default(options: object): StreamContext {
  const fn = 'stream_context_set_default';
  arity(fn, arguments.length, 1, 1);
  const opts = arrayArg(options, fn, 1, 'options', false)!;
  const context = getDefaultContext();
  parseOptions(contextState(context), opts);
  return context;
}

// --- for the transports (and TLS) ----------------------------------------------------------

/**
 * php_stream_context_get_option(): the value stored for `wrapper`/`name` in a context (the live
 * value: read it, don't change it), or undefined when it was never set (a stored null is null).
 */
export function contextOption(context: StreamContext | null, wrapper: string, name: string): unknown {
  if (!context) return undefined;
  return contextState(context).options.get(wrapper)?.get(name);
}

/** Sets one option, as stream_context_set_option() does (TLS's capture_peer_cert writes back). */
export function setContextOption(context: StreamContext, wrapper: string, name: string, value: unknown): void {
  setOption(contextState(context), wrapper, name, value);
}

/**
 * The options of one wrapper (`'ssl'`, `'socket'`) of a context or of a stream's context, as a
 * plain object (a copy); {} when none.
 */
export function contextOptionsOf(streamOrContext: StreamContext | Stream | null, wrapper: string): Record<string, unknown> {
  const context = isStream(streamOrContext) ? stateOf(streamOrContext).context : streamOrContext;
  return wrapperArray(context ? contextState(context).options.get(wrapper) : undefined);
}

export { isContext };
