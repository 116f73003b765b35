import { AF_INET, PHP_NORMAL_READ, SOCK_STREAM, SOL_TCP, assertSocket, ref, set_error_handler,
  socket_accept, socket_bind, socket_connect, socket_create, socket_getsockname, socket_last_error,
  socket_listen, socket_read, socket_strerror, socket_write } from 'php-sockets';

set_error_handler((_errno, errstr) => {
  console.log(`Warning: ${errstr}`);
  return true;
});

const server = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
assertSocket(server);                                // Socket | false -> Socket, no cast
socket_bind(server, '127.0.0.1', 0);
socket_listen(server);
const address = ref(''), port = ref(0);             // boxes for &$address, &$port
socket_getsockname(server, address, port);
console.log(`listening on ${address.value}:${port.value}`);

const client = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
assertSocket(client);
socket_connect(client, address.value, port.value);
const conn = socket_accept(server);
assertSocket(conn);

socket_write(client, 'caf\xc3\xa9\n');              // bytes: one char per byte
const line = socket_read(conn, 100, PHP_NORMAL_READ) as string;
console.log(`${line.length} bytes: ${Buffer.from(line, 'latin1').toString('hex')}`);

const other = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
assertSocket(other);
if (socket_bind(other, '127.0.0.1', port.value) === false) {
  console.log(socket_last_error(other), socket_strerror(socket_last_error(other)));
}
