// `npm run demo`: the PHP manual's talkback server and a client, both ported to TypeScript,
// talking over 127.0.0.1. The server runs as a child process on a port the kernel picks; two
// clients talk to it (the second one shuts it down); then both sides' output is printed.
import { example, killAll, run, startServer, type Finished } from './run.js';

const started = Date.now();
const guard = setTimeout(() => {
  process.stderr.write('demo: timed out after 90 s\n');
  killAll();
  process.exit(1);
}, 90000);

function show(title: string, f: Finished): boolean {
  process.stdout.write(`${title}\n`);
  for (const line of f.stdout.replace(/\n$/, '').split('\n')) process.stdout.write(Buffer.from(`  | ${line}\n`, 'latin1'));
  for (const line of f.stderr.replace(/\n$/, '').split('\n')) if (line) process.stdout.write(`  ! ${line}\n`);
  process.stdout.write('\n');
  return f.code === 0 && !f.timedOut;
}

async function main(): Promise<boolean> {
  process.stdout.write(
    "php-sockets demo: the PHP manual's talkback server and a client for it, ported to TypeScript\n" +
      '(the PHP originals are next to them in examples/), talking over 127.0.0.1.\n\n',
  );
  const serverCmd = example('ts', 'talkback-server', '0');
  const server = await startServer(serverCmd);
  process.stdout.write(`$ ${serverCmd.display} &\n  (listening on port ${server.port})\n\n`);

  let ok = true;
  for (const lines of [['Hello', 'quit'], ['How are you?', 'shutdown']]) {
    const cmd = example('ts', 'talkback-client', String(server.port), ...lines);
    ok = show(`$ ${cmd.display}`, await run(cmd)) && ok;
  }
  const end = await server.finished;
  ok = show(`talkback-server.ts printed (exit code ${end.code}):`, end) && ok;
  return ok;
}

main().then(
  (ok) => {
    clearTimeout(guard);
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(ok ? `demo: OK (${secs} s)\n` : `demo: FAILED (${secs} s)\n`);
    process.exitCode = ok ? 0 : 1;
  },
  (err: unknown) => {
    clearTimeout(guard);
    killAll();
    process.stderr.write(`demo: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
