// The script file and line PHP names in a diagnostic ("... in /path/script.php on line 3"): here,
// the nearest stack frame outside this package, as Node prints it (source-mapped when the port runs
// under tsx or with --enable-source-maps, so it is the .ts line the user wrote).
import { dirname, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

// This file is lib/php/caller.ts (or dist/php/caller.js); the package's own frames are those under
// lib/ or dist/ (a dist file source-maps back to lib/).
const ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const OWN = [`${ROOT}${sep}lib${sep}`, `${ROOT}${sep}dist${sep}`];

// "    at fn (/path/file.ts:3:5)", "    at /path/file.ts:3:5", "    at async fn (file:///x.mjs:3:5)"
const FRAME = /^\s*at (?:.*?\()?(.+?):(\d+):\d+\)?$/;

export interface Caller {
  file: string;
  line: number;
}

// An async call (php-sockets/async) can go on after an await, with none of the user's frames on
// the stack. Its CallSite keeps them, but only for a call that is about to wait: `keep()` only
// marks the call, and the exported function captures the frames below itself (keepFrames) once
// the call's synchronous part has returned to it, when the frames of the driver, the lanes and
// the probes are gone from the stack. A capture walks every stack frame up to its limit, and each
// optimized frame costs V8 a deoptimization-data translation (several thousand instructions), so
// the walk meets the exported function (its frame is how V8 finds where to start) and the user's
// frames, up to KEPT of them. `Error.captureStackTrace` on a plain object keeps them structured:
// V8 makes the text only when a diagnostic reads .stack. A call that completes at once pays
// nothing. The hottest exported functions (lib/async/sockets.ts) call Error.captureStackTrace in
// their own body (framesWanted, keptFrames) rather than through keepFrames: V8 does not always
// inline keepFrames and CallSite.capture, and each frame of theirs walked cost one more
// translation (counted with callgrind: about 7,500 instructions per waiting call, 19,000 left).
export const KEPT = 8;

export class CallSite {
  /** The captured frames (keepFrames, keptFrames). */
  frames: { stack?: string } | null = null;
  /** Whether the call's synchronous part, with the user's frames below it, is still running. */
  live = true;
  /** keep() was called: capture the frames when the synchronous part returns (entered). */
  wanted = false;

  /** The call goes on after an await: keep the user's frames while they are on the stack. */
  keep(): void {
    if (this.live) this.wanted = true;
  }

  /** The kept frames' text ('' when none were kept). */
  stack(): string {
    return this.frames?.stack ?? '';
  }

  /** Captures the frames below `from` (its caller's and down). */
  capture(from: (...args: never[]) => unknown): void {
    const frames = {};
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = KEPT;
    Error.captureStackTrace(frames, from);
    Error.stackTraceLimit = limit;
    this.frames = frames;
  }
}

let site: CallSite | null = null;
/** The CallSite of the last outermost call that asked to keep its frames, until keepFrames. */
let keeping: CallSite | null = null;

/**
 * Runs the synchronous part of an async call (`f` returns its Promise) with a new CallSite, or,
 * inside the code of an async call (a lane's queued operation, a step of a loop), with that call's.
 * The exported function that called it calls keepFrames next.
 */
export function entered<T>(f: (at: CallSite) => T): T {
  const outer = enterSite();
  if (outer === null) return f(site!);
  try {
    return f(outer);
  } finally {
    leaveSite(outer);
  }
}

/**
 * entered() without a closure: a new CallSite for the outermost call of an async call (then the
 * caller ends it with leaveSite), or null inside one (runningSite() is its site).
 */
export function enterSite(): CallSite | null {
  if (site !== null) return null;
  const at = new CallSite();
  site = at;
  keeping = null;
  return at;
}

export function runningSite(): CallSite {
  return site!;
}

export function leaveSite(at: CallSite): void {
  site = null;
  at.live = false;
  if (at.wanted) keeping = at;
}

/**
 * Called by an exported async function (`from`) right after its call's synchronous part (entered)
 * returned: if the call goes on after an await, captures the user's frames, those below `from`.
 */
export function keepFrames(from: (...args: never[]) => unknown): void {
  if (keeping === null) return;
  keeping.capture(from);
  keeping = null;
}

/**
 * keepFrames in two halves, for an exported function that captures the frames itself: whether
 * the call whose synchronous part just returned goes on after an await; if so, the function
 * captures KEPT frames below itself and hands them to keptFrames.
 */
export function framesWanted(): boolean {
  return keeping !== null;
}

export function keptFrames(frames: { stack?: string }): void {
  if (keeping === null) return;
  keeping.frames = frames;
  keeping = null;
}

/** Runs `f` (a part of an async call resumed from the event loop) with `at` as its call site; null: user code. */
export function atSite<T>(at: CallSite | null, f: () => T): T {
  const previous = site;
  site = at;
  try {
    return f();
  } finally {
    site = previous;
  }
}

/**
 * The user's frame that led here: PHP's "Unknown" and line 0 when there is none. Inside an async
 * call, the frame that made the call (the code resumed from the event loop has no user frame, and
 * an "at async" frame would name the line of the await, not of the call).
 */
export function caller(): Caller {
  const fromSite = site !== null && !site.live ? userFrame(site.stack()) : null;
  if (fromSite !== null) return fromSite;
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 64;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  return userFrame(stack) ?? { file: 'Unknown', line: 0 };
}

function userFrame(stack: string): Caller | null {
  for (const text of stack.split('\n')) {
    const m = FRAME.exec(text);
    if (!m) continue;
    let file = m[1]!;
    if (file.startsWith('file://')) {
      try {
        file = fileURLToPath(file);
      } catch {
        continue;
      }
    }
    if (!file.startsWith(sep) || OWN.some((dir) => file.startsWith(dir))) continue;
    return { file, line: Number(m[2]) };
  }
  return null;
}
