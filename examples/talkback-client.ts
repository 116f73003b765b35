// Port of talkback-client.php, statement for statement: a client for talkback-server.ts.
//   node --import tsx examples/talkback-client.ts <port> [line ...]
import {
  AF_INET,
  E_ALL,
  PHP_NORMAL_READ,
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
import { argv, intval, trim, truthy } from './php-runtime.js';

error_reporting(E_ALL);

const address = '127.0.0.1';
const port = intval(argv[1] ?? 10000);
const lines = argv.slice(2).length ? argv.slice(2) : ['Hello', 'quit'];

let socket: Socket | false;
if ((socket = socket_create(AF_INET, SOCK_STREAM, SOL_TCP)) === false) {
  echo('socket_create() failed: reason: ' + socket_strerror(socket_last_error()) + '\n');
  process.exit(1);
}

if (socket_connect(socket, address, port) === false) {
  echo('socket_connect() failed: reason: ' + socket_strerror(socket_last_error(socket)) + '\n');
  process.exit(1);
}

/* The greeting is three lines; PHP_NORMAL_READ returns one line, "\n" included, per call. */
for (let i = 0; i < 3; i++) {
  echo(socket_read(socket, 2048, PHP_NORMAL_READ));
}

for (const line of lines) {
  echo(`> ${line}\n`);
  const input = `${line}\n`;
  socket_write(socket, input, input.length);
  if (line == 'quit' || line == 'shutdown') {
    /* The server closes the connection; PHP_BINARY_READ returns "" at its end. */
    if (socket_read(socket, 2048) === '') {
      echo('Connection closed by the server.\n');
    }
    break;
  }
  if (!truthy(trim(line))) {
    continue; /* the server answers nothing to a blank line, nor to "0" (false in PHP) */
  }
  echo(socket_read(socket, 2048, PHP_NORMAL_READ));
}

socket_close(socket);
