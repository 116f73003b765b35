// Closing a test file's fixtures when it ends: the descriptor hook (descriptor-hook.ts) fails a
// file that leaves any descriptor open, including those of fixtures it keeps referenced on purpose.
import { afterAll } from 'vitest';
import * as p from '../../lib/index.js';

/**
 * Closes every Socket and Stream in `v`, searching arrays, plain objects and Ref boxes (a few
 * levels deep); those already closed are left as they are.
 */
export function closeAll(v: unknown, depth = 0, seen = new Set<unknown>()): void {
  if (v === null || typeof v !== 'object' || depth > 4 || seen.has(v)) return;
  seen.add(v);
  if (v instanceof p.Socket) {
    try {
      p.socket_close(v);
    } catch {
      // already closed
    }
  } else if (v instanceof p.Stream) {
    try {
      p.fclose(v);
    } catch {
      // already closed
    }
  } else if (Array.isArray(v)) {
    for (const x of v) closeAll(x, depth + 1, seen);
  } else if (Object.getPrototypeOf(v) === Object.prototype) {
    for (const x of Object.values(v)) closeAll(x, depth + 1, seen);
  }
}

/**
 * An array for fixtures a file keeps referenced until it ends (a collected Socket closes, which
 * would free its port or end its connection mid-test): what is in it then is closed (afterAll).
 * Call at the top level of a test file.
 */
export function keptUntilEnd(): unknown[] {
  const kept: unknown[] = [];
  afterAll(() => closeAll(kept));
  return kept;
}
