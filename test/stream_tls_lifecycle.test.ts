// TLS streams' lifetimes: per-thread TLS state (a Worker serving ssl:// to the main thread), a
// thousand handshakes with flat descriptors and memory, and the collector closing (with
// close_notify) TLS streams nobody closed.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import * as p from '../lib/index.js';
import { native } from '../lib/native.js';
import { socketFds } from './helpers/fds.js';
import { fixtures, startPeer, stopPeers } from './helpers/tls.js';

afterAll(stopPeers);

const gc = (globalThis as { gc?: () => void }).gc;
const libEntry = fileURLToPath(new URL('../lib/index.ts', import.meta.url));
const caCtx = () => p.stream_context_create({ ssl: { cafile: fixtures + 'ca.pem' } });

describe('TLS in a Worker', () => {
  it("a Worker's ssl:// server and the main thread's ssl:// client, at the same time", async () => {
    const w = new Worker(
      `
      const { register } = await import('tsx/esm/api');
      register();
      const p = await import(${JSON.stringify(libEntry)});
      const { parentPort, workerData } = await import('node:worker_threads');
      const ctx = p.stream_context_create({ ssl: { local_cert: workerData.dir + 'server.pem', local_pk: workerData.dir + 'server.key' } });
      const srv = p.stream_socket_server('ssl://127.0.0.1:0', null, null, p.STREAM_SERVER_BIND | p.STREAM_SERVER_LISTEN, ctx);
      parentPort.postMessage(p.stream_socket_get_name(srv, false));
      for (let i = 0; i < 20; i++) {
        const c = p.stream_socket_accept(srv, 10);
        if (!c) break;
        const line = p.fgets(c);
        p.fwrite(c, 'worker ' + line);
        p.fclose(c);
      }
      p.fclose(srv);
      parentPort.postMessage('done');
      `,
      { eval: true, workerData: { dir: fixtures } },
    );
    const name = await new Promise<string>((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
    });
    const finished = new Promise((resolve) => w.on('message', (m) => m === 'done' && resolve(m)));
    for (let i = 0; i < 20; i++) {
      const s = p.stream_socket_client(`ssl://${name}`, null, null, 10, p.STREAM_CLIENT_CONNECT, caCtx()) as p.Stream;
      expect(p.stream_get_meta_data(s).crypto?.protocol).toBe('TLSv1.3');
      p.fwrite(s, `line ${i}\n`);
      expect(p.fgets(s)).toBe(`worker line ${i}\n`);
      p.fclose(s);
    }
    expect(await finished).toBe('done');
    await w.terminate();
  });
});

describe('many handshakes', () => {
  it('1000 connect + handshake + echo + fclose cycles keep descriptors and memory flat', async () => {
    const port = await startPeer('echo');
    const ctx = caCtx();
    const before = socketFds().size;
    const cycle = () => {
      const s = p.stream_socket_client(`ssl://127.0.0.1:${port}`, null, null, 10, p.STREAM_CLIENT_CONNECT, ctx) as p.Stream;
      p.fwrite(s, 'x\n');
      expect(p.fgets(s)).toBe('x\n');
      p.fclose(s);
    };
    for (let i = 0; i < 100; i++) cycle();
    gc?.();
    const rss0 = process.memoryUsage().rss;
    for (let i = 0; i < 900; i++) cycle();
    gc?.();
    const grown = process.memoryUsage().rss - rss0;
    expect(socketFds().size).toBe(before);
    expect(grown).toBeLessThan(40 * 1024 * 1024);
  });
});

describe.runIf(gc)('the collector closes TLS streams nobody closed', () => {
  it('their descriptors come back', async () => {
    const port = await startPeer('echo');
    const before = socketFds();
    (() => {
      for (let i = 0; i < 20; i++) {
        const s = p.stream_socket_client(`ssl://127.0.0.1:${port}`, null, null, 10, p.STREAM_CLIENT_CONNECT, caCtx());
        expect(s).not.toBe(false);
      }
    })();
    expect([...socketFds()].filter((fd) => !before.has(fd)).length).toBe(20);
    gc!();
    native.reclaim();
    await new Promise((r) => setTimeout(r, 50));
    expect([...socketFds()].filter((fd) => !before.has(fd))).toEqual([]);
  });
});

describe('without OpenSSL', () => {
  it('native code never includes OpenSSL headers nor links libssl: the addon builds without them', () => {
    const native = fileURLToPath(new URL('../native/', import.meta.url));
    for (const f of readdirSync(native)) {
      expect(readFileSync(native + f, 'utf8')).not.toMatch(/#\s*include\s*[<"]openssl\//);
    }
    for (const f of ['../CMakeLists.txt', '../binding.gyp']) {
      expect(readFileSync(fileURLToPath(new URL(f, import.meta.url)), 'utf8')).not.toMatch(/-l(ssl|crypto)\b|OpenSSL::/);
    }
  });

  it('ssl:// is an unknown transport when the process has no OpenSSL, as in a PHP without openssl', () => {
    const script = `
      import * as p from ${JSON.stringify(libEntry)};
      p.set_error_handler((_n, s) => { console.log(s); return true; });
      const r = p.stream_socket_client('ssl://127.0.0.1:1');
      console.log(String(r));
      console.log(p.stream_socket_server('tls://127.0.0.1:0') === false);`;
    const tsx = fileURLToPath(new URL('../node_modules/tsx/dist/esm/index.mjs', import.meta.url));
    const r = spawnSync(process.execPath, ['--import', `file://${tsx}`, '--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: { ...process.env, PHP_SOCKETS_NO_OPENSSL: '1', NODE_OPTIONS: '' },
      timeout: 30000,
    });
    expect(r.stdout).toBe(
      'stream_socket_client(): Unable to connect to ssl://127.0.0.1:1 (Unable to find the socket transport "ssl" - did you forget to enable it when you configured PHP?)\n' +
        'false\n' +
        'stream_socket_server(): Unable to connect to tls://127.0.0.1:0 (Unable to find the socket transport "tls" - did you forget to enable it when you configured PHP?)\n' +
        'true\n',
    );
  });
});
