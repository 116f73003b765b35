// Port of 1935-client.php (the Chinese tutorial's client), statement for statement.
//   node --import tsx examples/1935-client.ts <port>
/*
 +-------------------------------
 *    @socket连接整个过程
 +-------------------------------
 *    @socket_create
 *    @socket_connect
 *    @socket_write
 *    @socket_read
 *    @socket_close
 +--------------------------------
 */
import {
  AF_INET,
  E_ALL,
  SOCK_STREAM,
  SOL_TCP,
  echo,
  error_reporting,
  socket_close,
  socket_connect,
  socket_create,
  socket_read,
  socket_strerror,
  socket_write,
  type Socket,
} from 'php-sockets';
import { argv, intval, strval, truthy } from './php-runtime.js';

// header("Content-Type: text/html; charset=UTF-8");  no effect: the CLI sends no headers
error_reporting(E_ALL);
// set_time_limit(0);       Node has no time limit
echo('<h2>TCP/IP Connection</h2>\n');

const port = intval(argv[1] ?? 1935); // was: $port = 1935;
const ip = '127.0.0.1';

// As in 1935-server.ts: in PHP 8 nothing these functions return is < 0, so the failure
// branches below never run (and Number(x) < 0 is never true); `as` stands for PHP's dynamic types.

const socket = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
if (Number(socket) < 0) {
  echo('socket_create() failed: reason: ' + socket_strerror(socket as never) + '\n');
} else {
  echo('OK.\n');
}

echo(`connect '${ip}' port '${port}'...\n`);
const result = socket_connect(socket, ip, port);
if (Number(result) < 0) {
  echo(`socket_connect() failed.\nReason: (${strval(result)}) ` + socket_strerror(result as never) + '\n');
} else {
  echo('connectOK\n');
}

let input = 'Ho\r\n';
input += 'first blood\r\n';
let out: string | false = '';

if (!socket_write(socket, input, input.length)) {
  echo('socket_write() failed: reason: ' + socket_strerror(socket as never) + '\n');
} else {
  echo('send success\n');
  echo(`send msg:<font color='red'>${input}</font> <br>`);
}

while (truthy((out = socket_read(socket, 8192)))) {
  echo('recevie server msg\n');
  echo('receive msg:', out);
}

echo(' close SOCKET...\n');
socket_close(socket);
echo('close OK\n');
