// The stream examples: each TypeScript port runs on its own over loopback, exits 0, and prints
// what its PHP original prints (ephemeral ports aside).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasPhp } from './helpers/php.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const EXAMPLES = ['stream-echo-server', 'stream-http-client', 'stream-select-server', 'stream-starttls', 'stream-udp-client'];

function runExample(cmd: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'latin1', timeout: 15000 });
  return { code: r.status, stdout: r.stdout.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>'), stderr: r.stderr };
}

const ts = (name: string) => runExample(process.execPath, ['--import', 'tsx', `examples/${name}.ts`]);
const php = (name: string) => runExample('php', ['-d', 'display_errors=stderr', `examples/${name}.php`]);

describe.concurrent('stream examples', () => {
  it.each(EXAMPLES)('%s.ts runs on its own and exits 0', (name) => {
    const r = ts(name);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(0);
  });

  it.runIf(hasPhp).each(EXAMPLES)('%s.ts prints what its PHP original prints', (name) => {
    const expected = php(name);
    expect(expected.code).toBe(0);
    expect(ts(name).stdout).toBe(expected.stdout);
  });
});
