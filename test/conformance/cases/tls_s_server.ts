// Port of tls_s_server.php (the same `openssl s_server` peers).
import {
  echo, fclose, feof, fgets, fsockopen, fwrite, get_resource_type, ini_get, ini_set, openssl_x509_fingerprint, ref,
  stream_context_create, stream_context_get_options, stream_context_set_default, stream_get_meta_data,
  stream_set_timeout, stream_socket_accept, stream_socket_client, stream_socket_get_name, stream_socket_server,
  var_dump, var_export, OpenSSLCertificate, STREAM_CLIENT_CONNECT, STREAM_SERVER_BIND, STREAM_SERVER_LISTEN,
  STREAM_CRYPTO_METHOD_TLSv1_2_CLIENT, STREAM_CRYPTO_METHOD_TLSv1_3_CLIENT, type Stream,
} from 'php-sockets';
import { readFileSync } from 'node:fs';
import { peer_ended, s_client, s_server, stop } from '../tls/lib.js';

delete process.env.SSL_CERT_FILE;
delete process.env.SSL_CERT_DIR;
const json_encode = (v: unknown): string => JSON.stringify(v);
function show(label: string, v: unknown): void {
  echo(`${label}: `);
  var_dump(v);
}
const errno = ref<number>(0);
const errstr = ref<string>('');
const fingerprint = (file: string, algo: string) => openssl_x509_fingerprint(readFileSync(file, 'latin1'), algo);
function attempt(label: string, port: number, ssl: Record<string, unknown>, host = '127.0.0.1', t = 'ssl'): void {
  echo(`== ${label}\n`);
  const ctx = stream_context_create({ ssl });
  const fp = stream_socket_client(`${t}://${host}:${port}`, errno, errstr, 5, STREAM_CLIENT_CONNECT, ctx);
  echo(fp === false ? 'false' : get_resource_type(fp), ` errno=${errno.value} errstr=`, json_encode(errstr.value), '\n');
  const o = (stream_context_get_options(ctx).ssl ?? {}) as Record<string, unknown>;
  const cert = o.peer_certificate;
  if (cert instanceof OpenSSLCertificate) {
    echo('peer_certificate: ', cert.constructor.name, ' server.pem: ',
      var_export(openssl_x509_fingerprint(cert, 'sha256') === fingerprint('server.pem', 'sha256'), true), '\n');
  }
  if ('peer_certificate_chain' in o) {
    const chain = o.peer_certificate_chain;
    echo('peer_certificate_chain: ', Array.isArray(chain) ? `${chain.length} certs` : var_export(chain, true), '\n');
  }
  if (fp) {
    fwrite(fp, 'hello\n');
    echo('fgets: ');
    echo(json_encode(fgets(fp)), '\n');
    fclose(fp);
  }
}

let srv = s_server(['-cert', 'server.pem', '-key', 'server.key', '-rev']);
const port = srv.port;
const ctx = stream_context_create({ ssl: { cafile: 'ca.pem' } });

echo('== ssl:// with cafile\n');
let fp = stream_socket_client(`ssl://127.0.0.1:${port}`, errno, errstr, 5, STREAM_CLIENT_CONNECT, ctx) as Stream;
show('stream', fp);
show('errno', errno.value);
show('errstr', errstr.value);
show('meta', stream_get_meta_data(fp));
show('fwrite', fwrite(fp, 'hello\n'));
show('fgets', fgets(fp));
show('feof', feof(fp));
show('options', stream_context_get_options(fp));
show('same context', JSON.stringify(stream_context_get_options(fp)) === JSON.stringify(stream_context_get_options(ctx)));
show('fclose', fclose(fp));

for (const t of ['tls', 'tlsv1.0', 'tlsv1.1', 'tlsv1.2', 'tlsv1.3', 'sslv3', 'sslv2']) {
  echo(`== ${t}://\n`);
  const f = stream_socket_client(`${t}://127.0.0.1:${port}`, errno, errstr, 5, STREAM_CLIENT_CONNECT, ctx);
  if (f === false) {
    show('errno', errno.value);
    show('errstr', errstr.value);
    continue;
  }
  const m = stream_get_meta_data(f);
  echo('protocol ', m.crypto!.protocol, ' cipher ', m.crypto!.cipher_name, '\n');
  fclose(f);
}

echo('== crypto_method context option (TLSv1.2 only) on ssl://\n');
const ctx12 = stream_context_create({ ssl: { cafile: 'ca.pem', crypto_method: STREAM_CRYPTO_METHOD_TLSv1_2_CLIENT } });
fp = stream_socket_client(`ssl://127.0.0.1:${port}`, errno, errstr, 5, STREAM_CLIENT_CONNECT, ctx12) as Stream;
echo(stream_get_meta_data(fp).crypto!.protocol, '\n');
fclose(fp);

echo('== fsockopen ssl:// (no context: the default store)\n');
show('fsockopen', fsockopen('ssl://127.0.0.1', port, errno, errstr, 5));
show('errno', errno.value);
show('errstr', errstr.value);
show('openssl.cafile', ini_get('openssl.cafile'));
show('ini_set openssl.cafile', ini_set('openssl.cafile', 'ca.pem'));

const fpr = fingerprint('server.pem', 'sha256');
const sha1 = fingerprint('server.pem', 'sha1');
attempt('unknown CA (cafile = another CA)', port, { cafile: 'other-ca.pem' });
attempt('unknown CA (the default store)', port, {});
attempt('unknown CA, capture_peer_cert + chain (captured even on failure)', port, { cafile: 'other-ca.pem', capture_peer_cert: true, capture_peer_cert_chain: true });
attempt('wrong host name (peer_name example.com)', port, { cafile: 'ca.pem', peer_name: 'example.com' });
attempt('host name from the URL: localhost (SAN DNS)', port, { cafile: 'ca.pem' }, 'localhost');
attempt('verify_peer_name false with a wrong peer_name', port, { cafile: 'ca.pem', peer_name: 'example.com', verify_peer_name: false });
attempt('verify_peer false (unknown CA accepted; name still checked)', port, { verify_peer: false });
attempt('verify_peer false, wrong peer_name', port, { verify_peer: false, peer_name: 'example.com' });
attempt('verify_peer false + verify_peer_name false', port, { verify_peer: false, verify_peer_name: false, peer_name: 'example.com' });
attempt('capture_peer_cert + capture_peer_cert_chain on success', port, { cafile: 'ca.pem', capture_peer_cert: true, capture_peer_cert_chain: true });
attempt('peer_fingerprint sha256 array, right', port, { verify_peer: false, peer_fingerprint: { sha256: fpr } });
attempt('peer_fingerprint sha1 string, right', port, { verify_peer: false, peer_fingerprint: sha1 });
attempt('peer_fingerprint wrong', port, { verify_peer: false, peer_fingerprint: '0'.repeat(40) });
attempt('peer_fingerprint bad type', port, { verify_peer: false, peer_fingerprint: 5 });
attempt('peer_fingerprint empty array', port, { verify_peer: false, peer_fingerprint: [] });
attempt('peer_fingerprint array with an unknown algorithm', port, { verify_peer: false, peer_fingerprint: { nope: fpr } });
attempt('cafile that does not exist', port, { cafile: 'nope.pem' });
attempt('capath (a folder without hashed links)', port, { capath: '.' });
attempt('verify_depth 0', port, { cafile: 'ca.pem', verify_depth: 0 });
attempt('security_level 7 (out of range)', port, { cafile: 'ca.pem', security_level: 7 });
attempt('ciphers that match nothing', port, { cafile: 'ca.pem', ciphers: 'NOPE' });
attempt('ciphers AES128-SHA on tlsv1.2', port, { cafile: 'ca.pem', ciphers: 'AES128-SHA' }, '127.0.0.1', 'tlsv1.2');
attempt('SNI_enabled false, disable_compression false', port, { cafile: 'ca.pem', SNI_enabled: false, disable_compression: false });
attempt('crypto_method TLSv1.3 only via ssl://', port, { cafile: 'ca.pem', crypto_method: STREAM_CRYPTO_METHOD_TLSv1_3_CLIENT });
attempt('local_cert that does not exist', port, { cafile: 'ca.pem', local_cert: 'nope.pem' });
attempt('local_pk that does not match', port, { cafile: 'ca.pem', local_cert: 'client.pem', local_pk: 'server.key' });
attempt('encrypted local_pk, wrong passphrase', port, { cafile: 'ca.pem', local_cert: 'server.pem', local_pk: 'enc.key', passphrase: 'wrong' });
attempt('encrypted local_pk, right passphrase', port, { cafile: 'ca.pem', local_cert: 'server.pem', local_pk: 'enc.key', passphrase: 'secret' });

echo('== the default context with a cafile: stream_socket_client uses it, fsockopen does not\n');
stream_context_set_default({ ssl: { cafile: 'ca.pem' } });
fp = stream_socket_client(`tls://localhost:${port}`, errno, errstr, 5) as Stream;
show('stream_socket_client', fp);
fwrite(fp, 'abc\n');
show('fgets', fgets(fp));
show('options of the stream', stream_context_get_options(fp));
fclose(fp);
show('fsockopen', fsockopen('tls://localhost', port, errno, errstr, 5));
stop(srv);

const ca = { cafile: 'ca.pem' };
echo('== a server with a CN-only certificate (no SAN)\n');
srv = s_server(['-cert', 'cnonly.pem', '-key', 'cnonly.key', '-rev']);
attempt('CN-only cert, 127.0.0.1', srv.port, ca);
attempt('CN-only cert, localhost', srv.port, ca, 'localhost');
stop(srv);

echo('== a certificate whose CN and SAN differ (CN=cn.example.org, SAN DNS:san.example.org)\n');
srv = s_server(['-cert', 'sanonly.pem', '-key', 'sanonly.key', '-rev']);
attempt('peer_name = the CN only', srv.port, { ...ca, peer_name: 'cn.example.org' });
attempt('peer_name = the SAN', srv.port, { ...ca, peer_name: 'san.example.org' });
stop(srv);

echo('== a self-signed server certificate\n');
srv = s_server(['-cert', 'self.pem', '-key', 'self.key', '-rev']);
attempt('self-signed, the default store', srv.port, {});
attempt('self-signed, allow_self_signed', srv.port, { allow_self_signed: true });
attempt('self-signed as its own cafile', srv.port, { cafile: 'self.pem' });
stop(srv);

echo('== a server that asks for a client certificate (-Verify 1)\n');
srv = s_server(['-cert', 'server.pem', '-key', 'server.key', '-rev', '-Verify', '1', '-CAfile', 'ca.pem']);
attempt('no client cert', srv.port, ca);
attempt('client cert', srv.port, { ...ca, local_cert: 'client.pem', local_pk: 'client.key' });
stop(srv);

echo('== a 1024-bit server key (the server allows it: -cipher DEFAULT:@SECLEVEL=0)\n');
srv = s_server(['-cert', 'weak.pem', '-key', 'weak.key', '-rev', '-cipher', 'DEFAULT:@SECLEVEL=0']);
attempt('security_level (default: 2)', srv.port, ca);
attempt('security_level 1', srv.port, { ...ca, security_level: 1 });
stop(srv);

echo('== this side as the server: ssl:// and tlsv1.2:// servers, openssl s_client clients\n');
for (const [t, extra] of [['ssl', []], ['tlsv1.2', ['-tls1_3']]] as [string, string[]][]) {
  echo(`== ${t}:// server, s_client `, extra.join(' '), '\n');
  const server = stream_socket_server(`${t}://127.0.0.1:0`, null, null, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    stream_context_create({ ssl: { local_cert: 'server.pem', local_pk: 'server.key' } })) as Stream;
  const sport = (stream_socket_get_name(server, false) as string).slice(10);
  const cl = s_client(['-connect', `127.0.0.1:${sport}`, '-CAfile', 'ca.pem', '-verify_return_error', '-ign_eof', '-brief', ...extra], 'hello\n');
  const c = stream_socket_accept(server, 10);
  echo('accept: ', c === false ? 'false' : get_resource_type(c), '\n');
  if (c) {
    echo('crypto: ', json_encode(stream_get_meta_data(c).crypto ?? null), '\n');
    stream_set_timeout(c, 3);
    echo('fgets: ', json_encode(fgets(c)), '\n');
    echo('fwrite: ', var_export(fwrite(c, 'hi from php\n'), true), '\n');
    fclose(c);
  }
  peer_ended(cl);
  for (const l of stop(cl).trimEnd().split('\n')) {
    // OpenSSL's own error lines carry a thread id and a source line
    if (l !== '' && !/^(depth=|verify return|[0-9A-F]{12,}:error:)/.test(l)) echo(`  | ${l}\n`);
  }
  fclose(server);
}
