// The wire recorder of `php-sockets-compare --wire`: a loopback proxy (TCP, unix stream or UDP)
// that the tool puts between a server and its client, forwarding every byte unchanged and keeping
// a log per connection and direction; and the comparison of two such logs, which shows the first
// difference as hex and as escaped text.
import dgram from 'node:dgram';
import net from 'node:net';

/**
 * Starts a recording proxy. `listen` is { host, port } (port 0 for a free one) or { path };
 * `target()` returns where to forward each new connection ({ host, port } or { path }), asked at
 * connection time so the server's own address may be learned after the proxy started.
 * Resolves to { address ({ host, port } or { path }), connections (the log, filled as traffic
 * flows), close() }.
 */
export function startProxy(transport, listen, target) {
  return transport === 'udp' ? startUdpProxy(listen, target) : startStreamProxy(transport, listen, target);
}

function once(fn) {
  let p = null;
  return () => (p ??= fn());
}

function newConnection(index, transport) {
  return { index, transport, toServer: [], toClient: [], clientEnd: 'open', serverEnd: 'open', error: null };
}

/** Ends a connection with a reset where TCP has one; a unix socket can only be closed. */
function abort(socket) {
  try {
    socket.resetAndDestroy();
  } catch {
    socket.destroy();
  }
}

function startStreamProxy(transport, listen, target) {
  const connections = [];
  const sockets = new Set();
  const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true }, (client) => {
    const conn = newConnection(connections.length + 1, transport);
    connections.push(conn);
    const upstream = net.connect({ ...target(), allowHalfOpen: true });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    }
    let connected = false;
    upstream.on('connect', () => {
      connected = true;
      client.resume();
    });
    // pipe() forwards with backpressure and half-closes the other side on end (allowHalfOpen);
    // the extra data listeners only record.
    client.on('data', (d) => conn.toServer.push(d));
    upstream.on('data', (d) => conn.toClient.push(d));
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('end', () => (conn.clientEnd = 'close'));
    upstream.on('end', () => (conn.serverEnd = 'close'));
    // A reset on one side is passed on as a reset, so the other program sees what it would see
    // without the proxy.
    client.on('error', (e) => {
      conn.clientEnd = e.code === 'ECONNRESET' ? 'reset' : `error ${e.code}`;
      abort(upstream);
    });
    upstream.on('error', (e) => {
      if (!connected) conn.error = `could not reach the server: ${e.code}`;
      else conn.serverEnd = e.code === 'ECONNRESET' ? 'reset' : `error ${e.code}`;
      abort(client);
    });
  });
  return new Promise((res, rej) => {
    server.once('error', rej);
    server.listen(listen.path !== undefined ? { path: listen.path } : { host: listen.host, port: listen.port }, () => {
      const a = server.address();
      res({
        address: typeof a === 'string' ? { path: a } : { host: a.address, port: a.port },
        connections,
        close: once(async () => {
          // An end or reset already on its way (the programs have exited) is let in first, for
          // up to 250 ms, so that how each connection ended does not depend on timing.
          for (let i = 0; i < 25 && sockets.size; i++) await new Promise((r) => setTimeout(r, 10));
          for (const s of sockets) s.destroy();
          await new Promise((done) => server.close(() => done()));
        }),
      });
    });
  });
}

// UDP: one flow per client address, forwarded from its own upstream socket so that replies find
// their way back; datagram boundaries are kept in the log.
function startUdpProxy(listen, target) {
  const connections = [];
  const flows = new Map();
  const front = dgram.createSocket(listen.host && listen.host.includes(':') ? 'udp6' : 'udp4');
  front.on('message', (msg, rinfo) => {
    const key = `${rinfo.address}:${rinfo.port}`;
    let flow = flows.get(key);
    if (!flow) {
      const conn = newConnection(connections.length + 1, 'udp');
      connections.push(conn);
      const t = target();
      const up = dgram.createSocket(t.host && t.host.includes(':') ? 'udp6' : 'udp4');
      up.on('message', (reply) => {
        conn.toClient.push(reply);
        front.send(reply, rinfo.port, rinfo.address);
      });
      up.on('error', (e) => (conn.error = `could not reach the server: ${e.code}`));
      flow = { conn, up, t };
      flows.set(key, flow);
    }
    flow.conn.toServer.push(msg);
    flow.up.send(msg, flow.t.port, flow.t.host);
  });
  return new Promise((res, rej) => {
    front.once('error', rej);
    front.bind(listen.port, listen.host, () => {
      const a = front.address();
      res({
        address: { host: a.address, port: a.port },
        connections,
        close: once(
          () =>
            new Promise((done) => {
              for (const f of flows.values()) f.up.close();
              front.close(() => done());
            }),
        ),
      });
    });
  });
}

/**
 * The proxy's log as the result reports it: per connection the bytes each way (Buffers, with the
 * datagrams too for UDP), and how each side ended ('close' for an orderly end, 'reset', 'open'
 * if it was still open when the run was over).
 */
export function wireLog(connections) {
  return connections.map((c) => ({
    index: c.index,
    transport: c.transport,
    toServer: Buffer.concat(c.toServer),
    toClient: Buffer.concat(c.toClient),
    ...(c.transport === 'udp' ? { datagrams: { toServer: [...c.toServer], toClient: [...c.toClient] } } : {}),
    clientEnd: c.transport === 'udp' ? 'open' : c.clientEnd,
    serverEnd: c.transport === 'udp' ? 'open' : c.serverEnd,
    error: c.error,
  }));
}

const HEX_ROW = 16;

function hexRow(bytes, offset, mark) {
  const cells = [];
  let text = '';
  for (let i = 0; i < HEX_ROW; i++) {
    const at = offset + i;
    if (at < bytes.length) {
      cells.push(bytes[at].toString(16).padStart(2, '0'));
      text += bytes[at] >= 0x20 && bytes[at] < 0x7f ? String.fromCharCode(bytes[at]) : '.';
    } else cells.push('  ');
  }
  const hex = `${cells.slice(0, 8).join(' ')}  ${cells.slice(8).join(' ')}`;
  let line = `${offset.toString(16).padStart(8, '0')}  ${hex}  |${text}|`;
  if (mark !== undefined && mark >= offset && mark < offset + HEX_ROW) {
    const col = 10 + (mark - offset) * 3 + (mark - offset >= 8 ? 1 : 0);
    line += `\n${' '.repeat(col)}^^`;
  }
  return line;
}

/** Bytes as a one-line escaped string ("GET / HTTP/1.1\r\n"), for reading a difference as text. */
export function escapeBytes(bytes) {
  let s = '';
  for (const b of bytes) {
    if (b === 0x0a) s += '\\n';
    else if (b === 0x0d) s += '\\r';
    else if (b === 0x09) s += '\\t';
    else if (b === 0x22) s += '\\"';
    else if (b === 0x5c) s += '\\\\';
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return s;
}

/**
 * Where two byte strings first differ, shown for a reader: the offset, the rows of a hex dump
 * around it for each side (the differing byte marked), and the bytes around it as escaped text.
 * `a` and `b` are Buffers; returns '' if they are equal.
 */
export function byteDiff(a, b, { labelA = 'php', labelB = 'ts' } = {}) {
  if (a.equals(b)) return '';
  let at = 0;
  while (at < a.length && at < b.length && a[at] === b[at]) at++;
  const first = Math.max(0, Math.floor(at / HEX_ROW) * HEX_ROW - HEX_ROW);
  const width = Math.max(labelA.length, labelB.length);
  const lines = [`first difference at byte ${at} (${labelA}: ${a.length} bytes, ${labelB}: ${b.length} bytes)`];
  for (const [label, bytes] of [[labelA, a], [labelB, b]]) {
    lines.push(`  ${label}:`);
    for (let off = first; off < Math.min(Math.max(bytes.length, at + 1), first + 3 * HEX_ROW); off += HEX_ROW) {
      if (off >= bytes.length && off > at) break;
      lines.push(...hexRow(bytes, off, at).split('\n').map((l) => `    ${l}`));
    }
  }
  const from = Math.max(0, at - 24);
  for (const [label, bytes] of [[labelA, a], [labelB, b]]) {
    const before = escapeBytes(bytes.subarray(from, at));
    const after = at < bytes.length ? escapeBytes(bytes.subarray(at, at + 24)) : '';
    const rest = at + 24 < bytes.length ? '...' : at >= bytes.length ? '[end]' : '';
    lines.push(`  ${label.padEnd(width)} text: ${from > 0 ? '...' : ''}"${before}" >> "${after}"${rest}`);
  }
  return `${lines.join('\n')}\n`;
}

function directionName(dir) {
  return dir === 'toServer' ? 'client -> server' : 'server -> client';
}

/**
 * Compares two wire logs (from wireLog, with the byte streams already normalised as the caller
 * wants): connection by connection, direction by direction, then how each side ended. Returns
 * the report of every difference found ('' if none), the first one of each stream in detail.
 */
export function wireDiff(a, b, { labelA = 'php', labelB = 'ts' } = {}) {
  const out = [];
  if (a.length !== b.length) out.push(`wire: ${labelA} side made ${a.length} connection(s), ${labelB} side ${b.length}\n`);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const ca = a[i];
    const cb = b[i];
    const name = `wire: connection ${i + 1}`;
    if (!ca || !cb) {
      const only = ca ? labelA : labelB;
      const c = ca ?? cb;
      out.push(`${name}: only on the ${only} side (client -> server "${escapeBytes(c.toServer.subarray(0, 60))}", server -> client "${escapeBytes(c.toClient.subarray(0, 60))}")\n`);
      continue;
    }
    if ((ca.error ?? '') !== (cb.error ?? '')) out.push(`${name}: ${labelA}: ${ca.error ?? 'connected'}; ${labelB}: ${cb.error ?? 'connected'}\n`);
    for (const dir of ['toServer', 'toClient']) {
      if (ca.datagrams && cb.datagrams) {
        const da = ca.datagrams[dir];
        const db = cb.datagrams[dir];
        for (let k = 0; k < Math.max(da.length, db.length); k++) {
          const d = byteDiff(da[k] ?? Buffer.alloc(0), db[k] ?? Buffer.alloc(0), { labelA, labelB });
          if (!d && (da[k] !== undefined) === (db[k] !== undefined)) continue;
          const missing = da[k] === undefined ? labelA : db[k] === undefined ? labelB : null;
          out.push(`${name}, ${directionName(dir)}, datagram ${k + 1}${missing ? ` (none on the ${missing} side)` : ''}: ${d || 'empty datagram on one side only\n'}`);
          break;
        }
        continue;
      }
      const d = byteDiff(ca[dir], cb[dir], { labelA, labelB });
      if (d) out.push(`${name}, ${directionName(dir)}: ${d}`);
    }
    for (const [end, who] of [['clientEnd', 'client'], ['serverEnd', 'server']]) {
      if (ca[end] !== cb[end]) out.push(`${name}: the ${who} ended it with ${ca[end]} on the ${labelA} side, ${cb[end]} on the ${labelB} side\n`);
    }
  }
  return out.join('');
}

/** A wire log as text, for --show: per connection, the bytes each way as escaped text. */
export function formatWire(log) {
  if (!log.length) return 'no connections\n';
  return log
    .map((c) => {
      const lines = [`connection ${c.index} (${c.transport})${c.error ? `: ${c.error}` : ''}`];
      if (c.datagrams) {
        for (const dir of ['toServer', 'toClient']) c.datagrams[dir].forEach((d) => lines.push(`  ${directionName(dir)}: "${escapeBytes(d)}"`));
      } else {
        lines.push(`  client -> server (${c.toServer.length} bytes, ${c.clientEnd}): "${escapeBytes(c.toServer)}"`);
        lines.push(`  server -> client (${c.toClient.length} bytes, ${c.serverEnd}): "${escapeBytes(c.toClient)}"`);
      }
      return lines.join('\n');
    })
    .join('\n') + '\n';
}
