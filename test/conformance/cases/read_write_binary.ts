// Port of read_write_binary.php. Received data is a byte string (one char per byte).
import { createHash } from 'node:crypto';
import {
  AF_UNIX, PHP_BINARY_READ, SOCK_STREAM, type Socket, echo, ref, socket_clear_error, socket_close,
  socket_create_pair, socket_last_error, socket_read, socket_write, var_dump,
} from 'php-sockets';

const p = ref<Socket[]>();
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, p);
const [a, b] = p.value as [Socket, Socket];
var_dump(socket_write(a, 'hello'));
var_dump(socket_read(b, 2), socket_read(b, 10));
var_dump(socket_write(a, 'abcdef', 3), socket_read(b, 100));
var_dump(socket_write(a, 'xyz', 100), socket_read(b, 100));
var_dump(socket_write(a, 'xyz', 0), socket_write(a, ''));
var_dump(socket_write(a, Buffer.from([0x00, 0x01, 0xfe, 0xff, 0x0d, 0x0a])));
const bytes = socket_read(b, 100) as string;
var_dump(bytes, bytes.length, Buffer.from(bytes, 'latin1').toString('hex'));
let all = '';
for (let i = 0; i < 256; i++) {
  all += String.fromCharCode(i);
}
var_dump(socket_write(a, all));
let got = '';
while (got.length < 256) {
  got += socket_read(b, 1000);
}
var_dump(got === all, createHash('md5').update(Buffer.from(got, 'latin1')).digest('hex'));
const write = socket_write as (...args: unknown[]) => number | false;
var_dump(write(a, 12345), socket_read(b, 100, PHP_BINARY_READ));
var_dump(write(a, 1.5), socket_read(b, 100, 0));
var_dump(write(a, true), socket_read(b, 100, 99));
// Length <= 0: false without a warning or error code.
socket_clear_error();
var_dump(socket_read(b, 0), socket_read(b, -5), socket_last_error(b), socket_last_error());
try {
  socket_write(a, 'x', -1);
} catch (e) {
  echo((e as Error).name, ': ', (e as Error).message, '\n');
}
// EOF: the peer closes.
socket_write(a, 'last');
socket_close(a);
var_dump(socket_read(b, 100), socket_read(b, 100), socket_read(b, 100));
var_dump(socket_last_error(b));
