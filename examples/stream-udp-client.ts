// Port of stream-udp-client.php (fsockopen() over UDP against a local daytime responder),
// statement for statement; read the two side by side.
//   node --import tsx examples/stream-udp-client.ts     (npx tsx works too)
import {
  STREAM_SERVER_BIND,
  echo,
  fclose,
  fread,
  fsockopen,
  fwrite,
  ref,
  stream_get_meta_data,
  stream_set_timeout,
  stream_socket_get_name,
  stream_socket_recvfrom,
  stream_socket_sendto,
  stream_socket_server,
  type Stream,
  var_dump,
} from 'php-sockets';
import { intval } from './php-runtime.js';

const errno = ref();
const errstr = ref();

// The local daytime responder.
const responder = stream_socket_server('udp://127.0.0.1:0', errno, errstr, STREAM_SERVER_BIND) as Stream;
const name = stream_socket_get_name(responder, false) as string;
const port = intval(name.slice(name.lastIndexOf(':') + 1));

function respond(responder: Stream): void {
  const peer = ref<string>();
  const request = stream_socket_recvfrom(responder, 1500, 0, peer) as string;
  echo('responder: ' + request.length + ' byte(s) from a client\n');
  stream_socket_sendto(responder, 'Thu Jan  1 00:00:00 1970\r\n', 0, peer.value!);
}

// The tutorial's client (port 13 replaced by the responder's).
let fp = fsockopen('udp://127.0.0.1', port, errno, errstr);
if (!fp) {
  echo(`ERROR: ${errno.value} - ${errstr.value}<br />\n`);
} else {
  fwrite(fp, '\n');
  respond(responder);
  echo(fread(fp, 26));
  fclose(fp);
}

// UDP has no connection: when nothing answers, fread() waits for the stream's timeout and fails.
fp = fsockopen('udp://127.0.0.1', port, errno, errstr) as Stream;
stream_set_timeout(fp, 0, 200000);
fwrite(fp, '\n');
var_dump(stream_socket_recvfrom(responder, 1500) === '\n');
var_dump(fread(fp, 26));
var_dump(stream_get_meta_data(fp)['timed_out']);
fclose(fp);
fclose(responder);
