#!/usr/bin/env node
// The package's install script. Where the prebuilt addon the package carries loads (Linux x64 with
// glibc 2.28+), there is nothing to do. Elsewhere (arm64, musl, or a clone of the repository, which
// carries none) it builds the addon from source with cmake-js: quietly when that works, with the
// build's last lines and what to do when it fails.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

// dist/ exists in the packed package; a fresh clone builds it after this script (`prepare`).
if (existsSync(new URL('../dist/load.js', import.meta.url))) {
  const { loadPrebuilt } = await import('../dist/load.js');
  if (loadPrebuilt() !== null) process.exit(0);
}

const require = createRequire(import.meta.url);
let cmakeJs;
try {
  cmakeJs = require.resolve('cmake-js/bin/cmake-js');
} catch {
  cmakeJs = null;
}
const r = cmakeJs
  ? spawnSync(process.execPath, [cmakeJs, 'compile', '--out', 'build'], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    })
  : { status: 1, stdout: '', stderr: 'cmake-js is not installed (a dependency of php-sockets)', error: undefined };
if (r.status === 0) process.exit(0);

const output = `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}`.trimEnd().split('\n');
process.stderr.write(
  [
    ...output.slice(-40),
    '',
    `php-sockets: no prebuilt addon for ${process.platform}-${process.arch} here, and building it from source failed (above).`,
    'It needs cmake (3.15+), make and a C++17 compiler:',
    '  Debian/Ubuntu: apt-get install cmake make g++',
    '  Alpine (musl): apk add cmake make g++ linux-headers',
    'then run `npm rebuild php-sockets`. Only Linux is supported (see "Troubleshooting" in the README).',
    '',
  ].join('\n'),
);
process.exit(1);
