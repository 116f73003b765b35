// The other process of socket_select_epoll.test.ts (run with `node --import tsx`): connects to the
// unix socket at argv[2], brings select's epoll set up to date over that connection and 40 idle
// sockets (zero-timeout calls), says "waiting", then blocks in socket_select with no timeout
// until the test's end of the connection writes, and prints what it saw as JSON.
import * as p from '../../lib/index.js';
import { native } from '../../lib/native.js';

const conn = p.socket_create(p.AF_UNIX, p.SOCK_STREAM, 0) as p.Socket;
if (!p.socket_connect(conn, process.argv[2]!)) process.exit(2);
const idle: p.Socket[] = [];
for (let i = 0; i < 20; i++) {
  const pair: p.Socket[] = [];
  p.socket_create_pair(p.AF_UNIX, p.SOCK_STREAM, 0, pair);
  idle.push(...pair);
}
const all = [...idle.slice(0, 20), conn, ...idle.slice(20)];
let converged = false;
for (let i = 0; i < 50 && !converged; i++) {
  const before = native.selectStats();
  p.socket_select([...all], null, null, 0);
  converged = native.selectStats()[2] > before[2];
}
const before = native.selectStats();
console.log('waiting');
const read = [...all];
const result = p.socket_select(read, null, null, null);
const after = native.selectStats();
console.log(
  JSON.stringify({
    converged,
    result,
    ready: read.map((s) => all.indexOf(s)),
    data: p.socket_read(conn, 100),
    ctls: after[1] - before[1],
    epollWaits: after[2] - before[2],
    ppolls: after[3] - before[3],
  }),
);
process.exit(0);
