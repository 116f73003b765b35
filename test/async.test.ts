// php-sockets/async: the same steps run through the sync functions and through the async ones
// give the same transcript (values, warnings, last-error codes, exceptions); waits happen in the
// event loop (timers keep firing, no thread per wait); closing a socket or stream settles a
// pending call; a Worker uses the async API.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import * as a from '../lib/async/index.js';
import * as p from '../lib/index.js';
import { blocking } from '../lib/blocking.js';
import { native } from '../lib/native.js';
import { stateOf } from '../lib/socket.js';

type Api = typeof p | typeof a;

/** Records each step: its value (awaited), the warnings it raised and the global last error. */
class Transcript {
  lines: string[] = [];
  private warnings: string[] = [];

  constructor() {
    p.set_error_handler((_no, str) => {
      this.warnings.push(str);
      return true;
    });
  }

  async step(label: string, f: () => unknown): Promise<unknown> {
    this.warnings = [];
    let v: unknown;
    let out: string;
    try {
      v = await f();
      out = show(v);
    } catch (e) {
      const err = e as Error;
      out = `${err.name}: ${err.message}`;
    }
    this.lines.push(`${label}: ${out} [${p.socket_last_error()}]`);
    for (const w of this.warnings) this.lines.push(`  W: ${w}`);
    return v;
  }

  done(): string[] {
    p.restore_error_handler();
    return this.lines;
  }
}

function show(v: unknown): string {
  if (v instanceof p.Socket) return 'Socket';
  if (v instanceof p.Stream) return 'Stream';
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  if (v && typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function pair(api: Api, type = p.SOCK_STREAM): [p.Socket, p.Socket] {
  const out: p.Socket[] = [];
  api.socket_create_pair(p.AF_UNIX, type, 0, out);
  return [out[0]!, out[1]!];
}

function listener(api: Api): [p.Socket, number] {
  const l = api.socket_create(p.AF_INET, p.SOCK_STREAM, 0) as p.Socket;
  api.socket_bind(l, '127.0.0.1', 0);
  api.socket_listen(l, 16);
  const port = p.ref<number>();
  api.socket_getsockname(l, p.ref(), port);
  return [l, port.value!];
}

/** Steps that never need to wait, so the sync functions can run them too. */
async function socketSteps(api: Api): Promise<string[]> {
  const t = new Transcript();
  p.socket_clear_error();
  const [x, y] = pair(api);
  await t.step('write', () => api.socket_write(x, 'hello\nworld\n'));
  await t.step('read normal', () => api.socket_read(y, 100, p.PHP_NORMAL_READ));
  await t.step('read binary', () => api.socket_read(y, 3));
  await t.step('read len 0', () => api.socket_read(y, 0));
  await t.step('send', () => api.socket_send(x, 'abcdef', 4, 0));
  const data = p.ref<string>();
  await t.step('recv peek', () => api.socket_recv(y, data, 10, p.MSG_PEEK));
  await t.step('recv data', () => data.value);
  await t.step('recv waitall', () => api.socket_recv(y, data, 6, p.MSG_WAITALL));
  await t.step('recv data', () => data.value);
  const buf = Buffer.alloc(8);
  await t.step('write buf', () => api.socket_write(x, Buffer.from('xyz')));
  await t.step('read_into', () => api.socket_read_into(y, buf, 2));
  await t.step('buf', () => buf.toString('latin1', 2, 5));
  api.socket_set_nonblock(y);
  await t.step('read nonblock empty', () => api.socket_read(y, 10));
  await t.step('recv dontwait empty', () => api.socket_recv(y, data, 10, 0));
  await t.step('recvmsg empty', () => api.socket_recvmsg(y, { controllen: 0, buffer_size: 10 }));
  api.socket_set_block(y);
  await t.step('sendmsg', () => api.socket_sendmsg(x, { iov: ['ab', 'cd'] }));
  const msg: Record<string, unknown> = { buffer_size: 10, controllen: 0 };
  await t.step('recvmsg', () => api.socket_recvmsg(y, msg));
  await t.step('msg', () => msg);
  // Errors: EPIPE after the peer is gone, EOF reads.
  api.socket_close(y);
  await t.step('read after peer closed (x)', () => api.socket_read(x, 10));
  await t.step('write to closed peer', () => api.socket_write(x, 'zz'));
  await t.step('send to closed peer', () => api.socket_send(x, 'zz', 2, 0));
  await t.step('closed socket', () => api.socket_read(y, 10));
  await t.step('type error', () => api.socket_read('nope' as unknown as p.Socket, 10));
  await t.step('arity', () => (api.socket_write as (...x: unknown[]) => unknown)(x));
  api.socket_close(x);

  // UDP: sendto/recvfrom.
  const u1 = api.socket_create(p.AF_INET, p.SOCK_DGRAM, 0) as p.Socket;
  const u2 = api.socket_create(p.AF_INET, p.SOCK_DGRAM, 0) as p.Socket;
  api.socket_bind(u2, '127.0.0.1', 0);
  const port = p.ref<number>();
  api.socket_getsockname(u2, p.ref(), port);
  await t.step('sendto', () => api.socket_sendto(u1, 'dgram', 5, 0, '127.0.0.1', port.value));
  const from = p.ref<string>();
  const fromPort = p.ref<number>();
  await t.step('recvfrom', () => api.socket_recvfrom(u2, data, 100, 0, from, fromPort));
  await t.step('recvfrom data', () => `${data.value} ${from.value}`);
  await t.step('sendto bad', () => api.socket_sendto(u1, 'x', 1, 0, '127.0.0.1', null));
  api.socket_close(u1);
  api.socket_close(u2);

  // accept/connect.
  const [l, lport] = listener(api);
  api.socket_set_nonblock(l);
  await t.step('accept nonblock empty', () => api.socket_accept(l));
  const c = api.socket_create(p.AF_INET, p.SOCK_STREAM, 0) as p.Socket;
  await t.step('connect', () => api.socket_connect(c, '127.0.0.1', lport));
  const s = (await t.step('accept', () => api.socket_accept(l))) as p.Socket;
  await t.step('connect again', () => api.socket_connect(c, '127.0.0.1', lport));
  api.socket_close(l);
  const c2 = api.socket_create(p.AF_INET, p.SOCK_STREAM, 0) as p.Socket;
  await t.step('connect refused', () => api.socket_connect(c2, '127.0.0.1', lport));
  await t.step('connect null port', () => api.socket_connect(c2, '127.0.0.1'));
  const c3 = api.socket_create(p.AF_INET, p.SOCK_STREAM, 0) as p.Socket;
  api.socket_set_nonblock(c3);
  await t.step('connect nonblock refused', () => api.socket_connect(c3, '127.0.0.1', lport));

  // select.
  await t.step('select none ready', () => api.socket_select([s], null, null, 0));
  await t.step('select writable', () => {
    const w = [s, c];
    return Promise.resolve(api.socket_select(null, w, null, 0)).then((n) => [n, w.length]);
  });
  api.socket_write(c, 'q');
  await t.step('select readable', () => {
    const r: Record<string, p.Socket> = { first: c, second: s };
    return Promise.resolve(api.socket_select(r, null, null, 1)).then((n) => [n, Object.keys(r)]);
  });
  await t.step('select negative', () => api.socket_select([s], null, null, -1));
  await t.step('select empty', () => api.socket_select([], null, null, 0));
  // SO_RCVTIMEO: the read times out with EAGAIN, as the blocking call does.
  api.socket_read(s, 1);
  api.socket_set_option(s, p.SOL_SOCKET, p.SO_RCVTIMEO, { sec: 0, usec: 30000 });
  await t.step('read timeout', () => api.socket_read(s, 10));
  await t.step('socket code', () => api.socket_last_error(s));
  await t.step('normal read timeout', () => api.socket_read(s, 10, p.PHP_NORMAL_READ));
  await t.step('accept timeout', () => {
    const [l2] = listener(api);
    api.socket_set_option(l2, p.SOL_SOCKET, p.SO_RCVTIMEO, { sec: 0, usec: 20000 });
    // Closed here: left to the garbage collector, its poll handle went at a moment later tests
    // count them.
    return Promise.resolve(api.socket_accept(l2)).finally(() => api.socket_close(l2));
  });
  // SO_SNDTIMEO: a full socket's write times out with EAGAIN, no warning.
  const [f1, f2] = pair(api);
  api.socket_set_nonblock(f1);
  while (p.socket_write(f1, Buffer.alloc(65536)) !== false);
  api.socket_set_block(f1);
  api.socket_set_option(f1, p.SOL_SOCKET, p.SO_SNDTIMEO, { sec: 0, usec: 20000 });
  await t.step('write timeout', () => api.socket_write(f1, 'x'.repeat(70000)));
  await t.step('send timeout', () => api.socket_send(f1, 'x', 1, 0));
  for (const sock of [s, c, c2, c3, f1, f2]) api.socket_close(sock);
  return t.done();
}

/** Stream steps that never wait for more than a short timeout. */
async function streamSteps(api: Api): Promise<string[]> {
  const t = new Transcript();
  const server = api.stream_socket_server('tcp://127.0.0.1:0') as p.Stream;
  const name = api.stream_socket_get_name(server, false) as string;
  await t.step('accept timeout', () => api.stream_socket_accept(server, 0.03));
  const client = p.stream_socket_client(`tcp://${name}`) as p.Stream;
  const peer = p.ref<string>();
  const conn = (await t.step('accept', () => api.stream_socket_accept(server, 1, peer))) as p.Stream;
  await t.step('fwrite', () => api.fwrite(client, 'line one\nline two\npartial'));
  await t.step('fgets', () => api.fgets(conn));
  await t.step('fgetc', () => api.fgetc(conn));
  await t.step('fread', () => api.fread(conn, 4));
  await t.step('fgets len', () => api.fgets(conn, 3));
  api.stream_set_timeout(conn, 0, 30000);
  await t.step('fgets partial then timeout', () => api.fgets(conn));
  await t.step('timed_out', () => api.stream_get_meta_data(conn).timed_out);
  await t.step('fread timeout', () => api.fread(conn, 10));
  await t.step('timed_out', () => api.stream_get_meta_data(conn).timed_out);
  await t.step('fputs', () => api.fputs(client, 'rest of it'));
  api.stream_socket_shutdown(client, p.STREAM_SHUT_WR);
  await t.step('get_contents', () => api.stream_get_contents(conn));
  await t.step('feof', () => api.feof(conn));
  await t.step('fread eof', () => api.fread(conn, 10));
  await t.step('fread bad length', () => api.fread(conn, 0));
  await t.step('fgets bad length', () => api.fgets(conn, 0));
  await t.step('get_contents bad offset', () => api.stream_get_contents(conn, null, 0));
  // select on streams.
  const pr = api.stream_socket_pair(p.STREAM_PF_UNIX, p.STREAM_SOCK_STREAM, 0) as [p.Stream, p.Stream];
  await t.step('stream_select none', () => api.stream_select([pr[0]], null, null, 0));
  await t.step('stream_select timeout', () => api.stream_select([pr[0]], null, null, 0, 20000));
  api.fwrite(pr[1], 'copy me');
  await t.step('stream_select ready', () => {
    const r = [pr[0], pr[1]];
    return Promise.resolve(api.stream_select(r, null, null, 1)).then((n) => [n, r.length]);
  });
  api.stream_set_timeout(pr[0], 0, 30000);
  const pr2 = api.stream_socket_pair(p.STREAM_PF_UNIX, p.STREAM_SOCK_STREAM, 0) as [p.Stream, p.Stream];
  await t.step('copy (ends by timeout)', () => api.stream_copy_to_stream(pr[0], pr2[0]));
  await t.step('copied', () => api.fread(pr2[1], 100));
  await t.step('copy length', () => {
    api.fwrite(pr[1], '0123456789');
    return api.stream_copy_to_stream(pr[0], pr2[0], 4);
  });
  await t.step('copied', () => api.fread(pr2[1], 100));
  // Datagrams.
  const udp = api.stream_socket_server('udp://127.0.0.1:0', null, null, p.STREAM_SERVER_BIND) as p.Stream;
  const uname = api.stream_socket_get_name(udp, false) as string;
  const uc = p.stream_socket_client(`udp://${uname}`) as p.Stream;
  await t.step('sendto', () => api.stream_socket_sendto(uc, 'datagram'));
  const from = p.ref<string>();
  await t.step('recvfrom', () => api.stream_socket_recvfrom(udp, 100, 0, from));
  await t.step('sendto bad address', () => api.stream_socket_sendto(uc, 'x', 0, 'nonsense'));
  // Misuse.
  api.fclose(client);
  await t.step('closed stream', () => api.fread(client, 1));
  await t.step('not a stream', () => api.fgets(42 as unknown as p.Stream));
  for (const s of [server, conn, pr[0], pr[1], pr2[0], pr2[1], udp, uc]) api.fclose(s);
  return t.done();
}

/** Connects and name look-ups: stream_socket_client, fsockopen, pfsockopen, gethostbyname(l), socket_addrinfo_lookup. */
async function clientSteps(api: Api): Promise<string[]> {
  const t = new Transcript();
  const server = p.stream_socket_server('tcp://127.0.0.1:0') as p.Stream;
  const name = p.stream_socket_get_name(server, false) as string;
  const port = Number(name.split(':')[1]);
  const used = p.stream_socket_server('tcp://127.0.0.1:0') as p.Stream;
  const e = p.ref();
  const m = p.ref();
  const local = (s: unknown) => (s ? (p.stream_socket_get_name(s as p.Stream, false) as string).replace(/:\d+$/, ':PORT') : s);
  const ctx = (o: Record<string, unknown>) => p.stream_context_create({ socket: o });
  await t.step('client', () => api.stream_socket_client(`tcp://${name}`, e, m));
  await t.step('errno/errstr', () => [e.value, m.value]);
  await t.step('client localhost', async () => local(await api.stream_socket_client(`tcp://localhost:${port}`)));
  await t.step('client refused', () => api.stream_socket_client('tcp://127.0.0.1:1', e, m, 1));
  await t.step('errno/errstr', () => [e.value, m.value]);
  await t.step('client unknown host', () => api.stream_socket_client('tcp://nonexistent.invalid:80', e, m, 1));
  await t.step('errno/errstr', () => [e.value, m.value]);
  await t.step('client bad address', () => api.stream_socket_client('tcp://nonsense', e, m));
  await t.step('client unix refused', () => api.stream_socket_client('unix:///nonexistent/x.sock', e, m));
  await t.step('client udp', async () => local(await api.stream_socket_client('udp://127.0.0.1:9')));
  await t.step('client async connect', async () => local(await api.stream_socket_client(`tcp://${name}`, null, null, 1, p.STREAM_CLIENT_ASYNC_CONNECT | p.STREAM_CLIENT_CONNECT)));
  await t.step('client bindto', async () =>
    local(await api.stream_socket_client(`tcp://${name}`, null, null, 1, p.STREAM_CLIENT_CONNECT, ctx({ bindto: '127.0.0.2:0' }))),
  );
  await t.step('client bindto in use', async () =>
    local(await api.stream_socket_client(`tcp://${name}`, null, null, 1, p.STREAM_CLIENT_CONNECT, ctx({ bindto: `127.0.0.1:${(p.stream_socket_get_name(used, false) as string).split(':')[1]}` }))),
  );
  await t.step('client bindto not a string', () =>
    api.stream_socket_client(`tcp://${name}`, e, m, 1, p.STREAM_CLIENT_CONNECT, ctx({ bindto: 5 })),
  );
  await t.step('client tcp_nodelay', async () => {
    const s = (await api.stream_socket_client(`tcp://${name}`, null, null, 1, p.STREAM_CLIENT_CONNECT, ctx({ tcp_nodelay: true }))) as p.Stream;
    return p.socket_get_option(p.socket_import_stream(s) as p.Socket, p.SOL_TCP, p.TCP_NODELAY);
  });
  await t.step('client bad timeout', () => api.stream_socket_client(`tcp://${name}`, null, null, NaN));
  await t.step('client bad context', () => api.stream_socket_client(`tcp://${name}`, null, null, 1, 4, server as never));
  await t.step('client literal by-ref', () => api.stream_socket_client(`tcp://${name}`, 5 as never));
  await t.step('fsockopen', () => api.fsockopen('127.0.0.1', port, e, m, 1));
  await t.step('fsockopen refused', () => api.fsockopen('127.0.0.1', 1, e, m, 1));
  await t.step('errno/errstr', () => [e.value, m.value]);
  await t.step('fsockopen bad timeout', () => api.fsockopen('127.0.0.1', port, e, m, -5));
  const ps = (await t.step('pfsockopen', () => api.pfsockopen('localhost', port))) as p.Stream;
  await t.step('pfsockopen again: the same stream', async () => (await api.pfsockopen('localhost', port)) === ps);
  await t.step('gethostbyname', () => api.gethostbyname('localhost'));
  await t.step('gethostbyname numeric', () => api.gethostbyname('127.0.0.2'));
  await t.step('gethostbyname unknown', () => api.gethostbyname('nonexistent.invalid'));
  await t.step('gethostbyname too long', () => api.gethostbyname('x'.repeat(256)));
  await t.step('gethostbynamel', () => api.gethostbynamel('localhost'));
  await t.step('gethostbynamel unknown', () => api.gethostbynamel('nonexistent.invalid'));
  await t.step('gethostbynamel bad arity', () => (api.gethostbynamel as (...x: unknown[]) => unknown)());
  await t.step('addrinfo_lookup', async () => {
    const r = (await api.socket_addrinfo_lookup('localhost', '80', { ai_family: p.AF_INET, ai_socktype: p.SOCK_STREAM })) as p.AddressInfo[];
    return r.map((x) => p.socket_addrinfo_explain(x));
  });
  await t.step('addrinfo_lookup unknown', () => api.socket_addrinfo_lookup('nonexistent.invalid'));
  await t.step('addrinfo_lookup bad hint', () => api.socket_addrinfo_lookup('localhost', null, { ai_family: 'x' } as never));
  p.fclose(ps);
  p.fclose(server);
  p.fclose(used);
  // The servers' ports differ between the two runs.
  return t.done().map((line) => line.replace(/:\d{4,5}\b/g, ':P'));
}

/** Resolves after `n` ticks of a 1 ms interval: the event loop is running. */
function ticks(n: number): Promise<void> {
  return new Promise((resolve) => {
    let count = 0;
    const iv = setInterval(() => {
      if (++count === n) {
        clearInterval(iv);
        resolve();
      }
    }, 1);
  });
}

function threads(): number {
  return readdirSync('/proc/self/task').length;
}

async function settled(): Promise<void> {
  for (let i = 0; i < 50 && native.pendingWaits().some((n) => n !== 0); i++) {
    await new Promise((r) => setTimeout(r, 5));
  }
}

afterEach(async () => {
  await settled();
  expect(native.pendingWaits()).toEqual([0, 0, 0]);
});

describe('php-sockets/async surface', () => {
  it("exports the root's names, except the calls it cannot make without blocking", () => {
    const left = ['socket_addrinfo_connect'];
    const root = Object.keys(p).filter((n) => !left.includes(n));
    expect(Object.keys(a).sort()).toEqual(root.sort());
  });

  it('returns Promises from the calls that can block, the root functions from the others', () => {
    for (const name of ['socket_accept', 'socket_read', 'socket_select', 'fread', 'stream_select', 'fgets']) {
      expect((a as Record<string, unknown>)[name]).not.toBe((p as Record<string, unknown>)[name]);
    }
    for (const name of ['socket_create', 'socket_close', 'fclose', 'AF_INET', 'Socket', 'stream_socket_server']) {
      expect((a as Record<string, unknown>)[name]).toBe((p as Record<string, unknown>)[name]);
    }
    const r = a.socket_read('x' as unknown as p.Socket, 1);
    expect(r).toBeInstanceOf(Promise);
    return expect(r).rejects.toThrow('socket_read(): Argument #1 ($socket) must be of type Socket, string given');
  });
});

describe('php-sockets/async in docs/api.md', () => {
  it('lists exactly the functions that return Promises (and has no merge leftovers)', () => {
    const api = readFileSync(fileURLToPath(new URL('../docs/api.md', import.meta.url)), 'utf8');
    expect(api).not.toMatch(/^(<<<<<<<|=======|>>>>>>>)( |$)/m);
    const listed = /\*\*Async \(Promise\) functions\*\*: ([^.]*)\./.exec(api)![1]!.match(/`\w+`/g)!.map((n) => n.slice(1, -1));
    const own = Object.keys(a).filter((n) => typeof (a as Record<string, unknown>)[n] === 'function' && (a as Record<string, unknown>)[n] !== (p as Record<string, unknown>)[n]);
    expect(listed.sort()).toEqual(own.filter((n) => !/^[A-Z]/.test(n)).sort());
  });
});

describe('same transcript as the sync calls', () => {
  it('socket_* functions', async () => {
    const sync = await socketSteps(p);
    const async = await socketSteps(a);
    expect(async).toEqual(sync);
    expect(sync.join('\n')).toContain('connect refused: false [111]');
    expect(sync.join('\n')).toContain('read timeout: false [11]');
    expect(sync.join('\n')).toContain('write timeout: false [11]');
  });

  it('stream functions', async () => {
    const sync = await streamSteps(p);
    const async = await streamSteps(a);
    expect(async).toEqual(sync);
    expect(sync.join('\n')).toContain('W: stream_socket_accept(): Accept failed: Connection timed out');
  });
});

describe('same transcript as the sync calls: connects and look-ups', () => {
  it('stream_socket_client, fsockopen, pfsockopen, gethostbyname, gethostbynamel, socket_addrinfo_lookup', async () => {
    p.ini_set('default_socket_timeout', 2);
    try {
      const sync = await clientSteps(p);
      const async = await clientSteps(a);
      expect(async).toEqual(sync);
      const text = sync.join('\n');
      expect(text).toContain('client refused: false');
      expect(text).toContain('W: stream_socket_client(): Unable to connect to tcp://127.0.0.1:1 (Connection refused)');
      expect(text).toContain("W: stream_socket_client(): Failed to bind to '127.0.0.1:");
      expect(text).toContain('client bindto: "127.0.0.2:PORT"');
      expect(text).toContain('client tcp_nodelay: 1');
      expect(text).toContain('gethostbyname: "127.0.0.1"');
    } finally {
      p.ini_set('default_socket_timeout', 60);
    }
  });
});

// PHP's connect loop tries each address of a name in turn within one timeout. A name with two
// addresses that both hang: a resolver stand-in answers "two.test" with 127.0.0.1 and 127.0.0.2
// (the same answer for the sync call and the thread-pool one), and a listener on 0.0.0.0 whose
// accept queue is full makes both connects wait.
describe('one timeout across the addresses of a name', () => {
  it('stops trying addresses when the timeout has passed, sync and async alike', async () => {
    const server = p.stream_socket_server('tcp://0.0.0.0:0', null, null, p.STREAM_SERVER_BIND | p.STREAM_SERVER_LISTEN, p.stream_context_create({ socket: { backlog: 0 } })) as p.Stream;
    const port = (p.stream_socket_get_name(server, false) as string).split(':').pop();
    const filler = p.stream_socket_client(`tcp://127.0.0.1:${port}`, null, null, 1, p.STREAM_CLIENT_ASYNC_CONNECT | p.STREAM_CLIENT_CONNECT);
    const real = { getaddrinfo: blocking.getaddrinfo, getaddrinfoAsync: native.getaddrinfoAsync };
    type Gai = typeof blocking.getaddrinfo;
    const resolve: Gai = (host, ...rest) => {
      if (host !== 'two.test') return real.getaddrinfo(host, ...rest);
      return [...(real.getaddrinfo('127.0.0.1', ...rest) as []), ...(real.getaddrinfo('127.0.0.2', ...rest) as [])];
    };
    let lookups = 0;
    const stand = (): void => {
      blocking.getaddrinfo = (...args) => (lookups++, resolve(...args));
      native.getaddrinfoAsync = (...args) => {
        const done = args.pop() as (r: ReturnType<Gai>) => void;
        lookups++;
        setImmediate(() => done(resolve(...(args as unknown as Parameters<Gai>))));
      };
    };
    const seen: string[] = [];
    p.set_error_handler((_n, s) => {
      seen.push(s);
      return true;
    });
    try {
      for (const api of [p, a] as Api[]) {
        // Each address would take the whole timeout: the first uses it up, the second is not tried.
        stand();
        const e = p.ref();
        let started = performance.now();
        expect(await api.stream_socket_client(`tcp://two.test:${port}`, e, null, 1)).toBe(false);
        let elapsed = performance.now() - started;
        expect(e.value).toBe(110);
        expect(elapsed).toBeGreaterThanOrEqual(950);
        expect(elapsed).toBeLessThan(1900);
        // A refused first address leaves the time for the second.
        stand();
        started = performance.now();
        expect(await api.stream_socket_client('tcp://two.test:1', e, null, 1)).toBe(false);
        elapsed = performance.now() - started;
        expect(e.value).toBe(111);
        expect(elapsed).toBeLessThan(900);
      }
      expect(lookups).toBe(4);
      const timedOut = `stream_socket_client(): Unable to connect to tcp://two.test:${port} (Connection timed out)`;
      const refused = 'stream_socket_client(): Unable to connect to tcp://two.test:1 (Connection refused)';
      expect(seen).toEqual([timedOut, refused, timedOut, refused]);
    } finally {
      blocking.getaddrinfo = real.getaddrinfo;
      native.getaddrinfoAsync = real.getaddrinfoAsync;
      p.restore_error_handler();
      if (filler) p.fclose(filler);
      p.fclose(server);
    }
  });
});

describe('waiting in the event loop', () => {
  // The timer's worst gap is a timed bound: one retry, so a moment of load on a shared machine does
  // not fail it, while a loop that really blocks fails both runs.
  it('keeps 1000 connects and 1000 name look-ups pending while a timer fires on time', { retry: 1 }, async () => {
    // A listener whose accept queue is full (backlog 0 holds one connection): the kernel drops
    // further handshakes, so the connects wait until their timeout.
    const server = p.stream_socket_server('tcp://127.0.0.1:0', null, null, p.STREAM_SERVER_BIND | p.STREAM_SERVER_LISTEN, p.stream_context_create({ socket: { backlog: 0 } })) as p.Stream;
    const target = `tcp://${p.stream_socket_get_name(server, false)}`;
    let worst = 0;
    let fired = 0;
    let last = 0;
    let iv: ReturnType<typeof setInterval> | undefined;
    const started = performance.now();
    const errnos: p.Ref<unknown>[] = [];
    const connects: Promise<p.Stream | false>[] = [];
    const lookups: Promise<string>[] = [];
    p.set_error_handler(() => true);
    try {
      for (let i = 0; i < 1000; i++) {
        const e = p.ref();
        errnos.push(e);
        connects.push(a.stream_socket_client(target, e, null, 2));
        lookups.push(a.gethostbyname('localhost'));
      }
      // From here on every call is pending: the timer must keep its pace.
      last = performance.now();
      iv = setInterval(() => {
        const now = performance.now();
        worst = Math.max(worst, now - last);
        last = now;
        fired++;
      }, 10);
      await ticks(20);
      // The connects wait in the event loop (uv_poll), not on threads.
      expect(native.pendingWaits()[0]).toBeGreaterThan(900);
      expect(new Set(await Promise.all(lookups))).toEqual(new Set(['127.0.0.1']));
      const results = await Promise.all(connects);
      const elapsed = performance.now() - started;
      clearInterval(iv);
      const connected = results.filter((r) => r !== false);
      expect(connected.length).toBeLessThanOrEqual(2);
      expect(new Set(errnos.filter((_, i) => results[i] === false).map((e) => e.value))).toEqual(new Set([110]));
      // Each connect waited its 2 s timeout; meanwhile the 10 ms timer kept firing, never held up
      // for long (one blocking connect would have held it for the whole 2 s; the bound leaves room
      // for a loaded machine and for the connects being started as their look-ups finish).
      expect(elapsed).toBeGreaterThanOrEqual(1900);
      expect(fired).toBeGreaterThan(elapsed / 10 / 8);
      expect(worst).toBeLessThan(1000);
      for (const r of connected) p.fclose(r as p.Stream);
    } finally {
      if (iv) clearInterval(iv);
      p.restore_error_handler();
      p.fclose(server);
    }
  });

  it('resolves a pending read when data arrives, with timers running meanwhile', async () => {
    const [x, y] = pair(a);
    let done = false;
    const r = a.socket_read(y, 100).then((v) => ((done = true), v));
    await ticks(5);
    expect(done).toBe(false);
    a.socket_write(x, 'late');
    expect(await r).toBe('late');
    // A blocking socket's 4 MiB write completes as the reader drains it.
    const big = Buffer.alloc(4 << 20, 120);
    const w = a.socket_write(x, big);
    let got = 0;
    while (got < big.length) got += ((await a.socket_read(y, 1 << 20)) as string).length;
    expect(await w).toBe(big.length);
    a.socket_close(x);
    a.socket_close(y);
  });

  it('leaves the error codes as they were while a read or a write waits, as the blocking call does', async () => {
    const [x, y] = pair(a);
    // An earlier EAGAIN (a nonblocking read) left code 11 on x; the global code is cleared.
    p.socket_set_nonblock(x);
    expect(p.socket_read(x, 10)).toBe(false);
    p.socket_set_block(x);
    p.socket_clear_error();
    const codes = (): number[] => [p.socket_last_error(x), p.socket_last_error(y), p.socket_last_error()];
    expect(codes()).toEqual([11, 0, 0]);
    const r = a.socket_read(y, 10);
    const line = a.socket_read(y, 10, p.PHP_NORMAL_READ);
    await ticks(3);
    expect(codes()).toEqual([11, 0, 0]);
    a.socket_write(x, 'ab');
    expect(await r).toBe('ab');
    a.socket_write(x, 'c');
    await ticks(3);
    // The line's first byte came; it waits for the rest.
    expect(codes()).toEqual([11, 0, 0]);
    a.socket_write(x, 'd\n');
    expect(await line).toBe('cd\n');
    // A write that waits for room.
    const big = Buffer.alloc(4 << 20, 120);
    const w = a.socket_write(x, big);
    await ticks(3);
    expect(codes()).toEqual([11, 0, 0]);
    let got = 0;
    while (got < big.length) got += ((await a.socket_read(y, 1 << 20)) as string).length;
    expect(await w).toBe(big.length);
    expect(codes()).toEqual([11, 0, 0]);
    a.socket_close(x);
    a.socket_close(y);
  });

  it('keeps a descriptor\'s poll handle between waits and closes it with the descriptor', async () => {
    const [x, y] = pair(a);
    const idle = native.idleWatches();
    for (let i = 0; i < 3; i++) {
      const r = a.socket_read(y, 10);
      await ticks(2);
      expect(native.pendingWaits()[0]).toBe(1);
      a.socket_write(x, `m${i}`);
      expect(await r).toBe(`m${i}`);
      // Settled: no wait, one handle kept for the next read.
      expect(native.pendingWaits()).toEqual([0, 0, 0]);
      expect(native.idleWatches()).toBe(idle + 1);
    }
    // Data arriving with nobody waiting stops the kept handle; it wakes nothing, and a sync read
    // gets the data.
    a.socket_write(x, 'unread');
    await ticks(5);
    expect(p.socket_read(y, 10)).toBe('unread');
    // The handle is armed again by the next wait.
    const r = a.socket_read(y, 10);
    await ticks(2);
    a.socket_write(x, 'again');
    expect(await r).toBe('again');
    a.socket_close(y);
    expect(native.idleWatches()).toBe(idle);
    a.socket_close(x);
  });

  it('completes a loopback connect and the accept of a queued connection without a wait', async () => {
    const [l, port] = listener(a);
    const idle = native.idleWatches();
    const c = a.socket_create(p.AF_INET, p.SOCK_STREAM, 0) as p.Socket;
    let settled = false;
    const done = a.socket_connect(c, '127.0.0.1', port).then((v) => {
      settled = true;
      return v;
    });
    // Settled in the call (the second connect(2) at once found the handshake over): a microtask
    // later, with no turn of the event loop, and no poll handle was made for the socket.
    await Promise.resolve();
    expect(settled).toBe(true);
    expect(await done).toBe(true);
    expect(native.idleWatches()).toBe(idle);
    const s = await a.socket_accept(l);
    expect(s).toBeInstanceOf(p.Socket);
    expect(native.idleWatches()).toBe(idle);
    expect(native.pendingWaits()).toEqual([0, 0, 0]);
    // The socket is connected as a blocking connect leaves it (a second connect: EISCONN).
    const t = new Transcript();
    await t.step('connect again', () => a.socket_connect(c, '127.0.0.1', port));
    expect(t.done()).toEqual([
      'connect again: false [106]',
      '  W: socket_connect(): unable to connect [106]: Transport endpoint is already connected',
    ]);
    for (const sock of [s as p.Socket, c, l]) a.socket_close(sock);
  });

  it("gives a closed socket's poll handle to the next socket with its number, in its own mode", async () => {
    const [l, port] = listener(a);
    const fds: number[] = [];
    for (let i = 0; i < 3; i++) {
      const c = a.socket_create(p.AF_INET, p.SOCK_STREAM, 0) as p.Socket;
      fds.push(stateOf(c).fd);
      expect(await a.socket_connect(c, '127.0.0.1', port)).toBe(true);
      const r = a.socket_read(c, 10);
      await ticks(2);
      expect(native.pendingWaits()[0]).toBe(1);
      const s = (await a.socket_accept(l)) as p.Socket;
      a.socket_write(s, `m${i}`);
      expect(await r).toBe(`m${i}`);
      // Still blocking, as the user made it: the wait did not leave it nonblocking.
      expect(native.isNonblocking(stateOf(c).fd)).toBe(0);
      a.socket_close(s);
      a.socket_close(c);
      expect(native.pendingWaits()).toEqual([0, 0, 0]);
    }
    // The same number each time: the later sockets waited with the first one's handle.
    expect(new Set(fds).size).toBe(1);
    a.socket_close(l);
  });

  it('accepts at once a connection queued after the last accept waited, and answers EAGAIN as accept4 does', async () => {
    const [l, port] = listener(a);
    const connect = (): p.Socket => {
      const c = p.socket_create(p.AF_INET, p.SOCK_STREAM, 0) as p.Socket;
      expect(p.socket_connect(c, '127.0.0.1', port)).toBe(true);
      return c;
    };
    // This listener's accepts wait: the next first try asks poll(2) before accept4.
    const waited = a.socket_accept(l);
    await ticks(2);
    const c1 = connect();
    const s1 = (await waited) as p.Socket;
    const c2 = connect();
    let settled = false;
    const queued = a.socket_accept(l).then((v) => {
      settled = true;
      return v;
    });
    await Promise.resolve();
    expect(settled).toBe(true);
    const s2 = (await queued) as p.Socket;
    expect(s2).toBeInstanceOf(p.Socket);
    const again = a.socket_accept(l);
    await ticks(2);
    const c3 = connect();
    const s3 = (await again) as p.Socket;
    // Nothing queued on a nonblocking listener: the same value, error and warning as the sync call.
    a.socket_set_nonblock(l);
    const t = new Transcript();
    await t.step('async', () => a.socket_accept(l));
    await t.step('sync', () => p.socket_accept(l));
    // (PHP warns of no EAGAIN.)
    expect(t.done()).toEqual(['async: false [11]', 'sync: false [11]']);
    for (const sock of [c1, c2, c3, s1, s2, s3, l]) a.socket_close(sock);
  });

  it('follows the mode and SO_RCVTIMEO set on a new socket before its first wait', async () => {
    const [l, port] = listener(a);
    // A new socket's mode and timeouts are known without asking, until an option or mode is set.
    const c = a.socket_create(p.AF_INET, p.SOCK_STREAM, 0) as p.Socket;
    a.socket_set_option(c, p.SOL_SOCKET, p.SO_RCVTIMEO, { sec: 0, usec: 30000 });
    expect(await a.socket_connect(c, '127.0.0.1', port)).toBe(true);
    expect(await a.socket_read(c, 10)).toBe(false);
    expect(a.socket_last_error(c)).toBe(11);
    const d = a.socket_create(p.AF_INET, p.SOCK_STREAM, 0) as p.Socket;
    a.socket_set_nonblock(d);
    // Nonblocking: EINPROGRESS, as the sync call (not the connect completed at once).
    expect(await p.silence(() => a.socket_connect(d, '127.0.0.1', port))).toBe(false);
    expect(a.socket_last_error(d)).toBe(115);
    for (const sock of [c, d, l]) a.socket_close(sock);
  });

  it("follows the listener's SO_RCVTIMEO on an accepted socket, which inherits it", async () => {
    const [l, port] = listener(a);
    for (const timeout of [false, true]) {
      // Set before the connection is made (the kernel copies it then); the accept then finds the
      // connection queued, and does not itself time out.
      if (timeout) a.socket_set_option(l, p.SOL_SOCKET, p.SO_RCVTIMEO, { sec: 0, usec: 30000 });
      const accepted = timeout ? null : a.socket_accept(l);
      if (!timeout) await ticks(2);
      const c = p.socket_create(p.AF_INET, p.SOCK_STREAM, 0) as p.Socket;
      expect(p.socket_connect(c, '127.0.0.1', port)).toBe(true);
      const s = (await (accepted ?? a.socket_accept(l))) as p.Socket;
      const r = a.socket_read(s, 10);
      if (timeout) {
        // Times out as the blocking read would, not waiting for data.
        expect(await r).toBe(false);
        expect(a.socket_last_error(s)).toBe(11);
      } else {
        await ticks(5);
        p.socket_write(c, 'x');
        expect(await r).toBe('x');
      }
      a.socket_close(s);
      a.socket_close(c);
    }
    a.socket_close(l);
  });

  it('waits in a second connect of a blocking socket whose handshake goes on, as the blocking call does', async () => {
    // PHP 8.2 (same steps): false [115] after the 100 ms SO_SNDTIMEO; then, the listener's queue
    // emptied, the second connect(2) waits for the handshake (the SYN resent about 1 s later)
    // and returns true, where returning EALREADY at once would be false [114]; a third: EISCONN.
    const steps = async (api: Api): Promise<string[]> => {
      const l = api.socket_create(p.AF_INET, p.SOCK_STREAM, 0) as p.Socket;
      api.socket_bind(l, '127.0.0.1', 0);
      api.socket_listen(l, 0);
      const port = p.ref<number>();
      api.socket_getsockname(l, p.ref(), port);
      // Backlog 0 holds one connection: the kernel drops the next handshake's SYN.
      const filler = api.socket_create(p.AF_INET, p.SOCK_STREAM, 0) as p.Socket;
      await api.socket_connect(filler, '127.0.0.1', port.value!);
      const g = api.socket_create(p.AF_INET, p.SOCK_STREAM, 0) as p.Socket;
      api.socket_set_option(g, p.SOL_SOCKET, p.SO_SNDTIMEO, { sec: 0, usec: 100000 });
      const t = new Transcript();
      await t.step('connect times out', () => api.socket_connect(g, '127.0.0.1', port.value!));
      const s = (await api.socket_accept(l)) as p.Socket;
      api.socket_set_option(g, p.SOL_SOCKET, p.SO_SNDTIMEO, { sec: 10, usec: 0 });
      await t.step('connect again', () => api.socket_connect(g, '127.0.0.1', port.value!));
      await t.step('connect a third time', () => api.socket_connect(g, '127.0.0.1', port.value!));
      for (const sock of [s, g, filler, l]) api.socket_close(sock);
      return t.done();
    };
    const sync = await steps(p);
    expect(sync).toEqual([
      'connect times out: false [115]',
      'connect again: true [115]',
      'connect a third time: false [106]',
      '  W: socket_connect(): unable to connect [106]: Transport endpoint is already connected',
    ]);
    expect(await steps(a)).toEqual(sync);
  });

  it("gives an accepted socket the listener's SO_RCVTIMEO, and answers a listener made nonblocking after a wait", async () => {
    // The flags of an accepted socket are known at once (acceptNb), its timeouts are not: Linux
    // copies the listener's. A listener whose accept waited is asked with poll(2) first.
    const steps = async (api: Api): Promise<string[]> => {
      const [l, port] = listener(api);
      api.socket_set_option(l, p.SOL_SOCKET, p.SO_RCVTIMEO, { sec: 0, usec: 50000 });
      const t = new Transcript();
      await t.step('accept times out', () => api.socket_accept(l));
      await t.step('listener error', () => api.socket_last_error(l));
      const c = api.socket_create(p.AF_INET, p.SOCK_STREAM, 0) as p.Socket;
      await api.socket_connect(c, '127.0.0.1', port);
      const s = (await t.step('accept', () => api.socket_accept(l))) as p.Socket;
      await t.step('read times out', () => api.socket_read(s, 10));
      await t.step('read error', () => api.socket_last_error(s));
      api.socket_set_nonblock(l);
      await t.step('nonblocking accept', () => api.socket_accept(l));
      api.socket_set_block(l);
      api.socket_set_option(l, p.SOL_SOCKET, p.SO_RCVTIMEO, { sec: 5, usec: 0 });
      const d = api.socket_create(p.AF_INET, p.SOCK_STREAM, 0) as p.Socket;
      await api.socket_connect(d, '127.0.0.1', port);
      const s2 = (await t.step('accept queued', () => api.socket_accept(l))) as p.Socket;
      for (const sock of [s, s2, c, d, l]) api.socket_close(sock);
      return t.done();
    };
    // PHP 8.2, the same steps: false (the listener's code 0, the global one 11); a Socket;
    // false, 11; false.
    const sync = await steps(p);
    expect(sync).toEqual([
      'accept times out: false [11]',
      'listener error: 0 [11]',
      'accept: Socket [11]',
      'read times out: false [11]',
      'read error: 11 [11]',
      'nonblocking accept: false [11]',
      'accept queued: Socket [11]',
    ]);
    expect(await steps(a)).toEqual(sync);
  });

  it("follows a socket's mode and SO_RCVTIMEO changed after it waited (they are kept between waits)", async () => {
    const [x, y] = pair(a);
    const r = a.socket_read(y, 10);
    await ticks(2);
    a.socket_write(x, 'm');
    expect(await r).toBe('m');
    // Now nonblocking: the read does not wait.
    expect(a.socket_set_nonblock(y)).toBe(true);
    expect(await a.socket_read(y, 10)).toBe(false);
    expect(a.socket_last_error(y)).toBe(11);
    // Blocking again, with a receive timeout: the read waits that long, then fails as the blocking
    // call does.
    expect(a.socket_set_block(y)).toBe(true);
    a.socket_set_option(y, p.SOL_SOCKET, p.SO_RCVTIMEO, { sec: 0, usec: 30000 });
    const t0 = performance.now();
    expect(await a.socket_read(y, 10)).toBe(false);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(25);
    expect(a.socket_last_error(y)).toBe(11);
    a.socket_close(x);
    a.socket_close(y);
  });

  it('keeps 1000 accepts and 1000 reads pending without a thread each', async () => {
    const before = threads();
    const listeners: p.Socket[] = [];
    const accepts: Promise<unknown>[] = [];
    const pairs: [p.Socket, p.Socket][] = [];
    const reads: Promise<unknown>[] = [];
    for (let i = 0; i < 1000; i++) {
      const [l] = listener(a);
      listeners.push(l);
      accepts.push(a.socket_accept(l));
      const pr = pair(a);
      pairs.push(pr);
      reads.push(a.socket_read(pr[1], 10));
    }
    await ticks(10);
    expect(native.pendingWaits()[0]).toBe(2000);
    expect(threads()).toBeLessThanOrEqual(before + 1);
    for (const [x] of pairs) a.socket_write(x, 'hi');
    expect(new Set(await Promise.all(reads))).toEqual(new Set(['hi']));
    // Closing the listeners settles the accepts: false with EBADF, as accept(2) on a closed fd.
    p.set_error_handler(() => true);
    for (const l of listeners) a.socket_close(l);
    expect(new Set(await Promise.all(accepts))).toEqual(new Set([false]));
    p.restore_error_handler();
    for (const [x, y] of pairs) {
      a.socket_close(x);
      a.socket_close(y);
    }
  });

  it('reads a PHP_NORMAL_READ line that arrives in parts, with the blocking call\'s rules', async () => {
    const warnings: string[] = [];
    p.set_error_handler((_no, str) => {
      warnings.push(str);
      return true;
    });
    const [x, y] = pair(a);
    // The line comes in three writes; the read waits between them.
    const line = a.socket_read(y, 100, p.PHP_NORMAL_READ);
    a.socket_write(x, 'ab');
    await ticks(5);
    a.socket_write(x, 'cd');
    await ticks(5);
    a.socket_write(x, 'e\nfghij\n');
    expect(await line).toBe('abcde\n');
    // `length` bounds the line across the parts, as it bounds the blocking call's one loop.
    expect(await a.socket_read(y, 3, p.PHP_NORMAL_READ)).toBe('fgh');
    expect(await a.socket_read(y, 100, p.PHP_NORMAL_READ)).toBe('ij\n');
    // A partial line, then the peer closes: PHP's end-of-stream rule (ECONNRESET, the bytes
    // dropped), as the sync call gives for the same bytes (below).
    const dropped = a.socket_read(y, 100, p.PHP_NORMAL_READ);
    a.socket_write(x, 'par');
    await ticks(5);
    a.socket_close(x);
    expect(await dropped).toBe(false);
    expect(a.socket_last_error(y)).toBe(104);
    const [u, v] = pair(p);
    p.socket_write(u, 'par');
    p.socket_close(u);
    expect(p.socket_read(v, 100, p.PHP_NORMAL_READ)).toBe(false);
    expect(p.socket_last_error(v)).toBe(104);
    // SO_RCVTIMEO ends a partial line's wait with the bytes read, as the blocking recv's EAGAIN.
    const [s, t] = pair(a);
    a.socket_set_option(t, p.SOL_SOCKET, p.SO_RCVTIMEO, { sec: 0, usec: 30000 });
    a.socket_write(s, 'xy');
    expect(await a.socket_read(t, 100, p.PHP_NORMAL_READ)).toBe('xy');
    p.restore_error_handler();
    const reset = 'socket_read(): unable to read from socket [104]: Connection reset by peer';
    expect(warnings).toEqual([reset, reset]);
    for (const sock of [y, v, s, t]) a.socket_close(sock);
  });

  it('settles a call whose socket is closed while it waits: false, EBADF', async () => {
    const [x, y] = pair(a);
    const warnings: string[] = [];
    p.set_error_handler((_no, str) => {
      warnings.push(str);
      return true;
    });
    const r = a.socket_read(y, 10);
    // Queued behind the read: it starts after the close, as a call made then.
    const queued = a.socket_recv(y, p.ref(), 10, 0);
    await new Promise((res) => setTimeout(res, 10));
    a.socket_close(y);
    expect(await r).toBe(false);
    expect(p.socket_last_error()).toBe(9);
    await expect(queued).rejects.toThrow('socket_recv(): Argument #1 ($socket) has already been closed');
    p.restore_error_handler();
    expect(warnings).toEqual(['socket_read(): unable to read from socket [9]: Bad file descriptor']);
    a.socket_close(x);
  });

  it('settles a stream read whose stream is closed while it waits', async () => {
    const [x, y] = a.stream_socket_pair(p.STREAM_PF_UNIX, p.STREAM_SOCK_STREAM, 0) as [p.Stream, p.Stream];
    const r = a.fgets(y);
    const sel = a.stream_select([x, y], null, null, null);
    await new Promise((res) => setTimeout(res, 10));
    a.fclose(y);
    expect(await r).toBe(false);
    await expect(sel).rejects.toThrow('stream_select(): supplied resource is not a valid stream resource');
    a.fclose(x);
  });

  it('keeps the event loop alive in a wait with nothing to poll and no timeout, until the stream is closed', async () => {
    // A server stream made without STREAM_SERVER_BIND has no socket: PHP's accept polls descriptor
    // -1 with no timeout, for ever (with a timeout: "Accept failed: Connection timed out"). The
    // async call must hold something in the loop (else a top-level await exits with code 13).
    const s = a.stream_socket_server('udp://127.0.0.1:0', p.ref(), p.ref(), 0) as p.Stream;
    const warnings: string[] = [];
    p.set_error_handler((_no, str) => {
      warnings.push(str);
      return true;
    });
    const handles = native.pendingWaits()[2]!;
    let settled = false;
    const r = a.stream_socket_accept(s, -1).then((v) => ((settled = true), v));
    await ticks(3);
    expect(settled).toBe(false);
    expect(native.pendingWaits()[2]!).toBeGreaterThan(handles);
    a.fclose(s);
    expect(await r).toBe(false);
    p.restore_error_handler();
    expect(warnings).toEqual(['stream_socket_accept(): Accept failed: Bad file descriptor']);
  });

  it('runs calls on one socket one at a time per direction, in order', async () => {
    const [x, y] = pair(a);
    const reads = [a.socket_read(y, 1), a.socket_read(y, 1), a.socket_read(y, 1)];
    const select = a.socket_select([y], null, null, 5);
    await new Promise((res) => setTimeout(res, 5));
    a.socket_write(x, 'abcd');
    expect(await Promise.all(reads)).toEqual(['a', 'b', 'c']);
    // Woken with the reads; one byte is left when it answers.
    expect(await select).toBe(1);
    a.socket_close(x);
    a.socket_close(y);
  });

  it('runs 20,000 queued calls that each complete at once without growing the stack', async () => {
    // The first read waits; the write then lets every queued read complete in turn, each when the
    // one before settles (a lane that ran them by recursion overflowed the stack at ~5,000).
    const [x, y] = pair(a);
    const n = 20000;
    const reads: Promise<string | false>[] = [];
    for (let i = 0; i < n; i++) reads.push(a.socket_read(y, 1));
    await ticks(2);
    expect(p.socket_write(x, 'x'.repeat(n))).toBe(n);
    const got = await Promise.all(reads);
    expect(got.join('')).toBe('x'.repeat(n));
    a.socket_close(x);
    a.socket_close(y);
  });

  it('waits for a select timeout without blocking', async () => {
    const [x, y] = pair(a);
    let done = false;
    const set = [y];
    const t0 = performance.now();
    // 400 ms: three timer ticks fit well inside it even on a loaded machine.
    const sel = a.socket_select(set, null, null, 0, 400000).then((v) => ((done = true), v));
    await ticks(3);
    expect(done).toBe(false);
    expect(await sel).toBe(0);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(395);
    expect(set).toEqual([]);
    a.socket_close(x);
    a.socket_close(y);
  });
});

describe('Worker', () => {
  /** A Worker running `body` with `a` (php-sockets/async, the TypeScript sources via tsx) and `parentPort`. */
  function asyncWorker(body: string): Worker {
    const entry = fileURLToPath(new URL('../lib/async/index.ts', import.meta.url));
    const code = `
      const { register } = await import('tsx/esm/api');
      register();
      const a = await import(${JSON.stringify(entry)});
      const { parentPort } = await import('node:worker_threads');
      ${body}
    `;
    return new Worker(code, { eval: true });
  }

  it('uses the async API in a Worker, and ends with waits pending', async () => {
    const w = asyncWorker(`
      const pair = [];
      a.socket_create_pair(a.AF_UNIX, a.SOCK_STREAM, 0, pair);
      const r = a.socket_read(pair[1], 100);
      setTimeout(() => a.socket_write(pair[0], 'from worker'), 5);
      parentPort.postMessage(await r);
      // Left pending: the Worker's teardown closes the poll handle.
      a.socket_read(pair[1], 10);
      setInterval(() => {}, 1000);
    `);
    const msg = await new Promise((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
    });
    expect(msg).toBe('from worker');
    expect(await w.terminate()).toBe(1);
  });

  it('ends a Worker with connects and name look-ups in flight', async () => {
    const body = `
      const ctx = a.stream_context_create({ socket: { backlog: 0 } });
      const srv = a.stream_socket_server('tcp://127.0.0.1:0', null, null, 12, ctx);
      const target = 'tcp://' + a.stream_socket_get_name(srv, false);
      parentPort.postMessage(await a.gethostbyname('localhost'));
      for (let i = 0; i < 100; i++) {
        a.stream_socket_client(target, null, null, 5);
        a.gethostbyname('localhost');
        a.socket_addrinfo_lookup('localhost');
      }
      parentPort.postMessage('started');
    `;
    for (let round = 0; round < 3; round++) {
      const w = asyncWorker(body);
      const messages: unknown[] = [];
      await new Promise<void>((resolve, reject) => {
        w.on('message', (m) => {
          messages.push(m);
          if (m === 'started') resolve();
        });
        w.once('error', reject);
      });
      expect(messages).toEqual(['127.0.0.1', 'started']);
      expect(await w.terminate()).toBe(1);
    }
  });
});
