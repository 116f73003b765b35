// PHP's two error channels, engine side. Misuse throws (TypeError, ValueError, Error with PHP's
// texts); a diagnostic (E_WARNING, E_DEPRECATED, ...) goes through the error handler. The socket
// extension's failure path (PHP_SOCKET_ERROR, the last-error state) is lib/last_error.ts.
import { writeSync } from 'node:fs';
import { hasNonByte } from './bytes.js';
import { arity, toInt } from './args.js';
import { atSite, caller } from './caller.js';

// PHP 8.2's error levels (Zend/zend_errors.h).
export const E_ERROR = 1;
export const E_WARNING = 2;
export const E_PARSE = 4;
export const E_NOTICE = 8;
export const E_CORE_ERROR = 16;
export const E_CORE_WARNING = 32;
export const E_COMPILE_ERROR = 64;
export const E_COMPILE_WARNING = 128;
export const E_USER_ERROR = 256;
export const E_USER_WARNING = 512;
export const E_USER_NOTICE = 1024;
export const E_STRICT = 2048;
export const E_RECOVERABLE_ERROR = 4096;
export const E_DEPRECATED = 8192;
export const E_USER_DEPRECATED = 16384;
export const E_ALL = 32767;

/** PHP's ValueError: an argument of the right type with a value the function refuses. */
export class ValueError extends Error {
  constructor(message?: string) {
    super(message);
    this.name = 'ValueError';
  }
}

/** PHP's ArgumentCountError (a TypeError): too few or too many arguments. */
export class ArgumentCountError extends TypeError {
  constructor(message?: string) {
    super(message);
    this.name = 'ArgumentCountError';
  }
}

/**
 * A handler for set_error_handler(): PHP's `function ($errno, $errstr, $errfile, $errline)`. The
 * file and line (the caller's, as in the default output) are worked out only for a handler that
 * declares those parameters.
 */
export type ErrorHandler = (errno: number, errstr: string, errfile: string, errline: number) => boolean | void;

interface HandlerEntry {
  handler: ErrorHandler;
  levels: number;
  // What set_error_handler() was given (returned by the next call): the function, or the array.
  given: unknown;
}

// PHP's model (Zend/zend.c, zend_builtin_functions.c): the current handler, or null for none
// (PHP's IS_UNDEF), and a stack of the ones it replaced. While a handler runs there is no current
// handler, so a warning raised inside it goes to the default output instead of recursing.
let current: HandlerEntry | null = null;
const stack: (HandlerEntry | null)[] = [];

/**
 * PHP's set_error_handler(): `callback` receives every warning (and deprecation) this package
 * raises, as `(E_WARNING, "socket_bind(): Unable to bind address [98]: Address already in use")`,
 * when `error_levels` includes its level, whatever error_reporting() says (inside silence() it
 * reads 4437). Returning `false` passes the warning on to the default output (set_error_output()).
 * `null` removes handling until restore_error_handler(). Returns the
 * previous handler, or null.
 */
export function set_error_handler(callback: ErrorHandler | null, error_levels: number = E_ALL): ErrorHandler | null {
  const fn = 'set_error_handler';
  arity(fn, arguments.length, 1, 2);
  const handler = callback === null ? null : callbackArg(fn, callback);
  error_levels = toInt(error_levels, fn, 2, 'error_levels');
  const previous = current ? current.given : null;
  stack.push(current);
  current = handler ? { handler, levels: error_levels, given: callback } : null;
  return previous as ErrorHandler | null;
}

/**
 * A callable argument as zpp's "f!" checks it, with PHP's texts. A JS function is callable, and
 * so is [object, 'method'] naming one of the object's methods (called on the object). JS has no
 * function or class table to look names up in, so a string or [name, 'method'] never is.
 */
function callbackArg(fn: string, v: unknown): ErrorHandler {
  if (typeof v === 'function') return v as ErrorHandler;
  const invalid = (why: string): TypeError =>
    new TypeError(`${fn}(): Argument #1 ($callback) must be a valid callback or null, ${why}`);
  if (typeof v === 'string') throw invalid(`function "${v}" not found or invalid function name`);
  if (!Array.isArray(v)) throw invalid('no array or string given');
  if (v.length !== 2) throw invalid('array callback must have exactly two members');
  const [target, method] = v as [unknown, unknown];
  if (typeof target === 'string') throw invalid(`class "${target}" not found`);
  if (typeof target !== 'object' || target === null) throw invalid('first array member is not a valid class name or object');
  if (typeof method !== 'string') throw invalid('second array member is not a valid method');
  const f = (target as Record<string, unknown>)[method];
  if (typeof f !== 'function') {
    const ctor = (target as { constructor?: { name?: unknown } }).constructor;
    const cls = typeof ctor?.name === 'string' && ctor.name !== '' && ctor.name !== 'Object' ? ctor.name : 'stdClass';
    throw invalid(`class ${cls} does not have a method "${method}"`);
  }
  return (f as ErrorHandler).bind(target);
}

/** PHP's restore_error_handler(): goes back to the previous handler. Always true. */
export function restore_error_handler(): true {
  current = stack.length ? stack.pop()! : null;
  return true;
}

// EG(error_reporting). php-cli's default comes from its php.ini; Debian's (the reference) sets
// E_ALL & ~E_DEPRECATED & ~E_STRICT, so deprecations reach a handler but are not printed.
let reporting = E_ALL & ~E_DEPRECATED & ~E_STRICT;

/** The current error_reporting level. */
export function errorReporting(): number {
  return reporting;
}

/** Sets the error_reporting level; returns the old one. */
export function setErrorReporting(level: number): number {
  const old = reporting;
  reporting = level;
  return old;
}

// php-cli's label for each level this package raises, and the constant's name.
const LEVELS: Record<number, [label: string, code: string]> = {
  [E_WARNING]: ['Warning', 'E_WARNING'],
  [E_NOTICE]: ['Notice', 'E_NOTICE'],
  [E_USER_ERROR]: ['Fatal error', 'E_USER_ERROR'],
  [E_USER_WARNING]: ['Warning', 'E_USER_WARNING'],
  [E_USER_NOTICE]: ['Notice', 'E_USER_NOTICE'],
  [E_DEPRECATED]: ['Deprecated', 'E_DEPRECATED'],
  [E_USER_DEPRECATED]: ['Deprecated', 'E_USER_DEPRECATED'],
};

/**
 * Where a diagnostic goes when no handler takes it: `'stderr'` (the default) writes php-cli's
 * line at once, synchronously; `'emitWarning'` hands it to process.emitWarning (printed by Node
 * when the event loop next turns, and catchable with process.on('warning')); a function receives
 * the level, the message and the caller's file and line.
 */
export type ErrorOutput = 'stderr' | 'emitWarning' | ((errno: number, errstr: string, errfile: string, errline: number) => void);

let output: ErrorOutput = 'stderr';

/**
 * Chooses where unhandled diagnostics go (see ErrorOutput); returns the previous choice. Not a
 * PHP function: PHP decides this in php.ini (log_errors, display_errors, error_log).
 */
export function set_error_output(target: ErrorOutput): ErrorOutput {
  if (target !== 'stderr' && target !== 'emitWarning' && typeof target !== 'function') {
    throw new TypeError(`set_error_output(): Argument #1 ($target) must be 'stderr', 'emitWarning' or a function`);
  }
  const previous = output;
  output = target;
  return previous;
}

function writeStderr(line: string): void {
  // Messages are byte strings (they quote addresses and data); text beyond Latin-1 goes as UTF-8.
  const bytes = Buffer.from(line, hasNonByte(line) ? 'utf8' : 'latin1');
  let off = 0;
  for (let tries = 0; off < bytes.length && tries < 1000; tries++) {
    try {
      off += writeSync(2, bytes, off);
    } catch (e) {
      // A non-blocking stderr pipe that is full: try again; anything else: give up quietly, as
      // PHP does when it cannot log.
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') return;
    }
  }
}

// php_error_cb's default: php-cli logs "PHP Warning:  text in file on line N" to stderr.
function emitDefault(level: number, message: string, where: { file: string; line: number } | null): void {
  if (!(reporting & level)) return;
  const [label, code] = LEVELS[level] ?? ['Warning', 'E_WARNING'];
  if (output === 'emitWarning') {
    process.emitWarning(message, { type: `PHP ${label}`, code });
    return;
  }
  const at = where ?? caller();
  if (output === 'stderr') writeStderr(`PHP ${label}:  ${message} in ${at.file} on line ${at.line}\n`);
  else output(level, message, at.file, at.line);
}

/** Raises a PHP diagnostic: to the installed handler, else (or if it returns false) to the output. */
export function raise(level: number, message: string): void {
  const entry = current;
  let where: { file: string; line: number } | null = null;
  if (entry && entry.levels & level) {
    current = null;
    let handled: boolean | void;
    try {
      // The handler is the user's code: a diagnostic it raises names its own frames.
      if (entry.handler.length > 2) {
        const at = (where = caller());
        handled = atSite(null, () => entry.handler(level, message, at.file, at.line));
      } else {
        handled = atSite(null, () => (entry.handler as (errno: number, errstr: string) => boolean | void)(level, message));
      }
    } finally {
      // As PHP: unless the handler installed or restored one, the running handler is current again.
      if (current === null) current = entry;
    }
    if (handled !== false) return;
  }
  emitDefault(level, message, where);
  // E_USER_ERROR ends the script (status 255) unless a handler took it, even under `@`.
  if (level === E_USER_ERROR) process.exit(255);
}

export function warn(fn: string, message: string): void {
  raise(E_WARNING, `${fn}(): ${message}`);
}

export function deprecated(message: string): void {
  raise(E_DEPRECATED, message);
}
