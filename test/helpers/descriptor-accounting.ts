// The descriptor accounting behind test/helpers/descriptor-hook.ts (kept apart from the hook so
// test/descriptor_hook.test.ts can test it as a function).
import { openFds } from './fds.js';

/** One descriptor open after a test file that was not open (or was something else) before it. */
export interface Grown {
  fd: number;
  /** What it refers to (readlink of /proc/self/fd/N). */
  target: string;
}

/**
 * The descriptors in `after` that were not in `before` (a number reused for something else counts
 * as new), less `internal`: the addon's own descriptors that it keeps open (native.internalFds(),
 * the watchdog's epoll instance and the select epoll set), let through only while they are what
 * they must be, an epoll instance.
 */
export function grownDescriptors(
  before: ReadonlyMap<number, string>,
  after: ReadonlyMap<number, string>,
  internal: readonly number[] = [],
): Grown[] {
  const out: Grown[] = [];
  for (const [fd, target] of after) {
    if (before.get(fd) === target) continue;
    if (internal.includes(fd) && target === 'anon_inode:[eventpoll]') continue;
    out.push({ fd, target });
  }
  return out.sort((x, y) => x.fd - y.fd);
}

/** A snapshot of the process's descriptors, for grownDescriptors(). */
export const snapshot = openFds;
