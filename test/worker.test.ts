// The addon is context-aware: it loads in a Worker while the main thread uses it, each thread
// keeps its own last-error state, and a Worker's sockets are closed when it ends.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import * as p from '../lib/index.js';
import { socketFds } from './helpers/fds.js';

const libEntry = fileURLToPath(new URL('../lib/index.ts', import.meta.url));
const asyncEntry = fileURLToPath(new URL('../lib/async/index.ts', import.meta.url));
const nativeEntry = fileURLToPath(new URL('../lib/native.ts', import.meta.url));
const socketEntry = fileURLToPath(new URL('../lib/socket.ts', import.meta.url));

// The worker loads the TypeScript sources through tsx, so it tests the same code as this file.
function startWorker(body: string, workerData: unknown): Worker {
  const code = `
    const { register } = await import('tsx/esm/api');
    register();
    const p = await import(${JSON.stringify(libEntry)});
    const { parentPort, workerData } = await import('node:worker_threads');
    ${body}
  `;
  return new Worker(code, { eval: true, workerData });
}

function once<T>(w: Worker, event: 'message' | 'exit'): Promise<T> {
  return new Promise((resolve, reject) => {
    w.once(event, resolve);
    w.once('error', reject);
  });
}

describe('worker_threads', () => {
  it('serves a unix socket from a Worker while the main thread is its client', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'php-sockets-')), 'echo.sock');
    const w = startWorker(
      `
      const l = p.socket_create(p.AF_UNIX, p.SOCK_STREAM, 0);
      p.socket_bind(l, workerData.path);
      p.socket_listen(l, 5);
      parentPort.postMessage('listening');
      const c = p.socket_accept(l);
      for (let i = 0; i < 100; i++) {
        const line = p.socket_read(c, 1024, p.PHP_NORMAL_READ);
        if (line === false || line === '') break;
        p.socket_write(c, 'worker: ' + line);
      }
      p.socket_close(c);
      p.socket_close(l);
      // Per-thread last error: this failure must not show in the main thread.
      p.set_error_handler(() => true);
      p.socket_create(p.AF_INET, p.SOCK_STREAM, 99);
      parentPort.postMessage(p.socket_last_error());
      `,
      { path },
    );
    expect(await once(w, 'message')).toBe('listening');
    const c = p.socket_create(p.AF_UNIX, p.SOCK_STREAM, 0) as p.Socket;
    expect(p.socket_connect(c, path)).toBe(true);
    for (let i = 0; i < 50; i++) {
      expect(p.socket_write(c, `line ${i}\n`)).toBe(`line ${i}\n`.length);
      expect(p.socket_read(c, 1024, p.PHP_NORMAL_READ)).toBe(`worker: line ${i}\n`);
    }
    p.socket_clear_error();
    const workerCode = once<number>(w, 'message');
    p.socket_shutdown(c, 1);
    expect(await workerCode).toBe(93);
    expect(p.socket_last_error()).toBe(0);
    p.socket_close(c);
    expect(await once(w, 'exit')).toBe(0);
  });

  it("closes a terminated Worker's sockets", async () => {
    const before = socketFds().size;
    const w = startWorker(
      `
      // All held, so none is closed by a collection before the count.
      const pairs = [];
      for (let i = 0; i < 10; i++) p.socket_create_pair(p.AF_UNIX, p.SOCK_STREAM, 0, (pairs[i] = []));
      globalThis.keep = [p.socket_create(p.AF_INET, p.SOCK_STREAM, 0), pairs];
      parentPort.postMessage('ready');
      setInterval(() => {}, 1000);
      `,
      null,
    );
    expect(await once(w, 'message')).toBe('ready');
    expect(socketFds().size).toBe(before + 21);
    await w.terminate();
    // Teardown runs the native finalizers of everything the Worker still held.
    expect(socketFds().size).toBe(before);
  });

  it("closes a terminated Worker's held Sockets, which the event loop never ran to adopt", async () => {
    const w = startWorker(
      `
      // Loaded: the count starts now.
      parentPort.postMessage('loaded');
      await new Promise((resolve) => parentPort.once('message', resolve));
      const l = p.socket_create(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP);
      p.socket_bind(l, '127.0.0.1', 0);
      p.socket_listen(l, 1);
      // Held by lib (lib/socket.ts), kept or dropped: the Worker never yields again.
      globalThis.keep = [p.socket_create(p.AF_INET, p.SOCK_STREAM, 0)];
      for (let i = 0; i < 5; i++) p.socket_create(p.AF_UNIX, p.SOCK_STREAM, 0);
      parentPort.postMessage('ready');
      p.socket_accept(l);
      `,
      null,
    );
    expect(await once(w, 'message')).toBe('loaded');
    const before = socketFds();
    w.postMessage('go');
    expect(await once(w, 'message')).toBe('ready');
    expect([...socketFds()].filter((fd) => !before.has(fd))).toHaveLength(7);
    await w.terminate();
    expect([...socketFds()].filter((fd) => !before.has(fd))).toEqual([]);
  });

  it("closes, when terminated, the descriptors of a Worker's dropped and waited-on Sockets and Streams", async () => {
    const w = startWorker(
      `
      const a = await import(${JSON.stringify(asyncEntry)});
      const { native } = await import(${JSON.stringify(nativeEntry)});
      const { stateOf } = await import(${JSON.stringify(socketEntry)});
      // Loaded: the count starts now. (Compiling the sources may start tsx's esbuild service,
      // whose pipes are sockets of this process.)
      parentPort.postMessage('loaded');
      await new Promise((resolve) => parentPort.once('message', resolve));
      // Collected in the Worker with bare waits on them: closed right after gc(), the waits settling.
      (() => {
        const pair = [];
        p.socket_create_pair(p.AF_UNIX, p.SOCK_STREAM, 0, pair);
        for (const s of pair) native.waitFd(stateOf(s).fd, 1, -1, () => {});
      })();
      globalThis.gc();
      native.reclaim();
      // Waited on: the pending async calls hold them. Their peers are held here: a collected peer
      // would end its wait (EOF) and let the waited-on end be collected too.
      globalThis.peers = [];
      for (let i = 0; i < 5; i++) {
        const pair = [];
        p.socket_create_pair(p.AF_UNIX, p.SOCK_STREAM, 0, pair);
        void a.socket_read(pair[0], 10);
        const streams = p.stream_socket_pair(p.STREAM_PF_UNIX, p.STREAM_SOCK_STREAM, 0);
        void a.fread(streams[0], 10);
        globalThis.peers.push(pair[1], streams[1]);
      }
      // Dropped and, unless a collection happens to run, still open when the Worker ends.
      for (let i = 0; i < 10; i++) p.socket_create(p.AF_INET, p.SOCK_STREAM, 0);
      for (let i = 0; i < 5; i++) p.stream_socket_pair(p.STREAM_PF_UNIX, p.STREAM_SOCK_STREAM, 0);
      parentPort.postMessage('ready');
      setInterval(() => {}, 1000);
      `,
      null,
    );
    expect(await once(w, 'message')).toBe('loaded');
    const before = socketFds();
    w.postMessage('go');
    expect(await once(w, 'message')).toBe('ready');
    const open = [...socketFds()].filter((fd) => !before.has(fd)).length;
    expect(open).toBeGreaterThanOrEqual(20);
    expect(open).toBeLessThanOrEqual(40);
    await w.terminate();
    // Teardown runs the finalizers of everything left, and closes the Worker's waits.
    expect([...socketFds()].filter((fd) => !before.has(fd))).toEqual([]);
  });

  it('ends cleanly when it exits right after closing a socket an async call waits on', async () => {
    const w = startWorker(
      `
      const a = await import(${JSON.stringify(asyncEntry)});
      const pair = [];
      p.socket_create_pair(p.AF_UNIX, p.SOCK_STREAM, 0, pair);
      const pending = [0, 1, 2].map(() => a.socket_read(pair[0], 10));
      void pending;
      // The waits are now settling (a 0 ms timer each); the Worker's teardown must close them.
      p.socket_close(pair[0]);
      process.exit(7);
      `,
      null,
    );
    expect(await once(w, 'exit')).toBe(7);
  });
});

describe('modes changed from another thread', () => {
  // php-sockets/async knows a new socket's mode from its creation (native/async.cc, knownFlags)
  // and a socket's mode from its first wait; a php-sockets call in a Worker that changes the mode
  // of the same socket (received with SCM_RIGHTS) must make the main thread's async calls read it
  // again, as one made here does. Sync PHP: socket_read of the now nonblocking socket is false
  // [11] at once.
  it.each([
    ['a new socket', false],
    ['a socket that has waited', true],
  ])("follows the mode %s's copy in a Worker sets", async (_label, waited) => {
    const a = await import('../lib/async/index.js');
    const path = join(mkdtempSync(join(tmpdir(), 'php-sockets-')), 'pass.sock');
    const w = startWorker(
      `
      const l = p.socket_create(p.AF_UNIX, p.SOCK_STREAM, 0);
      p.socket_bind(l, workerData.path);
      p.socket_listen(l, 1);
      parentPort.postMessage('listening');
      const c = p.socket_accept(l);
      const m = { controllen: p.socket_cmsg_space(p.SOL_SOCKET, p.SCM_RIGHTS, 1) };
      p.socket_recvmsg(c, m, 0);
      const got = m.control[0].data[0];
      p.socket_set_nonblock(got);
      parentPort.postMessage('nonblocking');
      await new Promise((resolve) => parentPort.once('message', resolve));
      for (const s of [got, c, l]) p.socket_close(s);
      `,
      { path },
    );
    expect(await once(w, 'message')).toBe('listening');
    const link = p.socket_create(p.AF_UNIX, p.SOCK_STREAM, 0) as p.Socket;
    expect(p.socket_connect(link, path)).toBe(true);
    const out: p.Socket[] = [];
    p.socket_create_pair(p.AF_UNIX, p.SOCK_STREAM, 0, out);
    const lst = p.socket_create(p.AF_INET, p.SOCK_STREAM, 0) as p.Socket;
    p.socket_bind(lst, '127.0.0.1', 0);
    p.socket_listen(lst, 1);
    const port = p.ref<number>();
    p.socket_getsockname(lst, p.ref(), port);
    const x = a.socket_create(p.AF_INET, p.SOCK_STREAM, 0) as p.Socket;
    expect(await a.socket_connect(x, '127.0.0.1', port.value!)).toBe(true);
    const peer = p.socket_accept(lst) as p.Socket;
    if (waited) {
      const r = a.socket_read(x, 10);
      await new Promise((resolve) => setTimeout(resolve, 20));
      p.socket_write(peer, 'm');
      expect(await r).toBe('m');
    }
    expect(p.socket_sendmsg(link, { iov: ['x'], control: [{ level: p.SOL_SOCKET, type: p.SCM_RIGHTS, data: [x] }] })).toBe(1);
    expect(await once(w, 'message')).toBe('nonblocking');
    const timer = new Promise((resolve) => setTimeout(() => resolve('waited'), 2000).unref());
    expect(await Promise.race([a.socket_read(x, 10), timer])).toBe(false);
    expect(p.socket_last_error(x)).toBe(11);
    w.postMessage('done');
    await once(w, 'exit');
    for (const s of [x, peer, lst, link, out[0]!, out[1]!]) p.socket_close(s);
  });
});
