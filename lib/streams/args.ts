// zpp for the stream context parameter (not supported: only null is accepted).
import { phpType } from '../php/args.js';

/** The `$context` parameter: contexts are not supported, so only null (or nothing) is accepted. */
export function noContext(v: unknown, fn: string, n: number): void {
  if (v === null || v === undefined) return;
  throw new TypeError(
    `${fn}(): Argument #${n} ($context) must be of type resource or null, ${phpType(v)} given ` +
      `(stream contexts are not supported)`,
  );
}
