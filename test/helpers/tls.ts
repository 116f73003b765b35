// TLS test peers in other processes (a blocking client or server under test owns its thread):
// Node's tls server (tls-peer.mjs) and PHP scripts, plus the committed test PKI's path.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** test/fixtures/tls/, with a trailing slash: ca.pem, server.pem/.key, ... (see its README). */
export const fixtures = fileURLToPath(new URL('../fixtures/tls/', import.meta.url));
const peerScript = fileURLToPath(new URL('./tls-peer.mjs', import.meta.url));

const children: ChildProcess[] = [];

/** Ends every peer started so far (call from afterAll). */
export function stopPeers(): void {
  for (const c of children.splice(0)) c.kill();
}

/** Waits for "PORT n" on the child's stdout; resolves with n. */
function portOf(child: ChildProcess, what: string): Promise<number> {
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start: ${out}`)), 10000);
    child.stdout!.on('data', (d: Buffer) => {
      out += String(d);
      const m = /PORT (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
  });
}

/** Node's tls server in MODE (see tls-peer.mjs) with fixtures CERT.pem/.key: its port. */
export function startPeer(mode: string, cert = 'server'): Promise<number> {
  return startPeerProcess(mode, cert).then((p) => p.port);
}

/**
 * startPeer(), keeping the peer's later output: `until(text)` resolves once the peer has printed
 * `text` (e.g. notify mode's "ENDED p"), and rejects after `ms`.
 */
export async function startPeerProcess(
  mode: string,
  cert = 'server',
): Promise<{ port: number; until: (text: string, ms?: number) => Promise<void> }> {
  const child = spawn(process.execPath, [peerScript, mode, cert], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  const waiters = new Set<() => void>();
  child.stdout!.on('data', (d: Buffer) => {
    out += String(d);
    for (const w of waiters) w();
  });
  const port = await portOf(child, `peer ${mode}`);
  const until = (text: string, ms = 10000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!out.includes(text)) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`peer ${mode} did not print ${JSON.stringify(text)} in ${ms} ms: ${out}`));
      }, ms);
      waiters.add(check);
      check();
    });
  return { port, until };
}

/**
 * Runs PHP code that prints "PORT n" (a server) or is given the port as $argv[1] (a client).
 * Resolves with the port for a server; `output()` gives what it printed once it ended.
 */
export function startPhp(code: string, args: string[] = []): { child: ChildProcess; port: Promise<number>; output: () => Promise<string> } {
  const child = spawn('php', ['-d', 'display_errors=stdout', '-d', 'log_errors=0', '-r', code, '--', ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
    cwd: fixtures,
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += String(d)));
  const done = new Promise<string>((resolve) => child.on('close', () => resolve(out)));
  return { child, port: args.length ? Promise.resolve(Number(args[0])) : portOf(child, 'php'), output: () => done };
}

/** PHP code printing "PORT n" for a stream server made by `expr` (assigned to $srv). */
export function phpServer(expr: string, then: string): string {
  return `$srv = ${expr};
echo 'PORT ', parse_url('x://' . stream_socket_get_name($srv, false), PHP_URL_PORT), "\\n";
${then}`;
}
