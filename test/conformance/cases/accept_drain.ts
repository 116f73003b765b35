// Port of accept_drain.php.
import {
  AF_INET, PHP_NORMAL_READ, SOCK_STREAM, SOL_TCP, type Socket, echo, ref, socket_accept, socket_connect,
  socket_create, socket_create_listen, socket_getsockname, socket_last_error, socket_read,
  socket_set_nonblock, socket_write, var_dump,
} from 'php-sockets';

const l = socket_create_listen(0, 10) as Socket;
const addr = ref<string>();
const port = ref<number>();
socket_getsockname(l, addr, port);
socket_set_nonblock(l);
const clients: Socket[] = [];
for (let i = 0; i < 4; i++) {
  const c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
  socket_connect(c, '127.0.0.1', port.value);
  socket_write(c, `client ${i}\n`);
  clients.push(c);
}
const accepted: Socket[] = [];
for (let i = 0; i < 10; i++) {
  const s = socket_accept(l);
  if (s === false) {
    echo(`accept ${i}: false, code `, socket_last_error(), '\n');
    break;
  }
  accepted.push(s);
  echo(`accept ${i}: `, (socket_read(s, 100, PHP_NORMAL_READ) as string).trim(), '\n');
}
var_dump(accepted.length, accepted[0] === accepted[1]);
accepted.forEach((s, i) => socket_write(s, `hello ${i}`));
clients.forEach((c, i) => echo(`client ${i} got: `, socket_read(c, 100), '\n'));
