import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/** The socket descriptors this process has open. */
export function socketFds(): Set<number> {
  const out = new Set<number>();
  for (const name of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${name}`).startsWith('socket:')) out.add(Number(name));
    } catch {
      // the listing's own descriptor is gone by now
    }
  }
  return out;
}

/** This process's soft limit on open descriptors (RLIMIT_NOFILE), Infinity when unlimited. */
export function softFdLimit(): number {
  const line = readFileSync('/proc/self/limits', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max open files'));
  const soft = line?.split(/\s+/)[3];
  return soft === 'unlimited' ? Infinity : Number(soft);
}
