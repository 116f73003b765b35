// Port of seed_select_multi_client.php. PHP's unset() of a list element becomes splice().
import {
  AF_INET, SOCK_STREAM, SOL_TCP, type Socket, echo, ref, socket_accept, socket_close, socket_connect,
  socket_create, socket_create_listen, socket_getpeername, socket_getsockname, socket_last_error,
  socket_read, socket_select, socket_strerror, socket_write,
} from 'php-sockets';

const server = socket_create_listen(0);
if (server === false) {
  echo('Could not bind to socket: ' + socket_strerror(socket_last_error()));
  process.exit();
}
const address = ref<string>();
const port = ref<number>();
socket_getsockname(server, address, port);

function connect(port: number): Socket {
  const c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
  socket_connect(c, '127.0.0.1', port);
  return c;
}
const users: Record<string, Socket> = {};
const actions: (() => unknown)[] = [
  () => (users.A = connect(port.value!)),
  () => (users.B = connect(port.value!)),
  () => socket_write(users.A!, 'hello from A\n'),
  () => {
    echo('A got back: ', socket_read(users.A!, 100));
    users.C = connect(port.value!);
  },
  () => socket_write(users.B!, 'B here\n'),
  () => {
    echo('B got back: ', socket_read(users.B!, 100));
    socket_close(users.A!);
  },
  () => socket_close(users.C!),
  () => socket_close(users.B!),
];

const client_socks: Socket[] = [];
while (true) {
  if (!actions.length) {
    break;
  }
  actions.shift()!();
  // prepare readable sockets
  const read_socks: Socket[] = [...client_socks];
  read_socks.push(server);

  // start reading and use a large timeout
  if (!socket_select(read_socks, null, null, 5)) {
    echo('something went wrong while selecting');
    process.exit();
  }

  // new client
  if (read_socks.includes(server)) {
    const new_client = socket_accept(server);

    if (new_client) {
      // print remote client information, ip and port number
      const ip = ref<string>();
      const clientPort = ref<number>();
      socket_getpeername(new_client, ip, clientPort);
      echo('Connection accepted from ' + `${ip.value}:${clientPort.value}` + '\n');

      client_socks.push(new_client);
      echo('Now there are total ' + client_socks.length + ' clients.\n');
    }

    // delete the server socket from the read sockets
    read_socks.splice(read_socks.indexOf(server), 1);
  }

  // message from existing client
  for (const sock of read_socks) {
    const data = socket_read(sock, 128);

    if (!data) {
      client_socks.splice(client_socks.indexOf(sock), 1);
      socket_close(sock);
      echo('A client disconnected. Now there are total ' + client_socks.length + ' clients.\n');
      continue;
    }

    // send the message back to client
    socket_write(sock, data);
  }
}
