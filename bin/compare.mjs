// `import { comparePorts } from 'php-sockets/compare'`: runs a PHP program and its TypeScript port
// the same way (a script on its own, a server under a driver, or a client against a peer server,
// optionally through a recording proxy) and compares what each printed, how each ended and the
// bytes on the wire. The `php-sockets-compare` command is a front end to this module.
import dgram from 'node:dgram';
import { existsSync, readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { dirname, join, resolve } from 'node:path';
import {
  killAll,
  normalise,
  parseRule,
  phpArgv,
  phpAvailable,
  start,
  transcript,
  tsCommand,
  tsxLoader,
  unifiedDiff,
  tempDir,
  removeDir,
} from './compare-lib.mjs';
import { formatWire, startProxy, wireDiff, wireLog } from './wire.mjs';

export { killAll, phpAvailable, formatWire };

const HOST = '127.0.0.1';
const SCRIPT = /\.(php|[cm]?[jt]s)$/;
const SHELL_SYNTAX = /[;&|<>()`$\n*?]/;
const POLL_MS = 20;

/** Splits a command line into words, honouring '…' and "…" quotes and backslash escapes. */
function splitWords(line) {
  const words = [];
  let word = null;
  let quote = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) word += line[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      word ??= '';
    } else if (c === '\\' && i + 1 < line.length) word = (word ?? '') + line[++i];
    else if (/\s/.test(c)) {
      if (word !== null) words.push(word);
      word = null;
    } else word = (word ?? '') + c;
  }
  if (quote) throw new SyntaxError(`unterminated ${quote} in ${JSON.stringify(line)}`);
  if (word !== null) words.push(word);
  return words;
}

const shellQuote = (s) => (/^[\w./:@%+=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** The values a process of a server/client run is given, as placeholders and environment. */
function contract(role, address, tmp) {
  const values = address.path !== undefined
    ? { socket: address.path, address: address.path, host: '', port: '' }
    : { socket: '', address: `${address.host}:${address.port}`, host: address.host, port: String(address.port) };
  return {
    values: { ...values, tmp },
    env: {
      PHP_SOCKETS_COMPARE_ROLE: role,
      PHP_SOCKETS_COMPARE_HOST: values.host,
      PHP_SOCKETS_COMPARE_PORT: values.port,
      PHP_SOCKETS_COMPARE_SOCKET: values.socket,
      PHP_SOCKETS_COMPARE_ADDRESS: values.address,
    },
  };
}

function substitute(text, values, quote = (s) => s) {
  return text.replace(/\{(port|host|socket|address|tmp)\}/g, (_, k) => quote(values[k]));
}

/**
 * How to start one process: a PHP script (with the prelude), a TS/JS script (tsx and the
 * prelude), an argv, or a shell command. `spec` is a script path with `args`, or a command
 * (string: split into words unless it uses shell syntax, then run by /bin/sh; array: an argv).
 */
function command(spec, args, { o, tmp, values, env }) {
  let argv;
  if (Array.isArray(spec)) argv = spec.map((a) => substitute(a, values));
  else if (args) argv = [spec, ...args.map((a) => substitute(a, values))];
  else if (SHELL_SYNTAX.test(spec)) argv = ['/bin/sh', '-c', substitute(spec, values, shellQuote)];
  else argv = splitWords(spec).map((a) => substitute(a, values));
  const [file, ...rest] = argv;
  const baseEnv = { ...env, TMPDIR: tmp };
  if (file.endsWith('.php')) {
    return { file: o.phpBinary, args: phpArgv(resolve(o.cwd, file), { args: rest, tmp }), env: baseEnv, label: argv.join(' ') };
  }
  if (SCRIPT.test(file)) {
    const c = tsCommand(resolve(o.cwd, file), { module: o.module, tsconfig: o.tsconfig, args: rest, tmp, env });
    return { file: process.execPath, args: c.args, env: c.env, label: argv.join(' ') };
  }
  return { file, args: rest, env: baseEnv, label: argv.join(' ') };
}

function launch(cmd, o, timeoutMs = o.timeoutMs) {
  const p = start(cmd.file, cmd.args, { cwd: o.cwd, env: cmd.env, timeoutMs });
  p.label = cmd.label;
  return p;
}

function sleep(ms) {
  let timer;
  const p = new Promise((res) => (timer = setTimeout(res, ms)));
  return { promise: p, cancel: () => clearTimeout(timer) };
}

// Ports handed to servers that may not have bound them yet (a port for tsx to bind can wait a
// second): no other side of a comparison in this process gets one of them, as its server's port
// or its proxy's.
const promised = new Set();

async function anyPort(transport) {
  if (transport === 'udp') {
    const s = dgram.createSocket('udp4');
    await new Promise((res, rej) => s.once('error', rej).bind(0, HOST, res));
    const { port } = s.address();
    await new Promise((res) => s.close(res));
    return port;
  }
  const s = net.createServer();
  await new Promise((res, rej) => s.once('error', rej).listen(0, HOST, res));
  const { port } = s.address();
  await new Promise((res) => s.close(res));
  return port;
}

/** A free port for a server to bind, promised to it until release(port). */
async function freePort(transport) {
  let port = await anyPort(transport);
  for (let i = 0; i < 20 && promised.has(port); i++) port = await anyPort(transport);
  promised.add(port);
  return port;
}

/** A recording proxy on a port not promised to a server. */
async function proxyFor(transport, listen, target) {
  for (let i = 0; ; i++) {
    const proxy = await startProxy(transport, listen, target);
    if (proxy.address.path !== undefined || !promised.has(proxy.address.port) || i === 20) return proxy;
    await proxy.close();
  }
}

function procLines(file) {
  try {
    return readFileSync(file, 'latin1').split('\n').slice(1);
  } catch {
    return [];
  }
}

/**
 * The inodes of the sockets listening on `address` (TCP, unix) or bound to it (UDP), per
 * /proc/net.
 */
function listeners(transport, address) {
  if (transport === 'unix') {
    // Num RefCount Protocol Flags Type St Inode Path; flag 0x10000 is __SO_ACCEPTCON (listening).
    return procLines('/proc/net/unix').flatMap((l) => {
      const f = l.trim().split(/\s+/);
      return f.length >= 8 && (parseInt(f[3], 16) & 0x10000) !== 0 && f.slice(7).join(' ') === address.path ? [f[6]] : [];
    });
  }
  // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
  const files = transport === 'udp' ? ['/proc/net/udp', '/proc/net/udp6'] : ['/proc/net/tcp', '/proc/net/tcp6'];
  return files.flatMap((file) =>
    procLines(file).flatMap((l) => {
      const f = l.trim().split(/\s+/);
      if (f.length < 10) return [];
      const port = parseInt(f[1].split(':')[1], 16);
      return port === address.port && (transport === 'udp' || f[3] === '0A') ? [f[9]] : [];
    }),
  );
}

/**
 * True if a process of the group `pgid` (the server and what it started) holds one of the
 * sockets `inodes`: the port is the server's, not another program's that took it first.
 */
function heldByGroup(pgid, inodes) {
  const wanted = new Set(inodes.map((i) => `socket:[${i}]`));
  let pids;
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return true; // no procfs to ask: take the address's word for it
  }
  for (const pid of pids) {
    try {
      // pid (comm) state ppid pgrp ...; comm may hold spaces and parentheses.
      const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) !== pgid) continue;
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        try {
          if (wanted.has(readlinkSync(`/proc/${pid}/fd/${fd}`))) return true;
        } catch {
          // closed meanwhile
        }
      }
    } catch {
      // exited meanwhile
    }
  }
  return false;
}

/** True if the server (process group `pgid`) listens on `address` (or has bound it, UDP). */
function isListening(transport, address, pgid) {
  const inodes = listeners(transport, address);
  return inodes.length > 0 && heldByGroup(pgid, inodes);
}

/**
 * Waits until the server is ready: its output matches `ready` (a RegExp; group 1, if it matched,
 * is the port or socket path it chose), or, without `ready`, until `address` is listening. Gives
 * up when the server exits or after `timeoutMs`.
 */
async function waitReady(server, { transport, address, ready, timeoutMs }) {
  const began = Date.now();
  let exited = false;
  server.finished.then(() => (exited = true));
  for (;;) {
    if (ready) {
      const m = ready.exec(server.stdout());
      if (m) {
        if (m[1] === undefined) return { ok: true, ms: Date.now() - began };
        return { ok: true, ms: Date.now() - began, learned: transport === 'unix' ? { path: m[1] } : { host: HOST, port: Number(m[1]) } };
      }
    } else if (isListening(transport, address, server.child.pid)) return { ok: true, ms: Date.now() - began };
    if (exited) return { ok: false, ms: Date.now() - began, error: 'exited before it was ready' };
    if (Date.now() - began >= timeoutMs) return { ok: false, ms: Date.now() - began, error: `not ready after ${timeoutMs / 1000}s` };
    const s = sleep(POLL_MS);
    await Promise.race([s.promise, server.finished]);
    s.cancel();
  }
}

/** An error of the setup (a tool missing), not of the programs compared. */
function setupError(message) {
  return Object.assign(new Error(message), { code: 'PHP_SOCKETS_COMPARE_SETUP' });
}

const NOT_RUN = (why) => ({ stdout: '', stderr: '', code: null, signal: null, timedOut: false, stopped: null, notRun: why, ms: 0 });

/** One side (the PHP program or the port) of a server or client comparison, with its counterpart. */
async function runConversation(lang, o, tmp) {
  const t = o.transport;
  const promisedPort = t === 'unix' || o.readyLearns ? undefined : await freePort(t);
  let listen = t === 'unix' ? { path: join(tmp, 'server.sock') } : { host: HOST, port: promisedPort ?? 0 };
  let proxy = null;
  let server = null;
  const contractFor = (role) => contract(role, role === 'server' ? listen : proxy ? proxy.address : listen, tmp);
  const withEnv = (role) => ({ ...o.env, ...contractFor(role).env });
  try {
    if (o.wire) proxy = await proxyFor(t, t === 'unix' ? { path: join(tmp, 'wire.sock') } : { host: HOST, port: 0 }, () => listen);
    const serverCmd =
      o.mode === 'server'
        ? command(o[lang], o.args, { o, tmp, values: contractFor('server').values, env: withEnv('server') })
        : command(o.peer, null, { o, tmp, values: contractFor('server').values, env: withEnv('server') });
    // The server's own limit covers its wait to be ready, the client's whole run, and the linger.
    server = launch(serverCmd, o, o.readyTimeoutMs + o.timeoutMs + o.lingerMs);
    const ready = await waitReady(server, { transport: t, address: listen, ready: o.ready, timeoutMs: o.readyTimeoutMs });
    if (ready.learned) listen = ready.learned;
    let client;
    let clientLabel;
    if (ready.ok) {
      const clientCmd =
        o.mode === 'server'
          ? command(o.driver, null, { o, tmp, values: contractFor('client').values, env: withEnv('client') })
          : command(o[lang], o.args, { o, tmp, values: contractFor('client').values, env: withEnv('client') });
      clientLabel = clientCmd.label;
      client = await launch(clientCmd, o).finished;
      const linger = sleep(o.lingerMs);
      await Promise.race([linger.promise, server.finished]);
      linger.cancel();
      server.stop(`still running ${o.lingerMs / 1000}s after the ${o.mode === 'server' ? 'driver' : 'client'} ended`);
    } else {
      server.stop(`not ready: ${ready.error}`);
      client = NOT_RUN(`the server was not ready (${ready.error})`);
      clientLabel = o.mode === 'server' ? String(o.driver) : o[lang];
    }
    const s = await server.finished;
    if (proxy) await proxy.close();
    const serverRun = { ...s, command: serverCmd.label };
    const clientRun = { ...client, command: clientLabel };
    return {
      program: o.mode === 'server' ? serverRun : clientRun,
      counterpart: o.mode === 'server' ? clientRun : serverRun,
      ready: { ok: ready.ok, ms: ready.ms, ...(ready.error ? { error: ready.error } : {}) },
      ...(proxy ? { wire: wireLog(proxy.connections) } : {}),
    };
  } finally {
    // After an exception too: nothing of this side outlives it.
    server?.stop('the comparison failed');
    if (proxy) await proxy.close();
    if (promisedPort !== undefined) promised.delete(promisedPort);
  }
}

async function runScript(lang, o, tmp) {
  const cmd = command(o[lang], o.args, { o, tmp, values: { tmp }, env: o.env });
  const r = await launch(cmd, o).finished;
  return { program: { ...r, command: cmd.label } };
}

function broken(r) {
  return r.timedOut || r.error || r.notRun || (r.stopped && r.stopped.startsWith('not ready'));
}

const DEFAULTS = {
  timeoutMs: 30000,
  readyTimeoutMs: 10000,
  lingerMs: 2000,
  transport: 'tcp',
  wire: false,
  parallel: true,
  normalize: [],
  raw: false,
  module: 'php-sockets',
};

function options(opts) {
  const o = { ...DEFAULTS, ...opts };
  for (const [k, v] of Object.entries(o)) if (v === undefined) o[k] = DEFAULTS[k];
  if (!o.php || !o.ts) throw new TypeError('comparePorts: `php` (the PHP program) and `ts` (its port) are required');
  o.cwd = resolve(o.cwd ?? process.cwd());
  if (o.tsconfig) o.tsconfig = resolve(o.cwd, o.tsconfig);
  o.env = o.env ?? process.env;
  o.phpBinary = o.phpBinary ?? process.env.PHP ?? 'php';
  o.mode = o.mode ?? (o.driver ? 'server' : o.peer ? 'client' : 'script');
  if (!['script', 'server', 'client'].includes(o.mode)) throw new TypeError(`comparePorts: unknown mode ${o.mode}`);
  if (o.mode === 'server' && !o.driver) throw new TypeError('comparePorts: server mode needs a `driver`');
  if (o.mode === 'client' && !o.peer) throw new TypeError('comparePorts: client mode needs a `peer`');
  if (!['tcp', 'unix', 'udp'].includes(o.transport)) throw new TypeError(`comparePorts: unknown transport ${o.transport}`);
  if (o.wire && o.mode === 'script') throw new TypeError('comparePorts: `wire` needs a server or client mode (a driver or a peer)');
  // A command that does not parse is refused now, before anything starts.
  for (const k of ['driver', 'peer']) if (typeof o[k] === 'string' && !SHELL_SYNTAX.test(o[k])) splitWords(o[k]);
  if (typeof o.ready === 'string') o.ready = new RegExp(o.ready);
  o.readyLearns = o.ready instanceof RegExp && new RegExp(`${o.ready.source}|`).exec('').length > 1;
  o.rules = (typeof o.normalize === 'string' ? [o.normalize] : o.normalize).map(parseRule);
  for (const k of ['php', 'ts']) if (!existsSync(resolve(o.cwd, o[k]))) throw new TypeError(`comparePorts: ${o[k]}: no such file`);
  try {
    tsxLoader();
  } catch {
    throw setupError('comparePorts: tsx runs the TypeScript port and is not installed here (an optional peer dependency of php-sockets): npm install --save-dev tsx');
  }
  return o;
}

function realpaths(dirs) {
  const all = [...dirs];
  for (const d of dirs) {
    try {
      all.push(realpathSync(d));
    } catch {
      // gone
    }
  }
  return all;
}

/**
 * Runs `php` and its port `ts` (see ComparePortsOptions in compare.d.mts) and compares them.
 * Resolves to { identical, mode, php, ts, diff, differences, typecheck? }; never rejects for a
 * difference, a timeout or a crash of a program (those are in the result), only for bad options.
 */
export async function comparePorts(opts) {
  const o = options(opts);
  let typecheckResult;
  if (o.typecheck) {
    typecheckResult = (await typecheck([resolve(o.cwd, o.ts)], { tsconfig: o.tsconfig, cwd: o.cwd }))[0];
    if (!typecheckResult.ok) {
      return { identical: false, mode: o.mode, php: null, ts: null, diff: `type errors in ${o.ts}:\n${typecheckResult.output}`, differences: ['typecheck'], typecheck: typecheckResult };
    }
  }
  const tmps = { php: tempDir(), ts: tempDir() };
  try {
    const one = (lang) => (o.mode === 'script' ? runScript(lang, o, tmps[lang]) : runConversation(lang, o, tmps[lang]));
    let php;
    let ts;
    if (o.parallel) [php, ts] = await Promise.all([one('php'), one('ts')]);
    else {
      php = await one('php');
      ts = await one('ts');
    }
    const nopts = { tmpDirs: realpaths([tmps.php, tmps.ts]), normalise: !o.raw, rules: o.rules };
    const norm = (text) => (o.raw ? normalise(text, { tmpDirs: [], ids: false, ports: false, rules: o.rules }) : normalise(text, nopts));
    const differences = [];
    const sections = [];
    let isBroken = false;
    for (const part of ['program', 'counterpart']) {
      if (!php[part]) continue;
      php[part].transcript = transcript(php[part], nopts);
      ts[part].transcript = transcript(ts[part], nopts);
      isBroken ||= Boolean(broken(php[part]) || broken(ts[part]));
      const what = part === 'program' ? (o.mode === 'script' ? '' : o.mode) : o.mode === 'server' ? 'driver' : 'peer';
      const labelA = part === 'program' ? `php ${o.php}` : `php side: ${what} ${php[part].command}`;
      const labelB = part === 'program' ? `ts  ${o.ts}` : `ts  side: ${what} ${ts[part].command}`;
      const d = unifiedDiff(php[part].transcript, ts[part].transcript, { labelA: what && part === 'program' ? `${labelA} (${what})` : labelA, labelB: what && part === 'program' ? `${labelB} (${what})` : labelB });
      if (d) {
        differences.push(part === 'program' ? 'program' : what);
        sections.push(d);
      }
    }
    if (php.wire) {
      const normWire = (log) => log.map((c) => ({
        ...c,
        toServer: Buffer.from(norm(c.toServer.toString('latin1')), 'latin1'),
        toClient: Buffer.from(norm(c.toClient.toString('latin1')), 'latin1'),
        ...(c.datagrams ? { datagrams: { toServer: c.datagrams.toServer.map((d) => Buffer.from(norm(d.toString('latin1')), 'latin1')), toClient: c.datagrams.toClient.map((d) => Buffer.from(norm(d.toString('latin1')), 'latin1')) } } : {}),
      }));
      const d = wireDiff(normWire(php.wire), normWire(ts.wire));
      if (d) {
        differences.push('wire');
        sections.push(d);
      }
    }
    const notes = [];
    for (const [lang, side] of [['php', php], ['ts', ts]]) {
      for (const part of ['program', 'counterpart']) {
        const r = side[part];
        if (r && broken(r)) notes.push(`${lang} ${part === 'program' ? o[lang] : r.command}: ${r.error ? `could not start (${r.error.message})` : r.timedOut ? `timed out after ${o.timeoutMs / 1000}s` : r.notRun ?? r.stopped}\n`);
      }
    }
    if (isBroken) differences.push('incomplete');
    return {
      identical: differences.length === 0,
      mode: o.mode,
      php,
      ts,
      diff: sections.join('') + notes.join(''),
      differences,
      ...(typecheckResult ? { typecheck: typecheckResult } : {}),
    };
  } finally {
    removeDir(tmps.php);
    removeDir(tmps.ts);
  }
}

/** Resolves the TypeScript compiler from the user's project (dir), else from this package. */
function loadTypeScript(dir) {
  for (const from of [join(dir, 'noop.js'), import.meta.url]) {
    try {
      return createRequire(from)('typescript');
    } catch {
      // try the next
    }
  }
  return null;
}

/**
 * Type-checks `files` (TS ports) in one program: with `tsconfig` (or the tsconfig.json nearest
 * the first file) for the compiler options, else strict defaults for Node. Resolves to one
 * { file, ok, output } per file, `output` being tsc's messages for that file.
 */
export async function typecheck(files, { tsconfig, cwd = process.cwd() } = {}) {
  const dir = dirname(resolve(cwd, files[0]));
  const ts = loadTypeScript(dir);
  if (!ts) throw setupError('--typecheck runs the TypeScript compiler, which is not installed here: npm install --save-dev typescript');
  const configPath = tsconfig ? resolve(cwd, tsconfig) : ts.findConfigFile(dir, ts.sys.fileExists);
  let options;
  const general = [];
  if (configPath) {
    const parsed = ts.getParsedCommandLineOfConfigFile(configPath, { noEmit: true }, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => general.push(d) });
    options = parsed ? parsed.options : {};
    if (parsed) general.push(...parsed.errors.filter((d) => d.code !== 18003 /* no inputs */));
  } else {
    options = {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      skipLibCheck: true,
    };
  }
  const roots = files.map((f) => resolve(cwd, f));
  // Only checking: what governs the output (and would refuse a port outside the project's root
  // directory, or not in a composite project's file list) does not apply.
  for (const k of ['rootDir', 'outDir', 'outFile', 'declaration', 'declarationDir', 'declarationMap', 'composite', 'incremental', 'tsBuildInfoFile', 'sourceMap']) delete options[k];
  const program = ts.createProgram({ rootNames: roots, options: { ...options, noEmit: true } });
  const all = [...general, ...ts.getPreEmitDiagnostics(program)];
  const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => cwd, getNewLine: () => '\n' };
  const rootSet = new Set(roots.map((r) => realpathSync(r)));
  return roots.map((root) => {
    const real = realpathSync(root);
    // A root's own errors, errors with no file, and errors in files that are not roots (modules
    // the ports import), which may be this root's.
    const mine = all.filter((d) => !d.file || realpathSync(d.file.fileName) === real || !rootSet.has(realpathSync(d.file.fileName)));
    return { file: root, ok: mine.length === 0, output: ts.formatDiagnostics(mine, host) };
  });
}

const PORT_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'];

/**
 * The pairs in a directory: each NAME.php with a port NAME.ts (or .mts, .js, .mjs), and its
 * options from NAME.compare.json if there is one. PHP files without a port are listed apart
 * (drivers and peers live beside the pairs).
 */
function findPairs(dir) {
  const files = readdirSync(dir).sort();
  const pairs = [];
  const unpaired = [];
  for (const f of files) {
    if (!f.endsWith('.php')) continue;
    const name = f.slice(0, -4);
    const port = PORT_EXTENSIONS.map((e) => name + e).find((p) => files.includes(p));
    if (!port) {
      unpaired.push(f);
      continue;
    }
    let config = {};
    if (files.includes(`${name}.compare.json`)) config = JSON.parse(readFileSync(join(dir, `${name}.compare.json`), 'utf8'));
    pairs.push({ name, php: join(dir, f), ts: join(dir, port), config });
  }
  return { pairs, unpaired };
}

/**
 * Compares every pair of a directory (see findPairs), `jobs` pairs at a time, with `opts` as the
 * options of each (NAME.compare.json overrides them per pair; its paths are relative to the
 * directory, which is also the programs' working directory). `onResult(name, result)` is called
 * as each finishes. Resolves to { identical, results: [{ name, result }], summary, unpaired }.
 */
export async function compareDirectory(dir, opts = {}, { jobs = 2, onResult } = {}) {
  const { pairs, unpaired } = findPairs(dir);
  // A relative tsconfig in `opts` is the caller's; one in NAME.compare.json is the directory's.
  const tsconfig = opts.tsconfig && resolve(opts.cwd ?? process.cwd(), opts.tsconfig);
  let checked = null;
  if (opts.typecheck && pairs.length) {
    checked = new Map((await typecheck(pairs.map((p) => p.ts), { tsconfig, cwd: dir })).map((r) => [r.file, r]));
  }
  const results = new Array(pairs.length);
  let next = 0;
  const worker = async () => {
    while (next < pairs.length) {
      const i = next++;
      const p = pairs[i];
      const tc = checked?.get(resolve(p.ts));
      let result;
      if (tc && !tc.ok) {
        result = { identical: false, mode: 'script', php: null, ts: null, diff: `type errors in ${p.ts}:\n${tc.output}`, differences: ['typecheck'], typecheck: tc };
      } else {
        try {
          result = await comparePorts({ ...opts, tsconfig, ...p.config, typecheck: false, cwd: dir, php: p.php, ts: p.ts });
        } catch (e) {
          result = { identical: false, mode: 'script', php: null, ts: null, diff: `${e.message}\n`, differences: ['error'] };
        }
        if (tc) result.typecheck = tc;
      }
      results[i] = { name: p.name, result };
      onResult?.(p.name, result);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, pairs.length)) }, worker));
  const different = results.filter((r) => !r.result.identical);
  const typeErrors = different.filter((r) => r.result.differences.includes('typecheck'));
  const summary =
    `${pairs.length} pair${pairs.length === 1 ? '' : 's'}: ${pairs.length - different.length} identical, ${different.length - typeErrors.length} different` +
    (typeErrors.length ? `, ${typeErrors.length} with type errors` : '') +
    (different.length ? ` (${different.map((r) => r.name).join(', ')})` : '');
  return { identical: different.length === 0 && pairs.length > 0, results, summary, unpaired };
}
