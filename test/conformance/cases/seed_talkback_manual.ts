// Port of seed_talkback_manual.php (the PHP manual's talkback server), line for line.
import {
  AF_INET, PHP_NORMAL_READ, SOCK_STREAM, SOL_TCP, type Socket, echo, ref, socket_accept, socket_bind,
  socket_close, socket_connect, socket_create, socket_getsockname, socket_last_error, socket_listen,
  socket_read, socket_strerror, socket_write,
} from 'php-sockets';

// error_reporting(E_ALL), set_time_limit(0) and ob_implicit_flush() have no equivalent to port:
// every warning is reported, nothing times out, and output is not buffered.
const address = ref<string>('127.0.0.1');
const port = ref<number>(0);

const created = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
if (created === false) {
  echo('socket_create() failed: reason: ' + socket_strerror(socket_last_error()) + '\n');
}
const sock = created as Socket;

if (socket_bind(sock, address.value!, port.value!) === false) {
  echo('socket_bind() failed: reason: ' + socket_strerror(socket_last_error(sock)) + '\n');
}

if (socket_listen(sock, 5) === false) {
  echo('socket_listen() failed: reason: ' + socket_strerror(socket_last_error(sock)) + '\n');
}

// The harness: learn the port, and the sessions the "telnet" clients will type.
socket_getsockname(sock, address, port);
const sessions = [
  ['hello\r\n', '\r\n', '   spaced out   \n', 'quit\n'],
  ['second client\n', 'shutdown\n'],
];
const clients: Socket[] = [];
function telnet(address: string, port: number, lines: string[]): Socket {
  const c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
  socket_connect(c, address, port);
  socket_write(c, lines.join(''));
  return c;
}

// PHP's trim(): spaces, tabs, newlines, carriage returns, NULs and vertical tabs.
const trim = (s: string) => s.replace(/^[ \t\n\r\0\x0B]+|[ \t\n\r\0\x0B]+$/g, '');

server: do {
  clients.push(telnet(address.value!, port.value!, sessions.shift()!));
  const msgsock = socket_accept(sock);
  if (msgsock === false) {
    echo('socket_accept() failed: reason: ' + socket_strerror(socket_last_error(sock)) + '\n');
    break;
  }
  /* Send instructions. */
  const msg = "\nWelcome to the PHP Test Server. \n" +
    "To quit, type 'quit'. To shut down the server type 'shutdown'.\n";
  socket_write(msgsock, msg, msg.length);

  do {
    let buf = socket_read(msgsock, 2048, PHP_NORMAL_READ);
    if (buf === false) {
      echo('socket_read() failed: reason: ' + socket_strerror(socket_last_error(msgsock)) + '\n');
      break server;
    }
    if (!(buf = trim(buf))) {
      continue;
    }
    if (buf == 'quit') {
      break;
    }
    if (buf == 'shutdown') {
      socket_close(msgsock);
      break server;
    }
    const talkback = `PHP: You said '${buf}'.\n`;
    socket_write(msgsock, talkback, talkback.length);
    echo(`${buf}\n`);
  } while (true);
  socket_close(msgsock);
} while (true);

socket_close(sock);

// What each telnet user saw.
clients.forEach((c, i) => {
  echo(`--- client ${i} received:\n`);
  let out: string | false;
  while ((out = socket_read(c, 2048)) !== '' && out !== false) {
    echo(out);
  }
  socket_close(c);
});
