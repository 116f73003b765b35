// PHP's two error channels, engine side. Misuse throws (TypeError, ValueError, Error with PHP's
// texts); a diagnostic (E_WARNING, E_DEPRECATED, ...) goes through the error handler. The socket
// extension's failure path (PHP_SOCKET_ERROR, the last-error state) is lib/last_error.ts.

export const E_WARNING = 2;
export const E_NOTICE = 8;
export const E_DEPRECATED = 8192;
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

export type ErrorHandler = (errno: number, errstr: string) => boolean | void;

interface HandlerEntry {
  handler: ErrorHandler;
  levels: number;
}

// PHP's model (Zend/zend.c, zend_builtin_functions.c): the current handler, or null for none
// (PHP's IS_UNDEF), and a stack of the ones it replaced. While a handler runs there is no current
// handler, so a warning raised inside it goes to the default output instead of recursing.
let current: HandlerEntry | null = null;
const stack: (HandlerEntry | null)[] = [];

/**
 * PHP's set_error_handler(): `callback` receives every warning (and deprecation) this package
 * raises, as `(E_WARNING, "socket_bind(): Unable to bind address [98]: Address already in use")`,
 * when `error_levels` includes its level. Returning `false` passes the warning on to the default
 * (process.emitWarning). `null` removes handling until restore_error_handler(). Returns the
 * previous handler, or null.
 */
export function set_error_handler(callback: ErrorHandler | null, error_levels: number = E_ALL): ErrorHandler | null {
  const previous = current ? current.handler : null;
  stack.push(current);
  current = callback ? { handler: callback, levels: error_levels } : null;
  return previous;
}

/** PHP's restore_error_handler(): goes back to the previous handler. Always true. */
export function restore_error_handler(): true {
  current = stack.length ? stack.pop()! : null;
  return true;
}

const LEVEL_NAMES: Record<number, string> = {
  [E_WARNING]: 'Warning',
  [E_NOTICE]: 'Notice',
  [E_DEPRECATED]: 'Deprecated',
};

function emitDefault(level: number, message: string): void {
  const name = LEVEL_NAMES[level] ?? 'Warning';
  process.emitWarning(message, { type: `PHP ${name}`, code: `E_${name.toUpperCase()}` });
}

/** Raises a PHP diagnostic: to the installed handler, else to process.emitWarning. */
export function raise(level: number, message: string): void {
  const entry = current;
  if (!entry || !(entry.levels & level)) {
    emitDefault(level, message);
    return;
  }
  current = null;
  let handled: boolean | void;
  try {
    handled = entry.handler(level, message);
  } finally {
    // As PHP: unless the handler installed or restored one, the running handler is current again.
    if (current === null) current = entry;
  }
  if (handled === false) emitDefault(level, message);
}

export function warn(fn: string, message: string): void {
  raise(E_WARNING, `${fn}(): ${message}`);
}

export function deprecated(message: string): void {
  raise(E_DEPRECATED, message);
}
