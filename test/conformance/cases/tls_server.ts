// Port of tls_server.php (its clients: tls/peer.ts).
import {
  echo, fclose, fgets, fwrite, get_resource_type, ini_set, openssl_x509_fingerprint, stream_context_create,
  stream_context_get_options, stream_get_meta_data, stream_set_timeout, stream_socket_accept, stream_socket_get_name,
  stream_socket_server, var_dump, var_export, OpenSSLCertificate, STREAM_CRYPTO_METHOD_TLS_SERVER,
  STREAM_CRYPTO_METHOD_TLSv1_3_CLIENT, STREAM_SERVER_BIND, STREAM_SERVER_LISTEN, type Stream,
} from 'php-sockets';
import { readFileSync } from 'node:fs';
import { elapsed, microtime, peer, peer_says, peer_started, type Peer } from '../tls/lib.js';

const json_encode = (v: unknown): string => JSON.stringify(v);
function server(ssl: Record<string, unknown>, t = 'ssl'): [Stream, string] {
  const srv = stream_socket_server(`${t}://127.0.0.1:0`, null, null, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, stream_context_create({ ssl })) as Stream;
  const name = stream_socket_get_name(srv, false) as string;
  return [srv, name.slice(name.lastIndexOf(':') + 1)];
}
// timed: a silent client, which says it connected before the handshake: the time accept takes
function serve(srv: Stream, client: Peer, timed = false): void {
  if (timed) peer_started(client);
  const t0 = microtime();
  const c = stream_socket_accept(srv, 10);
  echo('accept: ', c === false ? 'false' : get_resource_type(c), timed ? ' after ' + elapsed(t0) : '', '\n');
  if (c) {
    echo('crypto: ', json_encode(stream_get_meta_data(c).crypto ?? null), '\n');
    stream_set_timeout(c, 3);
    echo('fgets: ', json_encode(fgets(c)), '\n');
    echo('fwrite: ', var_export(fwrite(c, 'hi from php\n'), true), '\n');
    const o = (stream_context_get_options(c).ssl ?? {}) as Record<string, unknown>;
    const cert = o.peer_certificate;
    if (cert instanceof OpenSSLCertificate) {
      echo('peer_certificate: ', cert.constructor.name, ', client.pem: ',
        var_export(openssl_x509_fingerprint(cert, 'sha256') === openssl_x509_fingerprint(readFileSync('client.pem', 'latin1'), 'sha256'), true), '\n');
    }
    fclose(c);
  }
  peer_says(client);
}
const cert = { local_cert: 'server.pem', local_pk: 'server.key' };

echo('== ssl:// server, an ssl:// client\n');
let [srv, port] = server(cert);
var_dump(stream_get_meta_data(srv));
serve(srv, peer('client-tls', [port]));

echo('== local_cert holding the key too (no local_pk)\n');
[srv, port] = server({ local_cert: 'bundle.pem' });
serve(srv, peer('client-tls', [port]));

echo('== ssl:// server without local_cert\n');
[srv, port] = server({});
serve(srv, peer('client-tls', [port]));

echo('== plain TCP client to an ssl:// server\n');
[srv, port] = server(cert);
serve(srv, peer('client-tcp', [port]));

echo("== silent client; default_socket_timeout 2 (the accepted stream's handshake timeout)\n");
ini_set('default_socket_timeout', '2');
[srv, port] = server(cert);
serve(srv, peer('client-silent', [port]), true);

echo('== silent client; stream_set_timeout(server, 1) (copied to the accepted stream)\n');
ini_set('default_socket_timeout', '60');
[srv, port] = server(cert);
stream_set_timeout(srv, 1);
serve(srv, peer('client-silent', [port]), true);

echo('== server verify_peer + cafile, client without a certificate\n');
[srv, port] = server({ ...cert, verify_peer: true, cafile: 'ca.pem' });
serve(srv, peer('client-tls', [port, json_encode({ cafile: 'ca.pem' }), 'late']));

echo('== server verify_peer + cafile + capture_peer_cert, client with a certificate\n');
[srv, port] = server({ ...cert, verify_peer: true, cafile: 'ca.pem', capture_peer_cert: true });
serve(srv, peer('client-tls', [port, json_encode({ cafile: 'ca.pem', local_cert: 'client.pem', local_pk: 'client.key' })]));

echo('== tlsv1.2:// server, a TLS 1.3-only client\n');
[srv, port] = server(cert, 'tlsv1.2');
serve(srv, peer('client-tls', [port, json_encode({ cafile: 'ca.pem', crypto_method: STREAM_CRYPTO_METHOD_TLSv1_3_CLIENT })]));

echo('== tlsv1.2:// server, an ssl:// client\n');
[srv, port] = server(cert, 'tlsv1.2');
serve(srv, peer('client-tls', [port]));

echo('== tcp:// server: the crypto_method context option has no effect on accept\n');
[srv, port] = server({ ...cert, crypto_method: STREAM_CRYPTO_METHOD_TLS_SERVER }, 'tcp');
serve(srv, peer('client-tcp', [port]));
