// php-sockets-compare prelude for the TS side, loaded with `node --import` after tsx, before the
// script. Installs set_error_handler() on the package the script imports (the same module
// instance, so the script's warnings reach it) and prints each diagnostic as the PHP prelude
// does: "Warning: socket_bind(): ...", "Deprecated: ...", and an uncaught exception as
// "Uncaught ValueError: message" with exit status 255.
// The run's own temp dir (os.tmpdir() reads TMPDIR on each call; tsx has already started).
if (process.env.PHP_SOCKETS_COMPARE_TMPDIR) process.env.TMPDIR = process.env.PHP_SOCKETS_COMPARE_TMPDIR;

const specifier = process.env.PHP_SOCKETS_COMPARE_MODULE || 'php-sockets';
const mod = await import(specifier);

const LABELS = { 2: 'Warning', 8: 'Notice', 512: 'Warning', 1024: 'Notice', 8192: 'Deprecated', 16384: 'Deprecated' };
const NOT_A_BYTE = /[^\x00-\xff]/;

// Messages are byte strings (they quote addresses and data); text beyond Latin-1 goes as UTF-8.
function print(line) {
  process.stdout.write(Buffer.from(line, NOT_A_BYTE.test(line) ? 'utf8' : 'latin1'));
}

mod.set_error_handler((errno, errstr) => {
  // As the PHP prelude: a warning under silence() (PHP's `@`) or of a level the script turned off
  // with error_reporting() is not printed but passed on, as PHP passes it to its own handler.
  if (typeof mod.error_reporting === 'function' && !(mod.error_reporting() & errno)) return false;
  print(`${LABELS[errno] ?? 'Error'}: ${errstr}\n`);
  return true;
});

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
