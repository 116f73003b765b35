// The child process of worker_lookups.test.ts: Workers that load the addon (argv[2]) and end,
// terminated, with 64 async look-ups always in flight; ROUNDS (argv[3]) of them. A look-up that
// completes while its Worker is being torn down must not abort the process (node-addon-api's
// fatal error when it cannot throw); prints "survived N" when every round ended.
import { Worker } from 'node:worker_threads';

const addon = process.argv[2];
const rounds = Number(process.argv[3] ?? 30);
for (let r = 0; r < rounds; r++) {
  const w = new Worker(
    `const m = require(${JSON.stringify(addon)});
    const { parentPort } = require('node:worker_threads');
    const again = () => m.hostByNameAsync('localhost', again);
    for (let i = 0; i < 64; i++) again();
    setTimeout(() => parentPort.postMessage('go'), 5);`,
    { eval: true },
  );
  await new Promise((resolve) => w.once('message', resolve));
  // Terminated at varying points of the look-ups' cycle.
  await new Promise((resolve) => setTimeout(resolve, r % 7));
  await w.terminate();
}
console.log(`survived ${rounds}`);
