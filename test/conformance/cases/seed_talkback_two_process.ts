// Port of seed_talkback_two_process.php: the client is this script again, in a child process
// started with the same node options (tsx and the harness prelude).
import { spawn } from 'node:child_process';
import {
  AF_INET, PHP_NORMAL_READ, SOCK_STREAM, SOL_TCP, type Socket, echo, ref, socket_accept, socket_bind,
  socket_close, socket_connect, socket_create, socket_getsockname, socket_last_error, socket_listen,
  socket_read, socket_strerror, socket_write,
} from 'php-sockets';

const trim = (s: string) => s.replace(/^[ \t\n\r\0\x0B]+|[ \t\n\r\0\x0B]+$/g, '');

function client(port: number): number {
  for (const lines of [['hi there\n', 'quit\n'], ['last words\r\n', 'shutdown\n']]) {
    const socket = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
    if (socket === false) {
      echo('socket_create() failed: reason: ' + socket_strerror(socket_last_error()) + '\n');
      return 1;
    }
    echo("Attempting to connect to '127.0.0.1'...");
    if (socket_connect(socket, '127.0.0.1', port) === false) {
      echo('socket_connect() failed.\nReason: ' + socket_strerror(socket_last_error(socket)) + '\n');
      return 1;
    }
    echo('OK.\n');
    const input = lines.join('');
    echo('Sending ', input.length, ' bytes...');
    socket_write(socket, input, input.length);
    echo('OK.\n');
    echo('Reading response:\n\n');
    let out: string | false;
    while ((out = socket_read(socket, 2048))) {
      echo(out);
    }
    echo('Closing socket...');
    socket_close(socket);
    echo('OK.\n\n');
  }
  return 0;
}

async function server(): Promise<void> {
  const sock = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
  socket_bind(sock, '127.0.0.1', 0);
  socket_listen(sock, 5);
  const address = ref<string>();
  const port = ref<number>();
  socket_getsockname(sock, address, port);

  // Start the client (with this process's node options: tsx and the prelude, if any).
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, 'client', String(port.value)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (d: Buffer) => chunks.push(d));
  const exited = new Promise<number | null>((res) => child.on('close', (code) => res(code)));

  serve: do {
    const msgsock = socket_accept(sock);
    if (msgsock === false) {
      echo('socket_accept() failed: reason: ' + socket_strerror(socket_last_error(sock)) + '\n');
      break;
    }
    const msg = "\nWelcome to the PHP Test Server. \nTo quit, type 'quit'. To shut down the server type 'shutdown'.\n";
    socket_write(msgsock, msg, msg.length);
    do {
      let buf = socket_read(msgsock, 2048, PHP_NORMAL_READ);
      if (buf === false) {
        echo('socket_read() failed: reason: ' + socket_strerror(socket_last_error(msgsock)) + '\n');
        break serve;
      }
      if (!(buf = trim(buf))) {
        continue;
      }
      if (buf == 'quit') {
        break;
      }
      if (buf == 'shutdown') {
        socket_close(msgsock);
        break serve;
      }
      const talkback = `PHP: You said '${buf}'.\n`;
      socket_write(msgsock, talkback, talkback.length);
      echo(`${buf}\n`);
    } while (true);
    socket_close(msgsock);
  } while (true);
  socket_close(sock);

  const status = await exited;
  echo(`--- client exited with status ${status} and printed:\n`, Buffer.concat(chunks));
}

if (process.argv[2] === 'client') {
  process.exitCode = client(Number(process.argv[3]));
} else {
  await server();
}
