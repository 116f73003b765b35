// The other process of socket_select.test.ts (run with `node --import tsx`): installs a SIGUSR2
// handler, says "waiting", then blocks in socket_select with no timeout until a signal interrupts
// it, and prints what socket_select returned as JSON.
import * as p from '../../lib/index.js';
import { native } from '../../lib/native.js';

// argv[2] 'epoll': through select.cc's epoll set, which it otherwise keeps for many descriptors.
if (process.argv[2] === 'epoll') native.selectConfig(1, 0);

process.on('SIGUSR2', () => {});
const pair: unknown[] = [];
p.socket_create_pair(p.AF_UNIX, p.SOCK_STREAM, 0, pair);
const [a] = pair as [p.Socket, p.Socket];
const warnings: string[] = [];
p.set_error_handler((_no, str) => {
  warnings.push(str);
  return true;
});
const read = [a];
console.log('waiting');
const result = p.socket_select(read, null, null, null);
console.log(
  JSON.stringify({
    result,
    warnings,
    read: read.length,
    global: p.socket_last_error(),
    own: p.socket_last_error(a),
  }),
);
process.exit(0);
