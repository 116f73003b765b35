// Port of create_coercion.php: the same loose arguments, as a plain JavaScript caller passes them.
import { AF_INET, SOCK_STREAM, Socket, echo, socket_create, socket_strerror, var_dump } from 'php-sockets';

function caught(f: () => unknown): void {
  try {
    const r = f();
    var_dump(r instanceof Socket ? 'Socket' : r);
  } catch (e) {
    echo((e as Error).name, ': ', (e as Error).message, '\n');
  }
}
const create = socket_create as (...args: unknown[]) => Socket | false;
const strerror = socket_strerror as (...args: unknown[]) => string;

caught(() => create(AF_INET, SOCK_STREAM, null));
caught(() => create('2', '1', '6'));
caught(() => create(' 2', '1\n', '0 '));
caught(() => create(AF_INET, SOCK_STREAM, 1.5));
caught(() => create(2.0, 1.0, 0.0));
caught(() => create(true, SOCK_STREAM, 0));
caught(() => create(AF_INET, SOCK_STREAM, '1e1'));
caught(() => create(AF_INET, SOCK_STREAM, NaN));
caught(() => create(AF_INET, SOCK_STREAM, '0x1A'));
caught(() => create(AF_INET, SOCK_STREAM, ''));
caught(() => strerror(1.5));
caught(() => strerror('11'));
caught(() => strerror(' 11 '));
