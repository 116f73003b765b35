// Hostile arguments for every exported function, sync and async: each call returns (or settles)
// or throws TypeError/ValueError/ArgumentCountError/Error with a non-empty message that is not
// an engine's own text; never a crash or a hang. The sweep runs in a child process
// (helpers/robustness-child.ts) so a segfault or abort fails this test instead of killing vitest.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as p from '../lib/index.js';
import { thrown } from './helpers/capture.js';
import { socketFds } from './helpers/fds.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHILD = join(ROOT, 'test/helpers/robustness-child.ts');
const TSX = `file://${join(ROOT, 'node_modules/tsx/dist/esm/index.mjs')}`;

interface Report {
  calls: number;
  /** Where warnings and notices were raised: "lib/FILE:LINE" -> how many. */
  sites: Record<string, number>;
  leaked: number;
  leaks: string[];
  warnings: number;
  failures: { api: string; fn: string; args: string; problem: string }[];
  errorKinds: Record<string, number>;
  ms: number;
}

const OWN_NETNS = spawnSync('unshare', ['-n', 'sh', '-c', 'ip link set lo up'], { stdio: 'ignore' }).status === 0;

function sweep(
  seed: number,
  api: 'sync' | 'async',
  limitMs: number,
  handler: 'return' | 'throw' = 'return',
  randomCalls = 200,
): Promise<{ code: number | null; signal: string | null; report: Report | null; last: string; stderr: string }> {
  // cwd is a temp dir: socket_bind() of a unix socket to a hostile string creates files there.
  const dir = mkdtempSync(join(tmpdir(), 'php-sockets-robust-'));
  const report = join(dir, 'report.json');
  const progress = join(dir, 'progress');
  return new Promise((resolve) => {
    const argv = [process.execPath, '--expose-gc', '--import', TSX, CHILD, report, progress, String(seed), String(randomCalls), api];
    // Hostile values become ports and host names: in a network namespace of its own (loopback
    // only) the sweep can bind any port without taking one from the tests running beside it, and
    // no lookup leaves the machine. Without one, the child leaves out the calls that bind or
    // resolve.
    const [cmd, ...args] = OWN_NETNS ? ['unshare', '-n', 'sh', '-c', 'ip link set lo up && exec "$@"', 'sh', ...argv] : argv;
    const child = spawn(cmd!, args, {
      cwd: dir,
      env: {
        ...process.env,
        RES_OPTIONS: 'timeout:1 attempts:1',
        PHP_SOCKETS_OWN_NETNS: OWN_NETNS ? '1' : '',
        ROBUSTNESS_HANDLER: handler,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 20000) stderr += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      let r: Report | null = null;
      let last = '';
      try {
        r = JSON.parse(readFileSync(report, 'utf8')) as Report;
      } catch {
        // no report: crashed or hung
      }
      try {
        last = readFileSync(progress, 'latin1');
      } catch {
        // never started
      }
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, signal, report: r, last, stderr });
    });
  });
}

type Run = Awaited<ReturnType<typeof sweep>>;

// A sweep that ended on its own, with a report and no failure.
function expectClean(r: Run): void {
  // On a crash or hang, `last` names the call in progress.
  expect({ code: r.code, signal: r.signal, last: r.report ? '' : r.last, stderr: r.report ? '' : r.stderr.slice(-3000) }).toEqual({
    code: 0,
    signal: null,
    last: '',
    stderr: '',
  });
  expect(r.report!.failures).toEqual([]);
}

describe('robustness: hostile arguments', () => {
  it('every exported function (sync and async) survives hostile arguments with a PHP-style error', async () => {
    // The two APIs' sweeps (some 80,000 calls each, ~8 s of CPU each) run side by side, each in its
    // own child. The limit only catches a hang (an async call that does not settle is reported
    // after 3 s by the child itself): it is generous, since a loaded machine runs them much slower.
    const runs = await Promise.all([sweep(1, 'sync', 200000), sweep(1, 'async', 200000)]);
    for (const r of runs) {
      expectClean(r);
      // No descriptor outlives the sweep (every Socket and Stream it made is closed or finalized).
      expect(r.report!.leaked).toBeLessThanOrEqual(0);
      expect(r.report!.calls).toBeGreaterThan(30000);
      // Every kind of rejection was exercised.
      for (const kind of ['TypeError', 'ValueError', 'ArgumentCountError', 'Error']) expect(r.report!.errorKinds[kind]).toBeGreaterThan(0);
    }
  }, 220000);

  it('with an error handler that throws at every warning, no call leaves a descriptor open, and every warning site is reached', async () => {
    // Every hostile value in every position, without the random combinations: a collection runs
    // after each call whose descriptor count grew, which makes these sweeps slower.
    const runs = await Promise.all([sweep(2, 'sync', 400000, 'throw', 0), sweep(2, 'async', 400000, 'throw', 0)]);
    for (const r of runs) {
      expectClean(r);
      // Counted after every call (after a collection when the count grew).
      expect(r.report!.leaks).toEqual([]);
      expect(r.report!.leaked).toBeLessThanOrEqual(0);
      expect(r.report!.warnings).toBeGreaterThan(500);
    }
    // Every raise()/warn()/deprecated() call in lib/ was reached (and so thrown at), but those
    // only a failing OS or library, or a certificate the fixtures do not have, can reach.
    const reached = new Set<string>();
    for (const r of runs) for (const at of Object.keys(r.report!.sites)) reached.add(at);
    const missed = warningSites()
      .filter((w) => !reached.has(w.at))
      .filter((w) => !UNREACHABLE.some((u) => w.at.startsWith(`${u.file}:`) && u.text.test(w.text)))
      .map((w) => `${w.at} ${w.text}`);
    expect(missed).toEqual([]);
  }, 420000);
});

/** Every line of lib/ (but the diagnostics module itself) that calls raise(), warn() or deprecated(). */
function warningSites(): { at: string; text: string }[] {
  const out: { at: string; text: string }[] = [];
  for (const rel of readdirSync(join(ROOT, 'lib'), { recursive: true }) as string[]) {
    if (!rel.endsWith('.ts') || rel === join('php', 'errors.ts')) continue;
    readFileSync(join(ROOT, 'lib', rel), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (/(^|[^\w.])(raise|warn|deprecated)\(/.test(line) && !/function (raise|warn|deprecated)\(/.test(line)) {
          out.push({ at: `lib/${rel}:${i + 1}`, text: line.trim() });
        }
      });
  }
  return out;
}

// The warning sites the sweep cannot reach on a loopback-only machine with the test PKI, and why.
const UNREACHABLE: { file: string; text: RegExp; why: string }[] = [
  { file: 'lib/options/multicast.ts', text: /Failed obtaining interfaces list/, why: 'getifaddrs(3) failing' },
  { file: 'lib/options/multicast.ts', text: /Error converting interface name to index/, why: 'if_nametoindex(3) failing for a name getifaddrs(3) just gave' },
  { file: 'lib/options/multicast.ts', text: /The interface with IP address/, why: 'Linux refuses IP_MULTICAST_IF with an address no interface has, so the kernel never holds one' },
  { file: 'lib/options/multicast.ts', text: /Failed obtaining address for interface/, why: 'an interface without an IPv4 address (the namespace has only lo)' },
  { file: 'lib/address.ts', text: /Non \$\{name\} domain returned/, why: "a resolver answering a name with the other family's address (none in a loopback-only namespace)" },
  { file: 'lib/functions/options.ts', text: /Unable to retrieve all socket meminfo data/, why: 'a kernel answering SO_MEMINFO with fewer fields' },
  { file: 'lib/streams/select.ts', text: /Unable to select/, why: 'select(2) failing (EBADF, EINVAL, ENOMEM): stream_select passes only open descriptors below the limit' },
  { file: 'lib/streams/crypto.ts', text: /SSL context creation failure|SSL handle creation failure/, why: 'OpenSSL failing to allocate' },
  { file: 'lib/streams/crypto.ts', text: /failed loading CA names from cafile/, why: 'OpenSSL failing to read a cafile it has just loaded' },
  { file: 'lib/streams/crypto.ts', text: /Unable to set default verify locations/, why: "OpenSSL failing to set its default paths" },
  { file: 'lib/streams/crypto.ts', text: /Private key does not match certificate/, why: 'OpenSSL 3 refuses a mismatched key when loading it ("Unable to set private key file")' },
  { file: 'lib/streams/crypto.ts', text: /Could not verify peer/, why: 'with verify_peer OpenSSL fails the handshake itself on a bad chain' },
  { file: 'lib/streams/crypto.ts', text: /Unable to locate peer certificate CN|is malformed/, why: 'a peer certificate with neither CN nor subjectAltName, or a NUL in its CN (no such fixture)' },
];

// The sweep's findings, one by one (in process: these are plain checks, not crash hunts).
describe('robustness: frozen by-reference arguments and detached buffers', () => {
  function pair(): [p.Socket, p.Socket] {
    const out: p.Socket[] = [];
    p.socket_create_pair(p.AF_UNIX, p.SOCK_STREAM, 0, out);
    return out as [p.Socket, p.Socket];
  }

  it('a frozen box is refused before the call does anything', () => {
    const [x, y] = pair();
    expect(thrown(() => p.socket_getsockname(x, Object.freeze({ value: 1 })))).toBe(
      'Error: socket_getsockname(): Argument #2 ($address) cannot be passed by reference',
    );
    p.socket_write(y, 'data');
    const frozen = Object.freeze({ value: null });
    expect(thrown(() => p.socket_recv(x, frozen, 10, 0))).toBe(
      'Error: socket_recv(): Argument #2 ($data) cannot be passed by reference',
    );
    // Nothing was received (and lost) before the refusal.
    expect(thrown(() => p.socket_recvmsg(x, Object.freeze({ buffer_size: 10 }) as p.Message))).toBe(
      'Error: socket_recvmsg(): Argument #2 ($message) cannot be passed by reference',
    );
    expect(p.socket_read(x, 10)).toBe('data');
    // A box with a setter is still a box.
    let got: unknown = null;
    const box = Object.freeze({
      set value(v: unknown) {
        got = v;
      },
    });
    expect(p.socket_getpeername(x, box as p.Ref<unknown>)).toBe(true);
    expect(got).toBe('');
    p.socket_close(x);
    p.socket_close(y);
  });

  it('a frozen select set or pair array is refused, and no socket is made', () => {
    const [x, y] = pair();
    p.socket_write(y, 'x');
    expect(thrown(() => p.socket_select(Object.freeze([x]) as p.Socket[], null, null, 0))).toBe(
      'Error: socket_select(): Argument #1 ($read) cannot be passed by reference',
    );
    const before = socketFds().size;
    expect(thrown(() => p.socket_create_pair(p.AF_UNIX, p.SOCK_STREAM, 0, Object.freeze([]) as unknown as p.Socket[]))).toBe(
      'Error: socket_create_pair(): Argument #4 ($pair) cannot be passed by reference',
    );
    expect(socketFds().size).toBe(before);
    const s = p.stream_socket_pair(p.STREAM_PF_UNIX, p.STREAM_SOCK_STREAM, 0) as p.Stream[];
    expect(thrown(() => p.stream_select(Object.freeze([s[0]!]) as p.Stream[], null, null, 0))).toBe(
      'Error: stream_select(): Argument #1 ($read) cannot be passed by reference',
    );
    p.fclose(s[0]!);
    p.fclose(s[1]!);
    p.socket_close(x);
    p.socket_close(y);
  });

  it('a view of a detached ArrayBuffer is an empty string', () => {
    const u = new Uint8Array(8);
    structuredClone(u.buffer, { transfer: [u.buffer] });
    const b = new ArrayBuffer(8);
    structuredClone(b, { transfer: [b] });
    const [x, y] = pair();
    expect(p.socket_write(x, u)).toBe(0);
    expect(thrown(() => p.socket_bind(x, u as unknown as string))).not.toMatch(/detached/);
    expect(p.var_export(u, true)).toBe("''");
    expect(p.var_export(b, true)).toBe("''");
    p.socket_close(x);
    p.socket_close(y);
  });
});
