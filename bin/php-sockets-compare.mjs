#!/usr/bin/env node
// php-sockets-compare: runs a PHP program with real PHP and its TypeScript port with tsx (alone,
// as a server under a driver, or as a client against a peer server, optionally through a recording
// proxy), prints the differences and exits 1 if there are any. A front end to bin/compare.mjs.
import { existsSync, statSync } from 'node:fs';
import { compareDirectory, comparePorts, formatWire, killAll, phpAvailable } from './compare.mjs';
import { tsxLoader } from './compare-lib.mjs';

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}

const USAGE = `Usage: php-sockets-compare [options] program.php port.ts [-- args...]
       php-sockets-compare [options] dir/

Runs program.php with php and port.ts with tsx, each with a prelude that prints warnings
as "Warning: fn(): text" lines, and compares what they print and how they end, byte for
byte, after normalising object ids (#N), ephemeral ports and the per-run temp dir. The
two sides run at the same time, each with its own ports and temp dir.

Servers and clients (see docs/conformance.md for the contract):
  --driver <cmd>       server mode: the program is a server; once it is ready, run <cmd>
                       against it (a .php/.ts/.js script with arguments, or a shell command),
                       the same driver for both sides, and compare its output too
  --peer <cmd>         client mode: start <cmd> as the server the program connects to, once
                       per side, and compare its output too
  --wire               put a recording proxy between server and client and compare the bytes
                       of each connection in each direction (and how each connection ended)
  --unix | --udp       a unix stream socket or UDP instead of TCP
  --ready <regex>      the server is ready when its output matches (group 1, if any, is the
                       port or socket path it chose); default: when its address is listening
  --ready-timeout <s>  give up on a server not ready after this long (default 10)
  --linger <s>         after the client ends, let the server run this long before stopping
                       it (default 2)
  The server gets its address as {port}, {host}, {socket}, {address} in its arguments and as
  PHP_SOCKETS_COMPARE_PORT, _HOST, _SOCKET, _ADDRESS in its environment; the client gets the
  address to connect to (the proxy's with --wire) the same way; {tmp} is the side's temp dir.

Comparison:
  --normalize <regex=replacement>  also replace this in both outputs (repeatable), e.g.
                       --normalize '\\d\\d:\\d\\d:\\d\\d=<time>'; write a literal = as \\=
  --raw                no built-in normalising (--normalize rules still apply)
  --typecheck          type-check the port with tsc first (the package's types, the
                       nearest tsconfig.json or --tsconfig); type errors exit with 3
  --serial             run the PHP side, then the TS side (for programs that would
                       collide, e.g. on a fixed port)

Running:
  --timeout <s>        kill a process after this many seconds (default 30; a server gets
                       its ready timeout and linger on top)
  --tsconfig <file>    tsconfig.json for tsx and --typecheck
  --module <spec>      module whose set_error_handler the TS prelude uses (default
                       php-sockets; give the same specifier or path the port imports)
  --php <binary>       PHP binary (default $PHP or php)
  --jobs <n>           directory mode: pairs compared at once (default 2)
  --show               print both sides' outputs (and wire logs), not only the diff
  -h, --help           this help

A directory compares each NAME.php with NAME.ts (.mts, .js, .mjs) beside it, with the
options in NAME.compare.json if present, and prints a summary line.
Arguments after -- go to the program on both sides. Exit status: 0 identical, 1 different
(or a side did not finish), 2 usage error or PHP missing, 3 type errors (--typecheck).`;

function fail(message) {
  process.stderr.write(`php-sockets-compare: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

const opts = { normalize: [] };
const files = [];
let show = false;
let jobs = 2;
const argv = process.argv.slice(2);
const seconds = (a, v) => {
  const s = Number(v);
  if (!(s >= 0) || (a !== '--linger' && s === 0)) fail(`${a} takes a ${a === '--linger' ? 'non-negative' : 'positive'} number of seconds`);
  return s * 1000;
};
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const value = () => {
    if (i + 1 >= argv.length) fail(`${a} needs a value`);
    return argv[++i];
  };
  if (a === '--') {
    opts.args = argv.slice(i + 1);
    break;
  } else if (a === '-h' || a === '--help') {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  } else if (a === '--timeout') opts.timeoutMs = seconds(a, value());
  else if (a === '--ready-timeout') opts.readyTimeoutMs = seconds(a, value());
  else if (a === '--linger') opts.lingerMs = seconds(a, value());
  else if (a === '--tsconfig') opts.tsconfig = value();
  else if (a === '--module') opts.module = value();
  else if (a === '--php') opts.phpBinary = value();
  else if (a === '--driver') opts.driver = value();
  else if (a === '--peer') opts.peer = value();
  else if (a === '--ready') opts.ready = value();
  else if (a === '--normalize') opts.normalize.push(value());
  else if (a === '--wire') opts.wire = true;
  else if (a === '--unix') opts.transport = 'unix';
  else if (a === '--udp') opts.transport = 'udp';
  else if (a === '--raw') opts.raw = true;
  else if (a === '--typecheck') opts.typecheck = true;
  else if (a === '--serial') opts.parallel = false;
  else if (a === '--jobs') {
    jobs = Number(value());
    if (!(Number.isInteger(jobs) && jobs > 0)) fail('--jobs takes a positive integer');
  } else if (a === '--show') show = true;
  else if (a.startsWith('-') && a !== '-') fail(`unknown option ${a}`);
  else files.push(a);
}
if (opts.driver && opts.peer) fail('--driver (server mode) and --peer (client mode) exclude each other');
if (opts.wire && !opts.driver && !opts.peer) fail('--wire needs --driver or --peer');
if (opts.ready) {
  try {
    new RegExp(opts.ready);
  } catch (e) {
    fail(`--ready: ${e.message}`);
  }
}
const directory = files.length === 1 && existsSync(files[0]) && statSync(files[0]).isDirectory();
if (!directory && files.length !== 2) fail('expected two programs (program.php port.ts) or a directory');
if (!directory) {
  let [phpScript, tsScript] = files;
  if (!phpScript.endsWith('.php') && tsScript.endsWith('.php')) [phpScript, tsScript] = [tsScript, phpScript];
  for (const f of [phpScript, tsScript]) if (!existsSync(f)) fail(`${f}: no such file`);
  opts.php = phpScript;
  opts.ts = tsScript;
}

// tsx is an optional peer dependency: the library never needs it, this command does.
try {
  tsxLoader();
} catch {
  fail('tsx runs the TypeScript script and is not installed here (an optional peer dependency): npm install --save-dev tsx');
}

if (!(await phpAvailable(opts.phpBinary))) {
  fail(`${opts.phpBinary || process.env.PHP || 'php'} with the sockets extension was not found (Debian/Ubuntu: apt-get install -y php-cli)`);
}

const bytes = (s) => Buffer.from(s, 'latin1');
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (text) =>
  text
    .split('\n')
    .map((line) => {
      if (!color) return line;
      if (line.startsWith('@@')) return `\x1b[36m${line}\x1b[0m`;
      if (line.startsWith('-')) return `\x1b[31m${line}\x1b[0m`;
      if (line.startsWith('+')) return `\x1b[32m${line}\x1b[0m`;
      return line;
    })
    .join('\n');
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
const lines = (t) => t.split('\n').length - 1;

function printShow(r, name) {
  for (const lang of ['php', 'ts']) {
    const side = r[lang];
    if (!side) continue;
    process.stdout.write(`=== ${lang} ${name ? `${name}: ` : ''}${side.program.command} (${side.program.ms} ms)\n`);
    process.stdout.write(bytes(side.program.transcript));
    if (side.counterpart) {
      process.stdout.write(`=== ${lang} side: ${r.mode === 'server' ? 'driver' : 'peer'} ${side.counterpart.command} (${side.counterpart.ms} ms)\n`);
      process.stdout.write(bytes(side.counterpart.transcript));
    }
    if (side.wire) process.stdout.write(`=== ${lang} side: wire\n${formatWire(side.wire)}`);
  }
  process.stdout.write('===\n');
}

function stderrOf(r) {
  let text = '';
  for (const lang of ['php', 'ts']) {
    for (const part of ['program', 'counterpart']) {
      const p = r[lang]?.[part];
      if (p && p.stderr.trim()) text += `\n--- ${lang}${part === 'counterpart' ? ` side: ${p.command}` : ''} stderr:\n${p.stderr.trimEnd()}\n`;
    }
  }
  return text;
}

function summaryOf(r) {
  const parts = [plural(lines(r.php.program.transcript), 'line')];
  if (r.php.counterpart) parts.push(`${r.mode === 'server' ? 'driver' : 'peer'} ${plural(lines(r.php.counterpart.transcript), 'line')}`);
  if (r.php.wire) {
    const n = r.php.wire.reduce((sum, c) => sum + c.toServer.length + c.toClient.length, 0);
    parts.push(`wire ${plural(r.php.wire.length, 'connection')}, ${plural(n, 'byte')}`);
  }
  return parts.join(', ');
}

/** Prints one comparison's outcome; returns its exit status. */
function report(r, name) {
  const prefix = `php-sockets-compare: ${name ? `${name}: ` : ''}`;
  if (show && r.php) printShow(r, name);
  if (r.differences.includes('typecheck')) {
    process.stdout.write(r.diff);
    process.stdout.write(`${prefix}type errors in the port\n`);
    return 3;
  }
  if (r.identical) {
    process.stdout.write(`${prefix}identical (${summaryOf(r)})\n`);
    return 0;
  }
  process.stdout.write(bytes(paint(r.diff)));
  if (r.php) process.stdout.write(stderrOf(r));
  const what = r.differences.join() === 'incomplete'
    ? 'a side did not finish (--timeout, --ready-timeout set the limits)'
    : r.mode === 'script'
      ? 'transcripts differ'
      : `differ (${r.differences.join(', ')})`;
  process.stdout.write(`${prefix}${what}\n`);
  return 1;
}

try {
  if (directory) {
    const d = await compareDirectory(files[0], opts, { jobs, onResult: (name, r) => report(r, name) });
    if (d.results.length === 0) fail(`${files[0]}: no NAME.php with a port NAME.ts beside it`);
    process.stdout.write(`php-sockets-compare: ${d.summary}\n`);
    const typeErrors = d.results.some((x) => x.result.differences.includes('typecheck'));
    process.exit(d.identical ? 0 : typeErrors ? 3 : 1);
  }
  const r = await comparePorts(opts);
  process.exit(report(r));
} catch (e) {
  if (e instanceof TypeError || e instanceof SyntaxError || e.code === 'PHP_SOCKETS_COMPARE_SETUP') fail(e.message);
  throw e;
}
