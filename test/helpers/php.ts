// Real PHP is the oracle. Tests that compare with it run `php` when it is installed; in CI its
// absence is a failure, on a developer machine a visible skip.
import { execFileSync, spawnSync } from 'node:child_process';

function detect(): boolean {
  const r = spawnSync('php', ['-r', 'echo extension_loaded("sockets") ? "yes" : "no";'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout === 'yes';
}

export const hasPhp = detect();

if (!hasPhp) {
  if (process.env.CI) throw new Error('php-cli with the sockets extension is required in CI');
  console.warn('php-sockets: php not found; PHP comparisons skip. Install it: apt-get install -y php-cli');
}

/** Runs a PHP snippet (without the `<?php` tag) and returns what it printed. */
export function php(code: string): string {
  return execFileSync('php', ['-r', code], { encoding: 'latin1', timeout: 20000 });
}
