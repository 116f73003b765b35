// Port of seed_stream_echo_server.php. PHP's `@` (silence warnings) has no equivalent; this
// accept raises none (wrap a call in set_error_handler(() => true) / restore_error_handler() to
// silence one).
import {
  STREAM_SHUT_WR, type Stream, echo, fclose, feof, fwrite, ref, stream_copy_to_stream, stream_get_contents,
  stream_socket_accept, stream_socket_client, stream_socket_get_name, stream_socket_server,
  stream_socket_shutdown, var_dump,
} from 'php-sockets';

const errno = ref<number>();
const errorMessage = ref<string>();
const servidor = stream_socket_server('tcp://127.0.0.1:0', errno, errorMessage);
if (servidor === false) {
  throw new Error(`No se ha podido enlazar el socket: ${errorMessage.value}`);
}
const direccion = stream_socket_get_name(servidor, false);

const clientes: Stream[] = [];
for (const mensaje of ['Hola que tal\n', Buffer.from('Adiós\n', 'utf8')]) {
  const c = stream_socket_client(`tcp://${direccion}`, errno, errorMessage, 5) as Stream;
  fwrite(c, mensaje);
  stream_socket_shutdown(c, STREAM_SHUT_WR);
  clientes.push(c);
}

for (let i = 0; i < 2; i++) {
  const cliente = stream_socket_accept(servidor);
  if (cliente) {
    var_dump(stream_copy_to_stream(cliente, cliente));
    fclose(cliente);
  }
}

for (const c of clientes) {
  echo('nc printed: ', stream_get_contents(c));
  var_dump(feof(c));
  fclose(c);
}
