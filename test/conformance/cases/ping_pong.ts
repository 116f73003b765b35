// Port of ping_pong.php. pack('N')/unpack('N') are Buffer's writeUInt32BE/readUInt32BE.
import { createHash } from 'node:crypto';
import {
  AF_INET, MSG_WAITALL, SOCK_STREAM, SOL_TCP, TCP_NODELAY, type Socket, echo, ref, socket_accept,
  socket_connect, socket_create, socket_create_listen, socket_getsockname, socket_read, socket_recv,
  socket_set_option, socket_shutdown, socket_write, var_dump,
} from 'php-sockets';

const l = socket_create_listen(0) as Socket;
const addr = ref<string>();
const port = ref<number>();
socket_getsockname(l, addr, port);
const c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
socket_connect(c, '127.0.0.1', port.value);
const s = socket_accept(l) as Socket;
socket_set_option(c, SOL_TCP, TCP_NODELAY, 1);
function read_exactly(sock: Socket, n: number): string {
  let data = '';
  while (data.length < n) {
    const chunk = socket_read(sock, n - data.length);
    if (chunk === '' || chunk === false) {
      return data;
    }
    data += chunk;
  }
  return data;
}
const md5 = (s: string) => createHash('md5').update(Buffer.from(s, 'latin1')).digest('hex');
let total = 0;
let digest = '';
const header = ref<string>();
for (let i = 1; i <= 200; i++) {
  const msg = String.fromCharCode(97 + (i % 26)).repeat(((i * 37) % 5000) + 1);
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32BE(msg.length);
  socket_write(c, prefix.toString('latin1') + msg);
  socket_recv(s, header, 4, MSG_WAITALL);
  const len = Buffer.from(header.value!, 'latin1').readUInt32BE(0);
  const body = read_exactly(s, len);
  socket_write(s, body.toUpperCase());
  const reply = read_exactly(c, len);
  total += reply.length;
  digest = md5(digest + reply);
  if (i % 50 === 0) {
    echo(`${i} messages, ${total} bytes, `, reply.slice(0, 3), `, ${digest}\n`);
  }
}
socket_shutdown(c, 1);
var_dump(socket_read(s, 10));
