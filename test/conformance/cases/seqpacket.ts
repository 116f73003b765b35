// Port of seqpacket.php.
import { tmpdir } from 'node:os';
import { basename } from 'node:path';
import {
  AF_UNIX, SOCK_SEQPACKET, type Socket, ref, socket_accept, socket_bind, socket_close, socket_connect,
  socket_create, socket_getpeername, socket_listen, socket_read, socket_recv, socket_send, socket_write,
  var_dump,
} from 'php-sockets';

const dir = tmpdir();
const l = socket_create(AF_UNIX, SOCK_SEQPACKET, 0) as Socket;
var_dump(socket_bind(l, `${dir}/seq.sock`), socket_listen(l));
const c = socket_create(AF_UNIX, SOCK_SEQPACKET, 0) as Socket;
var_dump(socket_connect(c, `${dir}/seq.sock`));
const s = socket_accept(l) as Socket;
var_dump(socket_write(c, 'first'), socket_write(c, 'second message'), socket_write(c, 'third'));
var_dump(socket_read(s, 100), socket_read(s, 6), socket_read(s, 100));
const buf = ref<string>();
var_dump(socket_send(s, 'reply', 5, 0), socket_recv(c, buf, 100, 0), buf.value);
const peer = ref<string>();
socket_getpeername(c, peer);
var_dump(basename(peer.value!));
socket_close(c);
var_dump(socket_read(s, 100));
