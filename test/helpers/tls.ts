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
  const child = spawn(process.execPath, [peerScript, mode, cert], { stdio: ['pipe', 'pipe', 'inherit'] });
  return portOf(child, `peer ${mode}`);
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
