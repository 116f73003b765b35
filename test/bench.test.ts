// Keeps `npm run bench` working: its smoke mode runs every workload and variant for a few hundred
// iterations (php-sockets from lib/ through tsx) and must finish cleanly. No timing is asserted:
// the numbers of a smoke run mean nothing.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const hasCc = spawnSync(process.env.CC || 'cc', ['--version']).status === 0;

describe.runIf(hasCc)('npm run bench -- --smoke', () => {
  it('runs every workload and prints the table', () => {
    const r = spawnSync(process.execPath, ['bench/run.mjs', '--smoke'], {
      cwd: new URL('..', import.meta.url),
      encoding: 'utf8',
      timeout: 90_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const row of ['ping-pong TCP 1 B', 'bulk', 'accept', 'socket_select: 1 active + 100 idle', 'stream_select']) {
      expect(r.stdout).toContain(row);
    }
    // The per-call table, the 64 KiB rows included, has a number in every measured column (PHP's
    // only where PHP is installed). Either sign: on a loaded machine C's row can come out slower.
    expect(r.stdout).toMatch(/\| 64 KiB `socket_write` \+ `socket_read` of strings[^|]*\| \d+ \| (?:\d+|—) \| \d+ \| [+-]\d+ \| (?:[+-]\d+|—) \|/);
    expect(r.stdout).toMatch(/\| the same through Buffers[^|]*\| \d+ \| — \| \d+ \| [+-]\d+ \| — \|/);
    expect(r.stdout).toMatch(/targets:/);
    // The php-sockets/async rows ran and were compared with Node net.
    for (const row of ['ping-pong TCP 1 B', 'accept: connect/accept/close', 'echo server, 50 clients']) {
      expect(r.stdout).toMatch(new RegExp(`${row}[^\\n]*: php-sockets/async >= [\\d.]+x Node net: \\d+\\.\\d+x Node net`));
    }
    expect(r.stdout).not.toMatch(/failed|error /);
  }, 90_000);
});
