// Runs the examples as child processes: a TypeScript port with Node (through tsx) or its PHP
// original with `php`, a server until it prints its port, a client to the end. Used by demo.ts
// and test/examples.test.ts. Every child has a time limit and is killed when it runs over.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root: examples resolve 'php-sockets' to its dist/ and 'tsx' from here. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

// `node --import tsx` needs Node 20.6+; older Node 20 releases take the loader hook instead.
const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
const TSX = major > 20 || (major === 20 && minor >= 6) ? ['--import', 'tsx'] : ['--loader', 'tsx'];

export type Lang = 'ts' | 'php';

export interface Command {
  file: string;
  args: string[];
  /** How a reader would type it, from the repository root. */
  display: string;
}

function quote(a: string): string {
  return /^[\w.,:/=@-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

/** The command that runs examples/<name>.ts (lang 'ts') or examples/<name>.php (lang 'php'). */
export function example(lang: Lang, name: string, ...args: string[]): Command {
  const script = `examples/${name}.${lang}`;
  // PHP: warnings on stderr as "Warning: <text> in <file> on line <n>", whatever php.ini says.
  const phpFlags = ['-d', 'display_errors=stderr', '-d', 'log_errors=0', '-d', 'html_errors=0'];
  return lang === 'ts'
    ? { file: process.execPath, args: [...TSX, script, ...args], display: ['node', ...TSX, script, ...args].map(quote).join(' ') }
    : { file: 'php', args: [...phpFlags, script, ...args], display: ['php', script, ...args].map(quote).join(' ') };
}

export interface Finished {
  /** Exit code, or null when killed. */
  code: number | null;
  /** What it printed, as a byte string (one char per byte). */
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

const live = new Set<ChildProcess>();

/** Kills every child still running (the demo's and the tests' last resort). */
export function killAll(): void {
  for (const child of live) child.kill('SIGKILL');
}

function launch(cmd: Command, timeoutMs: number, onStdout?: (all: string) => void): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd.file, cmd.args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(child);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('latin1');
      onStdout?.(stdout);
    });
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('latin1')));
    child.on('error', (err) => {
      clearTimeout(timer);
      live.delete(child);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      live.delete(child);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}

/** Runs a command to its end (killed after timeoutMs). */
export function run(cmd: Command, timeoutMs = 30000): Promise<Finished> {
  return launch(cmd, timeoutMs);
}

export interface Server {
  port: number;
  /** Settles when the server exits. */
  finished: Promise<Finished>;
}

const LISTENING = /^Listening on 127\.0\.0\.1:(\d+)\n/m;

/**
 * Starts a server example and resolves once it prints "Listening on 127.0.0.1:<port>". It is
 * killed after timeoutMs in all; if it exits before printing its port, this rejects.
 */
export function startServer(cmd: Command, timeoutMs = 30000): Promise<Server> {
  return new Promise((resolve, reject) => {
    let announced = false;
    const finished = launch(cmd, timeoutMs, (out) => {
      const m = announced ? null : LISTENING.exec(out);
      if (m) {
        announced = true;
        resolve({ port: Number(m[1]), finished });
      }
    });
    finished.then(
      (f) => {
        if (!announced) reject(new Error(`${cmd.display} exited (code ${f.code}) without a port:\n${f.stdout}${f.stderr}`));
      },
      (err: unknown) => reject(err),
    );
  });
}

/**
 * The warning lines of PHP's stderr ("Warning: <text> in <file> on line <n>", or php-cli's logged
 * "PHP Warning:  <text> in ...") and of the port's (the latter), as "Warning: <text>".
 */
export function warnings(stderr: string): string[] {
  const out: string[] = [];
  for (const line of stderr.split('\n')) {
    const m = /^(?:PHP )?(Warning|Notice|Deprecated): +(.*) in .+ on line \d+$/.exec(line);
    if (m) out.push(`${m[1]}: ${m[2]}`);
  }
  return out;
}
