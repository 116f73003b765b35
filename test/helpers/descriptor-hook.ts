// Descriptor accounting for every test file (vitest setupFiles): a file must close every
// descriptor it opens. The process's open descriptors (/proc/self/fd, every kind: sockets,
// pipes, files, epoll and event descriptors) are recorded before the file's tests; after them,
// once the file's own afterAll hooks have run (this file's hooks are registered first, and vitest
// runs after-hooks in reverse order), garbage is collected and reclaimed, and any descriptor open
// then that was not open before fails the file. Sockets a test dropped without closing are not
// leaks: the collection closes them, as it does for any program (docs/differences.md). A socket
// still owned by a live Socket or Stream is a fixture the file did not close (close it in
// afterAll); one owned by nothing is a leak on an error path, the class of bug where a
// descriptor exists before anything owns it. The only descriptors let through are the addon's
// own epoll instances, which it opens when first needed and keeps (native.internalFds(): the
// Worker watchdog's, for the life of the process, and the select epoll set of the main thread):
// each by its number, and only while it is an epoll instance.
//
// The suite runs with pool 'forks' and isolation on (vitest.config.ts): each file has a process of
// its own, so "before" is that process as vitest hands it over, and nothing another file does can
// show up here.
import { afterAll, beforeAll } from 'vitest';
import { native } from '../../lib/native.js';
import { type Grown, grownDescriptors, snapshot } from './descriptor-accounting.js';

let before: Map<number, string> = new Map();

beforeAll(() => {
  before = snapshot();
});

async function collect(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  // Finalizers run from the event loop (stable Node-API); reclaim() closes what a collection
  // found unreachable at once.
  gc?.();
  native.reclaim();
  await new Promise((resolve) => setImmediate(resolve));
}

afterAll(async () => {
  for (let i = 0; i < 3; i++) await collect();
  let grown: Grown[] = grownDescriptors(before, snapshot(), native.internalFds());
  // A child process, peer or Worker ending closes its end a little later: wait a bounded while
  // (well within the hook's timeout, even on a loaded machine).
  const deadline = Date.now() + 4000;
  while (grown.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    await collect();
    grown = grownDescriptors(before, snapshot(), native.internalFds());
  }
  if (grown.length === 0) return;
  const described = grown.map(
    ({ fd, target }) =>
      `  ${fd} ${target}` +
      (target.startsWith('socket:') ? (native.isOwned(fd) ? ' (owned by a live Socket or Stream)' : ' (owned by nothing)') : ''),
  );
  throw new Error(`descriptors this test file left open (close them in afterAll):\n${described.join('\n')}`);
});
