// php-sockets-compare's modes (bin/compare.mjs, `php-sockets/compare`): a server under a driver, a
// client against a peer, the recording proxy and its byte diff, user normalising, and the prelude's
// handling of PHP's `@`. Fixtures: test/compare/; the seed examples: examples/.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { comparePorts, killAll, type ComparePortsOptions } from 'php-sockets/compare';
import { runPhp, transcript } from '../bin/compare-lib.mjs';
import { hasPhp } from './helpers/php.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSCONFIG = join(ROOT, 'tsconfig.json');
/** Each comparison starts a few processes, each killed after 20 s at most. */
const T = 60000;
const base: Partial<ComparePortsOptions> = { cwd: ROOT, tsconfig: TSCONFIG, timeoutMs: 20000, readyTimeoutMs: 10000, lingerMs: 500 };
const scratch = mkdtempSync(join(tmpdir(), 'phpsc-test-'));

afterAll(() => {
  killAll();
  rmSync(scratch, { recursive: true, force: true });
});

describe.runIf(hasPhp).concurrent('server mode', () => {
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
      ts: 'test/compare/greet-server-wrong.ts',
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
      ts: 'test/compare/greet-server-wrong.ts',
      driver: 'test/compare/greet-client.php {port}',
    });
    expect(r.identical, r.diff).toBe(true);
    expect(r.php!.wire).toBeUndefined();
  }, T);
});

describe.runIf(hasPhp).concurrent('the seed examples in server mode, wire bytes compared', () => {
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

describe.runIf(hasPhp).concurrent('client mode', () => {
  it('runs each side against its own peer server and compares all three', async ({ expect }) => {
    const r = await comparePorts({
      ...base,
      php: 'examples/talkback-client.php',
      ts: 'examples/talkback-client.ts',
      args: ['{port}', 'Hi', 'quit'],
      peer: 'examples/talkback-server.php {port}',
      wire: true,
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
    const r = await comparePorts({ ...base, php, ts, args: ['{socket}'], peer, transport: 'unix', wire: true });
    expect(r.identical, r.diff).toBe(true);
    expect(r.php!.program.transcript).toMatch(/^bool\(true\)\ngot hi\nstring\(\d+\) "<TMP>\/wire\.sock"\n$/);
    expect(r.php!.wire![0]!.toClient.toString()).toBe('got hi\n');
  }, T);
});

describe.runIf(hasPhp).concurrent('normalising', () => {
  it("--normalize 'regex=replacement' rewrites both transcripts before comparing", async ({ expect }) => {
    const php = join(scratch, 'norm.php');
    const ts = join(scratch, 'norm.ts');
    writeFileSync(php, '<?php\necho "request 1234 at 10:00:01\\n";\n');
    writeFileSync(ts, "import { echo } from 'php-sockets';\necho('request 987 at 23:59:59\\n');\n");
    const opts = { ...base, php, ts };
    const plain = await comparePorts(opts);
    expect(plain.identical).toBe(false);
    expect(plain.diff).toContain('-request 1234 at 10:00:01\n+request 987 at 23:59:59\n');
    const r = await comparePorts({ ...opts, normalize: ['\\d\\d:\\d\\d:\\d\\d=<time>', 'request \\d+=request <id>'] });
    expect(r.identical, r.diff).toBe(true);
    expect(r.php!.program.transcript).toBe('request <id> at <time>\n');
  }, T);

  it('refuses a rule without a replacement part, naming it', async () => {
    await expect(comparePorts({ ...base, php: 'examples/talkback-client.php', ts: 'examples/talkback-client.ts', normalize: 'abc' })).rejects.toThrow(
      'normalize rule "abc" has no \'=\' between regex and replacement',
    );
  });
});

describe.runIf(hasPhp)("the PHP prelude and PHP's @", () => {
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
