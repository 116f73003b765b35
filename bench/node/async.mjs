// php-sockets/async running the bench workloads the way a Node user would write them: the
// sync program of php-sockets.mjs with an `await` on every call that can wait, one async loop
// per connection, no select. Runs with plain node on dist/async/ (npm run build:ts);
// BENCH_PHP_SOCKETS_ASYNC overrides the module (the smoke test points it at lib/async/index.ts
// under tsx). Same arguments and output lines as bench/c/bench.c.
const entry = process.env.BENCH_PHP_SOCKETS_ASYNC ?? new URL('../../dist/async/index.js', import.meta.url).href;
const {
  AF_INET,
  AF_UNIX,
  SOCK_STREAM,
  SOL_TCP,
  ref,
  socket_accept,
  socket_bind,
  socket_close,
  socket_connect,
  socket_create,
  socket_getsockname,
  socket_last_error,
  socket_listen,
  socket_read,
  socket_strerror,
  socket_write,
} = await import(entry);

const now = () => Number(process.hrtime.bigint()) / 1e9;
const result = (ops, seconds) => process.stdout.write(`RESULT ${ops} ${seconds.toFixed(9)}\n`);

function fail(what) {
  process.stderr.write(`async.mjs: ${what}: ${socket_strerror(socket_last_error())}\n`);
  process.exit(1);
}

function listen(family, path, backlog) {
  let l;
  if (family === 'unix') {
    l = socket_create(AF_UNIX, SOCK_STREAM, 0) || fail('socket_create');
    socket_bind(l, path) || fail('socket_bind');
  } else {
    l = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) || fail('socket_create');
    socket_bind(l, '127.0.0.1', 0) || fail('socket_bind');
  }
  socket_listen(l, backlog) || fail('socket_listen');
  if (family === 'unix') {
    process.stdout.write(`READY ${path}\n`);
  } else {
    const addr = ref();
    const port = ref();
    socket_getsockname(l, addr, port);
    process.stdout.write(`READY ${port.value}\n`);
  }
  return l;
}

async function connect(where) {
  const unix = !/^\d+$/.test(where);
  const s = unix ? socket_create(AF_UNIX, SOCK_STREAM, 0) : socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
  if (!s) fail('socket_create');
  const ok = unix ? await socket_connect(s, where) : await socket_connect(s, '127.0.0.1', Number(where));
  return ok ? s : fail('socket_connect');
}

// A blocking socket's async socket_write sends everything, as the sync one does.
async function write(s, data) {
  if ((await socket_write(s, data)) === false) fail('socket_write');
}

async function readFull(s, len) {
  let buf = '';
  while (buf.length < len) {
    const d = await socket_read(s, len - buf.length);
    if (d === false) fail('socket_read');
    if (d === '') return false;
    buf += d;
  }
  return buf;
}

// One connection's echo loop; `onEnd` when the peer closes.
async function echo(c, size, onEnd) {
  for (;;) {
    const d = await socket_read(c, size);
    if (d === false) fail('socket_read');
    if (d === '') return onEnd();
    await write(c, d);
  }
}

async function pingpongServer(family, path, size) {
  const l = listen(family, path, 128);
  const c = (await socket_accept(l)) || fail('socket_accept');
  await echo(c, size, () => {});
  socket_close(c);
  socket_close(l);
}

// The loops read the clock at i === 0 too, as php-sockets.mjs's do (a never-run call site
// deoptimizes the compiled loop when the warm-up ends).
async function pingpongClient(where, size, warmup, count) {
  const s = await connect(where);
  const msg = 'x'.repeat(size);
  let t0 = 0;
  for (let i = 0; i < warmup + count; i++) {
    if (i === warmup || i === 0) t0 = now();
    await write(s, msg);
    if ((await readFull(s, size)) === false) fail('early end of stream');
  }
  const t = now() - t0;
  socket_close(s);
  result(count, t);
}

async function acceptServer(total) {
  const l = listen('tcp', null, 128);
  for (let i = 0; i < total; i++) {
    const c = (await socket_accept(l)) || fail('socket_accept');
    socket_close(c);
  }
  socket_close(l);
}

async function acceptClient(port, warmup, count) {
  let t0 = 0;
  for (let i = 0; i < warmup + count; i++) {
    if (i === warmup || i === 0) t0 = now();
    const s = await connect(port);
    if ((await socket_read(s, 1)) !== '') fail('expected end of stream');
    socket_close(s);
  }
  result(count, now() - t0);
}

// The echo server of the "many" row: accepts forever, one `await socket_read` loop per client;
// exits when a client ends (as the other variants' servers do).
async function manyServer() {
  const l = listen('tcp', null, 4096);
  for (;;) {
    const c = (await socket_accept(l)) || fail('socket_accept');
    void echo(c, 8192, () => process.exit(0));
  }
}

const [workload, role, ...a] = process.argv.slice(2);
const n = (i) => Number(a[i]);
switch (`${workload} ${role}`) {
  case 'pingpong server':
    await pingpongServer(a[0], a[1], n(2));
    break;
  case 'pingpong client':
    await pingpongClient(a[1], n(2), n(3), n(4));
    break;
  case 'accept server':
    await acceptServer(n(0));
    break;
  case 'accept client':
    await acceptClient(a[0], n(1), n(2));
    break;
  case 'many server':
    await manyServer();
    break;
  default:
    fail(`unknown ${workload} ${role}`);
}
