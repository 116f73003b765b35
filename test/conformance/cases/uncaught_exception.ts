// Port of uncaught_exception.php.
import { AF_INET, SOCK_STREAM, SOL_TCP, type Socket, echo, socket_close, socket_create, socket_write } from 'php-sockets';

const s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
socket_close(s);
echo('before\n');
socket_write(s, 'never sent');
echo('not reached\n');
