// Port of error_handler.php.
import {
  AF_INET, E_ALL, E_DEPRECATED, E_NOTICE, E_WARNING, SOCK_STREAM, SOL_TCP, type Socket, echo, ref,
  restore_error_handler, set_error_handler, socket_create, socket_getpeername, socket_read,
  socket_strerror, var_dump,
} from 'php-sockets';

const s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
const a = ref<string>();
const previous = set_error_handler((no: number, str: string): boolean => {
  echo(`handler got [${no}] ${str}\n`);
  return true;
});
var_dump(typeof previous === 'function');
var_dump(socket_getpeername(s, a));
var_dump((socket_read as (...args: unknown[]) => unknown)(s, null));
var_dump(restore_error_handler());
var_dump(socket_getpeername(s, a));
set_error_handler((_no: number, str: string): boolean => {
  echo(`deprecations only: ${str}\n`);
  return true;
}, E_DEPRECATED);
var_dump(socket_getpeername(s, a), (socket_strerror as (...args: unknown[]) => unknown)(null));
restore_error_handler();
set_error_handler((_no: number, str: string): boolean => {
  echo(`declined: ${str}\n`);
  return false;
});
var_dump(socket_getpeername(s, a));
restore_error_handler();
var_dump(E_WARNING, E_NOTICE, E_DEPRECATED, E_ALL);
echo('done\n');
