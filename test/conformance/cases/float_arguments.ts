// Port of float_arguments.php.
import { AF_UNIX, SOCK_STREAM, type Socket, echo, socket_create_pair, socket_read, socket_strerror, socket_write, var_dump } from 'php-sockets';

function caught(f: () => unknown): void {
  try {
    var_dump(f());
  } catch (e) {
    echo((e as Error).name, ': ', (e as Error).message, '\n');
  }
}
const strerror = socket_strerror as (code: unknown) => string;

for (const f of [0.5, 1.5, -2.75, 0.1 + 0.2, 1e-5, 0.5e-7, 1.5e-300, 123456.789, 1e15 + 0.5, 2.5e14 + 0.25]) {
  caught(() => strerror(f));
}
for (const f of [1e30, -1e30, 9.3e18, 1.8e308 * 10, -Infinity, NaN]) {
  caught(() => strerror(f));
}
caught(() => strerror('1.5'));
caught(() => strerror('1e-5'));
caught(() => strerror('1e30'));
// Floats given as data are converted to strings as PHP converts them (precision 14).
const p: Socket[] = [];
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, p);
for (const f of [1.5, 0.1 + 0.2, 1e-5, 1e25, 123456789.12345678, -0]) {
  (socket_write as (...args: unknown[]) => unknown)(p[0], f);
  var_dump(socket_read(p[1]!, 100));
}
