// Signals during blocking calls (CPython's PEP 475 tests): a signal with a handler installed (as
// Node installs libuv's for SIGCHLD, SIGWINCH and every signal a program listens to) that lands
// while a call waits neither fails the call nor breaks its timeout, which stays bounded above and
// below; socket_select and stream_select report the interruption as PHP's do. The calls run in
// another process (helpers/signal-child.ts) that this test signals every 2 ms; the same calls
// run in a Worker whose event loop is woken every 10 ms (each wake-up is the termination
// watchdog's signal to the blocked thread).
//
// Expected values are PHP 8.2's for the same calls with no signal (a PHP process with a pcntl
// handler fails most of them with [4] instead; docs/differences.md), and for the two selects,
// PHP's with a pcntl_signal() handler: `Unable to select [4]: Interrupted system call`.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CHILD = join(ROOT, 'test/helpers/signal-child.ts');
const BIG = 8 * 1024 * 1024;

interface Outcome {
  result: unknown;
  warnings: string[];
  error: number;
  ms: number;
}

// timed: waits out the 300 ms timeout (at least 285 ms: the clock a repeat measures the time
// left with ticks every 4 ms, 10 ms on some kernels). peer: ends when the peer acts, 300 ms
// after the call's setup.
// interrupted: ends at the first signal.
type Kind = 'timed' | 'peer' | 'interrupted';
const partial = expect.any(Number);
const CASES: Record<string, { kind: Kind; result: unknown; warnings?: (string | RegExp)[]; error?: number }> = {
  socket_accept: { kind: 'timed', result: false, error: 11 },
  socket_accept_peer: { kind: 'peer', result: 'Socket' },
  socket_read: { kind: 'timed', result: false, error: 11 },
  socket_read_peer: { kind: 'peer', result: 'x\n' },
  socket_read_normal_peer: { kind: 'peer', result: 'x\n' },
  // Nine bytes 50 ms apart, then the newline, under a 300 ms SO_RCVTIMEO (PHP: each byte's recv
  // waits up to the whole timeout; the line after ~500 ms).
  socket_read_normal_trickle_peer: { kind: 'peer', result: 'aaaaaaaaa\n' },
  socket_recv_waitall_peer: { kind: 'peer', result: [4, 'abcd'] },
  socket_recvmsg_waitall_peer: { kind: 'peer', result: [4, ['abcd']] },
  socket_recv: { kind: 'timed', result: false, error: 11 },
  // Our extension (no PHP oracle): as socket_recv.
  socket_read_into: { kind: 'timed', result: false, error: 11 },
  socket_read_into_waitall_peer: { kind: 'peer', result: [4, 'abcd'] },
  socket_recvfrom: { kind: 'timed', result: false, error: 11 },
  socket_recvmsg: {
    kind: 'timed',
    result: false,
    warnings: ['socket_recvmsg(): Error in recvmsg [11]: Resource temporarily unavailable'],
    error: 11,
  },
  // What the socket buffer holds when SO_SNDTIMEO passes (219264 bytes here; the kernel's).
  socket_write: { kind: 'timed', result: partial },
  socket_write_peer: { kind: 'peer', result: BIG },
  socket_send: { kind: 'timed', result: partial },
  socket_sendmsg: { kind: 'timed', result: partial },
  socket_connect: { kind: 'timed', result: false, error: 115 },
  socket_select: {
    kind: 'interrupted',
    result: false,
    warnings: ['socket_select(): Unable to select [4]: Interrupted system call'],
    error: 4,
  },
  socket_select_timeout: {
    kind: 'interrupted',
    result: false,
    warnings: ['socket_select(): Unable to select [4]: Interrupted system call'],
    error: 4,
  },
  stream_select: {
    kind: 'interrupted',
    result: false,
    warnings: [/^stream_select\(\): Unable to select \[4\]: Interrupted system call \(max_fd=\d+\)$/],
  },
  stream_select_timeout: {
    kind: 'interrupted',
    result: false,
    warnings: [/^stream_select\(\): Unable to select \[4\]: Interrupted system call \(max_fd=\d+\)$/],
  },
  stream_socket_accept: {
    kind: 'timed',
    result: false,
    warnings: ['stream_socket_accept(): Accept failed: Connection timed out'],
  },
  stream_socket_client: {
    kind: 'timed',
    result: false,
    warnings: [/^stream_socket_client\(\): Unable to connect to tcp:\/\/127\.0\.0\.1:\d+ \(Connection timed out\)$/],
  },
  fsockopen: {
    kind: 'timed',
    result: false,
    warnings: [/^fsockopen\(\): Unable to connect to 127\.0\.0\.1:\d+ \(Connection timed out\)$/],
  },
  fread: { kind: 'timed', result: false },
  fgets: { kind: 'timed', result: false },
  stream_get_line: { kind: 'timed', result: false },
  fwrite: {
    kind: 'timed',
    result: partial,
    warnings: [/^fwrite\(\): Send of \d+ bytes failed with errno=11 Resource temporarily unavailable$/],
  },
  stream_socket_recvfrom_peer: { kind: 'peer', result: 'x' },
  tls_handshake: {
    kind: 'timed',
    result: false,
    warnings: [
      'stream_socket_client(): SSL: Handshake timed out',
      'stream_socket_client(): Failed to enable crypto',
      /^stream_socket_client\(\): Unable to connect to tls:\/\/127\.0\.0\.1:\d+ \(Unknown error\)$/,
    ],
  },
  // A count, as PHP's (3.9 MB here, written before the peer's buffers filled).
  tls_fwrite: { kind: 'timed', result: partial },
  tls_fread: { kind: 'timed', result: false },
};

// The child with its calls; `signal`: this process sends it SIGUSR2 every 2 ms (for at most
// 20 s: a call that restarted its timeout at each signal then ends 300 ms later, far past its
// bound) from its "ready" until it exits.
function run(mode: string, names: string[], signal: boolean, every = 2): Promise<{ results: Record<string, Outcome>; signals: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, mode, names.join(',')], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let ticker: NodeJS.Timeout | undefined;
    const stopTicker = setTimeout(() => clearInterval(ticker), 20_000);
    const limit = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (signal && ticker === undefined && out.startsWith('ready\n')) {
        ticker = setInterval(() => child.kill('SIGUSR2'), every);
      }
    });
    child.on('exit', (code, sig) => {
      clearInterval(ticker);
      clearTimeout(stopTicker);
      clearTimeout(limit);
      const line = out.split('\n')[1];
      if (code !== 0 || !line) reject(new Error(`child ${mode}: exit ${code} ${sig}\n${out}\n${err}`));
      else resolve(JSON.parse(line));
    });
  });
}

function check(name: string, got: Outcome | undefined, interrupted: 'reported' | 'waited'): void {
  const want = CASES[name]!;
  expect(got, name).toBeDefined();
  const { result, warnings, error, ms } = got!;
  const kind = want.kind === 'interrupted' && interrupted === 'waited' ? 'timed' : want.kind;
  if (want.kind === 'interrupted' && interrupted === 'waited') {
    // Not interrupted: the _timeout variant waits out its 300 ms and finds nothing.
    expect({ name, result, warnings, error }).toEqual({ name, result: 0, warnings: [], error: 0 });
  } else {
    expect({ name, result, warnings, error }).toEqual({
      name,
      result: want.result,
      warnings: (want.warnings ?? []).map((w) => (typeof w === 'string' ? w : expect.stringMatching(w))),
      error: want.error ?? 0,
    });
  }
  if (want.result === partial) {
    expect(result as number, name).toBeGreaterThan(0);
    expect(result as number, name).toBeLessThan(BIG);
  }
  // Bounds on a hang or a cut-short wait, not speed checks: a timeout restarted at each signal
  // runs for the 20 s the signals last, a wait cut short by one ends within a few milliseconds.
  // (A peer case has no lower bound: its result shows a call cut short, and on a loaded machine
  // the setup may take most of the peer's 300 ms.)
  // A timed call's last repeat, once its timeout has passed, must not be interrupted again and
  // again by signals coming faster than the kernel's tick (it took 0.5 to 15 s here, HZ 250).
  if (kind === 'timed') expect(ms, name).toBeGreaterThanOrEqual(285);
  expect(ms, name).toBeLessThan(kind === 'interrupted' ? 5000 : kind === 'timed' ? 2500 : 8000);
}

const ALL = Object.keys(CASES);
// The async API waits in the event loop, which a signal does not interrupt; its selects wait out
// their timeout (the ones ended only by a signal are left out: they would wait 10 s). It has no
// MSG_WAITALL for socket_recvmsg (docs/api.md).
const ASYNC = ALL.filter((n) => !['socket_select', 'stream_select', 'socket_recvmsg_waitall_peer'].includes(n));
// In a Worker, the watchdog's wake-ups: the selects' only signal is the watchdog's, which they
// do not report.
const WORKER = ALL.filter((n) => n !== 'socket_select' && n !== 'stream_select');

// The three runs wait, mostly: they run at the same time.
describe.concurrent('a signal during a blocking call', () => {
  it('neither fails a sync call nor breaks its timeout; the selects report it as PHP does', async () => {
    const { results, signals } = await run('sync', ALL, true);
    expect(Object.keys(results)).toEqual(ALL);
    for (const name of ALL) check(name, results[name], 'reported');
    // The handler saw signals: they landed while the calls waited.
    expect(signals).toBeGreaterThan(0);
  }, 90_000);

  it('neither fails an async call nor breaks its timeout', async () => {
    const { results, signals } = await run('async', ASYNC, true);
    expect(Object.keys(results)).toEqual(ASYNC);
    for (const name of ASYNC) check(name, results[name], 'waited');
    expect(signals).toBeGreaterThan(0);
  }, 90_000);

  // Signals faster than the kernel's tick (4 ms at HZ 250): once the timeout has passed, the last
  // repeat waits one tick, which such signals interrupted again and again (seconds, not 300 ms).
  it('ends a timed call on time under a signal every millisecond', async () => {
    const TIMED = ALL.filter((n) => n.startsWith('socket_') && CASES[n]!.kind === 'timed');
    const { results, signals } = await run('sync', TIMED, true, 1);
    expect(Object.keys(results)).toEqual(TIMED);
    for (const name of TIMED) check(name, results[name], 'reported');
    expect(signals).toBeGreaterThan(0);
  }, 90_000);

  it("in a Worker, the watchdog's wake-ups neither fail a call nor restart its timeout", async () => {
    const { results } = await run('worker', WORKER, false);
    expect(Object.keys(results)).toEqual(WORKER);
    for (const name of WORKER) check(name, results[name], 'waited');
  }, 90_000);
});
