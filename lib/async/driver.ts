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
import { atSite, type CallSite, enterSite, leaveSite, runningSite } from '../php/caller.js';

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
  /** The socket timeout (ms, 0: none) read with `blocking`, and which (SO_RCVTIMEO/SO_SNDTIMEO; 0: none read). */
  timeoutMs = 0;
  timeoutOption = 0;
  connecting = 0;
  inWait = false;
  /**
   * The sync function's would-block path changes nothing but the error codes (socket_read,
   * socket_write, socket_send, socket_read_into): a probe that must wait records its Pending in
   * `pending` and returns what it returns when the wait is over, rather than throwing it (a
   * throw unwinds every frame of the run, ~6,000 instructions, and a function that always
   * throws is never optimized); the driver puts the error codes back (Guard.abort).
   */
  soft = false;
  /** The wait a soft call's probe asked for (null: none). */
  pending: Pending | null = null;
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

function ignore(): void {}

// What one run of a call ended with (Drive.once): its value, its throw, or a Pending.
const VALUE = 0;
const THREW = 1;
const WAIT = 2;

/**
 * One async call's runs: the first inside the caller's synchronous part (a call that needs no
 * wait settles there, and its Promise is made settled), the others from the wake-ups of its waits,
 * called from the event loop by native.waitFd (no Promise or await between them: the wake-up runs
 * the sync function again and settles the call's one Promise).
 */
class Drive<T> {
  readonly call = new Call();
  /** The last run's value or throw, or the Pending it threw. */
  out: unknown = undefined;
  private spurious = -1; // the first Pending follows no wait
  private resolve: ((value: T) => void) | null = null;
  private reject: ((error: unknown) => void) | null = null;
  private onWake: ((wake: number) => void) | null = null;
  /** The call's Promise (promise()). */
  private settled: Promise<T> | null = null;
  /** The lane this call runs in (start()): told when the call settles, with no Promise reaction. */
  lane: Lane | null = null;
  dir: 0 | 1 = 0;

  constructor(
    private readonly run: () => T,
    private readonly guard: Guard,
    private readonly at: CallSite,
  ) {}

  /** One run of the sync function over the probes: VALUE, THREW or WAIT (this.out says which). */
  once(): number {
    let outcome = THREW;
    try {
      this.guard.begin();
      install(this.call);
      try {
        this.out = atSite(this.at, this.run);
        outcome = VALUE;
        const pending = this.call.pending;
        if (pending !== null) {
          this.call.pending = null;
          this.out = pending;
          this.guard.abort();
          this.at.keep();
          outcome = WAIT;
        }
      } catch (e) {
        this.out = e;
        this.call.pending = null;
        if (e instanceof Pending) {
          this.guard.abort();
          this.at.keep();
          outcome = WAIT;
        }
      } finally {
        uninstall();
        this.guard.end();
      }
    } catch (e) {
      this.out = e;
      outcome = THREW;
    }
    return outcome;
  }

  /** The call's Promise, the first run having asked to wait. */
  promise(): Promise<T> {
    const p = new Promise<T>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
      this.onWake = (wake) => this.woken(wake);
      this.next();
    });
    this.settled = p;
    return p;
  }

  /** Rejects the call's Promise. In a lane it gets a handler first, as it had from the lane's reaction. */
  private fail(error: unknown): void {
    if (this.lane !== null) this.settled!.then(undefined, ignore);
    this.reject!(error);
  }

  /** The run threw this.out (a Pending): wait as it asks. */
  private next(): void {
    const pending = this.out as Pending;
    const call = this.call;
    // Readiness that led to no progress (another process took the data, a datagram with a bad
    // checksum, MSG_PEEK | MSG_WAITALL waiting for more): back off with a timer, up to 64 ms.
    if (call.wake === 1 && !call.progressed && !pending.retry) this.spurious++;
    else this.spurious = 0;
    call.progressed = false;
    if (this.spurious > 2) {
      let ms = Math.min(2 ** (this.spurious - 3), 64);
      if (pending.deadline !== null) ms = Math.min(ms, Math.max(0, pending.deadline - performance.now()));
      native.waitFd(-1, 0, ms, () => wait(pending, this.onWake!));
      return;
    }
    wait(pending, this.onWake!);
  }

  /** A wait ended (1 ready, 0 timed out, -9 closed): run again. */
  private woken(wake: number): void {
    const pending = this.out as Pending;
    this.call.wake = pending.retry && wake === 0 ? 1 : wake;
    const outcome = this.once();
    if (outcome === VALUE) this.resolve!(this.out as T);
    else if (outcome === THREW) this.fail(this.out);
    else {
      try {
        this.next();
        return;
      } catch (e) {
        this.fail(e);
      }
    }
    // Settled: the lane's next operation starts now (its reactions, like this Promise's, run after).
    if (this.lane !== null) advance(this.lane, this.dir);
  }
}

/** Starts one wait for what `p` asks; `done` is called once with 1 ready, 0 timed out, -9 closed. */
function wait(p: Pending, done: (wake: number) => void): void {
  if (p.until) {
    p.until.then(
      () => done(1),
      () => done(1),
    );
    return;
  }
  const ms = p.deadline === null ? -1 : Math.max(0, Math.ceil(p.deadline - performance.now()));
  // Nothing to poll and no deadline (a stream without a socket, where PHP's poll() of descriptor
  // -1 never returns): a timer-only wait would be nothing in the event loop, which could empty
  // and end the process (exit 13 under a top-level await). Wake each second instead: that keeps
  // the loop alive as PHP's process stays, and the re-run sees the stream if it was closed.
  if (ms < 0 && p.fds.every((fd) => fd < 0)) {
    native.waitFd(-1, 0, 1000, () => done(1));
    return;
  }
  let id: number;
  if (p.fds.length === 0) id = native.waitFd(-1, 0, ms, done);
  else if (p.fds.length === 1) id = native.waitFd(p.fds[0]!, p.events[0]!, ms, done);
  else id = native.waitFds(Int32Array.from(p.fds), Int32Array.from(p.events), ms, done);
  // A descriptor libuv cannot poll: try the call again shortly (it reports its own error).
  if (id < 0) native.waitFd(-1, 0, ms < 0 ? 10 : Math.min(ms, 10), () => done(1));
}

/** The Promise drive() returned last when its call settled without waiting (lane() runs on). */
let settledNow: Promise<unknown> | null = null;
/** The Drive whose Promise drive() returned last when its call waits, and that Promise (start()). */
let waitingNow: Drive<any> | null = null;
let waitingPromise: Promise<unknown> | null = null;

/**
 * Runs `run` until it returns without a probe asking to wait; its throw rejects. Its diagnostics
 * name the call's site (lib/php/caller.ts), kept when it first waits.
 */
export function drive<T>(run: () => T, guard: Guard = noGuard, soft = false): Promise<T> {
  const outer = enterSite();
  try {
    const d = new Drive(run, guard, outer ?? runningSite());
    d.call.soft = soft;
    const outcome = d.once();
    let p: Promise<T>;
    if (outcome === WAIT) {
      p = d.promise();
      waitingNow = d;
      waitingPromise = p;
    } else {
      p = outcome === VALUE ? Promise.resolve(d.out as T) : Promise.reject(d.out);
      settledNow = p;
    }
    return p;
  } finally {
    if (outer !== null) leaveSite(outer);
  }
}

/**
 * FIFO lanes: one async operation at a time per object and direction (0 read, 1 write). A lane's
 * entry is null while it is idle, else the operations queued behind the running one; each starts
 * its operation and says whether that settled at once (the lane is still free).
 */
type Queued = () => boolean;
type Lane = [Queued[] | null, Queued[] | null];
const lanes = new WeakMap<object, Lane>();

/** `op` runs at once, or after the lane's earlier operations (then with the caller's site kept). */
export function lane<T>(key: object | null, dir: 0 | 1, op: () => Promise<T>): Promise<T> {
  const outer = enterSite();
  try {
    return queue(key, dir, op, outer ?? runningSite());
  } finally {
    if (outer !== null) leaveSite(outer);
  }
}

function queue<T>(key: object | null, dir: 0 | 1, op: () => Promise<T>, at: CallSite): Promise<T> {
  if (key === null) return op();
  let entry = lanes.get(key);
  if (entry === undefined) {
    entry = [null, null];
    lanes.set(key, entry);
  }
  const waiting = entry[dir];
  if (waiting === null) return start(entry, dir, op);
  at.keep();
  const lane = entry;
  return new Promise<T>((resolve, reject) => {
    waiting.push(() => {
      start(lane, dir, () => atSite(at, op)).then(resolve, reject);
      return startedNow;
    });
  });
}

/** Whether the operation start() ran last settled at once (the lane stays free). */
let startedNow = false;

/**
 * Runs a lane's operation: its Promise settled at once (startedNow: the lane stays free), or the
 * lane is busy until it settles (a Drive advances it itself; another Promise through a reaction).
 */
function start<T>(entry: Lane, dir: 0 | 1, op: () => Promise<T>): Promise<T> {
  let p: Promise<T>;
  waitingNow = null;
  try {
    p = op();
  } catch (e) {
    p = Promise.reject(e);
    settledNow = p;
  }
  if (settledNow === p) {
    settledNow = null;
    startedNow = true;
    return p;
  }
  startedNow = false;
  entry[dir] ??= [];
  // (op() set waitingNow: the compiler keeps the null of the assignment above.)
  const d = waitingNow as Drive<unknown> | null;
  if (d !== null && waitingPromise === p) {
    d.lane = entry;
    d.dir = dir;
  } else {
    const done = (): void => advance(entry, dir);
    p.then(done, done);
  }
  waitingNow = null;
  waitingPromise = null;
  return p;
}

/**
 * The lane's running operation settled: the queued ones start in turn until one has to wait, or the
 * lane is idle. A loop, not a recursion: thousands queued behind a wait may each complete at once.
 */
function advance(entry: Lane, dir: 0 | 1): void {
  for (;;) {
    const queued = entry[dir];
    if (queued === null) return;
    const next = queued.shift();
    if (next === undefined) {
      entry[dir] = null;
      return;
    }
    if (!next()) return;
  }
}
