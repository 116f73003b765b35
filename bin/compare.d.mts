// Types for `php-sockets/compare` (bin/compare.mjs).

/** One process of a comparison, as it ran. */
export interface ProcessResult {
  /** The command line, as given (script and arguments, or the shell command). */
  command: string;
  /** Everything it printed on stdout, one char per byte (latin1). */
  stdout: string;
  stderr: string;
  /** stdout normalised (ids, ephemeral ports, temp dirs, --normalize rules), then a line saying
   * how it ended if not with status 0: what is compared. */
  transcript: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** Why the tool stopped it (a server still running after its client ended, or never ready). */
  stopped: string | null;
  /** Why it was never started (its server was not ready). */
  notRun?: string;
  ms: number;
  error?: Error;
}

/** One connection (TCP, unix) or flow (UDP, per client address) through the recording proxy. */
export interface WireConnection {
  /** 1, 2, ... in the order the proxy accepted them. */
  index: number;
  transport: 'tcp' | 'unix' | 'udp';
  /** All bytes the client sent, and all the server sent back. */
  toServer: Buffer;
  toClient: Buffer;
  /** UDP only: the datagrams each way, boundaries kept. */
  datagrams?: { toServer: Buffer[]; toClient: Buffer[] };
  /** How each side ended the connection: 'close' (an orderly end), 'reset', 'open' (still open
   * when the run was over), or 'error CODE'. Always 'open' for UDP. */
  clientEnd: string;
  serverEnd: string;
  /** Set if the proxy could not reach the server for this connection. */
  error: string | null;
}

/** One side of a comparison: the PHP program or the port, with what ran against it. */
export interface SideResult {
  /** The PHP program or the TS port. */
  program: ProcessResult;
  /** Server mode: the driver; client mode: the peer server. */
  counterpart?: ProcessResult;
  /** Server and client modes: how long the server took to be ready, or why it never was. */
  ready?: { ok: boolean; ms: number; error?: string };
  /** With `wire`: the proxy's log. */
  wire?: WireConnection[];
}

export interface TypecheckResult {
  file: string;
  ok: boolean;
  /** tsc's messages ("port.ts(3,7): error TS2322: ..."), '' if none. */
  output: string;
}

export interface ComparePortsResult {
  /** True when every transcript, exit status and wire byte agrees and no side failed to finish. */
  identical: boolean;
  mode: 'script' | 'server' | 'client';
  /** null when --typecheck failed and nothing ran. */
  php: SideResult | null;
  ts: SideResult | null;
  /** What differs, for a reader: unified diffs of transcripts, the first difference of each wire
   * stream as hex and text, and a line per side that did not finish. '' when identical. */
  diff: string;
  /** Which parts differ: 'program', 'driver' or 'peer', 'wire', 'incomplete' (a side timed out,
   * could not start or its server was never ready), 'typecheck'. Empty when identical. */
  differences: string[];
  typecheck?: TypecheckResult;
}

export interface ComparePortsOptions {
  /** The PHP program and its port (relative to `cwd`). */
  php: string;
  ts: string;
  /** Default: 'server' with a `driver`, 'client' with a `peer`, else 'script'. */
  mode?: 'script' | 'server' | 'client';
  /** Arguments of the program, both sides; {port}, {host}, {socket}, {address}, {tmp} are
   * replaced by its address (see docs/conformance.md). */
  args?: string[];
  /** Server mode: what runs against the server once it is ready, the same on both sides: a
   * .php/.ts/.js script with arguments ('client.php {port} hello'), a shell command (anything
   * with shell syntax, run by /bin/sh), or an argv array. */
  driver?: string | string[];
  /** Client mode: the server started for each side before the program (the same forms). */
  peer?: string | string[];
  /** Default 'tcp' (127.0.0.1). 'unix': a socket path in the side's temp dir. */
  transport?: 'tcp' | 'unix' | 'udp';
  /** Record the bytes through a proxy and compare them (server and client modes). */
  wire?: boolean;
  /** The server is ready when its stdout matches (group 1: the port or path it chose); default:
   * when its address is listening (read from /proc/net). */
  ready?: string | RegExp;
  /** Default 10000. */
  readyTimeoutMs?: number;
  /** How long the server may run on after its client ended before it is stopped; default 2000. */
  lingerMs?: number;
  /** Each process is killed (with what it started) after this long; default 30000. */
  timeoutMs?: number;
  /** Extra normalising, applied to transcripts and wire bytes: 'regex=replacement' (a literal =
   * in the regex written \=) or [regex, replacement]. */
  normalize?: string | (string | [RegExp | string, string])[];
  /** No built-in normalising (ids, ports, temp dirs); `normalize` rules still apply. */
  raw?: boolean;
  /** Type-check the port with tsc first; type errors make the result a difference of their own. */
  typecheck?: boolean;
  /** tsconfig.json for tsx and the type check (default: tsx's lookup; the nearest one). */
  tsconfig?: string;
  /** The specifier the port imports the package by (default 'php-sockets'). */
  module?: string;
  /** PHP binary (default $PHP or 'php'). */
  phpBinary?: string;
  /** Working directory of every process (default process.cwd()). */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Run the two sides at once (default true); false runs PHP's side first. */
  parallel?: boolean;
}

/** Runs a PHP program and its TypeScript port the same way and compares them. Rejects only for
 * bad options (TypeError, SyntaxError) or a missing tool (tsx; typescript with `typecheck`: an
 * Error with code 'PHP_SOCKETS_COMPARE_SETUP'); every failure of a program is in the result. */
export function comparePorts(options: ComparePortsOptions): Promise<ComparePortsResult>;

/** Compares every NAME.php / NAME.ts pair of a directory (options per pair in NAME.compare.json). */
export function compareDirectory(
  dir: string,
  options?: Omit<ComparePortsOptions, 'php' | 'ts'>,
  run?: { jobs?: number; onResult?: (name: string, result: ComparePortsResult) => void },
): Promise<{ identical: boolean; summary: string; results: { name: string; result: ComparePortsResult }[]; unpaired: string[] }>;

/** Type-checks TS files in one program (tsconfig: given, or the nearest to the first file). */
export function typecheck(files: string[], options?: { tsconfig?: string; cwd?: string }): Promise<TypecheckResult[]>;

/** A wire log as readable text (escaped bytes per connection and direction). */
export function formatWire(log: WireConnection[]): string;

/** True if `php` (or $PHP) runs and has the sockets extension. */
export function phpAvailable(php?: string): Promise<boolean>;

/** Kills every process a comparison in this process still runs (for a signal handler). */
export function killAll(): void;
