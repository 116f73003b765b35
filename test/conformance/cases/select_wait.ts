// Port of select_wait.php.
import { AF_UNIX, SOCK_DGRAM, type Socket, type SocketSet, socket_create_pair, socket_read, socket_select, socket_write, var_dump } from 'php-sockets';

const microtime = () => performance.now() / 1000;
const p: Socket[] = [];
socket_create_pair(AF_UNIX, SOCK_DGRAM, 0, p);
const [a, b] = p as [Socket, Socket];
socket_write(a, 'ready');
let r: SocketSet = [b];
var_dump(socket_select(r, null, null, null), r.length);
r = [a];
const t0 = microtime();
var_dump(socket_select(r, null, null, 0, 200000), r);
const elapsed = microtime() - t0;
var_dump(elapsed >= 0.15, elapsed < 5);
const rk: SocketSet = { reader: b };
const wk: SocketSet = { writer: a, both: b };
var_dump(socket_select(rk, wk, null, 1), Object.keys(rk), Object.keys(wk));
var_dump(socket_read(b, 100));
r = [a, b];
var_dump(socket_select(r, null, null, 0, 999999));
