import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/**
 * Every descriptor this process has open, with what it refers to (readlink of /proc/self/fd/N:
 * `socket:[inode]`, `pipe:[inode]`, `anon_inode:[eventpoll]`, a path, ...). The listing's own
 * descriptor is left out (it is gone by the time its link is read).
 */
export function openFds(): Map<number, string> {
  const out = new Map<number, string>();
  for (const name of readdirSync('/proc/self/fd')) {
    try {
      out.set(Number(name), readlinkSync(`/proc/self/fd/${name}`));
    } catch {
      // the listing's own descriptor is gone by now
    }
  }
  return out;
}

/** The socket descriptors this process has open. */
export function socketFds(): Set<number> {
  const out = new Set<number>();
  for (const [fd, target] of openFds()) if (target.startsWith('socket:')) out.add(fd);
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
