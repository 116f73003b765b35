// Port of talkback-server.php (the PHP manual's "Simple TCP/IP server"), statement for
// statement; read the two side by side.
//   node --import tsx examples/talkback-server.ts [port]     (npx tsx works too)
import {
  AF_INET,
  E_ALL,
  PHP_NORMAL_READ,
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
  socket_last_error,
  socket_listen,
  socket_read,
  socket_strerror,
  socket_write,
  type Socket,
} from 'php-sockets';
import { argv, intval, trim, truthy } from './php-runtime.js';

error_reporting(E_ALL);
// set_time_limit(0);       Node has no time limit
// ob_implicit_flush();     echo() writes straight to stdout

const address = '127.0.0.1';
const port = intval(argv[1] ?? 0);

let sock: Socket | false;
if ((sock = socket_create(AF_INET, SOCK_STREAM, SOL_TCP)) === false) {
  echo('socket_create() failed: reason: ' + socket_strerror(socket_last_error()) + '\n');
}
sock = sock as Socket; // PHP carries on with false too: the next call throws the same TypeError

if (socket_bind(sock, address, port) === false) {
  echo('socket_bind() failed: reason: ' + socket_strerror(socket_last_error(sock)) + '\n');
}

if (socket_listen(sock, 5) === false) {
  echo('socket_listen() failed: reason: ' + socket_strerror(socket_last_error(sock)) + '\n');
}

/* Added: say where we listen (with port 0 the kernel chose the port). */
const boundAddress = ref<string>(), boundPort = ref<number>();
socket_getsockname(sock, boundAddress, boundPort);
echo(`Listening on ${boundAddress.value}:${boundPort.value}\n`);

outer: do {
  let msgsock: Socket | false;
  if ((msgsock = socket_accept(sock)) === false) {
    echo('socket_accept() failed: reason: ' + socket_strerror(socket_last_error(sock)) + '\n');
    break;
  }
  /* Send instructions. */
  const msg = "\nWelcome to the PHP Test Server. \n" +
    "To quit, type 'quit'. To shut down the server type 'shutdown'.\n";
  socket_write(msgsock, msg, msg.length);

  do {
    let buf: string | false;
    if (false === (buf = socket_read(msgsock, 2048, PHP_NORMAL_READ))) {
      echo('socket_read() failed: reason: ' + socket_strerror(socket_last_error(msgsock)) + '\n');
      break outer;
    }
    if (!truthy((buf = trim(buf)))) {
      continue;
    }
    if (buf == 'quit') {
      break;
    }
    if (buf == 'shutdown') {
      socket_close(msgsock);
      break outer;
    }
    const talkback = `PHP: You said '${buf}'.\n`;
    socket_write(msgsock, talkback, talkback.length);
    echo(`${buf}\n`);
  } while (true);
  socket_close(msgsock);
} while (true);

socket_close(sock);
