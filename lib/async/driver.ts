// How php-sockets/async runs a sync function without blocking: the sync function itself runs (so
// argument checks, warnings, last-error codes and return values are its own), with the calls of
// the seam (lib/blocking.ts) replaced by probes (probes.ts) that make the same syscall without
// waiting.
// When the syscall would block, the probe throws Pending before the sync function has changed
// anything; the driver waits for the descriptor in libuv's loop (native.waitFd: uv_poll, no
// thread), then runs the sync function again. A probe keeps what it needs across runs (bytes
// already sent, a deadline) in the call's Call object.
import { useBlocking, type Blocking } from '../blocking.js';
import { native } from '../native.js';
import { atSite, type CallSite, entered } from '../php/caller.js';

// What a Pending waits for, per descriptor: native.waitFd's event bits (native/async.cc).
export const READABLE = 1;
export const WRITABLE = 2;
export const URGENT = 4;

/** Thrown by a probe: the syscall would block; wait for any of fds (events[i]) or the deadline. */
export class Pending {
  constructor(
    readonly fds: number[],
    readonly events: number[],
    /** performance.now() time; null: no timeout. */
    readonly deadline: number | null,
    /** A timer-only retry (nothing to poll for): its expiry is not a timeout. */
    readonly retry = false,
    /** Work done off the event loop (a name look-up on libuv's thread pool): wait for it instead. */
    readonly until: Promise<void> | null = null,
  ) {}
}

/** The state of one async call across its runs. */
export class Call {
  /** How the last wait ended: 1 ready, 0 timed out, -9 the descriptor was closed. */
  wake = 1;
  /** The call's deadline (performance.now() ms), null for none, undefined until a probe sets it. */
  deadline: number | null | undefined = undefined;
  /** Set by a probe that moved data: the wait before was not spurious. */
  progressed = false;
  /** Probe-specific state kept between runs. */
  sent = 0;
  bytes: Uint8Array | null = null;
  text = '';
  count = 0;
  blocking: boolean | undefined = undefined;
  connecting = 0;
  inWait = false;
  /** Name look-ups finished off the event loop, by their arguments: a run asks again and gets these. */
  lookups: Map<string, unknown> | null = null;

  /** Whether the deadline has passed (or the last wait timed out). */
  timedOut(): boolean {
    return this.wake === 0 || (this.deadline != null && performance.now() >= this.deadline);
  }
}

/** The call whose probes are installed (runs never nest: a run is synchronous). */
export let current: Call = new Call();

let probes: Blocking | null = null;

/** Registers the probes (probes.ts): one for each call of lib/blocking.ts, typed to match. */
export function setProbes(p: Blocking): void {
  probes = p;
}

/** Puts the probes in the seam for one run of a sync function. */
function install(call: Call): void {
  current = call;
  useBlocking(probes);
}

/** Puts the real calls back. */
function uninstall(): void {
  useBlocking(null);
}

/** One wait in the loop: 1 ready, 0 timed out, -9 closed. */
function waitOnce(p: Pending): Promise<number> {
  if (p.until) return p.until.then(() => 1);
  const ms = p.deadline === null ? -1 : Math.max(0, Math.ceil(p.deadline - performance.now()));
  return new Promise((resolve) => {
    let id: number;
    // Nothing to poll and no deadline (a stream without a socket, where PHP's poll() of descriptor
    // -1 never returns): a timer-only wait would be nothing in the event loop, which could empty
    // and end the process (exit 13 under a top-level await). Wake each second instead: that keeps
    // the loop alive as PHP's process stays, and the re-run sees the stream if it was closed.
    if (ms < 0 && p.fds.every((fd) => fd < 0)) {
      native.waitFd(-1, 0, 1000, () => resolve(1));
      return;
    }
    if (p.fds.length === 0) id = native.waitFd(-1, 0, ms, resolve);
    else if (p.fds.length === 1) id = native.waitFd(p.fds[0]!, p.events[0]!, ms, resolve);
    else id = native.waitFds(Int32Array.from(p.fds), Int32Array.from(p.events), ms, resolve);
    // A descriptor libuv cannot poll: try the call again shortly (it reports its own error).
    if (id < 0) native.waitFd(-1, 0, ms < 0 ? 10 : Math.min(ms, 10), () => resolve(1));
  });
}

function delay(ms: number): Promise<number> {
  return new Promise((resolve) => native.waitFd(-1, 0, ms, () => resolve(1)));
}

/**
 * What a call does around each run: `begin` before it (e.g. puts a stand-in descriptor in place
 * of one closed while the call waited), `end` after it, and `abort` when a probe threw Pending,
 * to undo what the run changed before its syscall.
 */
export interface Guard {
  begin(): void;
  end(): void;
  abort(): void;
}

const noGuard: Guard = { begin() {}, end() {}, abort() {} };

/**
 * Runs `run` until it returns without a probe asking to wait; its throw rejects. Its diagnostics
 * name the call's site (lib/php/caller.ts), kept when it first waits.
 */
export function drive<T>(run: () => T, guard: Guard = noGuard): Promise<T> {
  return entered((at) => driveRuns(run, guard, at));
}

async function driveRuns<T>(run: () => T, guard: Guard, at: CallSite): Promise<T> {
  const call = new Call();
  let spurious = -1; // the first Pending follows no wait
  for (;;) {
    let pending: Pending;
    guard.begin();
    install(call);
    try {
      return atSite(at, run);
    } catch (e) {
      if (!(e instanceof Pending)) throw e;
      guard.abort();
      pending = e;
      at.keep();
    } finally {
      uninstall();
      guard.end();
    }
    // Readiness that led to no progress (another process took the data, a datagram with a bad
    // checksum, MSG_PEEK | MSG_WAITALL waiting for more): back off with a timer, up to 64 ms.
    if (call.wake === 1 && !call.progressed && !pending.retry) spurious++;
    else spurious = 0;
    call.progressed = false;
    if (spurious > 2) {
      let ms = Math.min(2 ** (spurious - 3), 64);
      if (pending.deadline !== null) ms = Math.min(ms, Math.max(0, pending.deadline - performance.now()));
      await delay(ms);
    }
    const wake = await waitOnce(pending);
    call.wake = pending.retry && wake === 0 ? 1 : wake;
  }
}

/** FIFO lanes: one async operation at a time per object and direction (0 read, 1 write). */
const lanes = new WeakMap<object, [Promise<unknown> | null, Promise<unknown> | null]>();

/** `op` runs at once, or after the lane's earlier operations (then with the caller's site kept). */
export function lane<T>(key: object | null, dir: 0 | 1, op: () => Promise<T>): Promise<T> {
  return entered((at) => queue(key, dir, op, at));
}

function queue<T>(key: object | null, dir: 0 | 1, op: () => Promise<T>, at: CallSite): Promise<T> {
  if (key === null) return op();
  let entry = lanes.get(key);
  if (!entry) {
    entry = [null, null];
    lanes.set(key, entry);
  }
  const prev = entry[dir];
  let p: Promise<T>;
  if (prev) {
    at.keep();
    const later = (): Promise<T> => atSite(at, op);
    p = prev.then(later, later);
  } else p = op();
  const tail = p.then(
    () => undefined,
    () => undefined,
  );
  entry[dir] = tail;
  void tail.then(() => {
    if (entry[dir] === tail) entry[dir] = null;
  });
  return p;
}
