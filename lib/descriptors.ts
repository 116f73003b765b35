// Running out of descriptors. PHP closes a socket the moment its last reference goes; here a
// dropped Socket or Stream keeps its descriptor until its finalizer runs, from the event loop after
// a collection, and a PHP-style loop that never yields nor closes what it drops can reach the
// descriptor limit (EMFILE) first. So when a call that makes a descriptor fails with EMFILE or
// ENFILE, the caller forces a collection, closes the descriptors of the Sockets and Streams it
// found unreachable (native.reclaim(): their weak references are empty), and tries the call once
// more; only then is the failure reported.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { native } from './native.js';
import { EMFILE, ENFILE } from './platform.js';
import { adoptHeld } from './socket.js';


type Gc = (options?: { type: 'minor' | 'major' }) => void;

let collector: Gc | undefined;
/** Failed attempts to get gc(); after a few, none is tried again. */
let collectorFailures = 0;

/**
 * V8's gc(): global gc() when the process runs with --expose-gc, otherwise the one of a new vm
 * context made with the flag set for that moment (then cleared again, so later contexts and the
 * user's code see no gc). null if it cannot be had. The flag is process-wide: a Worker that clears
 * it while another thread is between setting it and making its context makes that thread fail
 * once, so a failure is not remembered until it has happened three times.
 */
function gcFunction(): Gc | null {
  if (collector !== undefined) return collector;
  if (collectorFailures >= 3) return null;
  const exposed = typeof (globalThis as { gc?: unknown }).gc === 'function';
  try {
    if (!exposed) setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('typeof gc === "function" ? gc : null');
    if (typeof gc === 'function') collector = gc as Gc;
  } catch {
    // counted below
  } finally {
    if (!exposed) setFlagsFromString('--no-expose-gc');
  }
  if (collector === undefined) collectorFailures++;
  return collector ?? null;
}

/** Until when (performance.now()) a collection is not forced again: the last one freed nothing. */
let futileUntil = 0;

/**
 * Whether a descriptor-making call that returned `rc` should be made once more: rc is -EMFILE or
 * -ENFILE and garbage has just been collected and reclaimed. First the young generation (cheap,
 * and where the Sockets a loop has just dropped are), then, if that closed no descriptor, the
 * whole heap. A
 * collection that closed none (every socket is genuinely in use) is not forced again for ten
 * times its duration (at most a second), so a program that keeps failing at the limit does not
 * spend its time collecting.
 */
export function exhausted(rc: number): boolean {
  if (rc !== -EMFILE && rc !== -ENFILE) return false;
  const start = performance.now();
  if (start < futileUntil) return false;
  const gc = gcFunction();
  if (gc === null) return false;
  // Held Sockets (lib/socket.ts) are kept alive until adopted: adopted first, the dropped ones
  // can be collected.
  adoptHeld();
  gc({ type: 'minor' });
  let closed = native.reclaim();
  if (closed === 0) {
    gc({ type: 'major' });
    closed = native.reclaim();
  }
  const end = performance.now();
  futileUntil = closed === 0 ? end + Math.min(10 * (end - start), 1000) : 0;
  return true;
}
