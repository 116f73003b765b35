// The same script written in PHP and in TS, line for line, run as `php file.php` and under tsx as
// separate processes: for what depends on the whole process (resource numbering, stderr, the exit
// status). Each side's file path in its stderr becomes FILE.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = `file://${join(ROOT, 'node_modules/tsx/dist/esm/index.mjs')}`;

export interface PairRun {
  /** stdout, "|", then stderr with the script's path as FILE. */
  php: string;
  ts: string;
  phpStatus: number | null;
  tsStatus: number | null;
}

let dir: string | null = null;

/** Removes the scripts' temp dir (call from afterAll). */
export function removeScripts(): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
}

/**
 * Runs `phpCode` (after "<?php\n") and `tsCode` (after one line importing the package as `p`, or
 * `entry`, e.g. 'lib/async/index.ts'), so line N of one is line N of the other.
 */
export function runPair(name: string, phpCode: string, tsCode: string, entry = 'lib/index.ts'): PairRun {
  if (!dir) {
    dir = mkdtempSync(join(tmpdir(), 'php-sockets-pair-'));
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
  }
  const phpFile = join(dir, `${name}.php`);
  const tsFile = join(dir, `${name}.ts`);
  writeFileSync(phpFile, `<?php\n${phpCode}`);
  writeFileSync(tsFile, `import * as p from ${JSON.stringify(join(ROOT, entry))};\n${tsCode}`);
  const a = spawnSync('php', [phpFile], { encoding: 'latin1', timeout: 20000 });
  const b = spawnSync(process.execPath, ['--import', TSX, tsFile], { encoding: 'latin1', timeout: 20000 });
  return {
    php: `${a.stdout}|${a.stderr.split(phpFile).join('FILE')}`,
    ts: `${b.stdout}|${b.stderr.split(tsFile).join('FILE')}`,
    phpStatus: a.status,
    tsStatus: b.status,
  };
}
