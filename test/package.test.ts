// The packed package works for a user: `npm pack` (which builds the prebuilt addon into the
// tarball), install the tarball into an empty project (offline: dependencies from the npm cache,
// pinned by a lockfile), once with install scripts and once without (pnpm 10, Bun and npm 11 skip
// them unless approved): the prebuilt addon loads, nothing is compiled. Then a socket round trip
// from ESM and CommonJS, the loader's fallback and its error, and the shipped
// `php-sockets-compare` command on a sample pair.
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPhp } from './helpers/php.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], cwd: string, timeout = 240_000, env = process.env): Promise<Run> {
  return new Promise((res) => {
    execFile(cmd, args, { cwd, timeout, env, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      res({ code, stdout, stderr });
    });
  });
}

function must(r: Run, what: string): Run {
  if (r.code !== 0) throw new Error(`${what} failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

const SAMPLE_PHP = `<?php
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $pair);
[$a, $b] = $pair;
var_dump(socket_write($a, "hello\\n"), socket_read($b, 100, PHP_NORMAL_READ));
$s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
var_dump(socket_bind($s, '127.0.0.1', 0), socket_getsockname($s, $addr, $port), $addr, $port);
var_dump(socket_getpeername($s, $addr), socket_last_error($s), $s);
print_r([$addr, 'tmp' => sys_get_temp_dir() . '/x']);
`;

const SAMPLE_TS = `import { tmpdir } from 'node:os';
import {
  AF_INET, AF_UNIX, PHP_NORMAL_READ, SOCK_STREAM, SOL_TCP, type Socket, print_r, ref, socket_bind,
  socket_create, socket_create_pair, socket_getpeername, socket_getsockname, socket_last_error,
  socket_read, socket_write, var_dump,
} from 'php-sockets';

const pair: Socket[] = [];
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, pair);
const [a, b] = pair as [Socket, Socket];
var_dump(socket_write(a, 'hello\\n'), socket_read(b, 100, PHP_NORMAL_READ));
const s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
const addr = ref<string>();
const port = ref<number>();
var_dump(socket_bind(s, '127.0.0.1', 0), socket_getsockname(s, addr, port), addr.value, port.value);
var_dump(socket_getpeername(s, addr), socket_last_error(s), s);
print_r({ 0: addr.value, tmp: tmpdir() + '/x' });
`;

type LockEntry = {
  dev?: boolean;
  devOptional?: boolean;
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
};

/** Our lockfile's entries for the package's runtime dependencies, plus `extra` and what they need. */
function pinned(extra: string[]): Record<string, unknown> {
  const ours = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const wanted = new Set(Object.keys(ours.packages).filter((p) => p !== '' && !ours.packages[p]!.dev));
  const seen = new Set<string>();
  const queue = extra.map((name) => `node_modules/${name}`);
  while (queue.length > 0) {
    const path = queue.pop()!;
    const entry = ours.packages[path];
    if (entry === undefined || seen.has(path)) continue;
    seen.add(path);
    wanted.add(path);
    for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
      const nested = `${path}/node_modules/${dep}`;
      queue.push(ours.packages[nested] ? nested : `node_modules/${dep}`);
    }
  }
  const packages: Record<string, unknown> = {};
  for (const path of wanted) {
    const { dev: _, devOptional: __, ...rest } = ours.packages[path]!;
    packages[path] = rest;
  }
  return packages;
}

/**
 * An empty project with a lockfile pinning the package's own dependencies (and `extra` packages of
 * ours) to the versions of ours. npm then takes every one of them from the npm cache that our
 * `npm ci` filled (tarballs by integrity), so an offline install needs no network and no cached
 * registry metadata, which a fresh machine's cache does not hold. With `spec`, the project
 * depends on the tarball already (for `npm ci`).
 */
function writeProject(dir: string, spec: string | null, extra: string[] = []): void {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown> & { version: string };
  const dependencies: Record<string, string> = {};
  const packages = pinned(extra);
  for (const name of extra) dependencies[name] = (packages[`node_modules/${name}`] as { version: string }).version;
  if (spec !== null) {
    dependencies['php-sockets'] = spec;
    packages['node_modules/php-sockets'] = {
      version: pkg.version,
      resolved: spec,
      license: pkg.license,
      hasInstallScript: true,
      os: pkg.os,
      cpu: pkg.cpu,
      libc: pkg.libc,
      engines: pkg.engines,
      dependencies: pkg.dependencies,
      peerDependencies: pkg.peerDependencies,
      peerDependenciesMeta: pkg.peerDependenciesMeta,
      bin: pkg.bin,
    };
  }
  packages[''] = { name: 'sample', dependencies };
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'sample', private: true, type: 'module', dependencies }));
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ name: 'sample', lockfileVersion: 3, requires: true, packages }));
}

const ROUND_TRIP_ESM = `import * as p from 'php-sockets';
const pair = [];
p.socket_create_pair(p.AF_UNIX, p.SOCK_STREAM, 0, pair);
p.socket_write(pair[0], 'esm');
const l = p.socket_create(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP);
p.socket_bind(l, '127.0.0.1', 0);
p.socket_listen(l, 1);
const port = p.ref();
p.socket_getsockname(l, p.ref(), port);
const c = p.socket_create(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP);
p.socket_connect(c, '127.0.0.1', port.value);
const s = p.socket_accept(l);
p.socket_write(c, 'tcp');
console.log(p.socket_read(pair[1], 10), p.socket_read(s, 10));
`;
// require() gets the CommonJS entry (dist/index.cjs): the ES module's own values (one copy of
// the package, shared with import) as plain data properties.
const ROUND_TRIP_CJS = `const p = require('php-sockets');
const a = require('php-sockets/async');
const pair = [];
p.socket_create_pair(p.AF_UNIX, p.SOCK_STREAM, 0, pair);
p.socket_write(pair[0], 'cjs');
const plain = (o) => 'value' in Object.getOwnPropertyDescriptor(o, 'socket_read');
Promise.all([a.socket_read(pair[1], 10), import('php-sockets'), import('php-sockets/async')]).then(([r, m, ma]) =>
  console.log(r, m.Socket === p.Socket && m.socket_read === p.socket_read && ma.socket_read === a.socket_read, plain(p) && plain(a)),
);
`;

// A port run by tsx in a project whose package.json has no "type": "module": tsx compiles it to
// CommonJS, so its import is a require() of the CommonJS entry.
const TSX_CJS_PORT = `import { AF_UNIX, SOCK_STREAM, type Socket, socket_create_pair, socket_read, socket_write } from 'php-sockets';
const pair: Socket[] = [];
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, pair);
socket_write(pair[0]!, 'tsx');
const api = require('php-sockets') as object;
console.log(socket_read(pair[1]!, 10), typeof module, 'value' in Object.getOwnPropertyDescriptor(api, 'socket_read')!);
`;

// Packed here, on glibc: the prebuilt addon is this machine's (linux-x64 for the published package).
const SYSTEM = `${process.platform}-${process.arch}`;
const PREBUILT = `prebuilds/${SYSTEM}/node.napi.glibc.node`;

describe('the packed package', () => {
  let work = '';
  let project = '';
  let bare = '';
  let tarball = '';
  let installed: Run | null = null;
  let bareInstalled: Run | null = null;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'php-sockets-pack-'));
    project = join(work, 'project');
    bare = join(work, 'bare');
    // `npm pack` runs `prepack` (the addon, copied to prebuilds/), then `prepare` (dist/ from lib/).
    must(await run(npm, ['pack', '--pack-destination', work, '--silent'], ROOT), 'npm pack');
    tarball = readdirSync(work).find((f) => f.endsWith('.tgz')) ?? '';
    if (!tarball) throw new Error(`npm pack wrote no tarball in ${work}`);
    // With install scripts, from a lockfile (npm ci), and tsx for php-sockets-compare.
    mkdirSync(project);
    writeProject(project, `file:../${tarball}`, ['tsx']);
    installed = must(await run(npm, ['ci', '--offline', '--no-audit', '--no-fund'], project), 'npm ci of the tarball');
    // Without install scripts, `npm install <tarball>` into an empty project.
    mkdirSync(bare);
    writeProject(bare, null);
    bareInstalled = must(
      await run(npm, ['install', '--ignore-scripts', '--offline', '--no-audit', '--no-fund', `../${tarball}`], bare),
      'npm install --ignore-scripts of the tarball',
    );
    writeFileSync(join(project, 'sample.php'), SAMPLE_PHP);
    writeFileSync(join(project, 'sample.ts'), SAMPLE_TS);
    writeFileSync(join(project, 'different.ts'), SAMPLE_TS.replace("'hello\\n'", "'hullo\\n'"));
  }, 600_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('carries the prebuilt addon and the license, and was built when packed (not committed)', async () => {
    const list = must(await run('tar', ['tzf', join(work, tarball)], work), 'tar').stdout.split('\n');
    expect(list).toContain(`package/${PREBUILT}`);
    expect(list).toContain('package/LICENSE');
    expect(list).toContain('package/scripts/install.mjs');
    expect(list.filter((f) => f.startsWith('package/build/'))).toEqual([]);
    expect(existsSync(join(ROOT, 'prebuilds'))).toBe(false);
    expect(must(await run('git', ['ls-files', 'prebuilds'], ROOT), 'git ls-files').stdout).toBe('');
  });

  it('installs with scripts without compiling anything, quietly', () => {
    expect(installed).not.toBeNull();
    const pkgDir = join(project, 'node_modules/php-sockets');
    expect(existsSync(join(pkgDir, PREBUILT))).toBe(true);
    expect(existsSync(join(pkgDir, 'build'))).toBe(false);
    expect(installed!.stdout + installed!.stderr).not.toMatch(/cmake|ninja|g\+\+|Building/i);
  });

  it('works installed with --ignore-scripts: a round trip from ESM and from CommonJS', async () => {
    expect(bareInstalled).not.toBeNull();
    expect(existsSync(join(bare, 'node_modules/php-sockets/build'))).toBe(false);
    writeFileSync(join(bare, 'esm.mjs'), ROUND_TRIP_ESM);
    writeFileSync(join(bare, 'cjs.cjs'), ROUND_TRIP_CJS);
    const esm = must(await run(process.execPath, ['esm.mjs'], bare), 'esm.mjs');
    expect(esm.stdout).toBe('esm tcp\n');
    expect(esm.stderr).toBe('');
    const cjs = must(await run(process.execPath, ['cjs.cjs'], bare), 'cjs.cjs');
    expect(cjs.stdout).toBe('cjs true true\n');
    expect(cjs.stderr).toBe('');
  });

  it('gives a port that tsx runs as CommonJS plain data properties', async () => {
    expect(installed).not.toBeNull();
    const dir = join(project, 'cjs');
    mkdirSync(dir);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'cjs-port', private: true }));
    writeFileSync(join(dir, 'port.ts'), TSX_CJS_PORT);
    const tsx = join(project, 'node_modules/tsx/dist/cli.mjs');
    const r = must(await run(process.execPath, [tsx, 'port.ts'], dir), 'tsx port.ts');
    expect(r.stdout).toBe('tsx object true\n');
    expect(r.stderr).toBe('');
  }, 120_000);

  it('php-sockets-compare says how to get tsx when it is not installed', async () => {
    writeFileSync(join(bare, 'sample.php'), SAMPLE_PHP);
    writeFileSync(join(bare, 'sample.ts'), SAMPLE_TS);
    const r = await run(npm, ['exec', '--no', '--', 'php-sockets-compare', 'sample.php', 'sample.ts'], bare);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('tsx runs the TypeScript script and is not installed here (an optional peer dependency): npm install --save-dev tsx');
  });

  it('loads a local build when the prebuilt one does not load, says what to do when neither does, and the install script says why it could not build', async () => {
    const pkgDir = join(bare, 'node_modules/php-sockets');
    // A prebuilt binary that does not load here (as on an older or another system).
    writeFileSync(join(pkgDir, PREBUILT), 'not an ELF file');
    const failed = await run(process.execPath, ['esm.mjs'], bare);
    expect(failed.code).not.toBe(0);
    for (const text of [
      `php-sockets: no native addon loads on this system (${SYSTEM}, glibc`,
      `  ${PREBUILT}: `,
      '  build/Release/php_sockets.node: not there',
      'run `npm rebuild php-sockets`',
      'pnpm 10 (`pnpm approve-builds`)',
      'Bun (`bun pm trust php-sockets`)',
      'macOS and Windows are not supported',
    ]) {
      expect(failed.stderr).toContain(text);
    }
    // The install script then builds from source: without cmake on the PATH it fails, saying why.
    const bin = join(work, 'bin-node-only');
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, 'node'));
    const script = await run(process.execPath, ['scripts/install.mjs'], pkgDir, 120_000, { ...process.env, PATH: bin });
    expect(script.code).toBe(1);
    expect(script.stderr).toContain(
      `php-sockets: no prebuilt addon for ${SYSTEM} here, and building it from source failed (above).`,
    );
    expect(script.stderr).toContain('then run `npm rebuild php-sockets`.');
    // A local build (the one this repository built) is loaded next.
    mkdirSync(join(pkgDir, 'build/Release'), { recursive: true });
    copyFileSync(join(ROOT, 'build/Release/php_sockets.node'), join(pkgDir, 'build/Release/php_sockets.node'));
    const local = must(await run(process.execPath, ['esm.mjs'], bare), 'esm.mjs with a local build');
    expect(local.stdout).toBe('esm tcp\n');
  }, 120_000);

  it('installs and links the php-sockets-compare command', async () => {
    expect(installed).not.toBeNull();
    const help = await run(npm, ['exec', '--no', '--', 'php-sockets-compare', '--help'], project);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: php-sockets-compare');
    const usage = await run(npm, ['exec', '--no', '--', 'php-sockets-compare', 'sample.php'], project);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('expected two programs (program.php port.ts) or a directory');
  }, 120_000);

  it.skipIf(!hasPhp)('reports an identical pair with exit status 0', async () => {
    const r = await run(npm, ['exec', '--no', '--', 'php-sockets-compare', 'sample.php', 'sample.ts'], project, 120_000);
    expect(r.stdout + r.stderr).toContain('php-sockets-compare: identical (');
    expect(r.code).toBe(0);
  }, 120_000);

  it.skipIf(!hasPhp)('php-sockets-compare --typecheck says how to get typescript when it is not installed', async () => {
    const r = await run(npm, ['exec', '--no', '--', 'php-sockets-compare', '--typecheck', 'sample.php', 'sample.ts'], project, 120_000);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--typecheck runs the TypeScript compiler, which is not installed here: npm install --save-dev typescript');
  }, 120_000);

  it.skipIf(!hasPhp)('exports comparePorts as php-sockets/compare', async () => {
    writeFileSync(
      join(project, 'compare.mjs'),
      "import { comparePorts } from 'php-sockets/compare';\n" +
        "const r = await comparePorts({ php: 'sample.php', ts: 'different.ts' });\n" +
        "console.log(r.identical, r.differences.join(), r.diff.includes('+string(6) \"hullo'));\n",
    );
    const r = must(await run(process.execPath, ['compare.mjs'], project, 120_000), 'compare.mjs');
    expect(r.stdout).toBe('false program true\n');
  }, 120_000);

  it.skipIf(!hasPhp)('shows a unified diff and exits 1 when the transcripts differ', async () => {
    const r = await run(npm, ['exec', '--no', '--', 'php-sockets-compare', 'sample.php', 'different.ts'], project, 120_000);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('--- php sample.php\n+++ ts  different.ts\n@@ -1,5 +1,5 @@\n');
    expect(r.stdout).toContain('-string(6) "hello\n+string(6) "hullo\n');
    expect(r.stdout).toContain('php-sockets-compare: transcripts differ');
  }, 120_000);
});
