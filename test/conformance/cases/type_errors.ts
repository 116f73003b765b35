// Port of type_errors.php: the same misuse from an untyped (plain JavaScript) caller.
import * as sockets from 'php-sockets';
import { AF_INET, AF_UNIX, SOCK_STREAM, SOL_TCP, echo, var_dump } from 'php-sockets';

// Every function as an untyped caller sees it.
const f = sockets as unknown as Record<string, (...args: unknown[]) => unknown>;
function caught(fn: () => unknown): void {
  try {
    var_dump(fn());
  } catch (e) {
    echo((e as Error).name, ': ', (e as Error).message, '\n');
  }
}
class stdClass {}

const s = f.socket_create!(AF_INET, SOCK_STREAM, SOL_TCP);
caught(() => f.socket_read!('socket', 10));
caught(() => f.socket_read!(42, 10));
caught(() => f.socket_read!(null, 10));
caught(() => f.socket_read!([], 10));
caught(() => f.socket_read!(new stdClass(), 10));
caught(() => f.socket_read!());
caught(() => f.socket_read!(s));
caught(() => f.socket_read!(s, 'ten'));
caught(() => f.socket_read!(s, 10, 1, 2));
caught(() => f.socket_write!(s, []));
caught(() => f.socket_write!(s, 'x', 'y'));
caught(() => f.socket_bind!(s, []));
caught(() => f.socket_last_error!('x'));
caught(() => f.socket_last_error!(1));
caught(() => f.socket_last_error!(s, 1));
caught(() => f.socket_clear_error!(false));
caught(() => f.socket_strerror!());
caught(() => f.socket_strerror!('abc'));
caught(() => f.socket_strerror!(2147483648));
caught(() => f.socket_strerror!(-2147483649));
caught(() => f.socket_close!());
caught(() => f.socket_accept!(s, 1));
caught(() => f.socket_listen!(s, 'x'));
caught(() => f.socket_shutdown!(s, '1x'));
caught(() => f.socket_getsockname!(s));
caught(() => f.socket_set_nonblock!());
caught(() => f.socket_create_listen!('port'));
caught(() => f.socket_create_listen!(0, 1, 2));
caught(() => f.socket_create_pair!(AF_UNIX, SOCK_STREAM, 0));
caught(() => f.socket_connect!(s, []));
caught(() => f.socket_connect!(s, '127.0.0.1', 'x'));
// null for a scalar parameter: deprecated, then coerced.
caught(() => f.socket_read!(s, null));
caught(() => f.socket_write!(s, null));
caught(() => f.socket_bind!(s, null));
caught(() => f.socket_shutdown!(s, null));
caught(() => f.socket_strerror!(null));
