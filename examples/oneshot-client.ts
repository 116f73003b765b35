// Port of oneshot-client.php (the PHP manual's "Simple TCP/IP client"), statement for statement.
//   node --import tsx examples/oneshot-client.ts <port>      (run http-responder.ts on <port>)
import {
  AF_INET,
  E_ALL,
  SOCK_STREAM,
  SOL_TCP,
  echo,
  error_reporting,
  socket_close,
  socket_connect,
  socket_create,
  socket_last_error,
  socket_read,
  socket_strerror,
  socket_write,
  type Socket,
} from 'php-sockets';
import { argv, intval, strval, truthy } from './php-runtime.js';

error_reporting(E_ALL);

echo('<h2>TCP/IP Connection</h2>\n');

/* Get the port for the WWW service. */
// Was: $service_port = getservbyname('www', 'tcp');
const service_port = intval(argv[1] ?? 80);

/* Get the IP address for the target host. */
// Was: $address = gethostbyname('www.example.com');
const address = '127.0.0.1';

/* Create a TCP/IP socket. */
const socket = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
if (socket === false) {
  echo('socket_create() failed: reason: ' + socket_strerror(socket_last_error()) + '\n');
} else {
  echo('OK.\n');
}

echo(`Attempting to connect to '${address}' on port '${service_port}'...`);
const result = socket_connect(socket as Socket, address, service_port);
if (result === false) {
  echo(`socket_connect() failed.\nReason: (${strval(result)}) ` + socket_strerror(socket_last_error(socket as Socket)) + '\n');
} else {
  echo('OK.\n');
}

let input = 'HEAD / HTTP/1.1\r\n';
input += 'Host: www.example.com\r\n';
input += 'Connection: Close\r\n\r\n';
let out: string | false = '';

echo('Sending HTTP HEAD request...');
socket_write(socket as Socket, input, input.length);
echo('OK.\n');

echo('Reading response:\n\n');
while (truthy((out = socket_read(socket as Socket, 2048)))) {
  echo(out);
}

echo('Closing socket...');
socket_close(socket as Socket);
echo('OK.\n\n');
