// The packed package works for a user: `npm pack`, install the tarball into an empty project
// (offline: dependencies from the npm cache, pinned by a lockfile; the addon is compiled by the
// package's install script), then run the shipped `php-sockets-compare` command on a sample pair.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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

function run(cmd: string, args: string[], cwd: string, timeout = 240_000): Promise<Run> {
  return new Promise((res) => {
    execFile(cmd, args, { cwd, timeout, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
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

/**
 * An empty project that depends on the tarball, with a lockfile pinning the package's own
 * dependencies to the versions of ours. `npm ci --offline` then takes every one of them from the
 * npm cache that our `npm ci` filled (tarballs by integrity), so the install needs no network and
 * no cached registry metadata, which a fresh machine's cache does not hold.
 */
function writeProject(dir: string, spec: string): void {
  const read = (f: string) => JSON.parse(readFileSync(join(ROOT, f), 'utf8')) as Record<string, unknown>;
  const pkg = read('package.json') as Record<string, unknown> & { version: string };
  const ours = read('package-lock.json') as { packages: Record<string, { dev?: boolean; devOptional?: boolean }> };
  const dependencies = { 'php-sockets': spec };
  const packages: Record<string, unknown> = {
    '': { name: 'sample', dependencies },
    'node_modules/php-sockets': {
      version: pkg.version,
      resolved: spec,
      license: pkg.license,
      hasInstallScript: true,
      os: pkg.os,
      engines: pkg.engines,
      dependencies: pkg.dependencies,
      bin: pkg.bin,
    },
  };
  for (const [path, entry] of Object.entries(ours.packages)) {
    if (path === '' || entry.dev) continue;
    const { devOptional: _, ...rest } = entry;
    packages[path] = rest;
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'sample', private: true, type: 'module', dependencies }));
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ name: 'sample', lockfileVersion: 3, requires: true, packages }));
}

describe('the packed package', () => {
  let work = '';
  let project = '';
  let installed: Run | null = null;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'php-sockets-pack-'));
    project = join(work, 'project');
    // `npm pack` runs `prepare`, which builds dist/ from lib/.
    must(await run(npm, ['pack', '--pack-destination', work, '--silent'], ROOT), 'npm pack');
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack wrote no tarball in ${work}`);
    mkdirSync(project);
    writeProject(project, `file:../${tarball}`);
    installed = must(await run(npm, ['ci', '--offline', '--no-audit', '--no-fund'], project), 'npm ci of the tarball');
    writeFileSync(join(project, 'sample.php'), SAMPLE_PHP);
    writeFileSync(join(project, 'sample.ts'), SAMPLE_TS);
    writeFileSync(join(project, 'different.ts'), SAMPLE_TS.replace("'hello\\n'", "'hullo\\n'"));
  }, 600_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('installs and links the php-sockets-compare command', async () => {
    expect(installed).not.toBeNull();
    const help = await run(npm, ['exec', '--no', '--', 'php-sockets-compare', '--help'], project);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: php-sockets-compare');
    const usage = await run(npm, ['exec', '--no', '--', 'php-sockets-compare', 'sample.php'], project);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('expected two scripts');
  }, 120_000);

  it.skipIf(!hasPhp)('reports an identical pair with exit status 0', async () => {
    const r = await run(npm, ['exec', '--no', '--', 'php-sockets-compare', 'sample.php', 'sample.ts'], project, 120_000);
    expect(r.stdout + r.stderr).toContain('php-sockets-compare: identical (');
    expect(r.code).toBe(0);
  }, 120_000);

  it.skipIf(!hasPhp)('shows a unified diff and exits 1 when the transcripts differ', async () => {
    const r = await run(npm, ['exec', '--no', '--', 'php-sockets-compare', 'sample.php', 'different.ts'], project, 120_000);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('--- php sample.php\n+++ ts  different.ts\n@@ -1,5 +1,5 @@\n');
    expect(r.stdout).toContain('-string(6) "hello\n+string(6) "hullo\n');
    expect(r.stdout).toContain('php-sockets-compare: transcripts differ');
  }, 120_000);
});
