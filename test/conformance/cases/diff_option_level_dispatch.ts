// Port of diff_option_level_dispatch.php.
import {
  AF_INET, SOCK_STREAM, SOL_TCP, TCP_NOTSENT_LOWAT, type Socket, echo, socket_create, socket_get_option,
  socket_set_option, var_dump,
} from 'php-sockets';

const t = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
var_dump(socket_set_option(t, SOL_TCP, TCP_NOTSENT_LOWAT, 16384));
var_dump(socket_get_option(t, SOL_TCP, TCP_NOTSENT_LOWAT));
try {
  var_dump(socket_set_option(t, SOL_TCP, 20, 1));
} catch (e) {
  echo((e as Error).name, ': ', (e as Error).message, '\n');
}
