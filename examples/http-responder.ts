// Port of http-responder.php, statement for statement: the web server oneshot-client.ts talks to.
//   node --import tsx examples/http-responder.ts [port]
import {
  AF_INET,
  E_ALL,
  SOCK_STREAM,
  SOL_TCP,
  echo,
  error_reporting,
  ref,
  socket_accept,
  socket_bind,
  socket_close,
  socket_create,
  socket_getsockname,
  socket_listen,
  socket_read,
  socket_write,
  type Socket,
} from 'php-sockets';
import { argv, intval } from './php-runtime.js';

error_reporting(E_ALL);

const sock = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
socket_bind(sock, '127.0.0.1', intval(argv[1] ?? 0));
socket_listen(sock, 1);
const address = ref<string>(), port = ref<number>();
socket_getsockname(sock, address, port);
echo(`Listening on ${address.value}:${port.value}\n`);

const conn = socket_accept(sock) as Socket;

/* Read the request head: up to the empty line (or the end of the stream). */
let request = '';
let buf: string | false;
while (!request.includes('\r\n\r\n') && (buf = socket_read(conn, 2048)) !== false && buf !== '') {
  request += buf;
}
for (const line of request.trimEnd().split('\r\n')) {
  echo(`< ${line}\n`);
}

let response = 'HTTP/1.1 200 OK\r\n';
response += 'Content-Type: text/plain; charset=UTF-8\r\n';
response += 'Content-Length: 14\r\n';
response += 'Connection: close\r\n\r\n';
socket_write(conn, response, response.length);
socket_close(conn);
socket_close(sock);
