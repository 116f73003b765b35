// Port of write_data_types.php: data may be a byte string or a Uint8Array/Buffer (here views of a
// Buffer stand in for PHP's substr()).
import { createHash } from 'node:crypto';
import {
  AF_UNIX, SOCK_STREAM, type Socket, socket_create_pair, socket_read, socket_send, socket_set_nonblock,
  socket_write, var_dump,
} from 'php-sockets';

const p: Socket[] = [];
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, p);
const [a, b] = p as [Socket, Socket];
var_dump(socket_write(a, Buffer.from('abcdefg').subarray(2, 5)), socket_read(b, 10));
var_dump(socket_send(a, Buffer.from([0x00, 0x80, 0xff]), 3, 0), Buffer.from(socket_read(b, 10) as string, 'latin1').toString('hex'));
var_dump(socket_write(a, Buffer.from('café', 'utf8')), socket_read(b, 10));
const data = Buffer.alloc(1048576);
for (let i = 0; i < data.length; i++) {
  data[i] = (i * 7 + (i >> 8)) & 0xff;
}
socket_set_nonblock(a);
socket_set_nonblock(b);
let sent = 0;
const chunks: string[] = [];
let receivedLength = 0;
let rounds = 0;
while (receivedLength < data.length && rounds++ < 100000) {
  if (sent < data.length) {
    const n = socket_write(a, data.subarray(sent, sent + 65536));
    if (n !== false) {
      sent += n;
    }
  }
  const chunk = socket_read(b, 65536);
  if (chunk !== false) {
    chunks.push(chunk);
    receivedLength += chunk.length;
  }
}
const received = Buffer.from(chunks.join(''), 'latin1');
var_dump(sent, received.length, received.equals(data), createHash('md5').update(received).digest('hex'));
