// TLS streams' lifetimes: per-thread TLS state (a Worker serving ssl:// to the main thread), a
// thousand handshakes with flat descriptors and memory, and the collector closing (with
// close_notify) TLS streams nobody closed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import * as p from '../lib/index.js';
import { native } from '../lib/native.js';
import { socketFds } from './helpers/fds.js';
import { hasPhp, php } from './helpers/php.js';
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
  it(
    '2000 connect + handshake + echo + fclose cycles keep descriptors and memory flat',
    async () => {
      const port = await startPeer('echo');
      const ctx = caCtx();
      const before = socketFds().size;
      const cycle = () => {
        const s = p.stream_socket_client(`ssl://127.0.0.1:${port}`, null, null, 10, p.STREAM_CLIENT_CONNECT, ctx) as p.Stream;
        p.fwrite(s, 'x\n');
        expect(p.fgets(s)).toBe('x\n');
        p.fclose(s);
      };
      const rss = () => {
        gc?.();
        return process.memoryUsage().rss;
      };
      for (let i = 0; i < 200; i++) cycle();
      const rss0 = rss();
      for (let i = 0; i < 900; i++) cycle();
      const rss1 = rss();
      for (let i = 0; i < 900; i++) cycle();
      const rss2 = rss();
      expect(socketFds().size).toBe(before);
      // Flat: the second 900 cycles grow memory no more than a little (a leak of one SSL object
      // or one context per cycle would add megabytes per 900).
      expect(rss1 - rss0).toBeLessThan(40 * 1024 * 1024);
      expect(rss2 - rss1).toBeLessThan(8 * 1024 * 1024);
    },
    120000,
  );
});

describe('a Worker terminated while it holds TLS streams', () => {
  it('frees its TLS state and closes their descriptors; the main thread goes on with TLS', async () => {
    const port = await startPeer('echo');
    const before = socketFds();
    const w = new Worker(
      `
      const { register } = await import('tsx/esm/api');
      register();
      const p = await import(${JSON.stringify(libEntry)});
      const { parentPort, workerData } = await import('node:worker_threads');
      const ctx = p.stream_context_create({ ssl: { cafile: workerData.dir + 'ca.pem' } });
      const held = [];
      for (let i = 0; i < 5; i++) {
        const s = p.stream_socket_client('ssl://127.0.0.1:' + workerData.port, null, null, 10, p.STREAM_CLIENT_CONNECT, ctx);
        p.fwrite(s, 'w' + i + '\\n');
        held.push(p.fgets(s));
      }
      parentPort.postMessage(held);
      setInterval(() => {}, 1000);
      `,
      { eval: true, workerData: { dir: fixtures, port } },
    );
    const held = await new Promise<string[]>((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
    });
    expect(held).toEqual(['w0\n', 'w1\n', 'w2\n', 'w3\n', 'w4\n']);
    expect([...socketFds()].filter((fd) => !before.has(fd)).length).toBe(5);
    await w.terminate();
    expect([...socketFds()].filter((fd) => !before.has(fd))).toEqual([]);
    const s = p.stream_socket_client(`ssl://127.0.0.1:${port}`, null, null, 10, p.STREAM_CLIENT_CONNECT, caCtx()) as p.Stream;
    p.fwrite(s, 'main\n');
    expect(p.fgets(s)).toBe('main\n');
    p.fclose(s);
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

describe.runIf(gc)('the collector sends close_notify for a TLS stream nobody closed', () => {
  it('the peer reads the close_notify record, then the end of the connection, as from PHP', () => {
    // Both ends in this thread: STARTTLS, nonblocking. PHP (the same steps, then unset($cl)):
    // recvfrom gives 24 raw bytes "17030300 13…" (TLS 1.3's encrypted alert), then false.
    const srv = p.stream_socket_server(
      'tcp://127.0.0.1:0',
      null,
      null,
      p.STREAM_SERVER_BIND | p.STREAM_SERVER_LISTEN,
      p.stream_context_create({ ssl: { local_cert: fixtures + 'server.pem', local_pk: fixtures + 'server.key' } }),
    ) as p.Stream;
    const name = p.stream_socket_get_name(srv, false) as string;
    let sv: p.Stream | null = null;
    (() => {
      const cl = p.stream_socket_client(`tcp://${name}`, null, null, 5, p.STREAM_CLIENT_CONNECT, caCtx()) as p.Stream;
      sv = p.stream_socket_accept(srv, 5) as p.Stream;
      p.stream_set_blocking(cl, false);
      p.stream_set_blocking(sv, false);
      const done = [false, false];
      for (let i = 0; i < 200 && !(done[0] && done[1]); i++) {
        if (!done[0]) done[0] = p.stream_socket_enable_crypto(cl, true, p.STREAM_CRYPTO_METHOD_TLS_CLIENT) === true;
        if (!done[1]) done[1] = p.stream_socket_enable_crypto(sv, true, p.STREAM_CRYPTO_METHOD_TLS_SERVER) === true;
      }
      expect(done).toEqual([true, true]);
      expect(p.fread(cl, 100)).toBe('');
    })();
    gc!();
    native.reclaim();
    const s = sv! as p.Stream;
    p.stream_set_blocking(s, true);
    expect(p.stream_select([s], null, null, 5)).toBe(1);
    const raw = p.stream_socket_recvfrom(s, 100) as string;
    expect([raw.length, Buffer.from(raw, 'latin1').subarray(0, 5).toString('hex')]).toEqual([24, '1703030013']);
    expect(p.stream_socket_recvfrom(s, 100)).toBe(false);
    p.fclose(s);
    p.fclose(srv);
  });
});

describe('without OpenSSL', () => {
  const root = fileURLToPath(new URL('../', import.meta.url));

  it('native code never includes OpenSSL headers nor links libssl', () => {
    for (const f of readdirSync(root + 'native')) {
      expect(readFileSync(`${root}native/${f}`, 'utf8')).not.toMatch(/#\s*include\s*[<"]openssl\//);
    }
    for (const f of ['CMakeLists.txt', 'binding.gyp']) {
      expect(readFileSync(root + f, 'utf8')).not.toMatch(/-l(ssl|crypto)\b|OpenSSL::/);
    }
  });

  // The build proof: with an include tree that is Node's own headers (node-gyp's include path)
  // minus openssl/, every source of the addon preprocesses and tls.cc compiles, and the
  // compiler's list of the headers it read (-H) holds no OpenSSL header: none is needed, wherever
  // one may be installed. The built addon imports no OpenSSL symbol (all are looked up with dlsym
  // at run time), so it links and loads without libssl. .ci/run builds and loads the whole addon
  // with node-gyp against that same header tree.
  it.runIf(spawnSync('c++', ['--version']).status === 0)(
    'the addon compiles with no OpenSSL header on the include path, and imports no OpenSSL symbol',
    async () => {
      const prefix = dirname(dirname(realpathSync(process.execPath)));
      const nodeInc = existsSync(`${prefix}/include/node/node_api.h`)
        ? `${prefix}/include/node`
        : `${root}node_modules/node-api-headers/include`;
      const tmp = mkdtempSync(join(tmpdir(), 'php-sockets-noopenssl-'));
      try {
        mkdirSync(`${tmp}/node`);
        for (const e of readdirSync(nodeInc)) if (e !== 'openssl') symlinkSync(`${nodeInc}/${e}`, `${tmp}/node/${e}`);
        const cmake = readFileSync(root + 'CMakeLists.txt', 'utf8');
        const sources = /set\(PHP_SOCKETS_SOURCES\s+([^)]*)\)/.exec(cmake)![1]!.split(/\s+/).filter(Boolean);
        const defines = [...cmake.matchAll(/add_definitions\((-D[^)]+)\)/g)].map((m) => m[1]!);
        const addonApi = String(createRequire(root).call(null, 'node-addon-api').include_dir).replace(/"/g, '');
        const compile = (src: string) =>
          new Promise<{ src: string; status: number | null; headers: string[]; err: string }>((resolve) => {
            // Preprocessing resolves every #include; tls.cc, the file that calls OpenSSL, is also
            // compiled (parsed and type-checked) with its own declarations only.
            const mode = src === 'native/tls.cc' ? ['-fsyntax-only'] : ['-E', '-o', '/dev/null'];
            const args = ['-std=c++17', ...mode, '-H', '-fno-exceptions', ...defines, `-I${tmp}/node`, `-I${addonApi}`, src];
            const c = spawn('c++', args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
            let err = '';
            c.stderr.on('data', (d: Buffer) => (err += String(d)));
            c.on('close', (status) => {
              const headers = err.split('\n').filter((l) => /^\.+ /.test(l)).map((l) => l.replace(/^\.+ /, ''));
              resolve({ src, status, headers, err });
            });
          });
        const results = [];
        for (let i = 0; i < sources.length; i += 2) results.push(...(await Promise.all(sources.slice(i, i + 2).map(compile))));
        expect(sources).toContain('native/tls.cc');
        for (const r of results) {
          expect(r.status, `${r.src}: ${r.err.split('\n').filter((l) => !/^\.+ /.test(l)).join('\n')}`).toBe(0);
          expect(r.headers.filter((h) => /(^|\/)openssl\//.test(h)), r.src).toEqual([]);
        }
        // The tree given was the one used.
        expect(results.find((r) => r.src === 'native/addon.cc')!.headers).toContain(`${tmp}/node/node_api.h`);
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
      const nm = spawnSync('nm', ['-D', '--undefined-only', root + 'build/Release/php_sockets.node'], { encoding: 'utf8' });
      if (nm.status === 0) {
        const undefinedSymbols = nm.stdout.split('\n').map((l) => l.trim().split(/\s+/).pop()!);
        expect(undefinedSymbols.some((n) => /^dlsym\b/.test(n))).toBe(true);
        expect(undefinedSymbols.filter((n) => /^(SSL|X509|EVP|ERR|BIO|PEM|OPENSSL|ASN1|CRYPTO|OBJ|i2d|d2i|TLS)_/.test(n))).toEqual([]);
      }
    },
    120000,
  );

  it('TLS is unavailable as in a PHP without the openssl extension', () => {
    // A PHP build without ext/openssl has no ssl/tls transports: each is an unknown transport,
    // whose text this PHP gives for any unregistered name. Its tcp:// is xp_socket.c's own
    // (stream_type "tcp_socket", main/streams/xp_socket.c), with no crypto API: the path PHP
    // takes here for a udp stream.
    const unknown = 'nosuch';
    const phpScript = `
      set_error_handler(function ($n, $s) { echo $s, "\\n"; return true; });
      $r = fsockopen('${unknown}://127.0.0.1', 1, $errno, $errstr, 1); var_dump($r, $errno, $errstr);
      $r = pfsockopen('${unknown}://127.0.0.1', 1, $errno, $errstr, 1); var_dump($r, $errno, $errstr);
      $r = stream_socket_client('${unknown}://127.0.0.1:1', $errno, $errstr, 1); var_dump($r, $errno, $errstr);
      $r = stream_socket_server('${unknown}://127.0.0.1:0', $errno, $errstr); var_dump($r, $errno, $errstr);
      $u = stream_socket_client('udp://127.0.0.1:9');
      var_dump(stream_socket_enable_crypto($u, true, STREAM_CRYPTO_METHOD_TLS_CLIENT));
      try { stream_socket_enable_crypto($u, true); } catch (ValueError $e) { echo $e->getMessage(), "\\n"; }
      var_dump(stream_socket_enable_crypto($u, false));`;
    const jsScript = `
      import * as p from ${JSON.stringify(libEntry)};
      p.set_error_handler((_n, s) => { console.log(s); return true; });
      const dump = (...vs) => { for (const v of vs) console.log(typeof v === 'string' ? \`string(\${v.length}) "\${v}"\` : typeof v === 'number' ? \`int(\${v})\` : \`bool(\${v})\`); };
      const errno = p.ref(), errstr = p.ref();
      const [a, b, c, d] = process.argv.slice(1);
      dump(p.fsockopen(a + '://127.0.0.1', 1, errno, errstr, 1), errno.value, errstr.value);
      dump(p.pfsockopen(b + '://127.0.0.1', 1, errno, errstr, 1), errno.value, errstr.value);
      dump(p.stream_socket_client(c + '://127.0.0.1:1', errno, errstr, 1), errno.value, errstr.value);
      dump(p.stream_socket_server(d + '://127.0.0.1:0', errno, errstr), errno.value, errstr.value);
      const srv = p.stream_socket_server('tcp://127.0.0.1:0');
      const t = p.stream_socket_client('tcp://' + p.stream_socket_get_name(srv, false));
      dump(p.stream_socket_enable_crypto(t, true, p.STREAM_CRYPTO_METHOD_TLS_CLIENT));
      try { p.stream_socket_enable_crypto(t, true); } catch (e) { console.log(e.message); }
      dump(p.stream_socket_enable_crypto(t, false));
      console.error(JSON.stringify([p.stream_get_meta_data(t).stream_type, p.stream_get_transports()]));`;
    const tsx = fileURLToPath(new URL('../node_modules/tsx/dist/esm/index.mjs', import.meta.url));
    const names = ['ssl', 'tls', 'tlsv1.2', 'tlsv1.3'];
    const r = spawnSync(process.execPath, ['--import', `file://${tsx}`, '--input-type=module', '-e', jsScript, ...names], {
      encoding: 'utf8',
      env: { ...process.env, PHP_SOCKETS_NO_OPENSSL: '1', NODE_OPTIONS: '' },
      timeout: 30000,
    });
    expect(JSON.parse(r.stderr)).toEqual(['tcp_socket', ['tcp', 'udp', 'unix', 'udg']]);
    const ours = r.stdout.split('\n');
    expect(ours[0]).toBe(
      'fsockopen(): Unable to connect to ssl://127.0.0.1:1 (Unable to find the socket transport "ssl" - did you forget to enable it when you configured PHP?)',
    );
    if (!hasPhp) return;
    const theirs = php(phpScript).split('\n');
    expect(ours).toHaveLength(theirs.length);
    // PHP's lines with the unknown name replaced by the one the port was given in that call
    // (four lines a call: the warning, the result, $errno, $errstr).
    const expected = theirs.map((line, i) => {
      const name = names[Math.floor(i / 4)];
      if (name === undefined) return line;
      const text = line.replaceAll(unknown, name);
      const str = /^string\(\d+\) "(.*)"$/.exec(text);
      return str ? `string(${str[1]!.length}) "${str[1]}"` : text;
    });
    expect(ours).toEqual(expected);
  });
});
