// Node's net module, written idiomatically (event-driven, async): the same workloads as
// bench/c/bench.c, with the same arguments and output lines.
import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';

const [workload, role, ...a] = process.argv.slice(2);
const now = () => Number(process.hrtime.bigint()) / 1e9;
const result = (ops, seconds) => process.stdout.write(`RESULT ${ops} ${seconds.toFixed(9)}\n`);
const fail = (what) => {
  process.stderr.write(`net.mjs: ${what}\n`);
  process.exit(1);
};

function listen(server, backlog, path) {
  server.on('error', (e) => fail(e.message));
  const ready = () => process.stdout.write(`READY ${path ?? server.address().port}\n`);
  if (path) server.listen({ path, backlog }, ready);
  else server.listen({ host: '127.0.0.1', port: 0, backlog }, ready);
}

function connect(where) {
  const opts = /^\d+$/.test(where) ? { host: '127.0.0.1', port: Number(where) } : { path: where };
  const s = net.connect(opts);
  s.on('error', (e) => fail(e.message));
  return s;
}

// TLS: Node's tls module on the same workloads (the test PKI).
const pki = new URL('../../test/fixtures/tls/', import.meta.url);
const tlsServerOpts = () => ({ key: readFileSync(new URL('server.key', pki)), cert: readFileSync(new URL('server.pem', pki)) });
const tlsConnect = (port) => {
  const s = tls.connect({ host: '127.0.0.1', port: Number(port), ca: readFileSync(new URL('ca.pem', pki)) });
  s.on('error', (e) => fail(e.message));
  return s;
};

// The two transports the stream workloads run over: a server maker, a client connect, and the
// client's event that says it may write.
const PLAIN = { createServer: (onConn) => net.createServer(onConn), connect, ready: 'connect' };
const TLS = { createServer: (onConn) => tls.createServer(tlsServerOpts(), onConn), connect: tlsConnect, ready: 'secureConnect' };

// pingpong server <tcp|unix> <path|0> <size>
function pingpongServer(t, family, path) {
  const server = t.createServer((c) => {
    c.on('data', (d) => c.write(d));
    c.on('end', () => {
      c.end();
      server.close();
    });
  });
  listen(server, 128, family === 'unix' ? path : undefined);
}

// pingpong client <tcp|unix> <port|path> <size> <warmup> <count>
function pingpongClient(t, where, size, warmup, count) {
  const s = t.connect(where);
  const msg = Buffer.alloc(size, 'x');
  let i = 0;
  let got = 0;
  let t0 = 0;
  s.on(t.ready, () => {
    if (warmup === 0) t0 = now();
    s.write(msg);
  });
  s.on('data', (d) => {
    got += d.length;
    if (got < size) return;
    got = 0;
    // The clock is read on the first message too (see php-sockets.mjs: a never-run site
    // deoptimizes compiled code when reached).
    if (++i === warmup || (i === 1 && warmup > 0)) t0 = now();
    if (i < warmup + count) {
      s.write(msg);
      return;
    }
    const t = now() - t0;
    s.end();
    result(count, t);
  });
}

// bulk server <chunk> <total>: counts bytes, acks with one byte.
function bulkServer(t, total) {
  const server = t.createServer((c) => {
    let got = 0;
    c.on('data', (d) => {
      got += d.length;
      if (got === total) c.write('k');
    });
    c.on('end', () => {
      c.end();
      server.close();
    });
  });
  listen(server, 128);
}

// bulk client <port> <chunk> <total>: writes chunk-sized Buffers, honouring backpressure.
function bulkClient(t, port, chunk, total) {
  const s = t.connect(port);
  const buf = Buffer.alloc(chunk, 'x');
  let sent = 0;
  let t0 = 0;
  const pump = () => {
    while (sent < total) {
      sent += chunk;
      if (!s.write(buf)) return;
    }
  };
  s.on(t.ready, () => {
    t0 = now();
    pump();
  });
  s.on('drain', pump);
  s.on('data', () => {
    const t = now() - t0;
    s.end();
    result(total, t);
  });
}

// accept server <total>: closes each connection as it arrives.
function acceptServer(total) {
  let n = 0;
  const server = net.createServer((c) => {
    c.destroy();
    if (++n === total) server.close();
  });
  listen(server, 128);
}

// accept client <port> <warmup> <count>: connect, wait for the server's close, close; in sequence.
function acceptClient(port, warmup, count) {
  let i = 0;
  let t0 = 0;
  const next = () => {
    if (i === warmup || i === 0) t0 = now();
    if (i++ === warmup + count) {
      result(count, now() - t0);
      return;
    }
    const s = connect(port);
    s.on('end', () => s.destroy());
    s.on('close', next);
  };
  next();
}

// select/many server <conns>: echo server; exits when one connection ends.
function echoServer(conns) {
  const server = net.createServer((c) => {
    c.on('data', (d) => c.write(d));
    c.on('end', () => process.exit(0));
  });
  listen(server, 4096);
  void conns;
}


switch (`${workload} ${role}`) {
  case 'pingpong server':
    pingpongServer(PLAIN, a[0], a[1]);
    break;
  case 'pingpong client':
    pingpongClient(PLAIN, a[1], Number(a[2]), Number(a[3]), Number(a[4]));
    break;
  case 'bulk server':
    bulkServer(PLAIN, Number(a[1]));
    break;
  case 'bulk client':
    bulkClient(PLAIN, a[0], Number(a[1]), Number(a[2]));
    break;
  case 'accept server':
    acceptServer(Number(a[0]));
    break;
  case 'accept client':
    acceptClient(a[0], Number(a[1]), Number(a[2]));
    break;
  case 'select server':
  case 'many server':
    echoServer(Number(a[0]));
    break;
  case 'tlspingpong server':
    pingpongServer(TLS);
    break;
  case 'tlspingpong client':
    pingpongClient(TLS, a[0], Number(a[1]), Number(a[2]), Number(a[3]));
    break;
  case 'tlsbulk server':
    bulkServer(TLS, Number(a[1]));
    break;
  case 'tlsbulk client':
    bulkClient(TLS, a[0], Number(a[1]), Number(a[2]));
    break;
  default:
    fail(`unknown ${workload} ${role}`);
}
