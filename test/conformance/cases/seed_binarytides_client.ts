// Port of seed_binarytides_client.php.
import {
  AF_INET, MSG_WAITALL, SOCK_STREAM, type Socket, echo, ref, socket_accept, socket_close, socket_connect,
  socket_create, socket_create_listen, socket_getsockname, socket_last_error, socket_read, socket_recv,
  socket_send, socket_strerror, socket_write,
} from 'php-sockets';

// Function to print socket error message
function perror(msg: string): never {
  const errorcode = socket_last_error();
  const errormsg = socket_strerror(errorcode);

  echo(`${msg}: [${errorcode}] ${errormsg} \n`);
  process.exit();
}

const server = socket_create_listen(0) as Socket;
const ip = ref<string>();
const port = ref<number>();
socket_getsockname(server, ip, port);

let sock = socket_create(AF_INET, SOCK_STREAM, 0);
if (!sock) {
  perror('Could not create socket');
}

echo('Socket created \n');

// Connect socket to remote server
if (!socket_connect(sock, '127.0.0.1', port.value)) {
  perror('Could not connect');
}

echo('Connection established \n');

const message = 'GET / HTTP/1.1\r\n\r\n';

// Send the message to the server
if (!socket_send(sock, message, message.length, 0)) {
  perror('Could not send data');
}

echo('Message send successfully \n');

// The responder: read the request, answer, close.
const conn = socket_accept(server) as Socket;
const request = socket_read(conn, 1024) as string;
echo('server got ', request.length, ' bytes: ', JSON.stringify(request), '\n');
const body = '<html>hello from the responder</html>\n';
socket_write(conn, `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
socket_close(conn);

// Now receive reply from server
const buf = ref<string>();
if (socket_recv(sock, buf, 500, MSG_WAITALL) === false) {
  perror('Could not receive data');
}

echo(buf.value);

// Again, to a port where nothing listens.
socket_close(server);
sock = socket_create(AF_INET, SOCK_STREAM, 0) as Socket;
if (!socket_connect(sock, '127.0.0.1', port.value)) {
  perror('Could not connect');
}
echo('not reached\n');
