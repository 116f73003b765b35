// A conversion between a PHP-shaped message and native bytes, with the path PHP reports in its
// "error converting user data (path: msghdr > control > element #0): ..." warnings.
import { warn } from '../php/errors.js';

/** A conversion failure; its message is PHP's whole warning text (without the function prefix). */
export class ConversionError extends Error {}

export class Ctx {
  private readonly path: string[];

  /**
   * `what` is "user" (PHP value -> native) or "native" (native -> PHP value); `arg` names the
   * argument being converted, for the TypeError of a string that is not bytes.
   */
  constructor(
    readonly fn: string,
    private readonly what: 'user' | 'native',
    top: string,
    private readonly arg = '#2 ($message)',
  ) {
    this.path = [top];
  }

  /** Runs `f` with `key` appended to the path. */
  at<T>(key: string, f: () => T): T {
    this.path.push(key);
    try {
      return f();
    } finally {
      this.path.pop();
    }
  }

  fail(message: string): never {
    const path = this.path.join(' > ') || 'unavailable';
    throw new ConversionError(`error converting ${this.what} data (path: ${path}): ${message}`);
  }

  /** A JS string that is not a byte string: there is nothing PHP-like to send. */
  notBytes(): never {
    throw new TypeError(
      `${this.fn}(): Argument ${this.arg} must hold byte strings (one char per byte, codes 0-255); ` +
        `the value at ${this.path.join(' > ')} contains a char above U+00FF. Encode text first, ` +
        `e.g. Buffer.from(text, 'utf8')`,
    );
  }
}

/** Runs a conversion; a ConversionError becomes PHP's warning and `undefined`. */
export function convert<T>(fn: string, f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof ConversionError)) throw e;
    warn(fn, e.message);
    return undefined;
  }
}
