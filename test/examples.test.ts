// The examples: `npm run demo`, and each server/client pair in examples/ run as child processes
// (the TypeScript port, and the PHP original with `php`), ports read from the server's output.
// Each TS port must print exactly what its PHP original prints, warnings included. (tsx maps
// 'php-sockets' to lib/ through tsconfig.json's paths, so no build is needed.) The tests in a
// describe run concurrently: each one only waits on its own child processes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { AF_INET, SOCK_STREAM, SOL_TCP, ref, socket_bind, socket_close, socket_create, socket_getsockname, type Socket } from '../lib/index.js';
import {
  ROOT,
  example,
  killAll,
  run as runWithin,
  startServer as startWithin,
  warnings,
  type Command,
  type Finished,
  type Lang,
} from '../examples/run.js';
import { hasPhp } from './helpers/php.js';

// Each child's limit only catches a hang: a loaded machine starts tsx (esbuild) slowly, so it is
// generous. A child killed at its limit shows `timedOut: true` in the transcript compared.
const CHILD_MS = 60000;
/** Per test: a few child processes, each within CHILD_MS, some waiting for a start slot. */
const T = 240000;

// At most two TS ports start at once (the tests of a describe run concurrently, and each tsx
// start compiles with esbuild). A slot is held until a server prints its port or a client exits;
// a server that is up holds none, so its clients always get one.
let slots = 2;
const queued: (() => void)[] = [];
async function slot(cmd: Command): Promise<() => void> {
  if (cmd.file !== process.execPath) return () => {};
  if (slots > 0) slots--;
  else await new Promise<void>((resolve) => queued.push(resolve));
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    const next = queued.shift();
    if (next) next();
    else slots++;
  };
}

async function run(cmd: Command, ms = CHILD_MS): Promise<Finished> {
  const release = await slot(cmd);
  try {
    return await runWithin(cmd, ms);
  } finally {
    release();
  }
}

async function startServer(cmd: Command): Promise<Awaited<ReturnType<typeof startWithin>>> {
  const release = await slot(cmd);
  try {
    return await startWithin(cmd, CHILD_MS);
  } finally {
    release();
  }
}

afterAll(() => killAll());

interface Transcript {
  server: Finished;
  clients: Finished[];
}

/** Starts `server`, runs each client in turn against its port, waits for the server to exit. */
async function session(
  lang: Lang,
  server: [string, ...string[]],
  clients: [string, ...string[]][],
  clientLang: Lang = lang,
): Promise<Transcript> {
  const s = await startServer(example(lang, ...server));
  const done: Finished[] = [];
  for (const [name, ...args] of clients) done.push(await run(example(clientLang, name, String(s.port), ...args)));
  const end = await s.finished;
  const port = new RegExp(`\\b${s.port}\\b`, 'g');
  const norm = (f: Finished): Finished => ({ ...f, stdout: f.stdout.replace(port, '<port>') });
  return { server: norm(end), clients: done.map(norm) };
}

/** What a transcript shows a reader: exit codes, stdout, warnings. */
function seen(t: Transcript): unknown {
  const one = (f: Finished) => ({ code: f.code, stdout: f.stdout, warnings: warnings(f.stderr), ...(f.timedOut ? { timedOut: true } : {}) });
  return { server: one(t.server), clients: t.clients.map(one) };
}

const GREETING = "\nWelcome to the PHP Test Server. \nTo quit, type 'quit'. To shut down the server type 'shutdown'.\n";

describe.concurrent('npm run demo', () => {
  it('runs the talkback server and two clients and exits 0', async ({ expect }) => {
    // The demo's own children run one at a time under its own limits (examples/demo.ts).
    const demo = await runWithin({ file: process.execPath, args: [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'examples/demo.ts'], display: 'npm run demo' }, 120000);
    expect(demo.stderr).toBe('');
    expect(demo.code).toBe(0);
    const out = demo.stdout.replace(/port \d+|:\d+$|talkback-client\.ts \d+/gm, (m) => m.replace(/\d+/, '<port>'));
    expect(out).toContain(
      '$ node --import tsx examples/talkback-client.ts <port> Hello quit\n' +
        '  | \n  | Welcome to the PHP Test Server. \n' +
        "  | To quit, type 'quit'. To shut down the server type 'shutdown'.\n" +
        "  | > Hello\n  | PHP: You said 'Hello'.\n  | > quit\n  | Connection closed by the server.\n",
    );
    expect(out).toContain("  | > How are you?\n  | PHP: You said 'How are you?'.\n  | > shutdown\n");
    expect(out).toContain(
      'talkback-server.ts printed (exit code 0):\n  | Listening on 127.0.0.1:<port>\n  | Hello\n  | How are you?\n',
    );
    expect(out).toMatch(/\ndemo: OK \(\d+\.\d s\)\n$/);
  }, T);
});

describe.concurrent('talkback-server / talkback-client (the PHP manual example)', () => {
  const clients: [string, ...string[]][] = [
    ['talkback-client', 'Hello', 'quit'],
    ['talkback-client', 'é', '', '0', 'Again', 'shutdown'],
  ];
  const expected = {
    server: { code: 0, stdout: 'Listening on 127.0.0.1:<port>\nHello\n\xc3\xa9\nAgain\n', warnings: [] },
    clients: [
      {
        code: 0,
        stdout: `${GREETING}> Hello\nPHP: You said 'Hello'.\n> quit\nConnection closed by the server.\n`,
        warnings: [],
      },
      {
        code: 0,
        stdout:
          `${GREETING}> \xc3\xa9\nPHP: You said '\xc3\xa9'.\n> \n> 0\n> Again\nPHP: You said 'Again'.\n` +
          '> shutdown\nConnection closed by the server.\n',
        warnings: [],
      },
    ],
  };

  it('serves clients until one says shutdown (TS port)', async ({ expect }) => {
    expect(seen(await session('ts', ['talkback-server'], clients))).toEqual(expected);
  }, T);

  it.skipIf(!hasPhp)('prints what the PHP original prints', async ({ expect }) => {
    expect(seen(await session('php', ['talkback-server'], clients))).toEqual(expected);
  }, T);

  it.skipIf(!hasPhp)('talks to the PHP original across languages, both ways', async ({ expect }) => {
    expect(seen(await session('php', ['talkback-server'], clients, 'ts'))).toEqual(expected);
    expect(seen(await session('ts', ['talkback-server'], clients, 'php'))).toEqual(expected);
  }, T);

  // A client that leaves without 'quit': PHP_NORMAL_READ on a blocking socket turns the end of
  // the stream into ECONNRESET after 200 empty reads, so the server reports it and stops.
  const hangUp = {
    server: {
      code: 0,
      stdout: 'Listening on 127.0.0.1:<port>\nHello\nsocket_read() failed: reason: Connection reset by peer\n',
      warnings: ['Warning: socket_read(): unable to read from socket [104]: Connection reset by peer'],
    },
    clients: [{ code: 0, stdout: `${GREETING}> Hello\nPHP: You said 'Hello'.\n`, warnings: [] }],
  };

  it("stops on PHP_NORMAL_READ's reset when a client hangs up (TS port)", async ({ expect }) => {
    expect(seen(await session('ts', ['talkback-server'], [['talkback-client', 'Hello']]))).toEqual(hangUp);
  }, T);

  it.skipIf(!hasPhp)('stops the same way as the PHP original', async ({ expect }) => {
    expect(seen(await session('php', ['talkback-server'], [['talkback-client', 'Hello']]))).toEqual(hangUp);
  }, T);
});

describe.concurrent('oneshot-client / http-responder (the PHP manual example)', () => {
  const expected = {
    server: {
      code: 0,
      stdout: 'Listening on 127.0.0.1:<port>\n< HEAD / HTTP/1.1\n< Host: www.example.com\n< Connection: Close\n',
      warnings: [],
    },
    clients: [
      {
        code: 0,
        stdout:
          "<h2>TCP/IP Connection</h2>\nOK.\nAttempting to connect to '127.0.0.1' on port '<port>'...OK.\n" +
          'Sending HTTP HEAD request...OK.\nReading response:\n\n' +
          'HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Length: 14\r\n' +
          'Connection: close\r\n\r\nClosing socket...OK.\n\n',
        warnings: [],
      },
    ],
  };

  it('sends a HEAD request and prints the reply (TS port)', async ({ expect }) => {
    expect(seen(await session('ts', ['http-responder'], [['oneshot-client']]))).toEqual(expected);
  }, T);

  it.skipIf(!hasPhp)('prints what the PHP original prints', async ({ expect }) => {
    expect(seen(await session('php', ['http-responder'], [['oneshot-client']]))).toEqual(expected);
  }, T);

  // Nobody listening: a bound socket that does not listen refuses connections. The manual's
  // client carries on, so write and read fail too, each with its warning.
  async function refused(lang: Lang): Promise<unknown> {
    const holder = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
    try {
      socket_bind(holder, '127.0.0.1', 0);
      const port = ref<number>();
      socket_getsockname(holder, ref<string>(), port);
      const f = await run(example(lang, 'oneshot-client', String(port.value)));
      return { code: f.code, stdout: f.stdout.replace(String(port.value), '<port>'), warnings: warnings(f.stderr), ...(f.timedOut ? { timedOut: true } : {}) };
    } finally {
      socket_close(holder);
    }
  }
  const refusedExpected = {
    code: 0,
    stdout:
      "<h2>TCP/IP Connection</h2>\nOK.\nAttempting to connect to '127.0.0.1' on port '<port>'...socket_connect() failed.\n" +
      'Reason: () Connection refused\nSending HTTP HEAD request...OK.\nReading response:\n\nClosing socket...OK.\n\n',
    warnings: [
      'Warning: socket_connect(): unable to connect [111]: Connection refused',
      'Warning: socket_write(): unable to write to socket [32]: Broken pipe',
      'Warning: socket_read(): unable to read from socket [107]: Transport endpoint is not connected',
    ],
  };

  it('reports a refused connection (TS port)', async ({ expect }) => {
    expect(await refused('ts')).toEqual(refusedExpected);
  }, T);

  it.skipIf(!hasPhp)('reports it as the PHP original does', async ({ expect }) => {
    expect(await refused('php')).toEqual(refusedExpected);
  }, T);
});

describe.concurrent('1935-server / 1935-client (the Chinese tutorial)', () => {
  const five = Array.from({ length: 5 }, (): [string] => ['1935-client']);
  const client = {
    code: 0,
    stdout:
      "<h2>TCP/IP Connection</h2>\nOK.\nconnect '127.0.0.1' port '<port>'...\nconnectOK\nsend success\n" +
      "send msg:<font color='red'>Ho\r\nfirst blood\r\n</font> <br>recevie server msg\nreceive msg:success\n" +
      ' close SOCKET...\nclose OK\n',
    warnings: [],
  };
  const expected = {
    server: {
      code: 0,
      stdout: 'Listening on 127.0.0.1:<port>\n' + 'success..\nreceive:Ho\r\nfirst blood\r\n\n'.repeat(5),
      warnings: [],
    },
    clients: Array.from({ length: 5 }, () => client),
  };

  it('serves five clients and exits (TS port)', async ({ expect }) => {
    expect(seen(await session('ts', ['1935-server'], five))).toEqual(expected);
  }, T);

  it.skipIf(!hasPhp)('prints what the PHP original prints', async ({ expect }) => {
    expect(seen(await session('php', ['1935-server'], five))).toEqual(expected);
  }, T);
});

describe.concurrent("side-by-side (the README's PHP/TypeScript snippet)", () => {
  const expected = {
    code: 0,
    stdout:
      'listening on 127.0.0.1:<port>\n6 bytes: 636166c3a90a\n' +
      'Warning: socket_bind(): Unable to bind address [98]: Address already in use\n98 Address already in use\n',
    warnings: [],
  };
  async function side(lang: Lang): Promise<unknown> {
    const f = await run(example(lang, 'side-by-side'));
    return { code: f.code, stdout: f.stdout.replace(/:\d+\n/, ':<port>\n'), warnings: warnings(f.stderr), ...(f.timedOut ? { timedOut: true } : {}) };
  }

  it('is the README snippet, both sides', ({ expect }) => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const file of ['side-by-side.php', 'side-by-side.ts']) {
      expect(readme).toContain(readFileSync(join(ROOT, 'examples', file), 'utf8'));
    }
  });

  it('prints the same in TypeScript', async ({ expect }) => {
    expect(await side('ts')).toEqual(expected);
  }, T);

  it.skipIf(!hasPhp)('as in PHP', async ({ expect }) => {
    expect(await side('php')).toEqual(expected);
  }, T);
});
