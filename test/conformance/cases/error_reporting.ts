// Port of error_reporting.php.
import {
  AF_INET, E_ALL, E_NOTICE, E_STRICT, E_USER_DEPRECATED, E_USER_ERROR, E_USER_NOTICE, E_USER_WARNING,
  E_WARNING, SOCK_STREAM, SOL_TCP, type Socket, ValueError, echo, error_reporting, set_error_handler, silence,
  socket_connect, socket_create, socket_strerror, trigger_error, user_error, var_dump,
} from 'php-sockets';

error_reporting(E_ALL);
var_dump(error_reporting(), E_USER_ERROR, E_USER_WARNING, E_USER_NOTICE, E_USER_DEPRECATED, E_STRICT);
set_error_handler((no: number, str: string): boolean => {
  echo(`handler [${no}] ${str} (error_reporting `, error_reporting(), ')\n');
  return true;
});
const s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
var_dump(silence(() => socket_connect(s, '127.0.0.1', 1)));
var_dump(socket_connect(s, '127.0.0.1', 1));
var_dump(silence(() => (socket_strerror as (c: unknown) => string)(null)));
var_dump(trigger_error('a notice'));
var_dump(silence(() => trigger_error('a warning', E_USER_WARNING)));
var_dump(user_error('deprecated', E_USER_DEPRECATED));
var_dump(trigger_error('handled fatal', E_USER_ERROR));
for (const level of [E_WARNING, 0, 99]) {
  try {
    trigger_error('x', level);
  } catch (e) {
    if (!(e instanceof ValueError)) throw e;
    echo(e.name, ': ', e.message, '\n');
  }
}
var_dump(error_reporting(E_ALL & ~E_NOTICE), error_reporting());
var_dump(silence(() => error_reporting(E_WARNING)), error_reporting());
var_dump(error_reporting(0), silence(() => socket_connect(s, '127.0.0.1', 1)), error_reporting());
