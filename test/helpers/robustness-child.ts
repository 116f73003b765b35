// The child process of robustness.test.ts (run with `node --import tsx`, cwd a temp dir): calls
// every function exported by the package root and by php-sockets/async with hostile arguments and
// writes a JSON report to argv[2] (argv[6]: which of the two, 'sync' or 'async', or 'paths' for the
// warning-path scenarios alone; both when absent). A native crash kills only this process; the
// parent sees it.
// Every call must return (or resolve) or throw an Error (TypeError, ValueError, ArgumentCountError,
// Error) with a non-empty message that is not a JavaScript engine's own text. Before each call the
// call's description is written to argv[3], so a hang or a crash names the call that caused it.
// Fixtures never let a call block: a blocking socket's peer has written data and closed, a
// socket with a live peer is nonblocking, a listening socket has a connection pending.
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, ftruncateSync, openSync, readdirSync, readlinkSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import * as sync from '../../lib/index.js';
import * as asy from '../../lib/async/index.js';
import { native } from '../../lib/native.js';
import { adoptHeld } from '../../lib/socket.js';

const reportPath = process.argv[2]!;
const progressFd = openSync(process.argv[3]!, 'w');
const seedArg = Number(process.argv[4] ?? 1);

// A seeded generator (mulberry32), so a run is reproducible.
let seed = seedArg >>> 0;
function rand(): number {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)]!;

const p = sync as unknown as Record<string, unknown> & typeof sync;

let warnings = 0;
// With ROBUSTNESS_HANDLER=throw the error handler throws at every warning and notice (PHP's
// ErrorException pattern), so every warning site is also a place where user code cuts the call
// short; descriptors are then counted after every call (after a collection when they grew): no
// call may leave one open that nothing owns.
const THROWING = process.env.ROBUSTNESS_HANDLER === 'throw';
// Only while the call under test runs: fixtures and cleanup warn without throwing.
let armed = false;
// Where each warning and notice was raised (the raise()/warn() call in lib/, as file:line), with
// how often: robustness.test.ts checks that the throwing sweep reaches every such call.
const sites: Record<string, number> = {};
const LIB = new URL('../../lib/', import.meta.url).pathname;
function site(): string {
  const saved = Error.stackTraceLimit;
  Error.stackTraceLimit = 30;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = saved;
  for (const line of stack.split('\n')) {
    const m = /\(?(\/[^()]+):(\d+):\d+\)?$/.exec(line);
    if (!m || !m[1]!.startsWith(LIB)) continue;
    const file = m[1]!.slice(LIB.length);
    if (file === 'php/errors.ts' || file === 'php/caller.ts') continue;
    return `lib/${file}:${m[2]}`;
  }
  return 'unknown';
}
// Which warning of the call under test throws (1: the first; the warning-path scenarios below
// throw at each in turn), and how many it has raised so far.
let throwAt = 1;
let raised = 0;
const handler = (_no: number, str: string): boolean => {
  warnings++;
  if (armed) {
    const at = site();
    sites[at] = (sites[at] ?? 0) + 1;
    raised++;
    if (THROWING && raised === throwAt) throw new Error(`boom: ${str}`);
  }
  return true;
};
p.set_error_handler(handler);
// A blocking stream call that finds nothing to do (stream_socket_accept on a udp server) waits
// default_socket_timeout seconds, as in PHP: keep that short.
p.ini_set('default_socket_timeout', '1');

// ---- fixtures ---------------------------------------------------------------------------------
const open: { close(): void }[] = [];
function markProxy<T extends object>(v: T): T {
  isProxy.add(v);
  return v;
}
function track<T>(v: T, close: () => void): T {
  open.push({ close });
  return v;
}
// Closing with SO_LINGER 0 (a reset) leaves no TIME_WAIT behind: thousands of them would hold
// ephemeral ports that tests running beside this one bind.
const LINGER0 = { l_onoff: 1, l_linger: 0 };
function closeSock(s: unknown): void {
  try {
    p.socket_set_option(s as sync.Socket, p.SOL_SOCKET, p.SO_LINGER, LINGER0);
  } catch {
    // closed
  }
  try {
    p.socket_close(s as sync.Socket);
  } catch {
    // already closed
  }
}
function closeStream(s: unknown): void {
  try {
    p.fclose(s as sync.Stream);
  } catch {
    // already closed
  }
}

const listener = p.socket_create(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP) as sync.Socket;
p.socket_bind(listener, '127.0.0.1', 0);
p.socket_listen(listener, 512);
const lport = p.ref<number>();
p.socket_getsockname(listener, p.ref(), lport);
const port = lport.value as number;
// A port nothing listens on (connect is refused at once).
const deadSock = p.socket_create(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP) as sync.Socket;
p.socket_bind(deadSock, '127.0.0.1', 0);
const dport = p.ref<number>();
p.socket_getsockname(deadSock, p.ref(), dport);
const deadPort = dport.value as number;
p.socket_close(deadSock);
let drainCounter = 0;
let serverCounter = 0;
function drainListener(): void {
  // Accept and drop what piled up on the shared listener (bounded).
  p.socket_set_nonblock(listener);
  for (let i = 0; i < 1000; i++) {
    const c = p.socket_accept(listener);
    if (c === false) break;
    closeSock(c);
  }
}

const DATA = 'line one\nline two\r\nthree';

type Fixture = () => unknown;
const fixtures: Record<string, Fixture> = {
  // Blocking, data ready, then EOF.
  sockEof: () => {
    const pair: sync.Socket[] = [];
    p.socket_create_pair(p.AF_UNIX, p.SOCK_STREAM, 0, pair);
    p.socket_write(pair[1]!, DATA);
    p.socket_close(pair[1]!);
    return track(pair[0]!, () => closeSock(pair[0]));
  },
  // Nonblocking, live peer.
  sockNb: () => {
    const pair: sync.Socket[] = [];
    p.socket_create_pair(p.AF_UNIX, p.SOCK_STREAM, 0, pair);
    p.socket_set_nonblock(pair[0]!);
    p.socket_write(pair[1]!, DATA);
    track(0, () => closeSock(pair[1]));
    return track(pair[0]!, () => closeSock(pair[0]));
  },
  dgramNb: () => {
    const pair: sync.Socket[] = [];
    p.socket_create_pair(p.AF_UNIX, p.SOCK_DGRAM, 0, pair);
    p.socket_set_nonblock(pair[0]!);
    p.socket_write(pair[1]!, DATA);
    track(0, () => closeSock(pair[1]));
    return track(pair[0]!, () => closeSock(pair[0]));
  },
  udpNb: () => {
    const s = p.socket_create(p.AF_INET, p.SOCK_DGRAM, p.SOL_UDP) as sync.Socket;
    p.socket_set_nonblock(s);
    p.socket_bind(s, '127.0.0.1', 0);
    return track(s, () => closeSock(s));
  },
  // TCP, blocking: the accepted side wrote and closed.
  tcpEof: () => {
    const c = p.socket_create(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP) as sync.Socket;
    p.socket_connect(c, '127.0.0.1', port);
    p.socket_set_block(listener);
    const a = p.socket_accept(listener) as sync.Socket;
    p.socket_write(a, DATA);
    p.socket_close(a);
    return track(c, () => closeSock(c));
  },
  // A blocking listener with one connection pending.
  listenerPending: () => {
    const l = p.socket_create(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP) as sync.Socket;
    p.socket_bind(l, '127.0.0.1', 0);
    p.socket_listen(l, 4);
    const lp = p.ref<number>();
    p.socket_getsockname(l, p.ref(), lp);
    const c = p.socket_create(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP) as sync.Socket;
    p.socket_connect(c, '127.0.0.1', lp.value as number);
    track(0, () => closeSock(c));
    return track(l, () => closeSock(l));
  },
  sockClosed: () => {
    const s = p.socket_create(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP) as sync.Socket;
    p.socket_close(s);
    return s;
  },
  streamEof: () => {
    const pair = p.stream_socket_pair(p.STREAM_PF_UNIX, p.STREAM_SOCK_STREAM, 0) as sync.Stream[];
    p.fwrite(pair[1]!, DATA);
    p.fclose(pair[1]!);
    return track(pair[0]!, () => closeStream(pair[0]));
  },
  streamNb: () => {
    const pair = p.stream_socket_pair(p.STREAM_PF_UNIX, p.STREAM_SOCK_STREAM, 0) as sync.Stream[];
    p.stream_set_blocking(pair[0]!, false);
    p.fwrite(pair[1]!, DATA);
    track(0, () => closeStream(pair[1]));
    return track(pair[0]!, () => closeStream(pair[0]));
  },
  // A unix server (a TCP one would leave a TIME_WAIT per accepted connection), cwd is a temp dir.
  serverPending: () => {
    const path = `srv${++serverCounter}.sock`;
    const s = p.stream_socket_server(`unix://${path}`) as sync.Stream;
    const c = p.stream_socket_client(`unix://${path}`) as sync.Stream;
    track(0, () => closeStream(c));
    return track(s, () => {
      closeStream(s);
      rmSync(path, { force: true });
    });
  },
  udpServer: () => {
    const s = p.stream_socket_server('udp://127.0.0.1:0', p.ref(), p.ref(), p.STREAM_SERVER_BIND) as sync.Stream;
    p.stream_set_blocking(s, false);
    return track(s, () => closeStream(s));
  },
  streamClosed: () => {
    const pair = p.stream_socket_pair(p.STREAM_PF_UNIX, p.STREAM_SOCK_STREAM, 0) as sync.Stream[];
    p.fclose(pair[0]!);
    p.fclose(pair[1]!);
    return pair[0];
  },
  addrinfo: () => (p.socket_addrinfo_lookup('127.0.0.1', String(port), { ai_family: p.AF_INET }) as unknown[])[0],
  setOfSockets: () => [fixtures.sockEof!(), fixtures.sockNb!()],
  setOfStreams: () => [fixtures.streamEof!(), fixtures.streamNb!()],
  keyedSet: () => ({ a: fixtures.sockEof!(), 7: fixtures.sockNb!() }),
  refEmpty: () => p.ref(),
  refSock: () => p.ref(fixtures.sockEof!()),
  refStr: () => p.ref('x'),
  pairBox: () => p.ref(),
  message: () => ({ name: [], buffer_size: 64, controllen: 64 }),
  sendMessage: () => ({ iov: ['ab', 'cd'], control: [{ level: p.SOL_SOCKET, type: p.SCM_RIGHTS, data: [fixtures.sockEof!()] }] }),
  detached: () => {
    const u = new Uint8Array(16);
    structuredClone(u.buffer, { transfer: [u.buffer] });
    return u;
  },
  detachedBuffer: () => {
    const b = new ArrayBuffer(16);
    structuredClone(b, { transfer: [b] });
    return b;
  },
  throwingValue: () => ({
    get value(): never {
      throw new Error('boom getter');
    },
    set value(_v: unknown) {
      throw new Error('boom setter');
    },
  }),
  throwingProxy: () =>
    markProxy(new Proxy(
      {},
      {
        get(): never {
          throw new Error('boom proxy');
        },
        ownKeys(): never {
          throw new Error('boom proxy');
        },
        getOwnPropertyDescriptor(): never {
          throw new Error('boom proxy');
        },
        has(): never {
          throw new Error('boom proxy');
        },
        set(): never {
          throw new Error('boom proxy');
        },
        getPrototypeOf(): never {
          throw new Error('boom proxy');
        },
      },
    )),
  proxyArray: () => new Proxy([fixtures.sockEof!()], {}),
  frozenArray: () => Object.freeze([fixtures.sockEof!()]),
  frozenRef: () => Object.freeze({ value: 1 }),
  frozenMessage: () => Object.freeze({ name: [], buffer_size: 64, controllen: 64 }),
};

const BIG = 'x'.repeat(100 * 1024);
// Constant hostile values (fresh objects where it matters are fixtures above).
const constants: [string, () => unknown][] = [
  ['undefined', () => undefined],
  ['null', () => null],
  ['NaN', () => NaN],
  ['Infinity', () => Infinity],
  ['-Infinity', () => -Infinity],
  ['-0', () => -0],
  ['2**53', () => 2 ** 53],
  ['2**63', () => 2 ** 63],
  ['-2**63-1', () => -(2 ** 63) - 1],
  ['2**31', () => 2 ** 31],
  ['2**32', () => 2 ** 32],
  ['-2**31-1', () => -(2 ** 31) - 1],
  ['huge bigint', () => 10n ** 40n],
  ['-1n', () => -1n],
  ['2n**64n', () => 2n ** 64n],
  ['-1', () => -1],
  ['-12345', () => -12345],
  ['1.5', () => 1.5],
  ['0', () => 0],
  ['1', () => 1],
  ['2', () => 2],
  ['65536', () => 65536],
  ['true', () => true],
  ['false', () => false],
  ["''", () => ''],
  ['100KB', () => BIG],
  ['unicode', () => 'h\u00e9\u20ac\u{1f600}'],
  ['nul', () => 'a\0b'],
  ['"127.0.0.1"', () => '127.0.0.1'],
  ['"::1"', () => '::1'],
  ['"tcp://127.0.0.1:port"', () => `tcp://127.0.0.1:${port}`],
  ['"tcp://127.0.0.1:dead"', () => `tcp://127.0.0.1:${deadPort}`],
  ['"udp://127.0.0.1:0"', () => 'udp://127.0.0.1:0'],
  ['"unix://"', () => 'unix://'],
  ['"80"', () => '80'],
  ['"1e3"', () => '1e3'],
  ['"default_socket_timeout"', () => 'default_socket_timeout'],
  ['Symbol', () => Symbol('s')],
  ['function', () => () => 1],
  ['frozen {}', () => Object.freeze({})],
  ['valueOf throws', () => ({ valueOf: () => { throw new Error('boom valueOf'); } })],
  ['toString throws', () => ({ toString: () => { throw new Error('boom toString'); } })],
  ['holes', () => [, , 1]], // a sparse array (holes)
  ['[]', () => []],
  ['{}', () => ({})],
  ['Uint8Array(0)', () => new Uint8Array(0)],
  ['DataView', () => new DataView(new ArrayBuffer(8))],
  ['SAB view', () => new Uint8Array(new SharedArrayBuffer(8))],
  ['Float64Array', () => new Float64Array(2)],
  ['Buffer', () => Buffer.from('hello')],
  ['ArrayBuffer', () => new ArrayBuffer(8)],
  ['Date', () => new Date(0)],
  ['linger', () => ({ l_onoff: 1, l_linger: 0 })],
  ['timeval', () => ({ sec: 0, usec: 1 })],
  ['SOL_SOCKET', () => p.SOL_SOCKET],
  ['SO_LINGER', () => p.SO_LINGER],
  ['SO_RCVTIMEO', () => p.SO_RCVTIMEO],
  ['IPPROTO_IPV6', () => p.IPPROTO_IPV6],
  ['MSG_PEEK|DONTWAIT', () => p.MSG_PEEK | p.MSG_DONTWAIT],
  ['PHP_NORMAL_READ', () => p.PHP_NORMAL_READ],
  ['AF_INET6', () => p.AF_INET6],
  ['SOCK_DGRAM', () => p.SOCK_DGRAM],
  ['SOL_TCP', () => p.SOL_TCP],
  ['IPPROTO_IP', () => p.IPPROTO_IP],
  ['TCP_NODELAY', () => p.TCP_NODELAY],
  ['IP_MULTICAST_IF', () => p.IP_MULTICAST_IF],
  ['MCAST_JOIN_GROUP', () => p.MCAST_JOIN_GROUP],
  ['IPV6_PKTINFO', () => p.IPV6_PKTINFO],
  ['IP_TTL', () => p.IP_TTL],
  ['SO_BINDTODEVICE', () => p.SO_BINDTODEVICE],
  ['SCM_RIGHTS', () => p.SCM_RIGHTS],
  ['SO_RCVBUF', () => p.SO_RCVBUF],
  ['MSG_WAITALL|DONTWAIT', () => p.MSG_WAITALL | p.MSG_DONTWAIT],
  ['group', () => ({ group: '224.0.0.1', interface: 0 })],
  ['group6', () => ({ group: 'ff02::1', interface: 'lo' })],
  ['pktinfo', () => ({ addr: '::1', ifindex: 1 })],
  ['msg iov', () => ({ name: { addr: '127.0.0.1', port: port }, iov: ['x', new Uint8Array(3)], flags: 0 })],
  ['msg hugecontrol', () => ({ name: [], buffer_size: 2 ** 31, controllen: 2 ** 40 })],
  ['cmsg pktinfo', () => ({ iov: ['x'], control: [{ level: p.IPPROTO_IPV6, type: p.IPV6_PKTINFO, data: { addr: '::1', ifindex: 0 } }] })],
  ['cmsg bad', () => ({ iov: ['x'], control: [{ level: p.SOL_SOCKET, type: p.SCM_RIGHTS, data: [1, null, {}] }] })],
  ['hints', () => ({ ai_family: p.AF_INET6, ai_socktype: p.SOCK_STREAM, ai_flags: 0xffff })],
  ['"unix:///tmp/nonexistent.sock"', () => 'unix:///tmp/php-sockets-robustness-nonexistent.sock'],
  ['"udg://x"', () => 'udg://x'],
  ['"[::1]:0"', () => 'tcp://[::1]:0'],
  ['"lo"', () => 'lo'],
  ['port', () => port],
  ['"abc"', () => 'abc'],
  ['3', () => 3],
  ['10', () => 10],
  ['AF_INET', () => p.AF_INET],
  ['AF_UNIX', () => p.AF_UNIX],
  ['SOCK_STREAM', () => p.SOCK_STREAM],
  ['STREAM_CLIENT_CONNECT', () => p.STREAM_CLIENT_CONNECT],
  ['"tcp://127.0.0.1:0"', () => 'tcp://127.0.0.1:0'],
  ['Buffer(64)', () => Buffer.alloc(64)],
  ['1e300', () => 1e300],
  ['0.000001', () => 0.000001],
];
const hostile: [string, () => unknown][] = [...constants, ...Object.entries(fixtures)];

// ---- the calls ----------------------------------------------------------------------------------
interface Failure {
  api: string;
  fn: string;
  args: string;
  problem: string;
}
const failures: Failure[] = [];
const seen = new Set<string>();
let calls = 0;
const LEAKCHECK = !!process.env.LEAKCHECK || THROWING;
const leaks: string[] = [];
const slow: string[] = [];
const errorKinds: Record<string, number> = {};

// Texts that come from the engine or node-addon-api, not from PHP: a bug in our argument handling.
const ENGINE = [
  /Cannot read propert/,
  /Cannot set propert/,
  /is not a function/,
  /is not iterable/,
  /Cannot convert/,
  /Invalid string length/,
  /Maximum call stack/,
  /is not a constructor/,
  /Invalid typed array length/,
  /Array buffer allocation failed/,
  /out of memory/i,
  /^A (number|string|boolean|bigint|object|function|buffer|array) was expected/i,
  /Invalid argument/,
  /Cannot perform/,
  /detached/i,
  /Cannot mix BigInt/,
  /Cannot add property/,
  /Cannot delete/,
  /not extensible/,
  /Cannot define/,
  /Cannot redefine/,
  /read[- ]only/i,
  /undefined/,
];
const USER = /^boom/;

function describeArg(name: string): string {
  return name;
}

function check(api: string, fn: string, names: string[], outcome: { threw: boolean; value: unknown }): void {
  if (!outcome.threw) return;
  const e = outcome.value;
  let problem: string | null = null;
  if (!(e instanceof Error)) problem = `threw a non-Error: ${String(e)}`;
  else {
    const kind = e.constructor.name;
    errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
    if (!e.message) problem = `${kind} with an empty message`;
    else if (USER.test(e.message)) return;
    else if (!['TypeError', 'ValueError', 'ArgumentCountError', 'Error'].includes(kind)) problem = `${kind}: ${e.message}`;
    else if (ENGINE.some((r) => r.test(e.message))) problem = `${kind}: ${e.message}`;
    // PHP's TypeError texts name the function first.
    else if (kind === 'TypeError' && !/^[A-Za-z0-9_]+\(\): /.test(e.message)) problem = `${kind} not in PHP's form: ${e.message}`;
  }
  if (problem === null) return;
  const key = `${api} ${fn} ${problem.slice(0, 200)}`;
  if (seen.has(key)) return;
  seen.add(key);
  failures.push({ api, fn, args: names.map(describeArg).join(', '), problem: problem.slice(0, 300) });
}

function cleanup(): void {
  for (const o of open.splice(0)) {
    try {
      o.close();
    } catch {
      // ignore
    }
  }
  if (++drainCounter % 50 === 0) drainListener();
}

// Closes every Socket and Stream a call returned or stored in its arguments (an accepted
// connection, a created pair, descriptors received with SCM_RIGHTS), so leaks can be counted.
function closeFound(v: unknown, depth: number, seenObjs: Set<unknown>): void {
  if (v === null || typeof v !== 'object' || depth > 4 || seenObjs.has(v) || isProxy.has(v as object)) return;
  seenObjs.add(v);
  if (v instanceof sync.Socket) return closeSock(v);
  if (v instanceof sync.Stream) return closeStream(v);
  if (ArrayBuffer.isView(v)) return closeFound((v as { value?: unknown }).value, depth + 1, seenObjs);
  try {
    for (const k of Object.keys(v)) closeFound((v as Record<string, unknown>)[k], depth + 1, seenObjs);
  } catch {
    // a throwing getter
  }
}
const isProxy = new WeakSet<object>();

function socketFdCount(): number {
  let n = 0;
  for (const name of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${name}`).startsWith('socket:')) n++;
    } catch {
      // gone
    }
  }
  return n;
}

function restoreGlobals(fn: string): void {
  if (fn === 'set_error_handler' || fn === 'restore_error_handler') {
    for (let i = 0; i < 10; i++) p.restore_error_handler();
    p.set_error_handler(handler);
  }
  if (fn === 'ini_set') p.ini_set('default_socket_timeout', '1');
  if (fn === 'error_reporting' || fn === 'silence') p.error_reporting(p.E_ALL);
  if (fn === 'set_error_output') p.set_error_output('stderr');
}

// The primary argument of a function: what most of its calls take first.
function primary(fn: string): string {
  if (/^socket_addrinfo_(bind|connect|explain)$/.test(fn)) return 'addrinfo';
  if (fn === 'socket_accept') return 'listenerPending';
  if (fn === 'stream_socket_accept') return 'serverPending';
  if (fn === 'socket_select' || fn === 'stream_select') return fn === 'socket_select' ? 'setOfSockets' : 'setOfStreams';
  if (fn === 'socket_import_stream') return 'streamEof';
  if (/^socket_(recvfrom|sendto)$/.test(fn)) return 'udpNb';
  if (/^socket_/.test(fn) && !/^socket_(create|strerror|last_error|clear_error|cmsg_space|addrinfo_lookup)/.test(fn)) return 'sockEof';
  if (/^(f(read|write|puts|gets|getc|eof|flush|close)|stream_)/.test(fn) && !/^stream_socket_(server|client|pair)$/.test(fn))
    return 'streamEof';
  return '1';
}

function make(name: string): unknown {
  const f = fixtures[name];
  if (f) return f();
  const c = constants.find(([n]) => n === name);
  if (c) return c[1]();
  return Number(name);
}

async function call(api: string, fn: string, f: (...a: unknown[]) => unknown, names: string[]): Promise<void> {
  calls++;
  const line = `${api} ${fn}(${names.join(', ')})\n`;
  ftruncateSync(progressFd, 0);
  writeSync(progressFd, line, 0);
  let outcome: { threw: boolean; value: unknown };
  const t0 = performance.now();
  const fds0 = LEAKCHECK ? socketFdCount() : 0;
  try {
    const args = names.map(make);
    let result: unknown;
    try {
      raised = 0;
      armed = true;
      result = f(...args);
      if (result instanceof Promise) {
        let timer: NodeJS.Timeout | undefined;
        result = await Promise.race([
          result,
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new HangError()), 3000);
          }),
        ]);
        clearTimeout(timer);
      }
      outcome = { threw: false, value: result };
    } catch (e) {
      if (e instanceof HangError) {
        failures.push({ api, fn, args: names.join(', '), problem: 'did not settle within 3 s' });
        outcome = { threw: false, value: undefined };
      } else outcome = { threw: true, value: e };
    } finally {
      armed = false;
      closeFound([args, result], 0, new Set());
    }
    check(api, fn, names, outcome);
  } finally {
    restoreGlobals(fn);
    cleanup();
    if (LEAKCHECK && socketFdCount() > fds0) {
      // What a call cut short left to its Socket or Stream is closed by the collection: the
      // young generation first (cheap, and where the call's objects are), then the whole heap.
      // Sockets lib still holds are adopted first, as lib does before the collections it forces.
      const gc = (globalThis as { gc?: (o?: { type: string }) => void }).gc;
      adoptHeld();
      gc?.({ type: 'minor' });
      native.reclaim();
      if (socketFdCount() > fds0) {
        gc?.();
        native.reclaim();
      }
      if (socketFdCount() > fds0) leaks.push(line.trim().slice(0, 200));
    }
    const ms = performance.now() - t0;
    if (ms > 200) slow.push(`${Math.round(ms)}ms ${line.trim().slice(0, 200)}`);
  }
}
class HangError {}

// Plausible arguments for the functions that reach native code, so a hostile value in one position
// gets past the checks of the others (each is also swept from the generic baseline).
const BASES: Record<string, string[][]> = {
  socket_set_option: [
    ['sockEof', 'SOL_SOCKET', 'SO_LINGER', 'linger'],
    ['udpNb', 'IPPROTO_IP', 'MCAST_JOIN_GROUP', 'group'],
    ['udpNb', 'IPPROTO_IP', 'IP_MULTICAST_IF', '"127.0.0.1"'],
    ['sockEof', 'SOL_SOCKET', 'SO_RCVTIMEO', 'timeval'],
    ['sockEof', 'SOL_SOCKET', 'SO_BINDTODEVICE', '"lo"'],
  ],
  socket_get_option: [['sockEof', 'SOL_SOCKET', 'SO_LINGER'], ['udpNb', 'IPPROTO_IP', 'IP_MULTICAST_IF']],
  socket_sendmsg: [['dgramNb', 'sendMessage', '0'], ['udpNb', 'msg iov', '0']],
  socket_recvmsg: [['dgramNb', 'message', '0'], ['sockNb', 'msg hugecontrol', 'MSG_PEEK|DONTWAIT']],
  socket_sendto: [['udpNb', '"abc"', '3', '0', '"127.0.0.1"', 'port']],
  socket_recvfrom: [['dgramNb', 'refEmpty', '10', '0', 'refEmpty', 'refEmpty']],
  socket_recv: [['sockEof', 'refEmpty', '10', '0']],
  socket_send: [['sockNb', '"abc"', '3', '0']],
  socket_read: [['sockEof', '10', 'PHP_NORMAL_READ'], ['sockNb', '10']],
  socket_read_into: [['sockEof', 'Buffer(64)', '0', '10', '0']],
  socket_write: [['sockNb', '"abc"', '3']],
  socket_connect: [['udpNb', '"127.0.0.1"', 'port']],
  socket_bind: [['udpNb', '"127.0.0.1"', '0']],
  socket_create: [['AF_INET', 'SOCK_STREAM', 'SOL_TCP']],
  socket_create_pair: [['AF_UNIX', 'SOCK_STREAM', '0', 'refEmpty']],
  socket_select: [['setOfSockets', 'null', 'null', '0', '0']],
  stream_select: [['setOfStreams', 'null', 'null', '0', '0']],
  socket_cmsg_space: [['SOL_SOCKET', 'SCM_RIGHTS', '1']],
  socket_addrinfo_lookup: [['"127.0.0.1"', '"80"', 'hints']],
  stream_socket_client: [['"tcp://127.0.0.1:port"', 'refEmpty', 'refEmpty', '1', 'STREAM_CLIENT_CONNECT']],
  stream_socket_server: [['"tcp://127.0.0.1:0"', 'refEmpty', 'refEmpty']],
  stream_socket_recvfrom: [['streamEof', '10', '0', 'refEmpty']],
  stream_socket_sendto: [['streamNb', '"abc"', '0', 'null']],
  stream_socket_accept: [['serverPending', '0', 'refEmpty']],
  fread: [['streamEof', '10']],
  fwrite: [['streamNb', '"abc"', '3']],
  fgets: [['streamEof', '10']],
  stream_get_contents: [['streamEof', '10', '0']],
  stream_copy_to_stream: [['streamEof', 'streamNb', '10', '0']],
  stream_set_timeout: [['streamEof', '1', '0']],
  fsockopen: [['"127.0.0.1"', 'port', 'refEmpty', 'refEmpty', '1']],
};
BASES['socket_setopt'] = BASES['socket_set_option']!;
BASES['socket_getopt'] = BASES['socket_get_option']!;
BASES['fputs'] = BASES['fwrite']!;

const skip = new Set(['ref']);
// Outside a network namespace of its own, leave out what binds a port or resolves a name: a
// hostile port must not take one that other tests use, and no lookup may leave the machine.
if (!process.env.PHP_SOCKETS_OWN_NETNS) {
  for (const fn of [
    'socket_bind', 'socket_connect', 'socket_sendto', 'socket_create_listen', 'socket_set_option',
    'socket_setopt', 'socket_sendmsg', 'socket_addrinfo_lookup', 'socket_addrinfo_bind',
    'socket_addrinfo_connect', 'stream_socket_server', 'stream_socket_client', 'stream_socket_sendto',
    'fsockopen', 'pfsockopen', 'gethostbyname', 'gethostbynamel', 'getservbyname', 'getprotobyname',
  ]) {
    skip.add(fn);
  }
}
const maxPositions = 7;
const randomCalls = Number(process.argv[5] ?? 200);

async function sweep(api: string, mod: Record<string, unknown>): Promise<void> {
  const fns = Object.entries(mod).filter(([n, v]) => typeof v === 'function' && !/^[A-Z]/.test(n) && !skip.has(n)) as [
    string,
    (...a: unknown[]) => unknown,
  ][];
  for (const [fn, f] of fns) {
    const base = [primary(fn), '0', '0', '0', '0', '0', '0'].slice(0, Math.max(1, f.length));
    // Too few and too many.
    await call(api, fn, f, []);
    await call(api, fn, f, [...base, '0', '0', '0', '0', '0', '0', '0', '0'].slice(0, 12));
    // Every hostile value in every position, the others from a baseline.
    for (const b of [base, ...(BASES[fn] ?? [])]) {
      for (let pos = 0; pos < Math.min(maxPositions, Math.max(b.length, 1) + 1); pos++) {
        for (const [name] of hostile) {
          const names = [...b];
          while (names.length <= pos) names.push('0');
          names[pos] = name;
          await call(api, fn, f, names);
        }
      }
    }
    // Random combinations.
    for (let i = 0; i < randomCalls; i++) {
      const n = Math.floor(rand() * (Math.max(f.length, 1) + 2));
      const names: string[] = [];
      for (let k = 0; k < n; k++) names.push(k === 0 && rand() < 0.7 ? primary(fn) : pick(hostile)[0]);
      await call(api, fn, f, names);
    }
  }
}

// ---- every warning path -------------------------------------------------------------------------
// Calls that reach the warning and notice sites hostile arguments alone do not (TLS failures,
// stream context options, buffered data, look-ups), each run once to count its warnings and then
// once more per warning, the handler throwing at that one (the earlier ones return true): every
// place where user code can cut a call short is cut at, and the descriptors are counted after each.
// robustness.test.ts checks that the sweep reaches every raise()/warn() call in lib/.
const TLS_DIR = new URL('../fixtures/tls/', import.meta.url).pathname;
const peers: ChildProcess[] = [];
function peer(mode: string, cert = 'server'): Promise<number> {
  const child = spawn(process.execPath, [new URL('./tls-peer.mjs', import.meta.url).pathname, mode, cert], {
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  peers.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += String(d);
      const m = /PORT (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', () => reject(new Error(`tls-peer ${mode} ended`)));
  });
}

async function warningPaths(): Promise<void> {
  const [echo, cnOnly, plain] = await Promise.all([peer('echo'), peer('echo', 'cnonly'), peer('plain')]);
  const ctx = (ssl: Record<string, unknown>) => p.stream_context_create({ ssl });
  const ca = { cafile: `${TLS_DIR}ca.pem` };
  const tlsClient = (port: number, ssl: Record<string, unknown>) => () =>
    p.stream_socket_client(`ssl://127.0.0.1:${port}`, null, null, 2, p.STREAM_CLIENT_CONNECT, ctx(ssl));
  // A listener nobody accepts on: a handshake with it times out (default_socket_timeout, 1 s here).
  const silent = p.stream_socket_server('tcp://127.0.0.1:0') as sync.Stream;
  const silentAddr = `tcp://${p.stream_socket_get_name(silent, false) as string}`;
  const starttls = (ssl: Record<string, unknown>) => () => {
    const c = p.stream_socket_client(silentAddr, null, null, 1, p.STREAM_CLIENT_CONNECT, ctx(ssl)) as sync.Stream;
    open.push({ close: () => closeStream(c) });
    return p.stream_socket_enable_crypto(c, true, p.STREAM_CRYPTO_METHOD_TLS_CLIENT);
  };
  const tcpPair = (): [sync.Stream, sync.Stream] => {
    const l = p.stream_socket_server('tcp://127.0.0.1:0') as sync.Stream;
    const c = p.stream_socket_client(`tcp://${p.stream_socket_get_name(l, false) as string}`) as sync.Stream;
    const a = p.stream_socket_accept(l) as sync.Stream;
    closeStream(l);
    open.push({ close: () => (closeStream(c), closeStream(a)) });
    return [c, a];
  };
  // An ssl:// server and a client in this thread (php-sockets/async): server-side failures.
  const serverSide = (ssl: Record<string, unknown>, client: 'tls' | 'garbage') => async () => {
    const srv = asy.stream_socket_server('ssl://127.0.0.1:0', null, null, p.STREAM_SERVER_BIND | p.STREAM_SERVER_LISTEN, ctx(ssl)) as sync.Stream;
    open.push({ close: () => closeStream(srv) });
    const addr = p.stream_socket_get_name(srv, false) as string;
    const connect = async () => {
      if (client === 'tls') return asy.stream_socket_client(`ssl://${addr}`, null, null, 2, p.STREAM_CLIENT_CONNECT, ctx({ verify_peer: false, verify_peer_name: false }));
      const c = (await asy.stream_socket_client(`tcp://${addr}`)) as sync.Stream;
      await asy.fwrite(c, 'GET / HTTP/1.0\r\n\r\n');
      return c;
    };
    const [c, a] = await Promise.allSettled([connect(), asy.stream_socket_accept(srv, 2)]);
    return [c, a].map((r) => (r.status === 'fulfilled' ? r.value : r.reason));
  };
  const longUnix = `unix://${'x'.repeat(200)}`;
  const paths: [string, () => unknown][] = [
    ['socket_bind(AF_INET6 socket, an IPv4 host)', () => p.socket_bind(p.socket_create(p.AF_INET6, p.SOCK_STREAM, 0) as sync.Socket, '127.0.0.1', 0)],
    ['ini_set(default_socket_timeout, not a number)', () => p.ini_set('default_socket_timeout', 'abc')],
    ['var_export(a circular object)', () => {
      const c: Record<string, unknown> = {};
      c.c = c;
      return p.var_export(c, true);
    }],
    ['socket_sendmsg(an array in iov)', () => p.socket_sendmsg(fixtures.dgramNb!() as sync.Socket, { iov: ['a', ['x']] } as unknown as sync.Message, 0)],
    ['socket_import_stream(buffered data)', () => {
      const [x, y] = p.stream_socket_pair(p.STREAM_PF_UNIX, p.STREAM_SOCK_STREAM, 0) as sync.Stream[];
      open.push({ close: () => (closeStream(x), closeStream(y)) });
      p.fwrite(y!, 'a\nb\n');
      p.fgets(x!);
      return p.socket_import_stream(x!);
    }],
    ['stream_copy_to_stream(offset on a socket)', () => p.stream_copy_to_stream(fixtures.streamEof!() as sync.Stream, fixtures.streamNb!() as sync.Stream, null, 5)],
    ['openssl_x509_fingerprint(unknown digest)', () => p.openssl_x509_fingerprint(`file://${TLS_DIR}server.pem`, 'nope')],
    ['stream_socket_client(an over-long unix path)', () => p.stream_socket_client(longUnix)],
    ['stream_socket_server(an over-long unix path)', () => p.stream_socket_server(longUnix)],
    ['stream_socket_client(bindto not an address)', () =>
      p.stream_socket_client(`tcp://127.0.0.1:${port}`, null, null, 1, p.STREAM_CLIENT_CONNECT, p.stream_context_create({ socket: { bindto: 'nowhere:0' } }))],
    ['stream_socket_client(bindto a port in use)', () =>
      p.stream_socket_client(`tcp://127.0.0.1:${port}`, null, null, 1, p.STREAM_CLIENT_CONNECT, p.stream_context_create({ socket: { bindto: `127.0.0.1:${port}` } }))],
    ['stream_socket_client(a name that does not resolve)', () => p.stream_socket_client('tcp://nonexistent.invalid:80', null, null, 1)],
    ['fsockopen(a name that does not resolve)', () => p.fsockopen('nonexistent.invalid', 80, null, null, 1)],
    ['stream_socket_enable_crypto(a plain session stream)', () => {
      const [c] = tcpPair();
      return p.stream_socket_enable_crypto(c, true, p.STREAM_CRYPTO_METHOD_TLS_CLIENT, tcpPair()[0]);
    }],
    ['stream_socket_enable_crypto(a unix session stream)', () => {
      const [c] = tcpPair();
      return p.stream_socket_enable_crypto(c, true, p.STREAM_CRYPTO_METHOD_TLS_CLIENT, fixtures.streamNb!() as sync.Stream);
    }],
    ['stream_socket_enable_crypto(a session stream not set up)', () => {
      const [c] = tcpPair();
      const srv = p.stream_socket_server('ssl://127.0.0.1:0') as sync.Stream;
      open.push({ close: () => closeStream(srv) });
      return p.stream_socket_enable_crypto(c, true, p.STREAM_CRYPTO_METHOD_TLS_CLIENT, srv);
    }],
    ['ssl:// client, no CA (verify fails)', tlsClient(echo, {})],
    ['ssl:// client, wrong peer_name', tlsClient(echo, { ...ca, peer_name: 'wrong.example' })],
    ['ssl:// client, CN-only certificate, wrong peer_name', tlsClient(cnOnly, { ...ca, peer_name: 'wrong.example' })],
    ['ssl:// client, peer_fingerprint mismatch', tlsClient(echo, { ...ca, peer_fingerprint: 'a'.repeat(40) })],
    ['ssl:// client, peer_fingerprint a number', tlsClient(echo, { ...ca, peer_fingerprint: 5 })],
    ['ssl:// client, peer_fingerprint unknown digest', tlsClient(echo, { ...ca, peer_fingerprint: { nope: 'x' } })],
    ['ssl:// client, peer_fingerprint a list', tlsClient(echo, { ...ca, peer_fingerprint: ['x'] })],
    ['ssl:// client, peer_fingerprint a numeric key', tlsClient(echo, { ...ca, peer_fingerprint: { 0: 'x' } })],
    ['ssl:// client, a plain server', tlsClient(plain, ca)],
    ['ssl:// client, cafile missing', tlsClient(echo, { cafile: '/nonexistent/ca.pem' })],
    ['ssl:// client, cafile not PEM', tlsClient(echo, { cafile: `${TLS_DIR}README.md` })],
    ['ssl:// client, key does not match certificate', tlsClient(echo, { ...ca, local_cert: `${TLS_DIR}client.pem`, local_pk: `${TLS_DIR}server.key` })],
    ['ssl:// client, local_cert missing', tlsClient(echo, { ...ca, local_cert: '/nonexistent/cert.pem' })],
    ['ssl:// client, local_pk missing', tlsClient(echo, { ...ca, local_cert: `${TLS_DIR}client.pem`, local_pk: '/nonexistent/key.pem' })],
    ['ssl:// client, security_level 9', tlsClient(echo, { ...ca, security_level: 9 })],
    ['ssl:// client, ALPN list too long', tlsClient(echo, { ...ca, alpn_protocols: 'x'.repeat(300) })],
    ['ssl:// client, security_level 9 and ALPN list too long', tlsClient(echo, { ...ca, security_level: 9, alpn_protocols: 'x'.repeat(300) })],
    ['stream_socket_enable_crypto(a session stream whose setup failed)', () => {
      const [c] = tcpPair();
      const [d] = tcpPair();
      p.stream_context_set_option(d, 'ssl', 'alpn_protocols', 'x'.repeat(300));
      p.stream_socket_enable_crypto(d, true, p.STREAM_CRYPTO_METHOD_TLS_CLIENT);
      return p.stream_socket_enable_crypto(c, true, p.STREAM_CRYPTO_METHOD_TLS_CLIENT, d);
    }],
    ['stream_socket_sendto(a name that does not resolve)', () =>
      p.stream_socket_sendto(fixtures.udpServer!() as sync.Stream, 'x', 0, 'nonexistent.invalid:80')],
    // A peer that resets the connection in the middle of the handshake.
    ['ssl:// client, reset by the peer', async () => {
      const l = p.stream_socket_server('tcp://127.0.0.1:0') as sync.Stream;
      open.push({ close: () => closeStream(l) });
      const client = asy.stream_socket_client(`ssl://${p.stream_socket_get_name(l, false) as string}`, null, null, 2, p.STREAM_CLIENT_CONNECT, ctx(ca));
      const a = (await asy.stream_socket_accept(l, 2)) as sync.Stream;
      const raw = p.socket_import_stream(a) as sync.Socket;
      p.socket_set_option(raw, p.SOL_SOCKET, p.SO_LINGER, LINGER0);
      p.socket_close(raw);
      return client;
    }],
    ['STARTTLS, a peer that never answers', starttls({ ...ca, security_level: 9 })],
    ['STARTTLS twice', () => {
      const c = tlsClient(echo, ca)() as sync.Stream;
      open.push({ close: () => closeStream(c) });
      return p.stream_socket_enable_crypto(c, true, p.STREAM_CRYPTO_METHOD_TLS_CLIENT);
    }],
    ['socket_import_stream(a TLS stream)', () => {
      const c = tlsClient(echo, ca)() as sync.Stream;
      open.push({ close: () => closeStream(c) });
      return p.socket_import_stream(c);
    }],
    ['ssl:// server without a certificate', serverSide({}, 'tls')],
    ['ssl:// server requiring a client certificate', serverSide({ local_cert: `${TLS_DIR}server.pem`, local_pk: `${TLS_DIR}server.key`, verify_peer: true, ...ca }, 'tls')],
    ['ssl:// server, a client that is not TLS', serverSide({ local_cert: `${TLS_DIR}server.pem`, local_pk: `${TLS_DIR}server.key` }, 'garbage')],
  ];
  const saved = THROWING;
  const run = async (label: string, f: () => unknown): Promise<void> => {
    await call('sync', label, f, []);
    p.ini_set('default_socket_timeout', '1');
  };
  for (const [label, f] of paths) {
    throwAt = Infinity;
    await run(label, f);
    const n = raised;
    if (saved) {
      for (throwAt = 1; throwAt <= n; throwAt++) await run(label, f);
    }
  }
  throwAt = 1;
  closeStream(silent);
  await Promise.all(
    peers.map(
      (c) =>
        new Promise((resolve) => {
          c.once('close', resolve);
          c.kill();
        }),
    ),
  );
}

drainListener();
const fdsBefore = socketFdCount();
const started = Date.now();
const apis = (process.argv[6] ?? 'sync,async').split(',');
// 'paths' alone runs only the warning-path scenarios (which 'sync' runs first).
if (apis.includes('sync') || apis.includes('paths')) await warningPaths();
if (apis.includes('sync')) await sweep('sync', p);
if (apis.includes('async')) await sweep('async', asy as unknown as Record<string, unknown>);
drainListener();
// A box whose setter threw leaves what the call made to the finalizers: let them run.
const gc = (globalThis as { gc?: () => void }).gc;
for (let i = 0; i < 3 && gc; i++) {
  gc();
  await new Promise((r) => setTimeout(r, 20));
}
// Descriptors left open by a call that failed half-way (a finalizer would close them only later).
const leaked = socketFdCount() - fdsBefore;
closeSync(progressFd);
writeFileSync(
  reportPath,
  JSON.stringify({ leaked, leaks: leaks.slice(0, 30), calls, warnings, sites, errorKinds, failures, slow: slow.slice(0, 50), slowCount: slow.length, ms: Date.now() - started }, null, 1),
);
process.exit(0);
