// php-sockets-compare's modes (bin/compare.mjs, `php-sockets/compare`): a server under a driver, a
// client against a peer, the recording proxy and its byte diff, user normalising, and the prelude's
// handling of PHP's `@`. Fixtures: test/compare/; the seed examples: examples/.
import { spawn } from 'node:child_process';
import net from 'node:net';
import { copyFileSync } from 'node:fs';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { comparePorts, killAll, type ComparePortsOptions } from 'php-sockets/compare';
import { runPhp, transcript } from '../bin/compare-lib.mjs';
import { startProxy, wireLog, type ProxyAddress } from '../bin/wire.mjs';
import { hasPhp } from './helpers/php.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSCONFIG = join(ROOT, 'tsconfig.json');
/** Each comparison starts a few processes, each killed after 20 s at most. */
const T = 60000;
/** Servers that end by themselves get 5 s to do it on a loaded machine (it costs nothing when
 * they do); those that serve until stopped are stopped sooner, with `STOP`. */
const base: Partial<ComparePortsOptions> = { cwd: ROOT, tsconfig: TSCONFIG, timeoutMs: 20000, readyTimeoutMs: 10000, lingerMs: 5000 };
const STOP = { lingerMs: 500 };
const scratch = mkdtempSync(join(tmpdir(), 'phpsc-test-'));
/** A wrong port of test/compare/greet-server.php: it prints the same, but greets with "hello World". */
const WRONG = join(scratch, 'greet-server-wrong.ts');
writeFileSync(WRONG, readFileSync(join(ROOT, 'test/compare/greet-server.ts'), 'utf8').replace("'hello world\\n'", "'hello World\\n'"));

afterAll(() => {
  killAll();
  rmSync(scratch, { recursive: true, force: true });
});

/** True while `pid` runs (a zombie waiting to be reaped counts as gone). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** The pids the hang-server fixtures recorded in `dir`, once `count` are there (bounded wait). */
async function recordedPids(dir: string, count: number): Promise<number[]> {
  for (let i = 0; i < 200 && readdirSync(dir).length < count; i++) await new Promise((r) => setTimeout(r, 50));
  return readdirSync(dir).map(Number);
}

/** Waits (bounded, 5 s) until none of `pids` runs; returns those still running. */
async function survivors(pids: number[]): Promise<number[]> {
  for (let i = 0; i < 100 && pids.some(alive); i++) await new Promise((r) => setTimeout(r, 50));
  return pids.filter(alive);
}

function pidsDir(name: string): string {
  const dir = join(scratch, name);
  mkdirSync(dir);
  return dir;
}


/** Runs node with `args` in the repository to its end (killed after 50 s at most). */
function node(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((res) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 50000);
    child.on('close', (code) => {
      clearTimeout(timer);
      res({ code, stdout, stderr });
    });
  });
}

/** Runs the command (bin/php-sockets-compare.mjs) to its end. */
const cli = (args: string[]) => node([join(ROOT, 'bin/php-sockets-compare.mjs'), ...args]);

describe('the recording proxy', () => {
  it.each(['tcp', 'unix'] as const)('%s: forwards a half-close as a half-close, and a reset as a reset where TCP has one', async (kind) => {
    const where = (name: string): ProxyAddress => (kind === 'tcp' ? { host: '127.0.0.1', port: 0 } : { path: join(scratch, `${name}.sock`) });
    // A server that answers "one" with "ONE" and the end of its data, and resets on "two".
    const server = net.createServer({ allowHalfOpen: true }, (c) => {
      c.on('error', () => {});
      c.on('data', (d) => (String(d) === 'one' ? c.end('ONE') : kind === 'tcp' ? c.resetAndDestroy() : c.destroy()));
    });
    await new Promise<void>((res) => server.listen(where(`proxied-${kind}`), res));
    const a = server.address();
    const target: ProxyAddress = typeof a === 'string' ? { path: a } : { host: '127.0.0.1', port: a!.port };
    const proxy = await startProxy(kind, where(`proxy-${kind}`), () => target);
    try {
      const talk = (data: string) =>
        new Promise<string>((res) => {
          const c = net.connect({ ...proxy.address, allowHalfOpen: true } as net.NetConnectOpts);
          let got = '';
          c.on('data', (d) => (got += d));
          c.on('end', () => c.end());
          c.on('error', (e: NodeJS.ErrnoException) => (got += `<${e.code}>`));
          c.on('close', () => res(got));
          c.write(data);
        });
      expect(await talk('one')).toBe('ONE');
      expect(await talk('two')).toBe(kind === 'tcp' ? '<ECONNRESET>' : '');
      await proxy.close();
      const log = wireLog(proxy.connections);
      expect(log.map((c) => [String(c.toServer), String(c.toClient), c.clientEnd, c.serverEnd, c.error])).toEqual([
        ['one', 'ONE', 'close', 'close', null],
        // (After a reset, the client sends nothing more: its side of the connection stays open.)
        ['two', '', kind === 'tcp' ? 'open' : 'close', kind === 'tcp' ? 'reset' : 'close', null],
      ]);
    } finally {
      await proxy.close();
      server.close();
    }
  });
});

// Every comparison below runs at once with the others (vitest's maxConcurrency at a time): each
// has its own ports and temp dirs.
describe.runIf(hasPhp).concurrent('php-sockets-compare', () => {
  describe('server mode', () => {
    it('compares a server, its driver and the bytes between them', async ({ expect }) => {
      const r = await comparePorts({
        ...base,
        php: 'test/compare/greet-server.php',
        ts: 'test/compare/greet-server.ts',
        driver: 'test/compare/greet-client.php {port}',
        wire: true,
      });
      expect(r.identical, r.diff).toBe(true);
      expect(r.mode).toBe('server');
      expect(r.differences).toEqual([]);
      for (const side of [r.php!, r.ts!]) {
        expect(side.program.transcript).toBe('served: ping\n');
        expect(side.counterpart!.transcript).toBe('12 14\n');
        expect(side.ready!.ok).toBe(true);
        expect(side.wire).toHaveLength(1);
        const c = side.wire![0]!;
        expect(c.toServer.toString()).toBe('ping\n');
        expect(c.toClient.toString()).toBe('hello world\nyou said ping\n');
        expect([c.clientEnd, c.serverEnd]).toEqual(['close', 'close']);
      }
    }, T);

    it('fails a port that prints the same but sends one byte differently, showing where', async ({ expect }) => {
      const r = await comparePorts({
        ...base,
        php: 'test/compare/greet-server.php',
        ts: WRONG,
        driver: 'test/compare/greet-client.php {port}',
        wire: true,
      });
      expect(r.identical).toBe(false);
      expect(r.differences).toEqual(['wire']);
      expect(r.php!.program.transcript).toBe(r.ts!.program.transcript);
      expect(r.diff).toBe(
        'wire: connection 1, server -> client: first difference at byte 6 (php: 26 bytes, ts: 26 bytes)\n' +
          '  php:\n' +
          '    00000000  68 65 6c 6c 6f 20 77 6f  72 6c 64 0a 79 6f 75 20  |hello world.you |\n' +
          '                                ^^\n' +
          '    00000010  73 61 69 64 20 70 69 6e  67 0a                    |said ping.|\n' +
          '  ts:\n' +
          '    00000000  68 65 6c 6c 6f 20 57 6f  72 6c 64 0a 79 6f 75 20  |hello World.you |\n' +
          '                                ^^\n' +
          '    00000010  73 61 69 64 20 70 69 6e  67 0a                    |said ping.|\n' +
          '  php text: "hello " >> "world\\nyou said ping\\n"\n' +
          '  ts  text: "hello " >> "World\\nyou said ping\\n"\n',
      );
    }, T);

    it('without --wire the same wrong port passes: only the proxy sees the bytes', async ({ expect }) => {
      const r = await comparePorts({
        ...base,
        php: 'test/compare/greet-server.php',
        ts: WRONG,
        driver: 'test/compare/greet-client.php {port}',
      });
      expect(r.identical, r.diff).toBe(true);
      expect(r.php!.wire).toBeUndefined();
    }, T);
  });

  describe('readiness from the output', () => {
    it("--ready: a server that picks its own port and prints it is driven at that port (by a TS driver)", async ({ expect }) => {
      const r = await comparePorts({
        ...base,
        php: 'examples/talkback-server.php',
        ts: 'examples/talkback-server.ts',
        ready: 'Listening on [\\d.]+:(\\d+)',
        driver: 'examples/talkback-client.ts {port} Hello shutdown',
        wire: true,
      });
      expect(r.identical, r.diff).toBe(true);
      expect(r.php!.wire![0]!.toServer.toString()).toBe('Hello\nshutdown\n');
      expect(r.php!.program.transcript).toBe('Listening on 127.0.0.1:<port1>\nHello\n');
    }, T);
  });

  describe('the seed examples in server mode, wire bytes compared', () => {
    const cases: [string, Partial<ComparePortsOptions>, number][] = [
      ['talkback-server', { args: ['{port}'], driver: 'examples/talkback-client.php {port} Hello é 0 shutdown' }, 1],
      ['1935-server', { args: ['{port}'], driver: 'for i in 1 2 3 4 5; do php examples/1935-client.php {port}; done' }, 5],
      ['stream-echo-server', { args: ['{port}'], driver: 'examples/stream-echo-server.php clients {address}' }, 3],
      ['stream-select-server', { args: ['{port}'], driver: 'examples/stream-select-server.php clients {address}' }, 3],
    ];
    it.each(cases)('%s', async (name, opts, connections) => {
      const r = await comparePorts({ ...base, php: `examples/${name}.php`, ts: `examples/${name}.ts`, wire: true, ...opts });
      expect(r.identical, r.diff).toBe(true);
      expect(r.php!.wire).toHaveLength(connections);
      expect(r.php!.wire!.every((c) => c.toServer.length > 0 && c.toClient.length > 0 && c.error === null)).toBe(true);
      expect(r.php!.program.code).toBe(0);
      expect(r.php!.counterpart!.code).toBe(0);
    }, T);
  });

  describe('client mode', () => {
    it('runs each side against its own peer server and compares all three', async ({ expect }) => {
      const r = await comparePorts({
        ...base,
        php: 'examples/talkback-client.php',
        ts: 'examples/talkback-client.ts',
        args: ['{port}', 'Hi', 'quit'],
        peer: 'examples/talkback-server.php {port}',
        wire: true,
        ...STOP,
      });
      expect(r.identical, r.diff).toBe(true);
      expect(r.mode).toBe('client');
      expect(r.php!.program.transcript).toContain("> Hi\nPHP: You said 'Hi'.\n> quit\nConnection closed by the server.\n");
      // The peer serves until 'shutdown': the tool stops it once the client is done.
      expect(r.php!.counterpart!.transcript).toMatch(/^Listening on 127\.0\.0\.1:<port1>\nHi\n\[stopped: still running 0\.5s after the client ended\]\n$/);
      expect(r.php!.wire![0]!.toServer.toString()).toBe('Hi\nquit\n');
    }, T);

    it('over a unix socket: {socket} is a path in the side temp dir', async ({ expect }) => {
      const php = join(scratch, 'unix-client.php');
      const ts = join(scratch, 'unix-client.ts');
      writeFileSync(php, `<?php\n$s = socket_create(AF_UNIX, SOCK_STREAM, 0);\nvar_dump(socket_connect($s, $argv[1]));\nsocket_write($s, "hi\\n");\necho socket_read($s, 100);\nvar_dump($argv[1]);\n`);
      writeFileSync(
        ts,
        `import { AF_UNIX, SOCK_STREAM, echo, socket_connect, socket_create, socket_read, socket_write, var_dump, type Socket } from 'php-sockets';\n` +
          `const s = socket_create(AF_UNIX, SOCK_STREAM, 0) as Socket;\nvar_dump(socket_connect(s, process.argv[2]!));\nsocket_write(s, 'hi\\n');\necho(socket_read(s, 100) as string);\nvar_dump(process.argv[2]);\n`,
      );
      const peer = `node -e "const s=require('net').createServer(c=>c.on('data',d=>c.end('got '+d))).listen(process.argv[1])" {socket}`;
      const r = await comparePorts({ ...base, php, ts, args: ['{socket}'], peer, transport: 'unix', wire: true, ...STOP });
      expect(r.identical, r.diff).toBe(true);
      expect(r.php!.program.transcript).toMatch(/^bool\(true\)\ngot hi\nstring\(\d+\) "<TMP>\/wire\.sock"\n$/);
      expect(r.php!.wire![0]!.toClient.toString()).toBe('got hi\n');
    }, T);
  });

  describe('UDP', () => {
    it('records datagrams each way, boundaries kept, and compares them', async ({ expect }) => {
      const php = join(scratch, 'udp-client.php');
      const ts = join(scratch, 'udp-client.ts');
      const wrong = join(scratch, 'udp-client-wrong.ts');
      writeFileSync(
        php,
        "<?php\n$s = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);\nsocket_sendto($s, 'ping 1', 6, 0, '127.0.0.1', (int) $argv[1]);\n" +
          "socket_sendto($s, 'ping 2', 6, 0, '127.0.0.1', (int) $argv[1]);\nfor ($i = 0; $i < 2; $i++) {\n" +
          "    var_dump(socket_recvfrom($s, $buf, 100, 0, $from, $port), $buf);\n}\n",
      );
      const port = (send2: string) =>
        "import { AF_INET, SOCK_DGRAM, SOL_UDP, ref, socket_create, socket_recvfrom, socket_sendto, var_dump, type Socket } from 'php-sockets';\n" +
        "const s = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP) as Socket;\nsocket_sendto(s, 'ping 1', 6, 0, '127.0.0.1', Number(process.argv[2]));\n" +
        `socket_sendto(s, '${send2}', ${send2.length}, 0, '127.0.0.1', Number(process.argv[2]));\n` +
        'const buf = ref<string>(), from = ref<string>(), p = ref<number>();\nfor (let i = 0; i < 2; i++) {\n' +
        '  var_dump(socket_recvfrom(s, buf, 100, 0, from, p), buf.value);\n}\n';
      writeFileSync(ts, port('ping 2'));
      // Sends "ping 2" as two datagrams: the same bytes, other boundaries; it reads two replies only.
      writeFileSync(wrong, port('ping 2').replace("socket_sendto(s, 'ping 2', 6,", "socket_sendto(s, 'ping', 4, 0, '127.0.0.1', Number(process.argv[2]));\nsocket_sendto(s, ' 2', 2,"));
      const peer = `node -e "const s=require('dgram').createSocket('udp4');s.on('message',(m,r)=>s.send('echo '+m,r.port,r.address));s.bind(+process.argv[1],'127.0.0.1')" {port}`;
      const opts = { ...base, php, args: ['{port}'], peer, transport: 'udp' as const, wire: true, ...STOP };
      const [r, w] = await Promise.all([comparePorts({ ...opts, ts }), comparePorts({ ...opts, ts: wrong })]);
      expect(r.identical, r.diff).toBe(true);
      expect(r.php!.program.transcript).toBe('int(11)\nstring(11) "echo ping 1"\nint(11)\nstring(11) "echo ping 2"\n');
      const c = r.ts!.wire![0]!;
      expect(c.datagrams!.toServer.map(String)).toEqual(['ping 1', 'ping 2']);
      expect(c.datagrams!.toClient.map(String)).toEqual(['echo ping 1', 'echo ping 2']);
      expect(w.identical).toBe(false);
      expect(w.differences).toContain('wire');
      expect(w.diff).toContain('wire: connection 1, client -> server, datagram 2: first difference at byte 4 (php: 6 bytes, ts: 4 bytes)\n');
    }, T);
  });

  describe('normalising', () => {
    it("--normalize 'regex=replacement' rewrites both transcripts before comparing", async ({ expect }) => {
      const php = join(scratch, 'norm.php');
      const ts = join(scratch, 'norm.ts');
      writeFileSync(php, '<?php\necho "request 1234 at 10:00:01\\n";\n');
      writeFileSync(ts, "import { echo } from 'php-sockets';\necho('request 987 at 23:59:59\\n');\n");
      const opts = { ...base, php, ts };
      const plain = await comparePorts(opts);
      expect(plain.identical).toBe(false);
      expect(plain.diff).toContain('-request 1234 at 10:00:01\n+request 987 at 23:59:59\n');
      // (--serial: PHP's side first, then the port's.)
      const r = await comparePorts({ ...opts, normalize: ['\\d\\d:\\d\\d:\\d\\d=<time>', 'request \\d+=request <id>'], parallel: false });
      expect(r.identical, r.diff).toBe(true);
      expect(r.php!.program.transcript).toBe('request <id> at <time>\n');
    }, T);

    it('refuses a rule without a replacement part, naming it', async () => {
      await expect(comparePorts({ ...base, php: 'examples/talkback-client.php', ts: 'examples/talkback-client.ts', normalize: 'abc' })).rejects.toThrow(
        'normalize rule "abc" has no \'=\' between regex and replacement',
      );
    });
  });

  describe("the PHP prelude and PHP's @", () => {
    it('prints no warning PHP silenced (@, or error_reporting() without the level), as plain PHP', async () => {
      const script = join(scratch, 'at.php');
      writeFileSync(
        script,
        "<?php\n$s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);\nvar_dump(@socket_connect($s, '127.0.0.1', 1));\n" +
          "echo error_get_last()['message'], \"\\n\";\nerror_reporting(E_ALL & ~E_WARNING);\nvar_dump(socket_connect($s, '127.0.0.1', 1));\n" +
          "error_reporting(E_ALL);\nvar_dump(socket_connect($s, '127.0.0.1', 1));\n",
      );
      const r = await runPhp(script, { timeoutMs: 20000 });
      // Plain `php` prints the same (with " in FILE on line N" after the last warning).
      expect(transcript(r)).toBe(
        'bool(false)\nsocket_connect(): unable to connect [111]: Connection refused\nbool(false)\n' +
          'Warning: socket_connect(): unable to connect [111]: Connection refused\nbool(false)\n',
      );
    });

    it('--module: a port importing the library by path gets its warnings printed (a relative path is from cwd)', async () => {
      const php = join(scratch, 'by-path.php');
      const ts = join(scratch, 'by-path.ts');
      writeFileSync(php, "<?php\n$s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);\nvar_dump(socket_connect($s, '127.0.0.1', 1));\n");
      writeFileSync(
        ts,
        `import { AF_INET, SOCK_STREAM, SOL_TCP, socket_connect, socket_create, var_dump, type Socket } from ${JSON.stringify(join(ROOT, 'lib/index.ts'))};\n` +
          "const s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;\nvar_dump(socket_connect(s, '127.0.0.1', 1));\n",
      );
      const r = await comparePorts({ ...base, php, ts, module: './lib/index.ts' });
      expect(r.identical, r.diff).toBe(true);
      expect(r.ts!.program.transcript).toBe('Warning: socket_connect(): unable to connect [111]: Connection refused\nbool(false)\n');
    }, T);

    it("compares var_dump(@socket_connect(...)) equal to a port using silence(), and error_reporting() alike", async () => {
      const php = join(scratch, 'at-pair.php');
      const ts = join(scratch, 'at-pair.ts');
      writeFileSync(
        php,
        "<?php\n$s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);\nvar_dump(@socket_connect($s, '127.0.0.1', 1));\n" +
          "var_dump(socket_connect($s, '127.0.0.1', 1));\nerror_reporting(E_ALL & ~E_WARNING);\nvar_dump(socket_connect($s, '127.0.0.1', 1));\n",
      );
      writeFileSync(
        ts,
        "import { AF_INET, E_ALL, E_WARNING, SOCK_STREAM, SOL_TCP, error_reporting, silence, socket_connect, socket_create, var_dump, type Socket } from 'php-sockets';\n" +
          "const s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;\nvar_dump(silence(() => socket_connect(s, '127.0.0.1', 1)));\n" +
          "var_dump(socket_connect(s, '127.0.0.1', 1));\nerror_reporting(E_ALL & ~E_WARNING);\nvar_dump(socket_connect(s, '127.0.0.1', 1));\n",
      );
      const r = await comparePorts({ ...base, php, ts });
      expect(r.identical, r.diff).toBe(true);
      expect(r.php!.program.transcript).toBe('bool(false)\nWarning: socket_connect(): unable to connect [111]: Connection refused\nbool(false)\nbool(false)\n');
    }, T);
  });

  describe('bounded waits, and no process left behind', () => {
    it('a server never ready is stopped after --ready-timeout, its children with it, and its driver never runs', async ({ expect }) => {
      const dir = pidsDir('never-ready');
      const r = await comparePorts({
        ...base,
        php: 'test/compare/hang-server.php',
        ts: 'test/compare/hang-server.ts',
        driver: 'test/compare/greet-client.php {port}',
        readyTimeoutMs: 1500,
        env: { ...process.env, PIDS_DIR: dir },
      });
      expect(r.identical).toBe(false);
      expect(r.differences).toContain('incomplete');
      for (const side of [r.php!, r.ts!]) {
        expect(side.ready).toMatchObject({ ok: false, error: 'not ready after 1.5s' });
        // (Whether the port printed "up" within 1.5 s depends on how fast tsx starts.)
        expect(side.program.transcript).toMatch(/^(up\n)?\[stopped: not ready: not ready after 1\.5s\]\n$/);
        expect(side.counterpart!.notRun).toBe('the server was not ready (not ready after 1.5s)');
      }
      expect(r.diff).toContain('php test/compare/hang-server.php: not ready: not ready after 1.5s\n');
      // PHP's side records its two pids at once; the port's, if tsx started it within the 1.5 s.
      const pids = await recordedPids(dir, 2);
      expect(pids.length).toBeGreaterThanOrEqual(2);
      expect(await survivors(pids)).toEqual([]);
    }, T);

    it('a driver that hangs is killed after --timeout, and the server after it', async ({ expect }) => {
      const dir = pidsDir('driver-hangs');
      const r = await comparePorts({
        ...base,
        php: 'test/compare/hang-server.php',
        ts: 'test/compare/hang-server.ts',
        args: ['listen'],
        driver: 'echo $$ > "$PIDS_DIR/driver-$PHP_SOCKETS_COMPARE_PORT"; sleep 60',
        timeoutMs: 3000,
        env: { ...process.env, PIDS_DIR: dir },
        ...STOP,
      });
      expect(r.differences).toEqual(['incomplete']);
      for (const side of [r.php!, r.ts!]) {
        expect(side.ready!.ok).toBe(true);
        expect(side.counterpart!.timedOut).toBe(true);
        expect(side.counterpart!.transcript).toBe('[timed out after 3s]\n');
        expect(side.program.stopped).toBe('still running 0.5s after the driver ended');
      }
      const files = readdirSync(dir);
      const pids = [...files.filter((f) => /^\d+$/.test(f)).map(Number), ...files.filter((f) => f.startsWith('driver-')).map((f) => Number(readFileSync(join(dir, f), 'utf8')))];
      expect(pids).toHaveLength(6);
      expect(await survivors(pids)).toEqual([]);
    }, T);

    it('the command, ended by SIGTERM mid-run, ends every process it started and removes its temp dirs', async ({ expect }) => {
      const dir = pidsDir('cli-killed');
      const tmp = pidsDir('cli-killed-tmp');
      const cli = spawn(
        process.execPath,
        [join(ROOT, 'bin/php-sockets-compare.mjs'), '--tsconfig', TSCONFIG, '--driver', 'test/compare/greet-client.php {port}', 'test/compare/hang-server.php', 'test/compare/hang-server.ts'],
        { cwd: ROOT, env: { ...process.env, PIDS_DIR: dir, TMPDIR: tmp }, stdio: 'ignore' },
      );
      const exited = new Promise<number | null>((res) => cli.on('exit', (code) => res(code)));
      const pids = await recordedPids(dir, 4);
      expect(pids).toHaveLength(4);
      const ours = () => readdirSync(tmp).filter((f) => f.startsWith('phpsc-')); // (tsx keeps its cache there too)
      expect(ours()).toHaveLength(2); // a temp dir per side
      cli.kill('SIGTERM');
      expect(await exited).toBe(130);
      expect(await survivors(pids)).toEqual([]);
      expect(ours()).toEqual([]);
    }, T);
  });

  describe('the command', () => {
    it('server mode: exit 1 and the wire diff for a port one byte off', async ({ expect }) => {
      const r = await cli(['--tsconfig', TSCONFIG, '--show', '--linger', '5', '--wire', '--driver', 'test/compare/greet-client.php {port}', 'test/compare/greet-server.php', WRONG]);
      expect(r.code).toBe(1);
      // --show: each side's transcripts and wire log first.
      expect(r.stdout).toMatch(/^=== php test\/compare\/greet-server\.php \(\d+ ms\)\nserved: ping\n=== php side: driver test\/compare\/greet-client\.php \d+ \(\d+ ms\)\n12 14\n=== php side: wire\n/);
      expect(r.stdout).toContain('=== ts side: wire\nconnection 1 (tcp)\n  client -> server (5 bytes, close): "ping\\n"\n  server -> client (26 bytes, close): "hello World\\nyou said ping\\n"\n===\n');
      expect(r.stdout).toContain('wire: connection 1, server -> client: first difference at byte 6 (php: 26 bytes, ts: 26 bytes)\n');
      expect(r.stdout).toMatch(/php-sockets-compare: differ \(wire\)\n$/);
    }, T);

    it('--typecheck: a port with a type error fails with exit status 3 and tsc\'s message, before running', async ({ expect }) => {
      const php = join(scratch, 'typed.php');
      const ts = join(scratch, 'typed.ts');
      writeFileSync(php, '<?php\nvar_dump(socket_create(AF_INET, SOCK_STREAM, SOL_TCP) !== false);\n');
      writeFileSync(
        ts,
        "import { AF_INET, SOCK_STREAM, SOL_TCP, socket_create, var_dump } from 'php-sockets';\n" +
          'const s: number = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);\nvar_dump(s !== 0);\n',
      );
      // As in a user's project: the package's published types (dist/, built by npm ci).
      const tsconfig = join(scratch, 'tsconfig.json');
      writeFileSync(
        tsconfig,
        JSON.stringify({
          compilerOptions: {
            strict: true,
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            target: 'ES2022',
            skipLibCheck: true,
            types: ['node'],
            typeRoots: [join(ROOT, 'node_modules/@types')],
            paths: { 'php-sockets': [join(ROOT, 'dist/index.d.ts')] },
          },
        }),
      );
      const r = await cli(['--typecheck', '--tsconfig', tsconfig, php, ts]);
      expect(r.code).toBe(3);
      expect(r.stdout).toContain("typed.ts(2,7): error TS2322: Type 'false | Socket' is not assignable to type 'number'.");
      expect(r.stdout).toMatch(/php-sockets-compare: type errors in the port\n$/);
      // Nothing ran (the port itself would print what PHP prints: only the type check catches it).
      expect(r.stdout).not.toContain('bool(true)');
    }, T);

    it('a directory: every pair compared (options from NAME.compare.json), a summary, exit 1 if any differs', async ({ expect }) => {
      const dir = join(scratch, 'pairs');
      mkdirSync(dir);
      writeFileSync(join(dir, 'same.php'), '<?php\necho "one\\n";\n');
      writeFileSync(join(dir, 'same.ts'), "import { echo } from 'php-sockets';\necho('one\\n');\n");
      writeFileSync(join(dir, 'other.php'), '<?php\necho "one\\n";\n');
      writeFileSync(join(dir, 'other.ts'), "import { echo } from 'php-sockets';\necho('two\\n');\n");
      for (const f of ['greet-server.php', 'greet-server.ts', 'greet-client.php']) copyFileSync(join(ROOT, 'test/compare', f), join(dir, f));
      writeFileSync(join(dir, 'greet-server.compare.json'), JSON.stringify({ driver: 'greet-client.php {port}', wire: true, lingerMs: 5000 }));
      const r = await cli(['--tsconfig', TSCONFIG, dir]);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('php-sockets-compare: greet-server: identical (1 line, driver 1 line, wire 1 connection, 31 bytes)\n');
      expect(r.stdout).toContain('php-sockets-compare: same: identical (1 line)\n');
      expect(r.stdout).toContain('-one\n+two\n');
      expect(r.stdout).toContain('php-sockets-compare: other: transcripts differ\n');
      expect(r.stdout).toMatch(/php-sockets-compare: 3 pairs: 2 identical, 1 different \(other\)\n$/);
    }, T);

    it('the node:test example of docs/conformance.md passes', async ({ expect }) => {
      const r = await node(['--test', 'examples/compare-talkback.test.mjs']);
      expect(r.stdout).toContain('# pass 1');
      expect(r.code).toBe(0);
    }, T);
  });
});
