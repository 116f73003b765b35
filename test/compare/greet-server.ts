// Port of greet-server.php (a fixture of test/compare.test.ts).
import { AF_INET, PHP_NORMAL_READ, SOCK_STREAM, SOL_TCP, echo, socket_accept, socket_bind, socket_close, socket_create, socket_listen, socket_read, socket_write, type Socket } from 'php-sockets';

const port = Number(process.env.PHP_SOCKETS_COMPARE_PORT);
const server = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
socket_bind(server, '127.0.0.1', port);
socket_listen(server);
const client = socket_accept(server) as Socket;
const greeting = 'hello world\n';
socket_write(client, greeting, greeting.length);
const line = socket_read(client, 100, PHP_NORMAL_READ) as string;
const reply = `you said ${line}`;
socket_write(client, reply, reply.length);
echo(`served: ${line}`);
socket_read(client, 100); // the client's end
socket_close(client);
socket_close(server);
