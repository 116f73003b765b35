// Port of select.php. PHP arrays with keys are plain objects (filtered in place, keys kept); a
// list is a JS array.
import {
  AF_INET, AF_UNIX, SOCK_STREAM, SOL_TCP, type Socket, type SocketSet, echo, ref, socket_close,
  socket_connect, socket_create, socket_create_listen, socket_create_pair, socket_getsockname,
  socket_last_error, socket_select, socket_write, var_dump,
} from 'php-sockets';

function caught(f: () => unknown): void {
  try {
    var_dump(f());
  } catch (e) {
    echo((e as Error).name, ': ', (e as Error).message, '\n');
  }
}
const count = (set: SocketSet) => (set === null ? 0 : Object.keys(set).length);

const p: Socket[] = [];
const q: Socket[] = [];
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, p);
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, q);
const [a, b] = p as [Socket, Socket];
const [c, d] = q as [Socket, Socket];
// Nothing readable: a zero timeout returns 0 and empties the array.
let r: SocketSet = { first: b, second: d };
let w: SocketSet = null;
const e: SocketSet = null;
var_dump(socket_select(r, w, e, 0), r, w);
// d readable: only its key remains.
socket_write(c, 'x');
r = { first: b, second: d };
var_dump(socket_select(r, w, e, 0), r);
r = { 5: b, 9: d };
var_dump(socket_select(r, w, e, 1), r);
// Readable and writable: counted twice.
r = [d];
w = [d];
var_dump(socket_select(r, w, e, 0, 0), count(r), count(w));
// Writable sockets, keys kept; a duplicate is kept twice.
r = null;
w = { x: a, y: b, z: a };
var_dump(socket_select(r, w, e, 0), Object.keys(w));
// A peer that closed is readable (EOF).
socket_close(a);
r = { b, d };
w = null;
var_dump(socket_select(r, w, e, 0), Object.keys(r));
// A listening socket with a pending connection is readable.
const l = socket_create_listen(0) as Socket;
const addr = ref<string>();
const port = ref<number>();
socket_getsockname(l, addr, port);
r = [l];
var_dump(socket_select(r, w, e, 0, 1000));
const cl = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
socket_connect(cl, '127.0.0.1', port.value);
r = [l];
var_dump(socket_select(r, w, e, 0, 500000), count(r));
// Microseconds carry into seconds; a negative timeout fails with [22] and leaves the arrays.
r = [d];
var_dump(socket_select(r, w, e, 0, 1500000), count(r));
r = [b];
var_dump(socket_select(r, w, e, -1), count(r), socket_last_error());
var_dump(socket_select(r, w, e, 0, -1), socket_last_error());
// Misuse, from an untyped caller.
const select = socket_select as (...args: unknown[]) => unknown;
caught(() => select(null, null, null, 0));
caught(() => select([], null, [], 0));
caught(() => select([b, 'not a socket'], null, null, 0));
caught(() => select(null, { 1: b, 2: 42 }, null, 0));
caught(() => select([a], null, null, 0));
caught(() => select([b], null, null, 'x'));
caught(() => select([b], null, null));
