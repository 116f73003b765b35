// stream_context_create, stream_context_set_option, stream_context_get_options,
// stream_context_set_params, stream_context_get_params, stream_context_get_default,
// stream_context_set_default, the StreamContext resource, and the contexts streams hold. Expected
// texts and values are PHP 8.2's (see also test/conformance/cases/stream_contexts.php).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as p from '../lib/index.js';
import { thrown } from './helpers/capture.js';

// (any: these calls pass what the typed signatures refuse.)
const loose = (f: unknown) => f as (...args: any[]) => any;

beforeAll(() => {
  p.ini_set('default_socket_timeout', 2);
});
afterAll(() => {
  p.ini_set('default_socket_timeout', 60);
});

function pair(context: p.StreamContext | null = null): { server: p.Stream; client: p.Stream; accepted: p.Stream } {
  const server = p.stream_socket_server('tcp://127.0.0.1:0', null, null, p.STREAM_SERVER_BIND | p.STREAM_SERVER_LISTEN, context) as p.Stream;
  const client = p.stream_socket_client(`tcp://${p.stream_socket_get_name(server, false)}`) as p.Stream;
  const accepted = p.stream_socket_accept(server) as p.Stream;
  return { server, client, accepted };
}

function dump(v: unknown): string {
  const write = process.stdout.write;
  let out = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('latin1');
    return true;
  }) as typeof process.stdout.write;
  try {
    p.var_dump(v);
  } finally {
    process.stdout.write = write;
  }
  return out;
}

describe('StreamContext', () => {
  it('is a resource that cannot be constructed', () => {
    expect(thrown(() => new (p.StreamContext as unknown as new () => unknown)())).toBe(
      'Error: Cannot directly construct StreamContext, use stream_context_create() instead',
    );
    const c = p.stream_context_create();
    expect(c).toBeInstanceOf(p.StreamContext);
    expect(dump(c)).toMatch(/^resource\(\d+\) of type \(stream-context\)\n$/);
    expect(Object.isExtensible(c)).toBe(false);
    expect(p.get_resource_type(c)).toBe('stream-context');
    expect(Number(c)).toBe(p.get_resource_id(c));
    expect(String(c)).toBe(`Resource id #${p.get_resource_id(c)}`);
  });

  it('is "resource" in type errors, and a context is not a stream', () => {
    const c = p.stream_context_create();
    expect(thrown(() => loose(p.socket_bind)(c, '127.0.0.1'))).toBe(
      'TypeError: socket_bind(): Argument #1 ($socket) must be of type Socket, resource given',
    );
    expect(thrown(() => loose(p.fread)(c, 1))).toBe('TypeError: fread(): supplied resource is not a valid stream resource');
    expect(thrown(() => loose(p.fclose)(c))).toBe('TypeError: fclose(): supplied resource is not a valid stream resource');
    expect(thrown(() => loose(p.stream_set_blocking)(c, 'x'))).toBe(
      'TypeError: stream_set_blocking(): supplied resource is not a valid stream resource',
    );
    expect(thrown(() => loose(p.fwrite)(c, []))).toBe('TypeError: fwrite(): Argument #2 ($data) must be of type string, array given');
    const { client } = pair();
    expect(thrown(() => loose(p.stream_select)([c, client], null, null, 0))).toBe(
      'TypeError: stream_select(): supplied resource is not a valid stream resource',
    );
  });
});

describe('stream_context_create', () => {
  it('throws for misuse', () => {
    expect(thrown(() => loose(p.stream_context_create)('x'))).toBe(
      'TypeError: stream_context_create(): Argument #1 ($options) must be of type ?array, string given',
    );
    expect(thrown(() => loose(p.stream_context_create)([], 1))).toBe(
      'TypeError: stream_context_create(): Argument #2 ($params) must be of type ?array, int given',
    );
    expect(thrown(() => loose(p.stream_context_create)([], [], 1))).toBe(
      'ArgumentCountError: stream_context_create() expects at most 2 arguments, 3 given',
    );
    const form = 'ValueError: Options should have the form ["wrappername"]["optionname"] = $value';
    expect(thrown(() => p.stream_context_create({ ssl: 1 }))).toBe(form);
    expect(thrown(() => p.stream_context_create({ 1: { a: 1 } }))).toBe(form);
    expect(thrown(() => p.stream_context_create([{ a: 1 }]))).toBe(form);
    expect(thrown(() => p.stream_context_create({ socket: 'x' }))).toBe(form);
    expect(thrown(() => p.stream_context_create([], { options: 5 }))).toBe('TypeError: Invalid stream/context parameter');
    expect(thrown(() => p.stream_context_create([], { notification: 'x', options: { ssl: 5 } }))).toBe(form);
  });

  it('keeps options and params as given', () => {
    expect(p.stream_context_get_options(p.stream_context_create())).toEqual({});
    expect(p.stream_context_get_params(p.stream_context_create())).toEqual({ options: {} });
    expect(p.stream_context_get_options(p.stream_context_create(null, null))).toEqual({});
    const opts = { ssl: { verify_peer: false, cafile: 'certs/ca.pem' }, socket: { tcp_nodelay: true } };
    expect(p.stream_context_get_options(p.stream_context_create(opts))).toEqual(opts);
    // A list as a wrapper's options is ignored; int option keys are dropped; names end at a NUL.
    expect(p.stream_context_get_options(p.stream_context_create({ ssl: ['x'] }))).toEqual({});
    expect(p.stream_context_get_options(p.stream_context_create({ ssl: { a: 1, 5: 2, '10': 3 } }))).toEqual({ ssl: { a: 1 } });
    expect(p.stream_context_get_options(p.stream_context_create({ 'a\0b': { 'c\0d': 1 } }))).toEqual({ a: { c: 1 } });
    // A Map is a PHP array too.
    expect(p.stream_context_get_options(p.stream_context_create(new Map([['ssl', new Map([['a', 1]])]])))).toEqual({ ssl: { a: 1 } });
    expect(p.stream_context_get_params(p.stream_context_create([], { notification: 'strlen' }))).toEqual({
      notification: 'strlen',
      options: {},
    });
    expect(
      p.stream_context_get_options(p.stream_context_create({ ssl: { a: 1, b: 2 } }, { options: { ssl: { a: 3, c: 4 } } })),
    ).toEqual({ ssl: { a: 3, b: 2, c: 4 } });
  });

  it('copies array values in and out, as PHP arrays are values', () => {
    const arr = { x: 1, list: [1, 2] };
    const c = p.stream_context_create({ ssl: { arr } });
    arr.x = 2;
    arr.list.push(3);
    const got = p.stream_context_get_options(c) as { ssl: { arr: { x: number } } };
    got.ssl.arr.x = 3;
    expect(p.stream_context_get_options(c)).toEqual({ ssl: { arr: { x: 1, list: [1, 2] } } });
    const fn = () => 1;
    expect(p.stream_context_get_options(p.stream_context_create({ ssl: { fn } })).ssl!.fn).toBe(fn);
    // "__proto__" is an option name like any other (an own key, not the prototype).
    const odd = p.stream_context_get_options(p.stream_context_create({ ssl: { ['__proto__']: 1 } }));
    expect(Object.keys(odd.ssl!)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(odd.ssl)).toBe(Object.prototype);
  });
});

describe('stream_context_set_option', () => {
  it('throws for misuse', () => {
    const c = p.stream_context_create();
    const fn = 'stream_context_set_option()';
    expect(thrown(() => loose(p.stream_context_set_option)(c))).toBe(
      `ArgumentCountError: ${fn.slice(0, -2)}() expects at least 2 arguments, 1 given`,
    );
    expect(thrown(() => loose(p.stream_context_set_option)(c, 'a', 'b', 1, 2))).toBe(
      `ArgumentCountError: ${fn.slice(0, -2)}() expects at most 4 arguments, 5 given`,
    );
    expect(thrown(() => loose(p.stream_context_set_option)('x', 'ssl', 'a', 1))).toBe(
      `TypeError: ${fn}: Argument #1 ($context) must be of type resource, string given`,
    );
    expect(thrown(() => loose(p.stream_context_set_option)(c, new Date(), 'a', 1))).toBe(
      `TypeError: ${fn}: Argument #2 ($wrapper_or_options) must be of type array|string, Date given`,
    );
    expect(thrown(() => loose(p.stream_context_set_option)(c, 'w', [], 1))).toBe(
      `TypeError: ${fn}: Argument #3 ($option_name) must be of type ?string, array given`,
    );
    expect(thrown(() => p.stream_context_set_option(c, { ssl: [] }, 'x'))).toBe(
      `ValueError: ${fn}: Argument #3 ($option_name) must be null when argument #2 ($wrapper_or_options) is an array`,
    );
    expect(thrown(() => p.stream_context_set_option(c, { ssl: [] }, null, 1))).toBe(
      `ValueError: ${fn}: Argument #4 ($value) cannot be provided when argument #2 ($wrapper_or_options) is an array`,
    );
    expect(thrown(() => p.stream_context_set_option(c, { ssl: [] }, null, undefined))).toBe(
      `ValueError: ${fn}: Argument #4 ($value) cannot be provided when argument #2 ($wrapper_or_options) is an array`,
    );
    expect(thrown(() => p.stream_context_set_option(c, 'ssl'))).toBe(
      `ValueError: ${fn}: Argument #3 ($option_name) cannot be null when argument #2 ($wrapper_or_options) is a string`,
    );
    expect(thrown(() => p.stream_context_set_option(c, 'ssl', 'x'))).toBe(
      `ValueError: ${fn}: Argument #4 ($value) must be provided when argument #2 ($wrapper_or_options) is a string`,
    );
    expect(thrown(() => p.stream_context_set_option(c, { ssl: 1 }))).toBe(
      'ValueError: Options should have the form ["wrappername"]["optionname"] = $value',
    );
    const sock = p.socket_create(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP) as p.Socket;
    expect(thrown(() => loose(p.stream_context_set_option)(sock, 'a', 'b', 1))).toBe(
      `TypeError: ${fn}: Argument #1 ($context) must be of type resource, Socket given`,
    );
    const { client } = pair();
    p.fclose(client);
    expect(thrown(() => p.stream_context_set_option(client, 'a', 'b', 1))).toBe(
      `TypeError: ${fn}: Argument #1 ($context) must be a valid stream/context`,
    );
    expect(thrown(() => p.stream_context_set_option(client, {}))).toBe(
      `TypeError: ${fn}: Argument #1 ($context) must be a valid stream/context`,
    );
  });

  it('sets one option or merges an array, keeping what was set before an error', () => {
    const c = p.stream_context_create();
    expect(p.stream_context_set_option(c, 'ssl', 'verify_peer', false)).toBe(true);
    expect(p.stream_context_set_option(c, { socket: { bindto: '127.0.0.1:0' } })).toBe(true);
    expect(p.stream_context_set_option(c, { ssl: [] }, null)).toBe(true);
    expect(loose(p.stream_context_set_option)(c, 1, 'a', 2)).toBe(true);
    expect(loose(p.stream_context_set_option)(c, 'w', 5, undefined)).toBe(true);
    expect(thrown(() => p.stream_context_set_option(c, { w1: { a: 1 }, w2: 5, w3: { b: 2 } }))).toMatch(/^ValueError/);
    expect(p.stream_context_get_options(c)).toEqual({
      ssl: { verify_peer: false },
      socket: { bindto: '127.0.0.1:0' },
      1: { a: 2 },
      w: { 5: null },
      w1: { a: 1 },
    });
  });

  it('accepts null for the wrapper, with PHP\'s deprecation', () => {
    const c = p.stream_context_create();
    const seen: string[] = [];
    p.set_error_handler((_n, s) => {
      seen.push(s);
      return true;
    });
    try {
      expect(loose(p.stream_context_set_option)(c, null, 'a', 2)).toBe(true);
    } finally {
      p.restore_error_handler();
    }
    expect(seen).toEqual([
      'stream_context_set_option(): Passing null to parameter #2 ($wrapper_or_options) of type array|string is deprecated',
    ]);
    expect(p.stream_context_get_options(c)).toEqual({ '': { a: 2 } });
  });
});

describe('stream_context_get_options', () => {
  it('throws for misuse', () => {
    expect(thrown(() => loose(p.stream_context_get_options)())).toBe(
      'ArgumentCountError: stream_context_get_options() expects exactly 1 argument, 0 given',
    );
    expect(thrown(() => loose(p.stream_context_get_options)('x'))).toBe(
      'TypeError: stream_context_get_options(): Argument #1 ($stream_or_context) must be of type resource, string given',
    );
    const sock = p.socket_create(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP) as p.Socket;
    expect(thrown(() => loose(p.stream_context_get_options)(sock))).toBe(
      'TypeError: stream_context_get_options(): Argument #1 ($stream_or_context) must be of type resource, Socket given',
    );
    const { client } = pair();
    p.fclose(client);
    expect(thrown(() => p.stream_context_get_options(client))).toBe(
      'TypeError: stream_context_get_options(): Argument #1 ($stream_or_context) must be a valid stream/context',
    );
  });

  it('reads a stream\'s context: the one given, the default one, or a fresh one for streams made without', () => {
    const ctx = p.stream_context_create({ socket: { q: 1 } });
    const withCtx = pair(ctx);
    p.stream_context_set_option(withCtx.accepted, 'socket', 'r', 2);
    expect(p.stream_context_get_options(ctx)).toEqual({ socket: { q: 1, r: 2 } });
    expect(p.stream_context_get_options(withCtx.server)).toEqual({ socket: { q: 1, r: 2 } });

    const plain = pair();
    p.stream_context_set_option(plain.client, 'test', 'via-stream', 1);
    expect(p.stream_context_get_options(p.stream_context_get_default()).test).toEqual({ 'via-stream': 1 });
    expect(p.stream_context_get_options(plain.accepted).test).toEqual({ 'via-stream': 1 });
    // PHP_FILE_NO_DEFAULT_CONTEXT (16) in the flags: no context, so a fresh one.
    const server = p.stream_socket_server('tcp://127.0.0.1:0', null, null, p.STREAM_SERVER_BIND | p.STREAM_SERVER_LISTEN | 16) as p.Stream;
    expect(p.stream_context_get_options(server)).toEqual({});

    const port = Number((p.stream_socket_get_name(plain.server, false) as string).split(':')[1]);
    const fs = p.fsockopen('127.0.0.1', port) as p.Stream;
    expect(p.stream_context_get_options(fs)).toEqual({});
    p.stream_context_set_option(fs, 'x', 'y', 2);
    expect(p.stream_context_get_options(fs)).toEqual({ x: { y: 2 } });
    expect(p.stream_context_get_options(p.stream_context_get_default()).x).toBeUndefined();
    const [a] = p.stream_socket_pair(p.STREAM_PF_UNIX, p.STREAM_SOCK_STREAM, 0) as [p.Stream, p.Stream];
    expect(p.stream_context_get_options(a)).toEqual({});
  });
});

describe('stream_context_set_params and stream_context_get_params', () => {
  it('throw for misuse', () => {
    const c = p.stream_context_create();
    expect(thrown(() => loose(p.stream_context_set_params)(c))).toBe(
      'ArgumentCountError: stream_context_set_params() expects exactly 2 arguments, 1 given',
    );
    expect(thrown(() => loose(p.stream_context_set_params)('x', []))).toBe(
      'TypeError: stream_context_set_params(): Argument #1 ($context) must be of type resource, string given',
    );
    expect(thrown(() => loose(p.stream_context_set_params)(c, 'x'))).toBe(
      'TypeError: stream_context_set_params(): Argument #2 ($params) must be of type array, string given',
    );
    expect(thrown(() => p.stream_context_set_params(c, { options: 1 }))).toBe('TypeError: Invalid stream/context parameter');
    expect(thrown(() => loose(p.stream_context_get_params)(c, 1))).toBe(
      'ArgumentCountError: stream_context_get_params() expects exactly 1 argument, 2 given',
    );
    expect(thrown(() => loose(p.stream_context_get_params)('x'))).toBe(
      'TypeError: stream_context_get_params(): Argument #1 ($context) must be of type resource, string given',
    );
    const { client } = pair();
    p.fclose(client);
    expect(thrown(() => p.stream_context_get_params(client))).toBe(
      'TypeError: stream_context_get_params(): Argument #1 ($context) must be a valid stream/context',
    );
    expect(thrown(() => p.stream_context_set_params(client, {}))).toBe(
      'TypeError: stream_context_set_params(): Argument #1 ($context) must be a valid stream/context',
    );
  });

  it('store the notification (even null) and merge options; other keys are ignored', () => {
    const c = p.stream_context_create();
    const notify = () => 0;
    expect(p.stream_context_set_params(c, { options: { ssl: { a: 1 } } })).toBe(true);
    expect(p.stream_context_set_params(c, { notification: notify })).toBe(true);
    expect(p.stream_context_set_params(c, { foo: 1 })).toBe(true);
    expect(Object.keys(p.stream_context_get_params(c))).toEqual(['notification', 'options']);
    expect(p.stream_context_get_params(c)).toEqual({ notification: notify, options: { ssl: { a: 1 } } });
    p.stream_context_set_params(c, { notification: null });
    expect(p.stream_context_get_params(c)).toEqual({ notification: null, options: { ssl: { a: 1 } } });
  });

  it('never call the notification for socket streams', () => {
    let calls = 0;
    const ctx = p.stream_context_create([], { notification: () => calls++ });
    const { client, accepted } = pair(ctx);
    p.fwrite(client, 'abc\n');
    expect(p.fgets(accepted)).toBe('abc\n');
    p.fclose(client);
    expect(calls).toBe(0);
  });
});

describe('stream_context_get_default and stream_context_set_default', () => {
  it('throw for misuse', () => {
    expect(thrown(() => loose(p.stream_context_get_default)('x'))).toBe(
      'TypeError: stream_context_get_default(): Argument #1 ($options) must be of type ?array, string given',
    );
    expect(thrown(() => loose(p.stream_context_get_default)([], 1))).toBe(
      'ArgumentCountError: stream_context_get_default() expects at most 1 argument, 2 given',
    );
    expect(thrown(() => loose(p.stream_context_set_default)(null))).toBe(
      'TypeError: stream_context_set_default(): Argument #1 ($options) must be of type array, null given',
    );
    expect(thrown(() => loose(p.stream_context_set_default)())).toBe(
      'ArgumentCountError: stream_context_set_default() expects exactly 1 argument, 0 given',
    );
    expect(thrown(() => p.stream_context_set_default({ ssl: 1 }))).toBe(
      'ValueError: Options should have the form ["wrappername"]["optionname"] = $value',
    );
  });

  it('return the one default context, merging options into it', () => {
    const d = p.stream_context_get_default();
    expect(p.stream_context_get_default()).toBe(d);
    expect(p.stream_context_get_default(null)).toBe(d);
    expect(p.stream_context_get_options(p.stream_context_get_default({ merged: { x: 1 } })).merged).toEqual({ x: 1 });
    expect(p.stream_context_set_default({ merged: { y: 2 } })).toBe(d);
    expect(p.stream_context_get_options(d).merged).toEqual({ x: 1, y: 2 });
  });

  it('is one per thread', async () => {
    p.stream_context_set_default({ thread: { main: true } });
    // The worker loads the TypeScript sources through tsx, as test/worker.test.ts's do.
    const code = `
      const { register } = await import('tsx/esm/api');
      register();
      const p = await import(${JSON.stringify(fileURLToPath(new URL('../lib/index.ts', import.meta.url)))});
      const { parentPort } = await import('node:worker_threads');
      p.stream_context_set_default({ thread: { worker: true } });
      parentPort.postMessage(p.stream_context_get_options(p.stream_context_get_default()));
    `;
    const w = new Worker(code, { eval: true });
    const got = await new Promise((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
    });
    await w.terminate();
    expect(got).toEqual({ thread: { worker: true } });
    expect(p.stream_context_get_options(p.stream_context_get_default()).thread).toEqual({ main: true });
  });
});

describe('the socket context options, seen in the kernel', () => {
  function ctx(options: Record<string, unknown>): p.StreamContext {
    return p.stream_context_create({ socket: options });
  }
  function portOf(s: p.Stream): number {
    const n = p.stream_socket_get_name(s, false) as string;
    return Number(n.slice(n.lastIndexOf(':') + 1));
  }
  function option(s: p.Stream, level: number, name: number): unknown {
    return p.socket_get_option(p.socket_import_stream(s) as p.Socket, level, name);
  }
  function listener(options: Record<string, unknown>, address = 'tcp://127.0.0.1:0'): p.Stream {
    return p.stream_socket_server(address, null, null, p.STREAM_SERVER_BIND | p.STREAM_SERVER_LISTEN, ctx(options)) as p.Stream;
  }
  function client(address: string, options: Record<string, unknown>, flags = p.STREAM_CLIENT_CONNECT): p.Stream | false {
    return p.stream_socket_client(address, null, null, 2, flags, ctx(options));
  }

  it('bindto: the server sees the bound source address; a bind failure warns and the connect goes on', () => {
    const srv = listener({});
    const port = portOf(srv);
    const c = client(`tcp://127.0.0.1:${port}`, { bindto: '127.0.0.2:0' }) as p.Stream;
    const peer = p.ref<string>();
    const accepted = p.stream_socket_accept(srv, 2, peer) as p.Stream;
    expect(accepted).toBeInstanceOf(p.Stream);
    expect(peer.value).toBe(p.stream_socket_get_name(c, false));
    expect(peer.value).toMatch(/^127\.0\.0\.2:\d+$/);

    const used = listener({});
    const seen: string[] = [];
    p.set_error_handler((_n, s) => {
      seen.push(s);
      return true;
    });
    let r: p.Stream | false;
    let big: p.Stream | false;
    try {
      r = client(`tcp://127.0.0.1:${port}`, { bindto: `127.0.0.1:${portOf(used)}` });
      // The port is taken modulo 65536, as PHP's unsigned short takes it.
      big = client(`tcp://127.0.0.1:${port}`, { bindto: `127.0.0.1:${65536 + portOf(used)}` });
    } finally {
      p.restore_error_handler();
    }
    expect(r).toBeInstanceOf(p.Stream);
    expect(big).toBeInstanceOf(p.Stream);
    const text = `stream_socket_client(): Failed to bind to '127.0.0.1:${portOf(used)}', system said: Address already in use`;
    expect(seen).toEqual([text, text]);
  });

  it('tcp_nodelay: on a client, and on every socket a server accepts (not on the listener)', () => {
    const srv = listener({ tcp_nodelay: true });
    expect(option(srv, p.SOL_TCP, p.TCP_NODELAY)).toBe(0);
    const clients = [1, 2, 3].map(() => client(`tcp://127.0.0.1:${portOf(srv)}`, { tcp_nodelay: true }) as p.Stream);
    for (const c of clients) expect(option(c, p.SOL_TCP, p.TCP_NODELAY)).toBe(1);
    for (let i = 0; i < 3; i++) expect(option(p.stream_socket_accept(srv) as p.Stream, p.SOL_TCP, p.TCP_NODELAY)).toBe(1);
    const plain = listener({});
    const c = client(`tcp://127.0.0.1:${portOf(plain)}`, {}) as p.Stream;
    expect(option(c, p.SOL_TCP, p.TCP_NODELAY)).toBe(0);
    expect(option(p.stream_socket_accept(plain) as p.Stream, p.SOL_TCP, p.TCP_NODELAY)).toBe(0);
  });

  it('so_reuseport: a second server on the same port', () => {
    const a = listener({ so_reuseport: true });
    expect(option(a, p.SOL_SOCKET, p.SO_REUSEPORT)).toBe(1);
    const b = listener({ so_reuseport: true }, `tcp://127.0.0.1:${portOf(a)}`);
    expect(b).toBeInstanceOf(p.Stream);
    const seen: string[] = [];
    p.set_error_handler((_n, s) => {
      seen.push(s);
      return true;
    });
    try {
      expect(listener({}, `tcp://127.0.0.1:${portOf(a)}`)).toBe(false);
    } finally {
      p.restore_error_handler();
    }
    expect(seen).toEqual([`stream_socket_server(): Unable to connect to tcp://127.0.0.1:${portOf(a)} (Address already in use)`]);
  });

  it('ipv6_v6only: 127.0.0.1 refused on [::] when true, accepted when false', () => {
    const only = listener({ ipv6_v6only: true }, 'tcp://[::]:0');
    expect(option(only, p.IPPROTO_IPV6, p.IPV6_V6ONLY)).toBe(1);
    const e = p.ref();
    p.set_error_handler(() => true);
    try {
      expect(p.stream_socket_client(`tcp://127.0.0.1:${portOf(only)}`, e, null, 1)).toBe(false);
    } finally {
      p.restore_error_handler();
    }
    expect(e.value).toBe(111);
    const dual = listener({ ipv6_v6only: false }, 'tcp://[::]:0');
    expect(option(dual, p.IPPROTO_IPV6, p.IPV6_V6ONLY)).toBe(0);
    const c = p.stream_socket_client(`tcp://127.0.0.1:${portOf(dual)}`, null, null, 1) as p.Stream;
    const peer = p.ref<string>();
    p.stream_socket_accept(dual, 2, peer);
    expect(peer.value).toBe(`[::ffff:${(p.stream_socket_get_name(c, false) as string).replace(/:(\d+)$/, ']:$1')}`);
  });

  it('so_broadcast: on udp clients and servers only', () => {
    const u = client('udp://127.0.0.1:9', { so_broadcast: true }) as p.Stream;
    expect(option(u, p.SOL_SOCKET, p.SO_BROADCAST)).toBe(1);
    const us = p.stream_socket_server('udp://127.0.0.1:0', null, null, p.STREAM_SERVER_BIND, ctx({ so_broadcast: true })) as p.Stream;
    expect(option(us, p.SOL_SOCKET, p.SO_BROADCAST)).toBe(1);
    const t = listener({ so_broadcast: true });
    expect(option(t, p.SOL_SOCKET, p.SO_BROADCAST)).toBe(0);
  });

  it('backlog: the accept queue holds backlog + 1 connections', async () => {
    const srv = listener({ backlog: 2 });
    const port = portOf(srv);
    const queued = (): number => {
      const out = execFileSync('ss', ['-ltnH', `sport = :${port}`], { encoding: 'latin1' }).trim().split(/\s+/);
      expect(out[2]).toBe('2'); // Send-Q: the backlog
      return Number(out[1]); // Recv-Q: connections waiting for accept()
    };
    const clients: (p.Stream | false)[] = [];
    for (let i = 0; i < 6; i++) clients.push(client(`tcp://127.0.0.1:${port}`, {}, p.STREAM_CLIENT_ASYNC_CONNECT | p.STREAM_CLIENT_CONNECT));
    // The handshakes finish in the kernel: wait (bounded) until the queue stops at its limit.
    for (let i = 0; i < 100 && queued() < 3; i++) await new Promise((r) => setTimeout(r, 10));
    expect(queued()).toBe(3);
    for (const c of clients) if (c) p.fclose(c);
    const other = listener({});
    expect(execFileSync('ss', ['-ltnH', `sport = :${portOf(other)}`], { encoding: 'latin1' }).trim().split(/\s+/)[2]).toBe('32');
  });
});
