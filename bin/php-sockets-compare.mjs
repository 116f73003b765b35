#!/usr/bin/env node
// php-sockets-compare script.php script.ts: runs a PHP script with real PHP and its TypeScript
// port with tsx, prints a unified diff of the two transcripts, and exits 1 if they differ.
import { existsSync } from 'node:fs';
import { compare, killAll, phpAvailable, tsxLoader } from './compare-lib.mjs';

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}

const USAGE = `Usage: php-sockets-compare [options] script.php script.ts [-- args...]

Runs script.php with php (warnings printed one per line by a prepended prelude) and
script.ts with tsx (warnings printed by the same format through set_error_handler), then
compares what they print, byte for byte, after normalising object ids (#N), ephemeral
ports and the per-run temp dir (TMPDIR / sys_get_temp_dir()).

Options:
  --timeout <s>      kill either side after this many seconds (default 30)
  --tsconfig <file>  tsconfig.json for tsx (default: tsx looks in the current directory)
  --module <spec>    module whose set_error_handler the TS prelude uses (default php-sockets;
                     give the same specifier or path the port imports)
  --php <binary>     PHP binary (default $PHP or php)
  --raw              compare without normalising
  --show             print both transcripts, not only the diff
  -h, --help         this help

Arguments after -- are passed to both scripts. Exit status: 0 identical, 1 different,
2 usage error or PHP missing.`;

function fail(message) {
  process.stderr.write(`php-sockets-compare: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

const opts = { timeoutMs: 30000 };
const files = [];
let args = [];
let show = false;
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const value = () => {
    if (i + 1 >= argv.length) fail(`${a} needs a value`);
    return argv[++i];
  };
  if (a === '--') {
    args = argv.slice(i + 1);
    break;
  } else if (a === '-h' || a === '--help') {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  } else if (a === '--timeout') {
    const s = Number(value());
    if (!(s > 0)) fail('--timeout takes a positive number of seconds');
    opts.timeoutMs = s * 1000;
  } else if (a === '--tsconfig') opts.tsconfig = value();
  else if (a === '--module') opts.module = value();
  else if (a === '--php') opts.php = value();
  else if (a === '--raw') opts.normalise = false;
  else if (a === '--show') show = true;
  else if (a.startsWith('-') && a !== '-') fail(`unknown option ${a}`);
  else files.push(a);
}
if (files.length !== 2) fail('expected two scripts: script.php script.ts');
let [phpScript, tsScript] = files;
if (!phpScript.endsWith('.php') && tsScript.endsWith('.php')) [phpScript, tsScript] = [tsScript, phpScript];

for (const f of [phpScript, tsScript]) {
  if (!existsSync(f)) fail(`${f}: no such file`);
}

// tsx is an optional peer dependency: the library never needs it, this command does.
try {
  tsxLoader();
} catch {
  fail('tsx runs the TypeScript script and is not installed here (an optional peer dependency): npm install --save-dev tsx');
}

if (!(await phpAvailable(opts.php))) {
  fail(`${opts.php || process.env.PHP || 'php'} with the sockets extension was not found (Debian/Ubuntu: apt-get install -y php-cli)`);
}

const r = await compare(phpScript, tsScript, { ...opts, args });
const bytes = (s) => Buffer.from(s, 'latin1');
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (line) => {
  if (!color) return line;
  if (line.startsWith('@@')) return `\x1b[36m${line}\x1b[0m`;
  if (line.startsWith('-')) return `\x1b[31m${line}\x1b[0m`;
  if (line.startsWith('+')) return `\x1b[32m${line}\x1b[0m`;
  return line;
};

if (show) {
  process.stdout.write(`=== php ${phpScript} (${r.php.ms} ms)\n`);
  process.stdout.write(bytes(r.php.transcript));
  process.stdout.write(`=== ts ${tsScript} (${r.ts.ms} ms)\n`);
  process.stdout.write(bytes(r.ts.transcript));
  process.stdout.write('===\n');
}
const hung = [['php', r.php], ['ts', r.ts]].filter(([, res]) => res.timedOut || res.error).map(([side]) => side);
if (hung.length) {
  process.stdout.write(bytes(r.diff ? r.diff.split('\n').map(paint).join('\n') : `${r.php.transcript}`));
  process.stdout.write(`php-sockets-compare: ${hung.join(' and ')} did not finish (${r.php.error || r.ts.error ? 'could not start' : `timed out after ${opts.timeoutMs / 1000}s`}; --timeout sets the limit)\n`);
  process.exit(1);
}
if (r.same) {
  const lines = r.php.transcript.split('\n').length - 1;
  process.stdout.write(`php-sockets-compare: identical (${lines} line${lines === 1 ? '' : 's'})\n`);
  process.exit(0);
}
process.stdout.write(bytes(r.diff.split('\n').map(paint).join('\n')));
for (const [side, res] of [['php', r.php], ['ts', r.ts]]) {
  if (res.stderr.trim()) process.stdout.write(`\n--- ${side} stderr:\n${res.stderr.trimEnd()}\n`);
}
process.stdout.write('php-sockets-compare: transcripts differ\n');
process.exit(1);
