// Port of var_dump_objects.php.
import {
  AF_INET, type AddressInfo, SOCK_STREAM, SOL_TCP, type Socket, echo, print_r, socket_addrinfo_lookup,
  socket_close, socket_create, var_dump, var_export,
} from 'php-sockets';

const s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
const ai = (socket_addrinfo_lookup('127.0.0.1', null, { ai_socktype: SOCK_STREAM }) as AddressInfo[])[0];
var_dump(ai);
print_r(ai);
echo('\n');
var_export(ai);
echo('\n');
const list = { socket: s, info: ai, again: s, nested: [ai, [s]] };
var_dump(list);
print_r(list);
var_export(list);
echo('\n');
socket_close(s);
var_dump(s);
var_dump([]);
print_r([]);
var_export([]);
echo('\n');
