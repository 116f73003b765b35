// stream_context_create, stream_context_set_option, stream_context_get_options,
// stream_context_set_params, stream_context_get_params, stream_context_get_default,
// stream_context_set_default, the StreamContext resource, and the contexts streams hold. Expected
// texts and values are PHP 8.2's (see also test/conformance/cases/stream_contexts.php).
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as p from '../lib/index.js';
import { thrown } from './helpers/capture.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
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
