// Port of seed_stream_select_multi_client.php. PHP's unset() of a list element becomes splice();
// `@fclose()` is a plain fclose() (it raises nothing here).
import {
  type Stream, echo, fclose, fgets, fread, fwrite, ref, stream_select, stream_socket_accept, stream_socket_client,
  stream_socket_get_name, stream_socket_server,
} from 'php-sockets';

const errno = ref<number>();
const errorMessage = ref<string>();
const server = stream_socket_server('tcp://127.0.0.1:0', errno, errorMessage);
if (server === false) {
  echo(`Could not bind to socket: ${errorMessage.value}`);
  process.exit();
}
const address = stream_socket_get_name(server, false);
const users: Record<string, Stream> = {};
const actions: (() => void)[] = [
  () => {
    users.A = stream_socket_client(`tcp://${address}`) as Stream;
  },
  () => {
    users.B = stream_socket_client(`tcp://${address}`) as Stream;
  },
  () => {
    fwrite(users.A!, 'hello from A\n');
  },
  () => {
    echo('A got back: ', fgets(users.A!));
    users.C = stream_socket_client(`tcp://${address}`) as Stream;
  },
  () => {
    fwrite(users.B!, 'B here\n');
  },
  () => {
    echo('B got back: ', fgets(users.B!));
    fclose(users.A!);
  },
  () => {
    fclose(users.C!);
  },
  () => {
    fclose(users.B!);
  },
];

const client_socks: Stream[] = [];
while (true) {
  if (!actions.length) {
    break;
  }
  actions.shift()!();
  // prepare readable sockets
  const read_socks: Stream[] = [...client_socks];
  read_socks.push(server);

  // start reading and use a large timeout
  if (!stream_select(read_socks, null, null, 5)) {
    echo('something went wrong while selecting');
    process.exit();
  }

  // new client
  if (read_socks.includes(server)) {
    const new_client = stream_socket_accept(server);

    if (new_client) {
      // print remote client information, ip and port number
      echo('Connection accepted from ' + stream_socket_get_name(new_client, true) + '\n');

      client_socks.push(new_client);
      echo('Now there are total ' + client_socks.length + ' clients.\n');
    }

    // delete the server socket from the read sockets
    read_socks.splice(read_socks.indexOf(server), 1);
  }

  // message from existing client
  for (const sock of read_socks) {
    const data = fread(sock, 128);
    if (!data) {
      client_socks.splice(client_socks.indexOf(sock), 1);
      fclose(sock);
      echo('A client disconnected. Now there are total ' + client_socks.length + ' clients.\n');
      continue;
    }
    // send the message back to client
    fwrite(sock, data);
  }
}
