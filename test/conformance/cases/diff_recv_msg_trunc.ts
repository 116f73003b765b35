// Port of diff_recv_msg_trunc.php.
import { AF_UNIX, MSG_TRUNC, SOCK_DGRAM, type Socket, ref, socket_create_pair, socket_recv, socket_write, var_dump } from 'php-sockets';

const p: Socket[] = [];
socket_create_pair(AF_UNIX, SOCK_DGRAM, 0, p);
socket_write(p[0]!, 'x'.repeat(64));
const buf = ref<string>();
var_dump(socket_recv(p[1]!, buf, 8, MSG_TRUNC));
var_dump(buf.value!.length, buf.value!.slice(0, 8));
