// Port of stream-select-server.php (the English streams tutorial's multi-client echo server, run
// on its own with its clients in a second process), statement for statement; read the two side
// by side.
//   node --import tsx examples/stream-select-server.ts [port | clients address]   (npx tsx works too)
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  echo,
  fclose,
  fread,
  fwrite,
  ref,
  restore_error_handler,
  set_error_handler,
  stream_select,
  stream_socket_accept,
  stream_socket_client,
  stream_socket_get_name,
  stream_socket_server,
  type Stream,
} from 'php-sockets';
import { argv, intval, truthy } from './php-runtime.js';

const errno = ref();
const errstr = ref();
const errorMessage = ref();

if ((argv[1] ?? '') === 'clients') {
  const clients: Stream[] = [];
  for (let i = 1; i <= 3; i++) {
    clients[i] = stream_socket_client('tcp://' + argv[2], errno, errstr, 5) as Stream;
    fwrite(clients[i]!, `Hello from client ${i}\n`);
    echo(`client ${i} got back: ` + fread(clients[i]!, 128));
  }
  for (const client of clients.slice(1)) {
    fclose(client);
  }
  process.exit(0);
}

// open a server on port 4444 (here: a free port on 127.0.0.1)
const server = stream_socket_server('tcp://127.0.0.1:' + intval(argv[1] ?? 0), errno, errorMessage);

if (server === false) {
  echo(`Could not bind to socket: ${errorMessage.value}`);
  process.exit(0);
}

// Added: start the clients (unless they run apart).
const aparte = argv[1] !== undefined;
let clientsProcess: ReturnType<typeof spawn> | undefined;
let clientsOutput = '';
if (!aparte) {
  const script = fileURLToPath(import.meta.url);
  clientsProcess = spawn(process.execPath, [...process.execArgv, script, 'clients', stream_socket_get_name(server, false) as string], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  clientsProcess.stdout!.on('data', (chunk: Buffer) => (clientsOutput += chunk.toString('latin1')));
}

const client_socks: Stream[] = [];
let served = 0; // added

while (served < 3 || client_socks.length > 0) {
  // the tutorial: while(true)
  //prepare readable sockets
  const read_socks = [...client_socks];
  read_socks.push(server);

  //start reading and use a large timeout
  if (!stream_select(read_socks, null, null, 300000)) {
    echo('something went wrong while selecting');
    process.exit(0);
  }

  //new client
  if (read_socks.includes(server)) {
    const new_client = stream_socket_accept(server);

    if (new_client) {
      //print remote client information, ip and port number
      echo('Connection accepted from ' + stream_socket_get_name(new_client, true) + '\n');

      client_socks.push(new_client);
      served++; // added
      echo('Now there are total ' + client_socks.length + ' clients.\n');
    }

    //delete the server socket from the read sockets
    read_socks.splice(read_socks.indexOf(server), 1);
  }

  //message from existing client
  for (const sock of read_socks) {
    const data = fread(sock, 128);

    if (!truthy(data)) {
      client_socks.splice(client_socks.indexOf(sock), 1);
      set_error_handler(() => true); // @
      fclose(sock);
      restore_error_handler();
      echo('A client disconnected. Now there are total ' + client_socks.length + ' clients.\n');
      continue;
    }

    //send the message back to client
    fwrite(sock, data as string);
  }
}

// Added: what the clients printed.
if (clientsProcess) {
  await new Promise((resolve) => clientsProcess.on('close', resolve));
  echo(clientsOutput);
}
