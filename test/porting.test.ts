// docs/conformance.md, "Porting the rest of a script": each PHP snippet there and the TS port
// that follows it are run (php-cli, and tsx with the package mapped to lib/), and must print the
// same stdout, the same stderr (file paths and line numbers aside) and exit the same way.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { hasPhp } from './helpers/php.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSX = `file://${join(ROOT, 'node_modules/tsx/dist/esm/index.mjs')}`;
const doc = readFileSync(join(ROOT, 'docs/conformance.md'), 'utf8');
const start = doc.indexOf('## Porting the rest of a script');
const end = doc.indexOf('\n## ', start + 1);
const section = doc.slice(start, end < 0 ? undefined : end);

interface Pair {
  title: string;
  php: string;
  ts: string;
}

function pairs(): Pair[] {
  const out: Pair[] = [];
  for (const part of section.split('\n### ').slice(1)) {
    const blocks = [...part.matchAll(/```(php|ts)\n([\s\S]*?)```/g)];
    const php = blocks.find((b) => b[1] === 'php');
    const ts = blocks.find((b) => b[1] === 'ts');
    if (php && ts) out.push({ title: part.slice(0, part.indexOf('\n')), php: php[2]!, ts: ts[2]! });
  }
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'php-sockets-porting-'));
writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function outcome(r: ReturnType<typeof spawnSync>, file: string): string {
  const stderr = String(r.stderr).split(file).join('FILE').replace(/ on line \d+/g, ' on line N');
  return `${String(r.stdout)}|${stderr}|${r.status}`;
}

describe('Porting the rest of a script (docs/conformance.md)', () => {
  const all = pairs();
  it('has a PHP snippet and a port for each of the functions real ports needed', () => {
    const titles = all.map((p) => p.title).join('\n');
    for (const name of ['pack()', 'sprintf()', 'str_pad()', 'json_encode()', 'ip2long()', 'long2ip()', 'sha1()', 'base64_encode()', 'microtime()', 'usleep()', 'sleep()', 'die()', 'exit()']) {
      expect(titles).toContain(name);
    }
  });

  all.forEach((pair, i) => {
    it.skipIf(!hasPhp)(`prints what PHP prints: ${pair.title}`, () => {
      const phpFile = join(dir, `case${i}.php`);
      const tsFile = join(dir, `case${i}.ts`);
      writeFileSync(phpFile, pair.php);
      writeFileSync(tsFile, pair.ts.replace(/from 'php-sockets'/g, `from ${JSON.stringify(join(ROOT, 'lib/index.ts'))}`));
      const a = spawnSync('php', [phpFile], { encoding: 'latin1', timeout: 20000 });
      const b = spawnSync(process.execPath, ['--import', TSX, tsFile], { encoding: 'latin1', timeout: 20000 });
      expect(outcome(b, tsFile)).toBe(outcome(a, phpFile));
      expect(String(a.stdout)).not.toBe('');
    });
  });
});
