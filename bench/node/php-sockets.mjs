// php-sockets running the bench workloads: bench/php/bench.php ported line by line, plus the
// Buffer variant of "bulk" (socket_write of a Buffer, socket_read_into). Runs with plain node on
// dist/ (npm run build:ts), so no TypeScript loader is measured; BENCH_PHP_SOCKETS overrides the
// module (the smoke test points it at lib/index.ts under tsx).
const entry = process.env.BENCH_PHP_SOCKETS ?? new URL('../../dist/index.js', import.meta.url).href;
const m = await import(entry);
const {
  AF_INET,
  AF_UNIX,
  SOCK_STREAM,
  SOL_SOCKET,
  SOL_TCP,
  SO_RCVBUF,
  SO_SNDBUF,
  ref,
  socket_accept,
  socket_bind,
  socket_close,
  socket_connect,
  socket_create,
  socket_create_pair,
  socket_getsockname,
  socket_last_error,
  socket_listen,
  socket_read,
  socket_read_into,
  socket_select,
  socket_set_block,
  socket_set_nonblock,
  socket_set_option,
  socket_strerror,
  socket_write,
} = m;

const now = () => Number(process.hrtime.bigint()) / 1e9;
// The loops read the clock at i === 0 too (then again when the warm-up ends): a call site that
// has never run has no type feedback, so once V8 has compiled the loop (on-stack replacement,
// during the warm-up) reaching it deoptimized the loop, and the loop ran interpreted and was
// compiled again inside the timed part (callgrind: ~12 ms of TurboFan in a 20,000 round-trip
// window). The C and PHP loops have no such cost to avoid.
const {
  fclose,
  fread,
  fwrite,
  stream_context_create,
  stream_socket_accept,
  stream_socket_client,
  stream_socket_get_name,
  stream_socket_server,
  STREAM_CLIENT_CONNECT,
  STREAM_SERVER_BIND,
  STREAM_SERVER_LISTEN,
} = m;
const result = (ops, seconds) => process.stdout.write(`RESULT ${ops} ${seconds.toFixed(9)}\n`);

function fail(what) {
  process.stderr.write(`php-sockets.mjs: ${what}: ${socket_strerror(socket_last_error())}\n`);
  process.exit(1);
}

function tcp_listen(backlog) {
  const l = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) || fail('socket_create');
  socket_bind(l, '127.0.0.1', 0) || fail('socket_bind');
  socket_listen(l, backlog) || fail('socket_listen');
  const addr = ref();
  const port = ref();
  socket_getsockname(l, addr, port);
  process.stdout.write(`READY ${port.value}\n`);
  return l;
}

function tcp_connect(port) {
  const s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) || fail('socket_create');
  socket_connect(s, '127.0.0.1', port) || fail('socket_connect');
  return s;
}

function write_all(s, data) {
  while (data.length !== 0) {
    const n = socket_write(s, data);
    if (n === false) fail('socket_write');
    data = n === data.length ? '' : data.subarray ? data.subarray(n) : data.substring(n);
  }
}

function read_full(s, len) {
  let buf = '';
  while (buf.length < len) {
    const d = socket_read(s, len - buf.length);
    if (d === false) fail('socket_read');
    if (d === '') return false;
    buf += d;
  }
  return buf;
}

function pingpong_server(family, path, size) {
  let l;
  if (family === 'unix') {
    l = socket_create(AF_UNIX, SOCK_STREAM, 0) || fail('socket_create');
    socket_bind(l, path) || fail('socket_bind');
    socket_listen(l, 128) || fail('socket_listen');
    process.stdout.write(`READY ${path}\n`);
  } else {
    l = tcp_listen(128);
  }
  const c = socket_accept(l) || fail('socket_accept');
  while (true) {
    const d = socket_read(c, size);
    if (d === false) fail('socket_read');
    if (d === '') break;
    write_all(c, d);
  }
  socket_close(c);
  socket_close(l);
}

function pingpong_client(family, where, size, warmup, count) {
  let s;
  if (family === 'unix') {
    s = socket_create(AF_UNIX, SOCK_STREAM, 0) || fail('socket_create');
    socket_connect(s, where) || fail('socket_connect');
  } else {
    s = tcp_connect(Number(where));
  }
  const msg = 'x'.repeat(size);
  let t0 = 0;
  for (let i = 0; i < warmup + count; i++) {
    if (i === warmup || i === 0) t0 = now();
    write_all(s, msg);
    if (read_full(s, size) === false) fail('early end of stream');
  }
  const t = now() - t0;
  socket_close(s);
  result(count, t);
}

// mode "string": socket_read/socket_write with strings, as the PHP program does.
// mode "buffer": socket_read_into one reused Buffer; socket_write of a Buffer.
function bulk_server(chunk, total, mode) {
  const l = tcp_listen(128);
  const c = socket_accept(l) || fail('socket_accept');
  let got = 0;
  if (mode === 'buffer') {
    const buf = Buffer.allocUnsafe(chunk);
    while (got < total) {
      const n = socket_read_into(c, buf);
      if (n === false) fail('socket_read_into');
      if (n === 0) fail('early end of stream');
      got += n;
    }
  } else {
    while (got < total) {
      const d = socket_read(c, chunk);
      if (d === false) fail('socket_read');
      if (d === '') fail('early end of stream');
      got += d.length;
    }
  }
  write_all(c, 'k');
  socket_read(c, 1);
  socket_close(c);
  socket_close(l);
}

function bulk_client(port, chunk, total, mode) {
  const s = tcp_connect(port);
  const buf = mode === 'buffer' ? Buffer.alloc(chunk, 'x') : 'x'.repeat(chunk);
  const t0 = now();
  for (let sent = 0; sent < total; sent += chunk) write_all(s, buf);
  if (read_full(s, 1) === false) fail('no ack');
  const t = now() - t0;
  socket_close(s);
  result(total, t);
}

function accept_server(total) {
  const l = tcp_listen(128);
  for (let i = 0; i < total; i++) {
    const c = socket_accept(l) || fail('socket_accept');
    socket_close(c);
  }
  socket_close(l);
}

function accept_client(port, warmup, count) {
  let t0 = 0;
  for (let i = 0; i < warmup + count; i++) {
    if (i === warmup || i === 0) t0 = now();
    const s = tcp_connect(port);
    if (socket_read(s, 1) !== '') fail('expected end of stream');
    socket_close(s);
  }
  result(count, now() - t0);
}

function select_server(n) {
  const l = tcp_listen(4096);
  const conns = [];
  for (let i = 0; i < n; i++) conns.push(socket_accept(l) || fail('socket_accept'));
  outer: while (true) {
    const read = conns.slice();
    if (socket_select(read, null, null, null) === false) fail('socket_select');
    for (const c of read) {
      const d = socket_read(c, 8192);
      if (d === false || d === '') break outer;
      write_all(c, d);
    }
  }
  for (const c of conns) socket_close(c);
  socket_close(l);
}

function many_server(n) {
  const { STREAM_SERVER_BIND, STREAM_SERVER_LISTEN, fclose, fread, fwrite, stream_select, stream_socket_accept } = m;
  const { stream_socket_get_name, stream_socket_server } = m;
  const errno = ref();
  const errstr = ref();
  const l =
    stream_socket_server('tcp://127.0.0.1:0', errno, errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN) ||
    fail(`stream_socket_server: ${errstr.value}`);
  const name = stream_socket_get_name(l, false);
  process.stdout.write(`READY ${name.substring(name.lastIndexOf(':') + 1)}\n`);
  const conns = [];
  void n;
  outer: while (true) {
    const read = conns.slice();
    read.push(l);
    if (stream_select(read, null, null, null) === false) fail('stream_select');
    for (const c of read) {
      if (c === l) {
        conns.push(stream_socket_accept(l, -1) || fail('stream_socket_accept'));
        continue;
      }
      const d = fread(c, 8192);
      if (d === false || d === '') break outer;
      fwrite(c, d);
    }
  }
  for (const c of conns) fclose(c);
  fclose(l);
}

// The same echo server over socket_select (the sync way with socket_* rather than streams): the
// listener stays in the set and is accepted from as it turns readable.
function many_sockets_server() {
  const l = tcp_listen(4096);
  const conns = [];
  outer: while (true) {
    const read = conns.slice();
    read.push(l);
    if (socket_select(read, null, null, null) === false) fail('socket_select');
    for (const c of read) {
      if (c === l) {
        conns.push(socket_accept(l) || fail('socket_accept'));
        continue;
      }
      const d = socket_read(c, 8192);
      if (d === false || d === '') break outer;
      write_all(c, d);
    }
  }
  for (const c of conns) socket_close(c);
  socket_close(l);
}

// Per-call cost: the PHP-level calls of bench.php's overhead(), and the bare addon function.
async function overhead(iters) {
  const pair = [];
  socket_create_pair(AF_UNIX, SOCK_STREAM, 0, pair) || fail('socket_create_pair');
  const [a, b] = pair;
  socket_set_nonblock(a);
  const { native } = await import(new URL(entry.endsWith('.ts') ? 'native.ts' : 'native.js', entry).href);
  // One untimed pass each so the timed loops run optimised code.
  for (let i = 0; i < 10000; i++) {
    native.close(-1);
    socket_write(b, '', 0);
    socket_read(a, 16);
  }
  let t0 = now();
  for (let i = 0; i < iters; i++) native.close(-1);
  process.stdout.write(`OVERHEAD close ${(((now() - t0) * 1e9) / iters).toFixed(2)}\n`);
  t0 = now();
  for (let i = 0; i < iters; i++) socket_write(b, '', 0);
  process.stdout.write(`OVERHEAD write0 ${(((now() - t0) * 1e9) / iters).toFixed(2)}\n`);
  t0 = now();
  for (let i = 0; i < iters; i++) socket_read(a, 16);
  process.stdout.write(`OVERHEAD readEagain ${(((now() - t0) * 1e9) / iters).toFixed(2)}\n`);
  // 64 KiB written and read back in this one process, through strings and through Buffers.
  for (const s of [a, b]) {
    socket_set_option(s, SOL_SOCKET, SO_SNDBUF, 1 << 20);
    socket_set_option(s, SOL_SOCKET, SO_RCVBUF, 1 << 20);
  }
  socket_set_block(a);
  const chunks = Math.floor(iters / 40);
  const text = 'x'.repeat(65536);
  const bytes = Buffer.alloc(65536, 'x');
  const back = Buffer.alloc(65536);
  const chunkString = () => {
    if (socket_write(b, text) !== 65536) fail('socket_write');
    if (socket_read(a, 65536).length !== 65536) fail('socket_read');
  };
  const chunkBuffer = () => {
    if (socket_write(b, bytes) !== 65536) fail('socket_write');
    if (socket_read_into(a, back) !== 65536) fail('socket_read_into');
  };
  for (const [name, f] of [['chunkString', chunkString], ['chunkBuffer', chunkBuffer]]) {
    for (let i = 0; i < 2000; i++) f();
    t0 = now();
    for (let i = 0; i < chunks; i++) f();
    process.stdout.write(`OVERHEAD ${name} ${(((now() - t0) * 1e9) / chunks).toFixed(2)}\n`);
  }
}

// TLS (ssl:// streams, the test PKI): bench.php's tls workloads, line by line.
const pki = new URL('../../test/fixtures/tls/', import.meta.url).pathname;
function tls_ctx(server) {
  return stream_context_create({
    ssl: server ? { local_cert: pki + 'server.pem', local_pk: pki + 'server.key' } : { cafile: pki + 'ca.pem' },
  });
}

function tls_listen() {
  const errno = ref();
  const errstr = ref();
  const l = stream_socket_server('ssl://127.0.0.1:0', errno, errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, tls_ctx(true));
  if (!l) fail(`stream_socket_server: ${errstr.value}`);
  const name = stream_socket_get_name(l, false);
  process.stdout.write(`READY ${name.substring(name.lastIndexOf(':') + 1)}\n`);
  const c = stream_socket_accept(l, -1) || fail('stream_socket_accept');
  fclose(l);
  return c;
}

function tls_connect(port) {
  const errno = ref();
  const errstr = ref();
  const s = stream_socket_client(`ssl://127.0.0.1:${port}`, errno, errstr, 10, STREAM_CLIENT_CONNECT, tls_ctx(false));
  return s || fail(`stream_socket_client: ${errstr.value}`);
}

function tls_read_full(s, len) {
  let buf = '';
  while (buf.length < len) {
    const d = fread(s, len - buf.length);
    if (d === false || d === '') return false;
    buf += d;
  }
  return buf;
}

function tlspingpong_server(size) {
  const c = tls_listen();
  let d;
  while ((d = fread(c, size)) !== false && d !== '') fwrite(c, d);
  fclose(c);
}

function tlspingpong_client(port, size, warmup, count) {
  const s = tls_connect(port);
  const msg = 'x'.repeat(size);
  let t0 = 0;
  for (let i = 0; i < warmup + count; i++) {
    if (i === warmup || i === 0) t0 = now();
    fwrite(s, msg);
    if (tls_read_full(s, size) === false) fail('early end of stream');
  }
  const t = now() - t0;
  fclose(s);
  result(count, t);
}

function tlsbulk_server(chunk, total) {
  const c = tls_listen();
  for (let got = 0; got < total; ) {
    const d = fread(c, chunk);
    if (d === false || d === '') fail('early end of stream');
    got += d.length;
  }
  fwrite(c, 'k');
  fread(c, 1);
  fclose(c);
}

function tlsbulk_client(port, chunk, total) {
  const s = tls_connect(port);
  const buf = 'x'.repeat(chunk);
  const t0 = now();
  for (let sent = 0; sent < total; sent += chunk) if (fwrite(s, buf) !== chunk) fail('fwrite');
  if (tls_read_full(s, 1) === false) fail('no ack');
  const t = now() - t0;
  fclose(s);
  result(total, t);
}

const [workload, role, ...a] = process.argv.slice(2);
const n = (i) => Number(a[i]);
switch (`${workload} ${role}`) {
  case 'pingpong server':
    pingpong_server(a[0], a[1], n(2));
    break;
  case 'pingpong client':
    pingpong_client(a[0], a[1], n(2), n(3), n(4));
    break;
  case 'bulk server':
    bulk_server(n(0), n(1), a[2]);
    break;
  case 'bulk client':
    bulk_client(n(0), n(1), n(2), a[3]);
    break;
  case 'accept server':
    accept_server(n(0));
    break;
  case 'accept client':
    accept_client(n(0), n(1), n(2));
    break;
  case 'select server':
    select_server(n(0));
    break;
  case 'many server':
    many_server(n(0));
    break;
  case 'manysockets server':
    many_sockets_server();
    break;
  case 'tlspingpong server':
    tlspingpong_server(n(0));
    break;
  case 'tlspingpong client':
    tlspingpong_client(a[0], n(1), n(2), n(3));
    break;
  case 'tlsbulk server':
    tlsbulk_server(n(0), n(1));
    break;
  case 'tlsbulk client':
    tlsbulk_client(a[0], n(1), n(2));
    break;
  default:
    if (workload === 'probe') {
      process.stdout.write(`PROBE socket_select=${typeof m.socket_select} stream_select=${typeof m.stream_select}\n`);
    } else if (workload === 'overhead') await overhead(Number(role));
    else fail(`unknown ${workload} ${role}`);
}
