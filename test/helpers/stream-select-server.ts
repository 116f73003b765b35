// The other process of streams_select.test.ts (run with `node --import tsx`): the multi-client
// echo server of the stream_select tutorial (stream_socket_server, stream_select on the server and
// every client, stream_socket_accept, fread 128 bytes, fwrite them back, fclose on disconnect).
// Prints its address, then, once `expected` clients have come and gone, one JSON line of counts.
import * as p from '../../lib/index.js';

const expected = Number(process.argv[2] ?? '1');
const server = p.stream_socket_server('tcp://127.0.0.1:0') as p.Stream;
console.log(p.stream_socket_get_name(server, false));

const clients: p.Stream[] = [];
let accepted = 0;
let most = 0;
let echoed = 0;
let disconnected = 0;
const deadline = Date.now() + 60_000;
while (disconnected < expected && Date.now() < deadline) {
  const read = [...clients, server];
  if (!p.stream_select(read, null, null, 5)) continue;
  if (read.includes(server)) {
    const client = p.stream_socket_accept(server);
    if (client) {
      clients.push(client);
      accepted++;
      most = Math.max(most, clients.length);
    }
    read.splice(read.indexOf(server), 1);
  }
  for (const sock of read) {
    const data = p.fread(sock, 128);
    if (!data) {
      clients.splice(clients.indexOf(sock), 1);
      p.fclose(sock);
      disconnected++;
      continue;
    }
    p.fwrite(sock, data);
    echoed++;
  }
}
console.log(JSON.stringify({ accepted, most, echoed, disconnected }));
process.exit(0);
