// The child process of exhaustion.test.ts, started with a low descriptor limit (ulimit -n) and
// without --expose-gc. Mode "drop": PHP-style blocking loops that create sockets, accepted
// connections and streams and drop them without closing, far more than the limit; it prints a JSON
// report of what failed, the warnings, and the memory used. Mode "keep": keeps every socket until
// socket_create fails, then prints (as PHP's transcript would) what each creating function does.
import { Worker } from 'node:worker_threads';
import * as a from '../../lib/async/index.js';
import * as p from '../../lib/index.js';
import { native } from '../../lib/native.js';

const mode = process.argv[2];
const lines: string[] = [];
const out = (s: string): void => {
  lines.push(s);
};
p.set_error_handler((_no, str) => {
  out(`Warning: ${str}`);
  return true;
});

function tcpListener(): [p.Socket, number] {
  const l = p.socket_create(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP) as p.Socket;
  p.socket_bind(l, '127.0.0.1', 0);
  p.socket_listen(l, 128);
  const addr = p.ref<string>();
  const port = p.ref<number>();
  p.socket_getsockname(l, addr, port);
  return [l, port.value!];
}

const rssMB = (): number => Math.round(process.memoryUsage().rss / 2 ** 20);

async function drop(): Promise<void> {
  const failures: string[] = [];
  const fail = (what: string, i: number): void => {
    if (failures.length < 20) failures.push(`${what} #${i}: ${p.socket_strerror(p.socket_last_error())}`);
  };
  // A Worker gets its descriptors back the same way (its own collections, the same limit). It runs
  // first, while this thread holds few descriptors: a collection in one thread frees only that
  // thread's garbage, and the Worker's module loading (tsx reads each file) needs descriptors too.
  const worker = new Worker(
    `
    const { register } = await import('tsx/esm/api');
    register();
    const p = await import(${JSON.stringify(new URL('../../lib/index.ts', import.meta.url).pathname)});
    const { parentPort } = await import('node:worker_threads');
    let failed = 0;
    for (let i = 0; i < 2000; i++) if (p.socket_create(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP) === false) failed++;
    parentPort.postMessage(failed);
    `,
    { eval: true },
  );
  const workerFailed = await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  if (workerFailed !== 0) failures.push(`Worker: ${workerFailed} socket_create failures`);
  await worker.terminate();
  const [l, port] = tcpListener();
  const server = p.stream_socket_server('tcp://127.0.0.1:0') as p.Stream;
  const name = p.stream_socket_get_name(server, false) as string;
  // Warm-up, so the measurement starts from a settled heap.
  for (let i = 0; i < 300; i++) p.socket_create(p.AF_UNIX, p.SOCK_STREAM, 0);
  const rssStart = rssMB();
  const closedStart = native.closedByFinalizers();

  for (let i = 0; i < 5000; i++) {
    if (p.socket_create(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP) === false) fail('socket_create', i);
  }
  for (let i = 0; i < 500; i++) {
    if (!p.socket_create_pair(p.AF_UNIX, p.SOCK_STREAM, 0, [])) fail('socket_create_pair', i);
  }
  for (let i = 0; i < 2000; i++) {
    const c = p.socket_create(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP);
    if (c === false || !p.socket_connect(c, '127.0.0.1', port)) fail('client', i);
    if (p.socket_accept(l) === false) fail('socket_accept', i);
  }
  for (let i = 0; i < 2000; i++) {
    const c = i % 2 === 0 ? p.stream_socket_client(`tcp://${name}`) : p.fsockopen('127.0.0.1', Number(name.split(':')[1]));
    if (c === false) fail('stream client', i);
    if (p.stream_socket_accept(server) === false) fail('stream_socket_accept', i);
  }
  for (let i = 0; i < 500; i++) {
    if (p.stream_socket_pair(p.STREAM_PF_UNIX, p.STREAM_SOCK_STREAM, 0) === false) fail('stream_socket_pair', i);
  }
  // The async API's accept hands the descriptor over in its own way (acceptNb, then own()).
  for (let i = 0; i < 500; i++) {
    const c = p.socket_create(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP);
    if (c === false || !p.socket_connect(c, '127.0.0.1', port)) fail('async client', i);
    if ((await a.socket_accept(l)) === false) fail('async socket_accept', i);
  }
  const report = {
    failures,
    warnings: lines,
    rssGrowthMB: rssMB() - rssStart,
    closedByFinalizers: native.closedByFinalizers() - closedStart,
  };
  process.stdout.write(JSON.stringify(report));
}

function show(v: unknown): string {
  if (v === false) return 'bool(false)';
  if (typeof v === 'number') return `int(${v})`;
  if (typeof v === 'string') return `string(${v.length}) "${v}"`;
  return typeof v;
}

function keep(): void {
  const [l, port] = tcpListener();
  const server = p.stream_socket_server('tcp://127.0.0.1:0') as p.Stream;
  const name = p.stream_socket_get_name(server, false) as string;
  // A connection waiting on each listener, made while descriptors remain.
  const client = p.socket_create(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP) as p.Socket;
  p.socket_connect(client, '127.0.0.1', port);
  const streamClient = p.stream_socket_client(`tcp://${name}`);
  const kept: p.Socket[] = [];
  for (let i = 0; i < 100000; i++) {
    const s = p.socket_create(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP);
    if (s === false) {
      out(`socket_create failed: ${p.socket_last_error()}`);
      break;
    }
    kept.push(s);
  }
  out(show(p.socket_accept(l)));
  out(show(p.socket_last_error()));
  out(show(p.socket_create_pair(p.AF_UNIX, p.SOCK_STREAM, 0, [])));
  out(show(p.stream_socket_accept(server, 1)));
  const errno = p.ref<number>(5);
  const errstr = p.ref<string>('before');
  out(show(p.stream_socket_client(`tcp://${name}`, errno, errstr, 1)));
  out(`${show(errno.value)} ${show(errstr.value)}`);
  errno.value = 5;
  errstr.value = 'before';
  out(show(p.fsockopen('127.0.0.1', port, errno, errstr, 1)));
  out(`${show(errno.value)} ${show(errstr.value)}`);
  out(show(p.stream_socket_pair(p.STREAM_PF_UNIX, p.STREAM_SOCK_STREAM, 0)));
  process.stdout.write(lines.join('\n') + '\n');
  void [kept, client, streamClient];
}

if (mode === 'drop') await drop();
else keep();
