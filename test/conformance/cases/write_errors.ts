// Port of write_errors.php.
import {
  AF_INET, AF_UNIX, SOCK_DGRAM, SOCK_STREAM, SOL_TCP, SOL_UDP, type Socket, socket_close, socket_create,
  socket_create_pair, socket_last_error, socket_read, socket_shutdown, socket_write, var_dump,
} from 'php-sockets';

const p: Socket[] = [];
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, p);
socket_close(p[1]!);
var_dump(socket_write(p[0]!, 'into the void'), socket_last_error(p[0]!), socket_last_error());
const q: Socket[] = [];
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, q);
var_dump(socket_shutdown(q[0]!, 1));
var_dump(socket_write(q[0]!, 'after shutdown'), socket_last_error(q[0]!));
var_dump(socket_read(q[1]!, 100));
var_dump(socket_write(q[1]!, 'other way still works'), socket_read(q[0]!, 100));
const t = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
var_dump(socket_write(t, 'unconnected'), socket_last_error(t));
const u = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP) as Socket;
var_dump(socket_write(u, 'no destination'), socket_last_error(u));
const s = socket_create(AF_UNIX, SOCK_DGRAM, 0) as Socket;
var_dump(socket_write(s, 'no destination'), socket_last_error(s));
