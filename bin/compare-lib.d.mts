// Types for compare-lib.mjs (used by test/conformance.test.ts and test/package.test.ts).
export interface RunResult {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** The limit it ran under. */
  timeoutMs?: number;
  /** Why stop() ended it, if it did. */
  stopped?: string | null;
  ms: number;
  error?: Error;
}
export interface SideResult extends RunResult {
  transcript: string;
}
export interface CompareOptions {
  timeoutMs?: number;
  args?: string[];
  cwd?: string;
  tsconfig?: string;
  module?: string;
  php?: string;
  normalise?: boolean;
  env?: NodeJS.ProcessEnv;
  /** User rules, 'regex=replacement' or [regex, replacement]. */
  rules?: NormaliseRule[];
}
export type NormaliseRule = string | [RegExp | string, string];
export interface CompareResult {
  same: boolean;
  php: SideResult;
  ts: SideResult;
  diff: string;
}
export interface NormaliseOptions {
  tmpDirs?: string[];
  ids?: boolean;
  ports?: boolean;
  portRange?: [number, number];
  rules?: NormaliseRule[];
}
export const PHP_PRELUDE: string;
export const TS_PRELUDE: string;
export function tsxLoader(): string;
export function killAll(): void;
export function phpAvailable(php?: string): Promise<boolean>;
export function ephemeralRange(): [number, number];
export function runPhp(
  script: string,
  opts?: { php?: string; args?: string[]; cwd?: string; tmp?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv },
): Promise<RunResult>;
export function runTs(
  script: string,
  opts?: { module?: string; tsconfig?: string; args?: string[]; cwd?: string; tmp?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv },
): Promise<RunResult>;
export interface Started {
  child: import('node:child_process').ChildProcess;
  stdout(): string;
  stop(reason: string): void;
  finished: Promise<RunResult>;
}
export function start(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number }): Started;
export function phpArgv(script: string, opts?: { args?: string[]; tmp?: string }): string[];
export function tsCommand(
  script: string,
  opts?: { module?: string; tsconfig?: string; args?: string[]; tmp?: string; env?: NodeJS.ProcessEnv },
): { env: NodeJS.ProcessEnv; args: string[] };
export function parseRule(rule: NormaliseRule): [RegExp, string];
export function tempDir(): string;
export function removeDir(dir: string): void;
export function normalise(text: string, opts?: NormaliseOptions): string;
export function statusLine(r: RunResult): string;
export function transcript(r: RunResult, opts?: NormaliseOptions & { normalise?: boolean }): string;
export function unifiedDiff(a: string, b: string, opts?: { labelA?: string; labelB?: string; context?: number }): string;
export function compare(phpScript: string, tsScript: string, opts?: CompareOptions): Promise<CompareResult>;
