// php-sockets-compare prelude for the TS side, loaded with `node --import` after tsx, before the
// script. Installs set_error_handler() on the package the script imports (the same module
// instance, so the script's warnings reach it) and prints each diagnostic as the PHP prelude
// does: "Warning: socket_bind(): ...", "Deprecated: ...", and an uncaught exception as
// "Uncaught ValueError: message" with exit status 255.
// The run's own temp dir (os.tmpdir() reads TMPDIR on each call; tsx has already started).
if (process.env.PHP_SOCKETS_COMPARE_TMPDIR) process.env.TMPDIR = process.env.PHP_SOCKETS_COMPARE_TMPDIR;

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const specifier = process.env.PHP_SOCKETS_COMPARE_MODULE || 'php-sockets';
// A relative path names a file from the working directory, as on the command line.
const relative = /^\.\.?\//.test(specifier);
const instances = [await import(relative ? pathToFileURL(resolve(specifier)).href : specifier)];

/** True if Node (and tsx) load `file` as CommonJS: .cjs/.cts, or a package without "type": "module". */
function isCommonJs(file) {
  if (/\.c[jt]s$/.test(file)) return true;
  if (/\.m[jt]s$/.test(file)) return false;
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    try {
      return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).type !== 'module';
    } catch {
      if (dirname(dir) === dir) return true;
    }
  }
}

// A CommonJS port gets the package through require(), a module instance of its own: the handler
// goes on that one too, or the port's warnings would not reach it.
const script = process.argv[1];
if (script && isCommonJs(resolve(script))) {
  try {
    const cjs = createRequire(resolve(script))(relative ? resolve(specifier) : specifier);
    if (cjs && typeof cjs.set_error_handler === 'function' && !instances.includes(cjs)) instances.push(cjs);
  } catch {
    // The port cannot load it either, and will say so itself.
  }
}

const LABELS = { 2: 'Warning', 8: 'Notice', 512: 'Warning', 1024: 'Notice', 8192: 'Deprecated', 16384: 'Deprecated' };
const NOT_A_BYTE = /[^\x00-\xff]/;

// Messages are byte strings (they quote addresses and data); text beyond Latin-1 goes as UTF-8.
function print(line) {
  process.stdout.write(Buffer.from(line, NOT_A_BYTE.test(line) ? 'utf8' : 'latin1'));
}

for (const mod of instances) {
  // As `php -d error_reporting=-1`, which the PHP side runs with: every level is reported.
  if (typeof mod.error_reporting === 'function') mod.error_reporting(-1);

  mod.set_error_handler((errno, errstr) => {
    // As the PHP prelude: a warning under silence() (PHP's `@`) or of a level the script turned
    // off with error_reporting() is not printed but passed on, as PHP passes it to its own handler.
    if (typeof mod.error_reporting === 'function' && !(mod.error_reporting() & errno)) return false;
    print(`${LABELS[errno] ?? 'Error'}: ${errstr}\n`);
    return true;
  });
}

function uncaught(e) {
  const name = e instanceof Error ? e.name : 'Exception';
  const message = e instanceof Error ? e.message : String(e);
  print(`Uncaught ${name}: ${message}\n`);
  // The stack goes to stderr, which is not compared but shown when the transcripts differ.
  if (e instanceof Error) process.stderr.write(`${e.stack}\n`);
  process.exit(255);
}
process.on('uncaughtException', uncaught);
process.on('unhandledRejection', uncaught);
