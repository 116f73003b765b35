// Port of tls_starttls.php (its client process: tls/peer.ts).
import {
  echo, fclose, fgets, fread, fwrite, ref, stream_context_create, stream_context_set_option, stream_get_meta_data,
  stream_select, stream_set_blocking, stream_set_timeout, stream_socket_accept, stream_socket_client,
  stream_socket_enable_crypto, stream_socket_get_name, stream_socket_pair, stream_socket_server, var_dump, var_export,
  STREAM_CLIENT_CONNECT, STREAM_CRYPTO_METHOD_TLS_CLIENT, STREAM_CRYPTO_METHOD_TLS_SERVER, STREAM_PF_UNIX,
  STREAM_SERVER_BIND, STREAM_SERVER_LISTEN, STREAM_SOCK_STREAM, type Stream,
} from 'php-sockets';
import { unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { peer, peer_says, usleep } from '../tls/lib.js';

const json_encode = (v: unknown): string => JSON.stringify(v).replace(/\//g, '\\/');
function show(label: string, v: unknown): void {
  echo(`${label}: `);
  var_dump(v);
}

echo('== two processes\n');
let srv = stream_socket_server('tcp://127.0.0.1:0', ref(), ref()) as Stream;
// the listening stream's context (the default one until set) is shared with accepted streams
stream_context_set_option(srv, 'ssl', 'local_cert', 'server.pem');
show('set local_pk via the stream', stream_context_set_option(srv, 'ssl', 'local_pk', 'server.key'));
let port = Number((stream_socket_get_name(srv, false) as string).slice(10));
const client = peer('starttls-client', [String(port)]);
const c = stream_socket_accept(srv, 10) as Stream;
stream_set_timeout(c, 5);
echo('server: got ', json_encode(fgets(c)), '\n');
fwrite(c, '220 go ahead\n');
echo('server: stream_socket_enable_crypto ', var_export(stream_socket_enable_crypto(c, true, STREAM_CRYPTO_METHOD_TLS_SERVER), true), '\n');
echo('server: crypto ', json_encode(stream_get_meta_data(c).crypto ?? null), '\n');
echo('server: tls got ', json_encode(fgets(c)), '\n');
fwrite(c, '250 ok\n');
echo('server: enable_crypto(false) ', var_export(stream_socket_enable_crypto(c, false), true), '\n');
fwrite(c, 'plain again\n');
peer_says(client);
fclose(c);
fclose(srv);

echo('== one process, both ends nonblocking\n');
srv = stream_socket_server('tcp://127.0.0.1:0', ref(), ref(), STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
  stream_context_create({ ssl: { local_cert: 'server.pem', local_pk: 'server.key' } })) as Stream;
port = Number((stream_socket_get_name(srv, false) as string).slice(10));
let cl = stream_socket_client(`tcp://127.0.0.1:${port}`, ref(), ref(), 5, STREAM_CLIENT_CONNECT,
  stream_context_create({ ssl: { cafile: 'ca.pem' } })) as Stream;
let sv = stream_socket_accept(srv, 5) as Stream;
stream_set_blocking(cl, false);
stream_set_blocking(sv, false);
// each end's results in turn, a repeated 0 (still in progress) shown once
const log: Record<string, string[]> = { client: [], server: [] };
const done: Record<string, boolean> = { client: false, server: false };
const ends: [string, Stream, number][] = [['client', cl, STREAM_CRYPTO_METHOD_TLS_CLIENT], ['server', sv, STREAM_CRYPTO_METHOD_TLS_SERVER]];
for (let i = 0; i < 2000 && !(done.client && done.server); i++) {
  for (const [end, s, method] of ends) {
    if (done[end]) continue;
    const r = var_export(stream_socket_enable_crypto(s, true, method), true);
    if (log[end]!.at(-1) !== r) log[end]!.push(r);
    done[end] = r !== '0';
  }
  if (!(done.client && done.server)) usleep(1000);
}
echo('client: ', log.client!.join(' then '), '; server: ', log.server!.join(' then '), '\n');
echo('client meta: ', json_encode(stream_get_meta_data(cl)), '\n');
echo('nonblocking read with nothing: ', json_encode(fread(cl, 100)), '\n');
fwrite(sv, 'x');
echo('select: ', stream_select([cl], null, null, 1), '\n');
echo('read: ', json_encode(fread(cl, 100)), '\n');
echo('enable again on an active nonblocking stream: ', var_export(stream_socket_enable_crypto(cl, true, STREAM_CRYPTO_METHOD_TLS_CLIENT), true), '\n');
stream_set_blocking(cl, true);
echo('enable again on an active blocking stream: ');
echo(var_export(stream_socket_enable_crypto(cl, true, STREAM_CRYPTO_METHOD_TLS_CLIENT), true), '\n');
fclose(cl);
fclose(sv);

echo('== misuse\n');
cl = stream_socket_client(`tcp://127.0.0.1:${port}`) as Stream;
sv = stream_socket_accept(srv, 5) as Stream;
try {
  stream_socket_enable_crypto(cl, true);
} catch (e) {
  echo((e as Error).name, ': ', (e as Error).message, '\n');
}
show('disable a stream never enabled', stream_socket_enable_crypto(cl, false));
stream_set_blocking(cl, false);
show('enable with method 0 (server end not talking)', stream_socket_enable_crypto(cl, true, 0));
fclose(cl);
fclose(sv);
const u = stream_socket_server('udp://127.0.0.1:0', ref(), ref(), STREAM_SERVER_BIND) as Stream;
show('udp stream', stream_socket_enable_crypto(u, true, STREAM_CRYPTO_METHOD_TLS_CLIENT));
const pair = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0) as [Stream, Stream];
show('socket pair', stream_socket_enable_crypto(pair[0], true, STREAM_CRYPTO_METHOD_TLS_CLIENT));
const path = tmpdir() + '/starttls.sock';
const us = stream_socket_server(`unix://${path}`) as Stream;
const uc = stream_socket_client(`unix://${path}`) as Stream;
show('unix stream', stream_socket_enable_crypto(uc, true, STREAM_CRYPTO_METHOD_TLS_CLIENT));
fclose(uc);
fclose(us);
unlinkSync(path);
show('listening stream with a non-TLS session stream', stream_socket_enable_crypto(srv, true, STREAM_CRYPTO_METHOD_TLS_CLIENT, u));
