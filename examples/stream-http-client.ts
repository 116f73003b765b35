// Port of stream-http-client.php (the two streams tutorials' HTTP clients, against a local
// server), statement for statement; read the two side by side.
//   node --import tsx examples/stream-http-client.ts     (npx tsx works too)
import {
  echo,
  fclose,
  feof,
  fgets,
  fsockopen,
  fwrite,
  gethostbyname,
  ref,
  restore_error_handler,
  set_error_handler,
  stream_get_contents,
  stream_socket_accept,
  stream_socket_client,
  stream_socket_get_name,
  stream_socket_server,
  type Stream,
} from 'php-sockets';
import { intval } from './php-runtime.js';

const errno = ref();
const errstr = ref();
const errorMessage = ref();

// The local HTTP server: one answer per connection, then it closes the connection.
const http = stream_socket_server('tcp://127.0.0.1:0', errno, errstr) as Stream;
const name = stream_socket_get_name(http, false) as string;
const port = intval(name.slice(name.lastIndexOf(':') + 1));

function serve(http: Stream): void {
  const conn = stream_socket_accept(http) as Stream;
  const request = fgets(conn) as string;
  let line: string | false;
  while ((line = fgets(conn)) !== false && line.trimEnd() !== '') {
    // headers: ignored
  }
  const body = 'You asked for: ' + request.trimEnd() + '\n';
  fwrite(conn, 'HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ' + body.length + '\r\n\r\n' + body);
  fclose(conn);
}

// Spanish tutorial: "Hacer una petición HTTP con una conexión socket".
// Obtenemos la ip del host (localhost instead of www.example.com):
const direccion = gethostbyname('localhost');
// Creamos la conexión socket:
const cliente = stream_socket_client(`tcp://${direccion}:${port}`, errno, errorMessage);
if (cliente === false) {
  throw new Error(`Failed to connect: ${errorMessage.value}`);
}
// Escribimos en el socket la petición HTTP:
fwrite(cliente, 'GET / HTTP/1.0\r\nHost: www.example.com\r\nAccept: */*\r\n\r\n');
serve(http);
echo(stream_get_contents(cliente));
fclose(cliente);

echo('\n');

// English tutorial, "1. Streams": fsockopen() and fgets() in chunks (localhost instead of
// www.google.com, the local server's port instead of 80).
let fp = fsockopen('localhost', port, errno, errstr, 30);
if (!fp) {
  echo(`${errstr.value} (${errno.value})<br />\n`);
} else {
  const out = 'GET / HTTP/1.1\r\n\r\n';
  ///Send data
  fwrite(fp, out);
  serve(http);
  ///Receive data - in small chunks :)
  while (!feof(fp)) {
    echo(fgets(fp, 128));
  }
  fclose(fp);
}

echo('\n');

// And what a client sees when nothing listens (the server is gone):
fclose(http);
set_error_handler(() => true); // @
fp = fsockopen('127.0.0.1', port, errno, errstr, 30);
restore_error_handler();
if (!fp) {
  echo(`${errstr.value} (${errno.value})<br />\n`);
}
