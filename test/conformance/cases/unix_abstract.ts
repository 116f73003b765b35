// Port of unix_abstract.php.
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename } from 'node:path';
import {
  AF_UNIX, MSG_DONTWAIT, PHP_NORMAL_READ, SOCK_DGRAM, SOCK_STREAM, type Socket, ref, socket_accept, socket_bind,
  socket_connect, socket_create, socket_getpeername, socket_getsockname, socket_last_error, socket_listen,
  socket_read, socket_recvfrom, socket_sendto, socket_write, var_dump,
} from 'php-sockets';

const name = `\0php-sockets-${basename(tmpdir())}-stream`;
const l = socket_create(AF_UNIX, SOCK_STREAM, 0) as Socket;
var_dump(socket_bind(l, name), socket_listen(l));
const n = ref<string>();
var_dump(socket_getsockname(l, n), n.value, existsSync(name.slice(1)));
const c = socket_create(AF_UNIX, SOCK_STREAM, 0) as Socket;
var_dump(socket_connect(c, name));
const s = socket_accept(l) as Socket;
socket_write(c, 'over an abstract name\n');
var_dump(socket_read(s, 100, PHP_NORMAL_READ));
const peer = ref<string>();
var_dump(socket_getpeername(c, peer), peer.value);
const c2 = socket_create(AF_UNIX, SOCK_STREAM, 0) as Socket;
var_dump(socket_connect(c2, `\0php-sockets-nobody-listens-${basename(tmpdir())}`), socket_last_error(c2));
// Datagrams between two abstract names.
const d1 = socket_create(AF_UNIX, SOCK_DGRAM, 0) as Socket;
const d2 = socket_create(AF_UNIX, SOCK_DGRAM, 0) as Socket;
socket_bind(d1, `${name}-d1`);
socket_bind(d2, `${name}-d2`);
// PHP 8.2's socket_sendto() copies a unix path up to its first NUL, so an abstract name
// becomes "" [22]; connecting and writing reaches it.
const buf = ref<string>();
const from = ref<string>();
var_dump(socket_sendto(d2, 'ping', 4, 0, `${name}-d1`), socket_last_error(d2));
var_dump(socket_recvfrom(d1, buf, 100, MSG_DONTWAIT, from), socket_last_error(d1));
var_dump(socket_connect(d2, `${name}-d1`), socket_write(d2, 'ping'));
var_dump(socket_recvfrom(d1, buf, 100, 0, from), buf.value, from.value);
