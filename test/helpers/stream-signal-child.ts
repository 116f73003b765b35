// The other process of streams_io.test.ts (run with `node --import tsx`): installs a SIGUSR2
// handler, says "waiting", then blocks in fread() on a stream with a 1 s timeout while the test
// signals it, and prints as JSON what fread returned and how long it waited.
import * as p from '../../lib/index.js';

process.on('SIGUSR2', () => {});
// The peer stays referenced until the end: collected, its finalizer would close it and fread
// would return '' (end of stream) at once instead of waiting out the timeout.
const [a, peer] = p.stream_socket_pair(p.STREAM_PF_UNIX, p.STREAM_SOCK_STREAM, 0) as [p.Stream, p.Stream];
p.stream_set_timeout(a, 1);
console.log('waiting');
const t0 = performance.now();
const result = p.fread(a, 10);
console.log(JSON.stringify({ result, waited: (performance.now() - t0) / 1000, timedOut: p.stream_get_meta_data(a).timed_out }));
void peer;
process.exit(0);
