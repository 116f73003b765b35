// The child process of robustness.test.ts (run with `node --import tsx`, cwd a temp dir): calls
// every function exported by the package root and by php-sockets/async with hostile arguments and
// writes a JSON report to argv[2] (argv[6]: which of the two, 'sync' or 'async'; both when
// absent). A native crash kills only this process; the parent sees it.
// Every call must return (or resolve) or throw an Error (TypeError, ValueError, ArgumentCountError,
// Error) with a non-empty message that is not a JavaScript engine's own text. Before each call the
// call's description is written to argv[3], so a hang or a crash names the call that caused it.
// Fixtures never let a call block: a blocking socket's peer has written data and closed, a
// socket with a live peer is nonblocking, a listening socket has a connection pending.
import { closeSync, ftruncateSync, openSync, readdirSync, readlinkSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import * as sync from '../../lib/index.js';
import * as asy from '../../lib/async/index.js';
import { native } from '../../lib/native.js';

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
const handler = (_no: number, str: string): boolean => {
  warnings++;
  if (THROWING && armed) throw new Error(`boom: ${str}`);
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
      armed = true;
      result = f(...args);
      if (api === 'async' && result instanceof Promise) {
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
      const gc = (globalThis as { gc?: (o?: { type: string }) => void }).gc;
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

drainListener();
const fdsBefore = socketFdCount();
const started = Date.now();
const apis = (process.argv[6] ?? 'sync,async').split(',');
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
  JSON.stringify({ leaked, leaks: leaks.slice(0, 30), calls, warnings, errorKinds, failures, slow: slow.slice(0, 50), slowCount: slow.length, ms: Date.now() - started }, null, 1),
);
process.exit(0);
