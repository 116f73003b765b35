// Port of diff_scm_rights_socket.php: the Socket passed is the Socket received.
import {
  AF_UNIX, SCM_RIGHTS, SOCK_DGRAM, SOCK_STREAM, SOL_SOCKET, Socket, socket_cmsg_space, socket_create_pair,
  socket_read, socket_recvmsg, socket_sendmsg, socket_write, var_dump,
} from 'php-sockets';

const p: Socket[] = [];
const q: Socket[] = [];
socket_create_pair(AF_UNIX, SOCK_DGRAM, 0, p);
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, q);
const [a, b] = p as [Socket, Socket];
const [c, d] = q as [Socket, Socket];
var_dump(socket_sendmsg(a, { iov: ['fd'], control: [{ level: SOL_SOCKET, type: SCM_RIGHTS, data: [c] }] }));
const msg: Record<string, unknown> = { controllen: socket_cmsg_space(SOL_SOCKET, SCM_RIGHTS, 1), buffer_size: 10 };
var_dump(socket_recvmsg(b, msg));
const control = (msg.control as { level: number; type: number; data: unknown[] }[])[0]!;
var_dump(msg.iov, control.level, control.type, control.data.length);
const passed = control.data[0];
var_dump(passed instanceof Socket);
if (passed instanceof Socket) {
  socket_write(passed, 'through the passed socket');
  var_dump(socket_read(d, 100));
}
