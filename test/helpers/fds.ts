import { readdirSync, readlinkSync } from 'node:fs';

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
