// Port of var_dump_streams.php. A Stream prints as PHP's stream resource.
import {
  type Stream, echo, fclose, print_r, ref, stream_socket_client, stream_socket_get_name, stream_socket_server,
  var_dump, var_export,
} from 'php-sockets';

const errno = ref<number>();
const errstr = ref<string>();
const server = stream_socket_server('tcp://127.0.0.1:0', errno, errstr) as Stream;
var_dump(server, errno.value, errstr.value);
const name = stream_socket_get_name(server, false);
const client = stream_socket_client(`tcp://${name}`, errno, errstr, 5) as Stream;
var_dump({ 0: server, client });
print_r(client);
echo('\n');
print_r({ s: server });
echo(server, '\n');
var_export(server);
echo('\n');
fclose(client);
var_dump(client);
print_r(client);
echo('\n');
