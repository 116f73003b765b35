// Port of lib.php (shared by the TLS conformance cases): peers in other processes (peer.ts here,
// run with this process's node options, i.e. tsx and the harness prelude; or `openssl s_server`),
// each writing what it says to a file the case reads, so a case never waits on a pipe (its own
// thread is blocked in the calls under test).
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { echo } from 'php-sockets';

process.chdir(fileURLToPath(new URL('../../fixtures/tls/', import.meta.url)));
const peerScript = fileURLToPath(new URL('./peer.ts', import.meta.url));

export const usleep = (us: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, us / 1000);
};
export const microtime = (): number => performance.timeOrigin / 1000 + performance.now() / 1000;

/** Round seconds: timings on a loaded machine only show which wait happened. */
export function elapsed(t0: number): string {
  return `${Math.round(microtime() - t0)} s`;
}

export interface Peer {
  proc: ChildProcess;
  file: string;
  port: number;
  /** How much of the file peer_says() has printed. */
  seen: number;
}

const running = new Set<Peer>();
process.on('exit', () => {
  for (const p of running) {
    p.proc.kill('SIGKILL');
    try {
      unlinkSync(p.file);
    } catch {}
  }
});
let n = 0;

function read(file: string): string {
  return readFileSync(file, 'latin1');
}

/**
 * Starts CMD (with `env` added to the environment; stdin a pipe, or the file `input`) with stdout
 * and stderr to a fresh file; waits for a line matching `ready`.
 */
export function start(cmd: string[], ready: RegExp, stdin = false, env: Record<string, string> = {}, input?: string): Peer {
  const file = `${tmpdir()}/peer-${process.pid}-${++n}.out`;
  const fd = openSync(file, 'w');
  const inFd = input !== undefined ? openSync(input, 'r') : 'ignore';
  const proc = spawn(cmd[0]!, cmd.slice(1), { stdio: [stdin ? 'pipe' : inFd, fd, fd], env: { ...process.env, ...env } });
  closeSync(fd);
  if (typeof inFd === 'number') closeSync(inFd);
  proc.unref();
  const h: Peer = { proc, file, port: 0, seen: 0 };
  running.add(h);
  const deadline = microtime() + 10;
  while (microtime() < deadline) {
    const m = ready.exec(read(file));
    if (m) {
      h.port = Number(m[1] ?? 0);
      return h;
    }
    usleep(10000);
  }
  throw new Error(`peer did not start: ${cmd.join(' ')}`);
}

/** peer.ts MODE ARGS... (see peer.php); a server's port is in `port`. */
export function peer(mode: string, args: string[] = []): Peer {
  return start([process.execPath, ...process.execArgv, peerScript, mode, ...args], mode === 'server' ? /^PORT (\d+)/ : /^/);
}

/** `openssl s_server -accept 127.0.0.1:0 ARGS` */
export function s_server(args: string[], stdin = false): Peer {
  return start(['openssl', 's_server', '-accept', '127.0.0.1:0', ...args], /^ACCEPT 127\.0\.0\.1:(\d+)/m, stdin);
}

/**
 * Prints, indented, what the peer said about its next connection: waits up to 10 s for the
 * "END" that closes it when `wait`; else ends the peer (SIGKILL) and prints all it said since.
 */
export function peer_says(h: Peer, wait = true): void {
  const deadline = microtime() + 10;
  const next = (): number => {
    const re = /^END$/gm;
    re.lastIndex = h.seen;
    return re.exec(read(h.file))?.index ?? -1;
  };
  while (wait && next() < 0 && microtime() < deadline) usleep(10000);
  if (!wait) stop(h);
  const out = read(h.file);
  const end = wait ? next() : -1;
  const said = out.slice(h.seen, end < 0 ? undefined : end);
  h.seen = end < 0 ? out.length : end + 4;
  for (const l of said.split('\n')) {
    if (l === '' || l === 'END' || l.startsWith('PORT ')) continue;
    echo(`  | ${l}\n`);
  }
}

/** Waits up to 10 s until the peer has said something (a client: that it connected). */
export function peer_started(h: Peer): void {
  const deadline = microtime() + 10;
  while (microtime() < deadline && read(h.file) === '') usleep(10000);
}

/** `openssl s_client ARGS` reading `input`, then waiting for the server (-ign_eof). */
export function s_client(args: string[], input: string): Peer {
  const file = `${tmpdir()}/s_client-${process.pid}.in`;
  writeFileSync(file, input);
  process.on('exit', () => rmSync(file, { force: true }));
  return start(['openssl', 's_client', ...args], /^/, false, {}, file);
}

/**
 * Waits up to 10 s until the peer process has ended (a zombie: this thread is blocked, so Node
 * reaps it later).
 */
export function peer_ended(h: Peer): void {
  const deadline = microtime() + 10;
  const running = () => {
    try {
      return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${h.proc.pid}/stat`, 'latin1'));
    } catch {
      return false;
    }
  };
  while (microtime() < deadline && running()) usleep(10000);
}

/** Ends a peer (SIGKILL); returns all it said. */
export function stop(h: Peer): string {
  h.proc.kill('SIGKILL');
  return read(h.file);
}
