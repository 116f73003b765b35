// Port of diff_select_array_keys.php: a JS array is compacted, a plain object keeps its keys.
import { AF_UNIX, SOCK_STREAM, type Socket, type SocketSet, socket_create_pair, socket_select, socket_write, var_dump } from 'php-sockets';

const p: Socket[] = [];
const q: Socket[] = [];
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, p);
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, q);
const [, b] = p as [Socket, Socket];
const [c, d] = q as [Socket, Socket];
socket_write(c, 'x');
let r: SocketSet = [b, d];
var_dump(socket_select(r, null, null, 0), r);
r = { 0: b, 1: d };
var_dump(socket_select(r, null, null, 0), r);
