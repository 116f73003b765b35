// error_reporting(), silence() (PHP's @), trigger_error() and its alias user_error(): the
// script's own side of PHP's diagnostics, over the state and handler path in lib/php/errors.ts.
import { arity, toInt, toIntOrNull, toStr, typeError } from './args.js';
import {
  E_COMPILE_ERROR,
  E_CORE_ERROR,
  E_ERROR,
  E_PARSE,
  E_RECOVERABLE_ERROR,
  E_USER_DEPRECATED,
  E_USER_ERROR,
  E_USER_NOTICE,
  E_USER_WARNING,
  ValueError,
  errorReporting,
  raise,
  setErrorReporting,
} from './errors.js';

/**
 * PHP's error_reporting(): returns the current level and, given one (not null), sets it. The
 * level decides what reaches the default output; a handler runs whatever it says. The initial
 * level is Debian php-cli's, E_ALL & ~E_DEPRECATED & ~E_STRICT (22527); inside silence() it reads
 * 4437.
 */
export function error_reporting(error_level: number | null = null): number {
  const fn = 'error_reporting';
  arity(fn, arguments.length, 0, 1);
  const level = toIntOrNull(error_level, fn, 1, 'error_level');
  return level === null ? errorReporting() : setErrorReporting(level);
}

// The levels `@` leaves on (E_FATAL_ERRORS): 4437.
const FATAL = E_ERROR | E_PARSE | E_CORE_ERROR | E_COMPILE_ERROR | E_USER_ERROR | E_RECOVERABLE_ERROR;

/**
 * PHP's `@` operator: runs `fn` and returns what it returns, with every non-fatal diagnostic it
 * raises kept from the output. A handler installed with set_error_handler() still runs, and
 * error_reporting() reads 4437 (the fatal levels) meanwhile, as in PHP 8, so a handler that checks
 * it skips them. Afterwards (also when `fn` throws) the level is restored, unless `fn` set one
 * that reports more than fatal errors (ZEND_END_SILENCE). Covers the synchronous call: warnings
 * an async function raises after its first `await` are not silenced.
 */
export function silence<T>(fn: () => T): T {
  if (typeof fn !== 'function') throw typeError('silence', 1, 'fn', 'callable', fn);
  const saved = errorReporting();
  if (saved & ~FATAL) setErrorReporting(saved & FATAL);
  try {
    return fn();
  } finally {
    if (!(errorReporting() & ~FATAL) && saved & ~FATAL) setErrorReporting(saved);
  }
}

function trigger(fn: string, given: number, message: unknown, error_level: unknown): true {
  arity(fn, given, 1, 2);
  const text = toStr(message, fn, 1, 'message');
  const level = toInt(error_level, fn, 2, 'error_level');
  if (level !== E_USER_ERROR && level !== E_USER_WARNING && level !== E_USER_NOTICE && level !== E_USER_DEPRECATED) {
    throw new ValueError(
      `${fn}(): Argument #2 ($error_level) must be one of E_USER_ERROR, E_USER_WARNING, E_USER_NOTICE, or E_USER_DEPRECATED`,
    );
  }
  raise(level, text);
  return true;
}

/**
 * PHP's trigger_error(): raises `message` at a user level (E_USER_NOTICE by default) through the
 * same path as the package's own warnings: the handler, else the default output, as
 * "PHP Notice:  message in file on line N". E_USER_ERROR with no handler taking it prints
 * "PHP Fatal error:  ..." and ends the process with status 255, as PHP ends the script.
 */
export function trigger_error(message: string, error_level: number = E_USER_NOTICE): true {
  return trigger('trigger_error', arguments.length, message, error_level);
}

/** PHP's user_error(), the alias of trigger_error() (its messages name user_error). */
export function user_error(message: string, error_level: number = E_USER_NOTICE): true {
  return trigger('user_error', arguments.length, message, error_level);
}
