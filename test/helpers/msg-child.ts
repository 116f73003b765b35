// The other process of socket_msg.test.ts (run with `node --import tsx`): connects to the unix
// socket path in argv[2], says "connected", receives one Socket through SCM_RIGHTS, writes a
// greeting into it and prints what it got as JSON.
import * as p from '../../lib/index.js';

const c = p.socket_create(p.AF_UNIX, p.SOCK_STREAM, 0) as p.Socket;
if (!p.socket_connect(c, process.argv[2]!)) process.exit(2);
console.log('connected');
const message: p.Message = { controllen: p.socket_cmsg_space(p.SOL_SOCKET, p.SCM_RIGHTS, 1) };
const n = p.socket_recvmsg(c, message);
const control = message['control'] as { level: number; type: number; data: unknown[] }[];
const received = control[0]!.data[0] as p.Socket;
const written = p.socket_write(received, `hello from ${process.pid}`);
const name = p.ref<string>();
p.socket_getsockname(received, name);
console.log(
  JSON.stringify({
    n,
    iov: message['iov'],
    level: control[0]!.level,
    type: control[0]!.type,
    isSocket: received instanceof p.Socket,
    written,
    name: name.value,
  }),
);
