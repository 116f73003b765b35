// Port of tls_client_failures.php (its peer: tls/peer.ts).
import {
  echo, fclose, fsockopen, fwrite, get_resource_type, ini_set, ref, stream_context_create, stream_get_meta_data,
  stream_select, stream_set_blocking, stream_socket_client, stream_socket_enable_crypto, stream_socket_get_name,
  stream_socket_server, var_export, STREAM_CLIENT_ASYNC_CONNECT, STREAM_CLIENT_CONNECT,
  STREAM_CRYPTO_METHOD_TLS_CLIENT, type Stream,
} from 'php-sockets';
import { elapsed, microtime, peer, peer_says } from '../tls/lib.js';

const json_encode = (v: unknown): string => JSON.stringify(v);
const ctx = stream_context_create({ ssl: { cafile: 'ca.pem' } });
// one connection each: plain, closer, resetter, three silent ones, async connect, default store x2
const p = peer('server', [
  'w:HTTP/1.0 200 OK\\r\\n\\r\\nhello\\n', 'discard', '--', 'fread', '--', 'sleep:300', '--',
  'discard', '--', 'discard', '--', 'discard', '--', 'tls', 'read', '--', 'tls', '--', 'tls',
]);
function result(fp: Stream | false, errno: number, errstr: string): string {
  return `${fp === false ? 'false' : get_resource_type(fp)} errno=${errno} errstr=${json_encode(errstr)}`;
}
const errno = ref<number>(0);
const errstr = ref<string>('');

for (const mode of ['plain', 'closer', 'resetter']) {
  echo(`== ssl:// to a '${mode}' TCP peer\n`);
  const t0 = microtime();
  const fp = stream_socket_client(`ssl://127.0.0.1:${p.port}`, errno, errstr, 5, STREAM_CLIENT_CONNECT, ctx);
  echo(result(fp, errno.value, errstr.value), ' after ', elapsed(t0), '\n');
  peer_says(p);
}

echo('== ssl:// to a silent peer, timeout 1\n');
let t0 = microtime();
let fp = stream_socket_client(`ssl://127.0.0.1:${p.port}`, errno, errstr, 1, STREAM_CLIENT_CONNECT, ctx);
echo(result(fp, errno.value, errstr.value), ' after ', elapsed(t0), '\n');
peer_says(p);

echo('== fsockopen ssl:// to a silent peer, timeout 1\n');
t0 = microtime();
fp = fsockopen('ssl://127.0.0.1', p.port, errno, errstr, 1);
echo(result(fp, errno.value, errstr.value), ' after ', elapsed(t0), '\n');
peer_says(p);

echo('== ssl:// to a silent peer, timeout null (default_socket_timeout = 2)\n');
ini_set('default_socket_timeout', '2');
t0 = microtime();
fp = stream_socket_client(`ssl://127.0.0.1:${p.port}`, errno, errstr, null, STREAM_CLIENT_CONNECT, ctx);
echo(result(fp, errno.value, errstr.value), ' after ', elapsed(t0), '\n');
peer_says(p);
ini_set('default_socket_timeout', '60');

echo('== ssl:// to a closed port\n');
const s = stream_socket_server('tcp://127.0.0.1:0') as Stream;
const port = Number((stream_socket_get_name(s, false) as string).slice(10));
fclose(s);
fp = stream_socket_client(`ssl://127.0.0.1:${port}`, errno, errstr, 1, STREAM_CLIENT_CONNECT, ctx);
echo(result(fp, errno.value, errstr.value), '\n');

echo('== ssl:// with STREAM_CLIENT_ASYNC_CONNECT\n');
const a = stream_socket_client(`ssl://127.0.0.1:${p.port}`, errno, errstr, 5, STREAM_CLIENT_CONNECT | STREAM_CLIENT_ASYNC_CONNECT, ctx) as Stream;
echo(result(a, errno.value, errstr.value), '\n');
const m = stream_get_meta_data(a);
echo('crypto key: ', m.crypto !== undefined ? 'yes' : 'no', ', blocked: ', var_export(m.blocked, true), '\n');
echo('select for write: ', stream_select(null, [a], null, 2), '\n');
stream_set_blocking(a, true);
echo('stream_socket_enable_crypto: ');
echo(var_export(stream_socket_enable_crypto(a, true, STREAM_CRYPTO_METHOD_TLS_CLIENT), true), '\n');
echo('crypto: ', stream_get_meta_data(a).crypto?.protocol ?? 'no', '\n');
fwrite(a, 'over TLS\n');
peer_says(p);
fclose(a);

echo("== the default CA store (no cafile, capath or openssl.cafile): OpenSSL's, SSL_CERT_FILE honoured\n");
for (const env of [false, true]) {
  process.env.SSL_CERT_FILE = env ? 'ca.pem' : 'nope.pem';
  echo('SSL_CERT_FILE=', process.env.SSL_CERT_FILE, '\n');
  fp = stream_socket_client(`ssl://localhost:${p.port}`, errno, errstr, 5);
  echo(result(fp, errno.value, errstr.value), '\n');
  if (fp) fclose(fp);
  peer_says(p);
}
