// The differential harness behind `php-sockets-compare` and test/conformance.test.ts: runs a PHP
// script with real PHP and its TypeScript port with tsx, each with a prelude that prints warnings
// as "Warning: fn(): text" lines, normalises what must vary between two runs (object ids,
// ephemeral ports, temp dirs), and diffs the two transcripts.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

/** The PHP prelude (error/exception handlers), injected with -d auto_prepend_file. */
export const PHP_PRELUDE = join(HERE, 'prelude.php');
/** The TS prelude, loaded with node --import after tsx. */
export const TS_PRELUDE = join(HERE, 'prelude.mjs');

/** tsx's loader, resolved from this package so it works from an installed copy. */
export function tsxLoader() {
  try {
    return import.meta.resolve('tsx');
  } catch {
    return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  }
}

/** True if `php` (or $PHP) runs and has the sockets extension. */
export function phpAvailable(php = process.env.PHP || 'php') {
  return new Promise((res) => {
    const child = spawn(php, ['-r', 'echo extension_loaded("sockets") ? "yes" : "no";'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', () => res(false));
    child.on('close', (code) => res(code === 0 && out === 'yes'));
  });
}

/** Linux's ephemeral port range (bind to port 0 picks from it). */
export function ephemeralRange() {
  try {
    const [lo, hi] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (lo > 0 && hi >= lo) return [lo, hi];
  } catch {
    // not Linux, or no procfs: the kernel default
  }
  return [32768, 60999];
}

// Each run is the leader of its own process group, so that a timeout also ends the processes it
// started (a client it spawned, say), which would otherwise hold its output pipes open.
const running = new Set();

function killGroup(child) {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Ends every run still going (and what each started); for a CLI interrupted by a signal. */
export function killAll() {
  for (const child of running) killGroup(child);
}

/**
 * Starts a process as the leader of its own group, collecting its output, killed (with its group)
 * after `timeoutMs`. Returns { child, stdout() (the output so far, latin1), stop(reason) (kills
 * the group; the result says `stopped: reason`), finished } where `finished` resolves to the
 * run's result once it has exited.
 */
export function start(cmd, args, { cwd, env, timeoutMs }) {
  const started = Date.now();
  const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  if (child.pid) running.add(child);
  const out = [];
  const err = [];
  let timedOut = false;
  let stopped = null;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child);
  }, timeoutMs);
  child.stdout.on('data', (d) => out.push(d));
  child.stderr.on('data', (d) => err.push(d));
  const finished = new Promise((res) => {
    child.on('error', (e) => {
      clearTimeout(timer);
      running.delete(child);
      res({ stdout: '', stderr: String(e.message), code: null, signal: null, timedOut: false, stopped: null, error: e, ms: Date.now() - started });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      // Whatever it left behind in its group goes with it.
      killGroup(child);
      res({
        // Bytes as a latin1 string: one char per byte, so the comparison is byte for byte.
        stdout: Buffer.concat(out).toString('latin1'),
        stderr: Buffer.concat(err).toString('utf8'),
        code,
        signal,
        timedOut,
        stopped,
        timeoutMs,
        ms: Date.now() - started,
      });
    });
  });
  return {
    child,
    stdout: () => Buffer.concat(out).toString('latin1'),
    stop(reason) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      stopped = reason;
      killGroup(child);
    },
    finished,
  };
}

function run(cmd, args, opts) {
  return start(cmd, args, opts).finished;
}

/** The arguments that run a PHP script under the prelude (see runPhp). */
export function phpArgv(script, { args = [], tmp } = {}) {
  return [
    '-d', `auto_prepend_file=${PHP_PRELUDE}`,
    '-d', 'error_reporting=-1',
    '-d', 'display_errors=stderr',
    '-d', 'log_errors=0',
    '-d', 'html_errors=0',
    ...(tmp ? ['-d', `sys_temp_dir=${tmp}`] : []),
    resolve(script),
    ...args,
  ];
}

/** The environment and node arguments that run a TS or JS script under tsx and the prelude. */
export function tsCommand(script, { module = 'php-sockets', tsconfig, args = [], tmp, env = process.env } = {}) {
  const childEnv = { ...env, PHP_SOCKETS_COMPARE_MODULE: module };
  // The prelude sets TMPDIR (so os.tmpdir() is this run's dir) after tsx has started, so that
  // tsx keeps its transform cache in the usual temp dir instead of starting cold every run.
  if (tmp) childEnv.PHP_SOCKETS_COMPARE_TMPDIR = tmp;
  if (tsconfig) childEnv.TSX_TSCONFIG_PATH = resolve(tsconfig);
  const nodeArgs = ['--import', tsxLoader(), '--import', pathToFileURL(TS_PRELUDE).href, resolve(script), ...args];
  return { env: childEnv, args: nodeArgs };
}

/**
 * Runs a PHP script: the prelude prepended, every error level reported to it, fatal errors'
 * own output on stderr (the prelude prints "Fatal error: message" to stdout), and the temp dir
 * (sys_get_temp_dir(), TMPDIR) set to `tmp`.
 */
export function runPhp(script, { php = process.env.PHP || 'php', args = [], cwd, tmp, timeoutMs = 30000, env = process.env } = {}) {
  return run(php, phpArgv(script, { args, tmp }), { cwd, env: tmp ? { ...env, TMPDIR: tmp } : env, timeoutMs });
}

/**
 * Runs a TS (or JS) port with tsx and the TS prelude, which installs set_error_handler() on
 * `module` (default 'php-sockets', the specifier the port imports) so warnings print as PHP's.
 */
export function runTs(script, { module = 'php-sockets', tsconfig, args = [], cwd, tmp, timeoutMs = 30000, env = process.env } = {}) {
  const cmd = tsCommand(script, { module, tsconfig, args, tmp, env });
  return run(process.execPath, cmd.args, { cwd, env: cmd.env, timeoutMs });
}

/** Replaces each distinct match by `label(n)`, numbered in order of first appearance. */
function renumber(text, regex, keep, label) {
  const seen = new Map();
  return text.replace(regex, (...m) => {
    const value = m[2];
    if (!keep(value)) return m[0];
    if (!seen.has(value)) seen.set(value, seen.size + 1);
    return m[1] + label(seen.get(value)) + (m[3] ?? '');
  });
}

/**
 * Normalises a transcript so that two runs of the same program compare equal:
 * - the temp dirs given (and their real paths) become `<TMP>`;
 * - object and resource ids (`object(Socket)#7`, `resource(5)`, `Resource id #5`) become `#N`,
 *   `resource(N)`, `Resource id #N`;
 * - integers in the ephemeral port range become `<port1>`, `<port2>`, ... by first appearance.
 */
export function normalise(text, { tmpDirs = [], ids = true, ports = true, portRange = ephemeralRange(), rules = [] } = {}) {
  text = applyRules(text, rules);
  for (const dir of tmpDirs) {
    const forms = new Set([dir]);
    try {
      forms.add(realpathSync(dir));
    } catch {
      // removed already
    }
    for (const f of [...forms].sort((a, b) => b.length - a.length)) text = text.split(f).join('<TMP>');
  }
  if (ids) {
    // PHP numbers objects by allocation and reuses freed numbers; a port cannot follow that.
    text = text
      .replace(/(object\([^)\n]*\)#)\d+/g, '$1N')
      .replace(/resource\(\d+\)/g, 'resource(N)')
      .replace(/Resource id #\d+/g, 'Resource id #N');
  }
  if (ports) {
    const [lo, hi] = portRange;
    text = renumber(text, /(^|[^\d.])(\d{4,5})()(?![\d.])/g, (v) => Number(v) >= lo && Number(v) <= hi, (n) => `<port${n}>`);
  }
  return text;
}

/**
 * Parses a user rule 'regex=replacement' (`--normalize`): the regex is everything before the first
 * `=` that is not escaped as `\=` (nor part of a lookbehind/lookahead `(?<=`, `(?=`), the
 * replacement everything after it ($1, $& refer to the match, as in String.replace). Returns
 * [RegExp (global), replacement]; throws a SyntaxError naming the rule if it does not parse.
 */
export function parseRule(rule) {
  if (Array.isArray(rule)) {
    const [re, rep] = rule;
    return [re instanceof RegExp ? new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`) : new RegExp(re, 'g'), rep];
  }
  const at = /(?<![\\?<])=/.exec(rule);
  if (!at) throw new SyntaxError(`normalize rule ${JSON.stringify(rule)} has no '=' between regex and replacement`);
  const source = rule.slice(0, at.index).replace(/\\=/g, '=');
  if (source === '') throw new SyntaxError(`normalize rule ${JSON.stringify(rule)} has an empty regex`);
  try {
    return [new RegExp(source, 'g'), rule.slice(at.index + 1)];
  } catch (e) {
    throw new SyntaxError(`normalize rule ${JSON.stringify(rule)}: ${e.message}`);
  }
}

function applyRules(text, rules) {
  for (const rule of rules) {
    const [re, rep] = parseRule(rule);
    text = text.replace(re, rep);
  }
  return text;
}

/** How a run ended, as a transcript line, or '' for a clean exit. */
export function statusLine(r) {
  if (r.error) return `[could not start: ${r.error.message}]\n`;
  // The limit, not the time measured, which varies with the machine's load.
  if (r.timedOut) return `[timed out after ${(r.timeoutMs ?? r.ms) / 1000}s]\n`;
  if (r.stopped) return `[stopped: ${r.stopped}]\n`;
  if (r.signal) return `[killed by ${r.signal}]\n`;
  if (r.code !== 0) return `[exit status ${r.code}]\n`;
  return '';
}

/** The transcript compared: normalised stdout, then how the process ended if not cleanly. */
export function transcript(r, opts) {
  let t = opts && opts.normalise === false ? applyRules(r.stdout, opts.rules ?? []) : normalise(r.stdout, opts);
  const status = statusLine(r);
  if (status && t && !t.endsWith('\n')) t += '\n';
  return t + status;
}

// Myers' O(ND) diff over lines: the edit script as [op, line] with op ' ', '-' or '+'.
function diffLines(a, b) {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const v = new Int32Array(2 * max + 2);
  const trace = [];
  let done = false;
  for (let d = 0; d <= max && !done; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[max + k - 1] < v[max + k + 1]) ? v[max + k + 1] : v[max + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[max + k] = x;
      if (x >= n && y >= m) {
        done = true;
        break;
      }
    }
  }
  const ops = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d];
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[max + k - 1] < vd[max + k + 1]) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : vd[max + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) ops.push([' ', a[--x]]), y--;
    if (d > 0) {
      if (x === prevX) ops.push(['+', b[--y]]);
      else ops.push(['-', a[--x]]);
    }
  }
  return ops.reverse();
}

function splitLines(t) {
  if (t === '') return [];
  const lines = t.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  else lines[lines.length - 1] += '\n\\ No newline at end of transcript';
  return lines;
}

/** A unified diff of two transcripts (`context` lines around each change), or '' if equal. */
export function unifiedDiff(a, b, { labelA = 'php', labelB = 'ts', context = 3 } = {}) {
  if (a === b) return '';
  const ops = diffLines(splitLines(a), splitLines(b));
  const out = [`--- ${labelA}`, `+++ ${labelB}`];
  let i = 0;
  let ai = 1;
  let bi = 1;
  const pos = ops.map(([op]) => {
    const p = [ai, bi];
    if (op !== '+') ai++;
    if (op !== '-') bi++;
    return p;
  });
  while (i < ops.length) {
    if (ops[i][0] === ' ') {
      i++;
      continue;
    }
    const start = Math.max(0, i - context);
    let end = i;
    // Extend the hunk while the next change is within 2*context lines.
    for (;;) {
      while (end < ops.length && ops[end][0] !== ' ') end++;
      let next = end;
      while (next < ops.length && ops[next][0] === ' ') next++;
      if (next < ops.length && next - end <= 2 * context) end = next;
      else break;
    }
    const stop = Math.min(ops.length, end + context);
    const hunk = ops.slice(start, stop);
    const aCount = hunk.filter(([op]) => op !== '+').length;
    const bCount = hunk.filter(([op]) => op !== '-').length;
    const [aStart, bStart] = pos[start];
    out.push(`@@ -${aCount ? aStart : aStart - 1},${aCount} +${bCount ? bStart : bStart - 1},${bCount} @@`);
    for (const [op, line] of hunk) out.push(op + line);
    i = stop;
  }
  return out.join('\n') + '\n';
}

// Temp dirs of the comparisons under way, removed (with their processes ended) if this process
// exits before they finish, e.g. a test runner leaving while cases it started still run.
const liveDirs = new Set();
process.on('exit', () => {
  killAll();
  for (const dir of liveDirs) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temp dir per side, all with names of the same length (so string(N) lengths agree). */
export function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'phpsc-'));
  liveDirs.add(dir);
  return dir;
}

export function removeDir(dir) {
  rmSync(dir, { recursive: true, force: true });
  liveDirs.delete(dir);
}

/**
 * Runs both sides concurrently and compares. Returns { same, php, ts, diff } where php and ts are
 * { transcript, stdout, stderr, code, signal, timedOut, ms }. `same` is false whenever a side
 * timed out or could not start, even if both transcripts agree.
 */
export async function compare(phpScript, tsScript, opts = {}) {
  const { timeoutMs = 30000, args = [], cwd = process.cwd(), tsconfig, module, php, normalise: norm = true, env, rules = [] } = opts;
  const phpTmp = tempDir();
  const tsTmp = tempDir();
  try {
    const [p, t] = await Promise.all([
      runPhp(phpScript, { php, args, cwd, tmp: phpTmp, timeoutMs, env }),
      runTs(tsScript, { module, tsconfig, args, cwd, tmp: tsTmp, timeoutMs, env }),
    ]);
    const nopts = { tmpDirs: [phpTmp, tsTmp], normalise: norm, rules };
    const php_ = { ...p, transcript: transcript(p, nopts) };
    const ts_ = { ...t, transcript: transcript(t, nopts) };
    const diff = unifiedDiff(php_.transcript, ts_.transcript, { labelA: `php ${phpScript}`, labelB: `ts  ${tsScript}` });
    // Two runs that both hung (or could not start) prove nothing: never call them identical.
    const broken = [p, t].some((r) => r.timedOut || r.error);
    return { same: diff === '' && !broken, php: php_, ts: ts_, diff };
  } finally {
    removeDir(phpTmp);
    removeDir(tsTmp);
  }
}
