// Port of stream-starttls.php (an SMTP-style STARTTLS dialogue, both ends in one script),
// statement for statement; read the two side by side.
//   node --import tsx examples/stream-starttls.ts     (npx tsx works too)
import { fileURLToPath } from 'node:url';
import {
  echo,
  fclose,
  feof,
  fgets,
  fwrite,
  ref,
  stream_context_create,
  stream_get_meta_data,
  stream_set_blocking,
  stream_socket_accept,
  stream_socket_client,
  stream_socket_enable_crypto,
  stream_socket_get_name,
  stream_socket_server,
  STREAM_CLIENT_CONNECT,
  STREAM_CRYPTO_METHOD_TLS_CLIENT,
  STREAM_CRYPTO_METHOD_TLS_SERVER,
  STREAM_SERVER_BIND,
  STREAM_SERVER_LISTEN,
  type Stream,
  var_dump,
} from 'php-sockets';
import { intval } from './php-runtime.js';

const errno = ref();
const errstr = ref();

const pki = fileURLToPath(new URL('../test/fixtures/tls/', import.meta.url));
const server = stream_socket_server('tcp://127.0.0.1:0', errno, errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
  stream_context_create({ ssl: { local_cert: pki + 'server.pem', local_pk: pki + 'server.key' } })) as Stream;
const name = stream_socket_get_name(server, false) as string;
const port = intval(name.slice(name.lastIndexOf(':') + 1));

const client = stream_socket_client(`tcp://127.0.0.1:${port}`, errno, errstr, 5, STREAM_CLIENT_CONNECT,
  stream_context_create({ ssl: { cafile: pki + 'ca.pem' } })) as Stream;
const conn = stream_socket_accept(server) as Stream;

function say(stream: Stream, who: string, line: string): void {
  echo(`${who}: ${line}`);
  fwrite(stream, line);
}

say(conn, 'S', '220 localhost ESMTP ready\r\n');
echo('C got: ', fgets(client));
say(client, 'C', 'EHLO client.example\r\n');
echo('S got: ', fgets(conn));
say(conn, 'S', '250-localhost\r\n');
say(conn, 'S', '250 STARTTLS\r\n');
echo('C got: ', fgets(client), 'C got: ', fgets(client));
say(client, 'C', 'STARTTLS\r\n');
echo('S got: ', fgets(conn));
say(conn, 'S', '220 Ready to start TLS\r\n');
echo('C got: ', fgets(client));

// Both handshakes, one step at a time: 0 means "in progress, call again".
stream_set_blocking(client, false);
stream_set_blocking(conn, false);
let c: boolean | number = 0;
let s: boolean | number = 0;
for (let i = 0; i < 5000 && (c !== true || s !== true); i++) {
  if (c !== true) c = stream_socket_enable_crypto(client, true, STREAM_CRYPTO_METHOD_TLS_CLIENT);
  if (s !== true) s = stream_socket_enable_crypto(conn, true, STREAM_CRYPTO_METHOD_TLS_SERVER);
  if (c === false || s === false) {
    echo('handshake failed\n');
    process.exit(0);
  }
  if (c !== true || s !== true) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1); // usleep(1000)
}
stream_set_blocking(client, true);
stream_set_blocking(conn, true);
const crypto = stream_get_meta_data(client).crypto!;
echo(`-- TLS: ${crypto.protocol}, ${crypto.cipher_name}\n`);

say(client, 'C', 'EHLO client.example\r\n');
echo('S got: ', fgets(conn));
say(conn, 'S', '250 localhost\r\n');
echo('C got: ', fgets(client));
say(client, 'C', 'QUIT\r\n');
echo('S got: ', fgets(conn));
say(conn, 'S', '221 Bye\r\n');
echo('C got: ', fgets(client));
fclose(conn);
var_dump(fgets(client), feof(client));
fclose(client);
fclose(server);
