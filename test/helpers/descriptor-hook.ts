// Descriptor accounting for every test file (vitest setupFiles): after the file's tests, once
// garbage is collected and reclaimed, every socket descriptor the process holds that it did not
// hold before them must be owned by a live Socket or Stream (a fixture the file still
// references; its finalizer closes it). One that nothing owns is a leak on an error path, the
// class of bug where a descriptor exists before anything owns it, and fails the file. Sockets a
// test dropped without closing are not leaks: the collection closes them, as it does for any
// program (docs/differences.md). Only socket descriptors are counted: the package makes no
// others, and the test machinery's pipes and files come and go on their own.
import { afterAll, beforeAll, expect } from 'vitest';
import { native } from '../../lib/native.js';
import { socketFds } from './fds.js';

let before: Set<number> = new Set();

beforeAll(() => {
  before = socketFds();
});

afterAll(async () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  // Finalizers run from the event loop (stable Node-API); reclaim() closes what a collection
  // found unreachable at once.
  for (let i = 0; i < 3; i++) {
    gc?.();
    native.reclaim();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const unowned = (): number[] => [...socketFds()].filter((fd) => !before.has(fd) && native.isOwned(fd) === 0);
  let grown = unowned();
  // A peer process or Worker ending closes its end a little later; wait a bounded while.
  for (let i = 0; i < 50 && grown.length > 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    gc?.();
    native.reclaim();
    grown = unowned();
  }
  expect(grown, 'socket descriptors left open, owned by nothing, by this test file').toEqual([]);
});
