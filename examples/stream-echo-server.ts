// Port of stream-echo-server.php (the Spanish streams tutorial's echo server, run on its own),
// statement for statement; read the two side by side.
//   node --import tsx examples/stream-echo-server.ts [port | clients address]   (npx tsx works too)
import {
  STREAM_SHUT_WR,
  echo,
  fclose,
  fwrite,
  ref,
  restore_error_handler,
  set_error_handler,
  stream_copy_to_stream,
  stream_get_contents,
  stream_socket_accept,
  stream_socket_client,
  stream_socket_get_name,
  stream_socket_server,
  stream_socket_shutdown,
  type Stream,
} from 'php-sockets';
import { argv, intval } from './php-runtime.js';

const errno = ref();
const errorMessage = ref();

if ((argv[1] ?? '') === 'clients') {
  for (let i = 1; i <= 3; i++) {
    const nc = stream_socket_client(`tcp://${argv[2]}`, errno, errorMessage) as Stream;
    fwrite(nc, `Hola que tal ${i}\n`);
    stream_socket_shutdown(nc, STREAM_SHUT_WR);
    echo('nc recibe: ' + stream_get_contents(nc));
    fclose(nc);
  }
  process.exit(0);
}
const aparte = argv[1] !== undefined; // added: the clients run apart

const servidor = stream_socket_server('tcp://127.0.0.1:' + intval(argv[1] ?? 0), errno, errorMessage);
if (servidor === false) {
  throw new Error(`No se ha podido enlazar el socket: ${errorMessage.value}`);
}
const direccion = stream_socket_get_name(servidor, false);
echo(`Escuchando en ${direccion}\n`);

for (let i = 1; i <= 3; i++) {
  // The client's part: echo "Hola que tal $i" | nc 127.0.0.1 <port>
  let nc: Stream | undefined;
  if (!aparte) {
    nc = stream_socket_client(`tcp://${direccion}`, errno, errorMessage) as Stream;
    fwrite(nc, `Hola que tal ${i}\n`);
    stream_socket_shutdown(nc, STREAM_SHUT_WR);
  }

  // The server's part: the body of the tutorial's for (;;) loop.
  set_error_handler(() => true); // @ silences the warning of a failed accept
  const cliente = stream_socket_accept(servidor);
  restore_error_handler();
  if (cliente) {
    stream_copy_to_stream(cliente, cliente);
    fclose(cliente);
  }

  // The client's part again: what nc prints.
  if (nc) {
    echo('nc recibe: ' + stream_get_contents(nc));
    fclose(nc);
  }
}
fclose(servidor);
