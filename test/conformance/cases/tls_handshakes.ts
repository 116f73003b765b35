// Port of tls_handshakes.php.
import { fileURLToPath } from 'node:url';
import {
  echo, fclose, fread, fwrite, openssl_x509_fingerprint, ref, socket_import_stream, stream_context_create,
  stream_get_meta_data, stream_select, stream_set_blocking, stream_socket_accept, stream_socket_client,
  stream_socket_enable_crypto, stream_socket_get_name, stream_socket_pair, stream_socket_server, var_dump,
  var_export, STREAM_CLIENT_CONNECT, STREAM_CRYPTO_METHOD_TLS_CLIENT, STREAM_CRYPTO_METHOD_TLS_SERVER, STREAM_PF_UNIX,
  STREAM_SERVER_BIND, STREAM_SERVER_LISTEN, STREAM_SOCK_STREAM, type Stream,
} from 'php-sockets';
import { readFileSync } from 'node:fs';

const pki = fileURLToPath(new URL('../../fixtures/tls/', import.meta.url));
function pair(serverSsl: Record<string, unknown>, clientSsl: Record<string, unknown>): [Stream, Stream] {
  const srv = stream_socket_server('tcp://127.0.0.1:0', ref(), ref(), STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    stream_context_create({ ssl: serverSsl })) as Stream;
  const name = stream_socket_get_name(srv, false) as string;
  const cl = stream_socket_client(`tcp://${name}`, ref(), ref(), 5, STREAM_CLIENT_CONNECT,
    stream_context_create({ ssl: clientSsl })) as Stream;
  const sv = stream_socket_accept(srv, 5) as Stream;
  fclose(srv);
  return [cl, sv];
}
const usleep = (us: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, us / 1000);
function handshake(label: string, serverSsl: Record<string, unknown>, clientSsl: Record<string, unknown>): [Stream, Stream] {
  echo(`== ${label}\n`);
  const [cl, sv] = pair(serverSsl, clientSsl);
  stream_set_blocking(cl, false);
  stream_set_blocking(sv, false);
  let c: boolean | number = 0;
  let s: boolean | number = 0;
  const log: string[] = [];
  for (let i = 0; i < 5000 && (c === 0 || s === 0); i++) {
    if (c === 0) { c = stream_socket_enable_crypto(cl, true, STREAM_CRYPTO_METHOD_TLS_CLIENT); if (c !== 0) log.push('client ' + var_export(c, true)); }
    if (s === 0) { s = stream_socket_enable_crypto(sv, true, STREAM_CRYPTO_METHOD_TLS_SERVER); if (s !== 0) log.push('server ' + var_export(s, true)); }
    if (c === 0 || s === 0) usleep(1000);
  }
  echo(log.join(', '), '\n');
  stream_set_blocking(cl, true);
  stream_set_blocking(sv, true);
  return [cl, sv];
}
const cert = (n: string) => ({ local_cert: pki + `${n}.pem`, local_pk: pki + `${n}.key` });
const ca = { cafile: pki + 'ca.pem' };

let [cl, sv] = handshake('server cert, client cafile', cert('server'), ca);
var_dump(stream_get_meta_data(cl));
fwrite(sv, 'x'.repeat(16000));
var_dump((fread(cl, 100) as string).length, (fread(cl, 8092) as string).length, stream_get_meta_data(cl).unread_bytes);
const r = [cl];
var_dump(stream_select(r, null, null, 5), stream_get_meta_data(cl).unread_bytes, (fread(cl, 7808) as string).length);
var_dump(stream_socket_enable_crypto(sv, false), stream_get_meta_data(sv).crypto !== undefined);
var_dump(socket_import_stream(cl));
fclose(cl); fclose(sv);

handshake('unknown CA', cert('server'), { cafile: pki + 'other-ca.pem' });
handshake('peer_name that does not match the SAN', cert('server'), { ...ca, peer_name: 'example.com' });
handshake('verify_peer_name false', cert('server'), { ...ca, peer_name: 'example.com', verify_peer_name: false });
handshake('verify_peer false still checks the name', cert('server'), { verify_peer: false, peer_name: 'example.com' });
handshake('no SAN: the CN', cert('cnonly'), ca);
handshake('no SAN: the CN, localhost', cert('cnonly'), { ...ca, peer_name: 'localhost' });
handshake('SAN and CN differ, peer_name = CN', cert('sanonly'), { ...ca, peer_name: 'cn.example.org' });
handshake('SAN and CN differ, peer_name = SAN', cert('sanonly'), { ...ca, peer_name: 'san.example.org' });
handshake('self-signed', cert('self'), ca);
handshake('self-signed, allow_self_signed', cert('self'), { ...ca, allow_self_signed: true });
handshake('1024-bit server key (the server at level 1)', { ...cert('weak'), security_level: 1 }, ca);
handshake('1024-bit server key, client security_level 1', { ...cert('weak'), security_level: 1 }, { ...ca, security_level: 1 });
handshake('peer_fingerprint wrong', cert('server'), { ...ca, peer_fingerprint: 'ab'.repeat(20) });
handshake('peer_fingerprint right', cert('server'), { ...ca, peer_fingerprint: { sha256: openssl_x509_fingerprint(readFileSync(pki + 'server.pem', 'latin1'), 'sha256') } });
handshake('server without a certificate', {}, ca);
handshake('server requires a client certificate', { ...cert('server'), ...ca, verify_peer: true }, ca);
handshake('client certificate', { ...cert('server'), ...ca, verify_peer: true }, { ...ca, ...cert('client') });

echo('== misuse\n');
[cl, sv] = pair({}, {});
try { stream_socket_enable_crypto(cl, true); } catch (e) { echo((e as Error).name, ': ', (e as Error).message, '\n'); }
var_dump(stream_socket_enable_crypto(cl, false));
const p = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0) as [Stream, Stream];
var_dump(stream_socket_enable_crypto(p[0], true, STREAM_CRYPTO_METHOD_TLS_CLIENT));
