// Port of create_flags.php.
import { AF_INET, AF_INET6, AF_UNIX, SOCK_DGRAM, SOCK_STREAM, Socket, echo, socket_create, socket_create_pair, var_dump } from 'php-sockets';

function caught(f: () => unknown): void {
  try {
    const r = f();
    var_dump(r instanceof Socket ? 'Socket' : r);
  } catch (e) {
    echo((e as Error).name, ': ', (e as Error).message, '\n');
  }
}

caught(() => socket_create(AF_INET, SOCK_STREAM | 2048, 0));
caught(() => socket_create(AF_UNIX, SOCK_DGRAM | 524288, 0));
const pair: Socket[] = [];
caught(() => socket_create_pair(AF_UNIX, SOCK_STREAM | 2048, 0, pair));
caught(() => socket_create(AF_INET, 6, 0));
caught(() => socket_create(AF_INET, 0, 0));
caught(() => socket_create(AF_INET, -2048, 0));
caught(() => socket_create(AF_UNIX, 0, 0));
caught(() => socket_create(AF_INET6, SOCK_DGRAM, 0));
caught(() => socket_create(-1, SOCK_STREAM, 0));
caught(() => socket_create(17, SOCK_DGRAM, 0));
