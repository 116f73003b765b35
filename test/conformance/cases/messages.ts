// Port of messages.php. PHP's message arrays are plain objects (and lists JS arrays).
import {
  AF_INET, AF_UNIX, IPPROTO_IPV6, IPV6_PKTINFO, MSG_DONTWAIT, MSG_TRUNC, SCM_CREDENTIALS, SCM_RIGHTS,
  SOCK_DGRAM, SOL_SOCKET, SOL_UDP, SO_PASSCRED, type Socket, echo, socket_cmsg_space, socket_create,
  socket_create_pair, socket_last_error, socket_recvmsg, socket_sendmsg, socket_set_option, var_dump,
} from 'php-sockets';

function caught(f: () => unknown): void {
  try {
    var_dump(f());
  } catch (e) {
    echo((e as Error).name, ': ', (e as Error).message, '\n');
  }
}
type Msg = Record<string, unknown>;

var_dump(socket_cmsg_space(SOL_SOCKET, SCM_RIGHTS), socket_cmsg_space(SOL_SOCKET, SCM_RIGHTS, 3));
var_dump(socket_cmsg_space(SOL_SOCKET, SCM_CREDENTIALS), socket_cmsg_space(IPPROTO_IPV6, IPV6_PKTINFO));
caught(() => socket_cmsg_space(SOL_SOCKET, 99));
caught(() => socket_cmsg_space(SOL_SOCKET, SCM_RIGHTS, -1));

const p: Socket[] = [];
socket_create_pair(AF_UNIX, SOCK_DGRAM, 0, p);
const [a, b] = p as [Socket, Socket];
var_dump(socket_sendmsg(a, { iov: ['ab', 'cd', '\0ef'] }, 0));
let msg: Msg = { controllen: 0, buffer_size: 100 };
caught(() => socket_recvmsg(b, msg, 0));
msg = { controllen: 1, buffer_size: 100 };
var_dump(socket_recvmsg(b, msg, 0), msg);
// MSG_TRUNC in the returned flags when the buffer is too small.
socket_sendmsg(a, { iov: ['0123456789'] });
msg = { controllen: 1, buffer_size: 4 };
var_dump(socket_recvmsg(b, msg), msg.iov, (msg.flags as number) & MSG_TRUNC);
// SCM_CREDENTIALS with SO_PASSCRED.
socket_set_option(b, SOL_SOCKET, SO_PASSCRED, 1);
socket_sendmsg(a, { iov: ['cred'] });
msg = { controllen: socket_cmsg_space(SOL_SOCKET, SCM_CREDENTIALS), buffer_size: 10 };
var_dump(socket_recvmsg(b, msg));
const cred = (msg.control as { data: { pid: number; uid: number; gid: number } }[])[0]!.data;
var_dump(Object.keys(cred), cred.pid === process.pid, cred.uid === process.getuid!(), cred.gid === process.getgid!());
// Errors.
caught(() => socket_sendmsg(a, { iov: 'not an array' }));
caught(() => socket_sendmsg(a, { control: [{ level: SOL_SOCKET, type: 99, data: [] }] }));
caught(() => socket_sendmsg(a, { control: [{ level: SOL_SOCKET, type: SCM_RIGHTS, data: ['x'] }] }));
caught(() => socket_sendmsg(a, { name: { path: '' } }));
msg = { buffer_size: 10 };
caught(() => socket_recvmsg(b, msg));
msg = { controllen: 1, buffer_size: -1 };
caught(() => socket_recvmsg(b, msg));
msg = { controllen: 1 };
var_dump(socket_recvmsg(b, msg, MSG_DONTWAIT), msg, socket_last_error(b), socket_last_error());
const t = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP) as Socket;
var_dump(socket_sendmsg(t, { iov: ['x'] }), socket_last_error(t));
