<?php
// requires: openssl
// TLS clients against `openssl s_server -rev` (it answers each line reversed): the ports of the
// TLS reference's 01-client-ok.php (ssl://, tls://, tlsv1.x://, unknown transports, crypto meta
// data, fsockopen without a context, the default context), 02-verify.php (every verification
// failure and option, with PHP's warnings and $errno/$errstr) and 09-security-level.php (a 1024-bit
// key at the default security level 2); then ssl:// and tlsv1.2:// servers with `openssl s_client`
// as the client (04-server.php's s_client rows). The encrypted key without a passphrase is left
// out: PHP's OpenSSL prompts on the terminal there, the port fails at once (docs/differences.md).
// SSL_CERT_FILE and SSL_CERT_DIR are unset, so "the default store" is OpenSSL's own.
require __DIR__ . '/../tls/lib.php';
putenv('SSL_CERT_FILE');
putenv('SSL_CERT_DIR');
function show(string $label, $v): void
{
    echo "$label: ";
    var_dump($v);
}
function attempt(string $label, int $port, array $ssl, string $host = '127.0.0.1', string $t = 'ssl'): void
{
    echo "== $label\n";
    $ctx = stream_context_create(['ssl' => $ssl]);
    $fp = stream_socket_client("$t://$host:$port", $errno, $errstr, 5, STREAM_CLIENT_CONNECT, $ctx);
    echo $fp === false ? 'false' : get_resource_type($fp), " errno=$errno errstr=", json_encode($errstr), "\n";
    $o = stream_context_get_options($ctx)['ssl'] ?? [];
    if (isset($o['peer_certificate'])) {
        echo 'peer_certificate: ', get_class($o['peer_certificate']), ' server.pem: ',
            var_export(openssl_x509_fingerprint($o['peer_certificate'], 'sha256') === openssl_x509_fingerprint(file_get_contents('server.pem'), 'sha256'), true), "\n";
    }
    if (array_key_exists('peer_certificate_chain', $o)) {
        echo 'peer_certificate_chain: ', is_array($o['peer_certificate_chain']) ? count($o['peer_certificate_chain']) . ' certs' : var_export($o['peer_certificate_chain'], true), "\n";
    }
    if ($fp) {
        fwrite($fp, "hello\n");
        echo 'fgets: ', json_encode(fgets($fp)), "\n";
        fclose($fp);
    }
}

$srv = s_server(['-cert', 'server.pem', '-key', 'server.key', '-rev']);
$port = $srv['port'];
$ctx = stream_context_create(['ssl' => ['cafile' => 'ca.pem']]);

echo "== ssl:// with cafile\n";
$fp = stream_socket_client("ssl://127.0.0.1:$port", $errno, $errstr, 5, STREAM_CLIENT_CONNECT, $ctx);
show('stream', $fp);
show('errno', $errno);
show('errstr', $errstr);
show('meta', stream_get_meta_data($fp));
show('fwrite', fwrite($fp, "hello\n"));
show('fgets', fgets($fp));
show('feof', feof($fp));
show('options', stream_context_get_options($fp));
show('same context', stream_context_get_options($fp) === stream_context_get_options($ctx));
show('fclose', fclose($fp));

foreach (['tls', 'tlsv1.0', 'tlsv1.1', 'tlsv1.2', 'tlsv1.3', 'sslv3', 'sslv2'] as $t) {
    echo "== $t://\n";
    $fp = stream_socket_client("$t://127.0.0.1:$port", $errno, $errstr, 5, STREAM_CLIENT_CONNECT, $ctx);
    if ($fp === false) {
        show('errno', $errno);
        show('errstr', $errstr);
        continue;
    }
    $m = stream_get_meta_data($fp);
    echo 'protocol ', $m['crypto']['protocol'], ' cipher ', $m['crypto']['cipher_name'], "\n";
    fclose($fp);
}

echo "== crypto_method context option (TLSv1.2 only) on ssl://\n";
$ctx12 = stream_context_create(['ssl' => ['cafile' => 'ca.pem', 'crypto_method' => STREAM_CRYPTO_METHOD_TLSv1_2_CLIENT]]);
$fp = stream_socket_client("ssl://127.0.0.1:$port", $errno, $errstr, 5, STREAM_CLIENT_CONNECT, $ctx12);
echo stream_get_meta_data($fp)['crypto']['protocol'], "\n";
fclose($fp);

echo "== fsockopen ssl:// (no context: the default store)\n";
$fp = fsockopen('ssl://127.0.0.1', $port, $errno, $errstr, 5);
show('fsockopen', $fp);
show('errno', $errno);
show('errstr', $errstr);
show('openssl.cafile', ini_get('openssl.cafile'));
show('ini_set openssl.cafile', ini_set('openssl.cafile', 'ca.pem'));

$fpr = openssl_x509_fingerprint(file_get_contents('server.pem'), 'sha256');
$sha1 = openssl_x509_fingerprint(file_get_contents('server.pem'), 'sha1');
attempt('unknown CA (cafile = another CA)', $port, ['cafile' => 'other-ca.pem']);
attempt('unknown CA (the default store)', $port, []);
attempt('unknown CA, capture_peer_cert + chain (captured even on failure)', $port, ['cafile' => 'other-ca.pem', 'capture_peer_cert' => true, 'capture_peer_cert_chain' => true]);
attempt('wrong host name (peer_name example.com)', $port, ['cafile' => 'ca.pem', 'peer_name' => 'example.com']);
attempt('host name from the URL: localhost (SAN DNS)', $port, ['cafile' => 'ca.pem'], 'localhost');
attempt('verify_peer_name false with a wrong peer_name', $port, ['cafile' => 'ca.pem', 'peer_name' => 'example.com', 'verify_peer_name' => false]);
attempt('verify_peer false (unknown CA accepted; name still checked)', $port, ['verify_peer' => false]);
attempt('verify_peer false, wrong peer_name', $port, ['verify_peer' => false, 'peer_name' => 'example.com']);
attempt('verify_peer false + verify_peer_name false', $port, ['verify_peer' => false, 'verify_peer_name' => false, 'peer_name' => 'example.com']);
attempt('capture_peer_cert + capture_peer_cert_chain on success', $port, ['cafile' => 'ca.pem', 'capture_peer_cert' => true, 'capture_peer_cert_chain' => true]);
attempt('peer_fingerprint sha256 array, right', $port, ['verify_peer' => false, 'peer_fingerprint' => ['sha256' => $fpr]]);
attempt('peer_fingerprint sha1 string, right', $port, ['verify_peer' => false, 'peer_fingerprint' => $sha1]);
attempt('peer_fingerprint wrong', $port, ['verify_peer' => false, 'peer_fingerprint' => str_repeat('0', 40)]);
attempt('peer_fingerprint bad type', $port, ['verify_peer' => false, 'peer_fingerprint' => 5]);
attempt('peer_fingerprint empty array', $port, ['verify_peer' => false, 'peer_fingerprint' => []]);
attempt('peer_fingerprint array with an unknown algorithm', $port, ['verify_peer' => false, 'peer_fingerprint' => ['nope' => $fpr]]);
attempt('cafile that does not exist', $port, ['cafile' => 'nope.pem']);
attempt('capath (a folder without hashed links)', $port, ['capath' => '.']);
attempt('verify_depth 0', $port, ['cafile' => 'ca.pem', 'verify_depth' => 0]);
attempt('security_level 7 (out of range)', $port, ['cafile' => 'ca.pem', 'security_level' => 7]);
attempt('ciphers that match nothing', $port, ['cafile' => 'ca.pem', 'ciphers' => 'NOPE']);
attempt('ciphers AES128-SHA on tlsv1.2', $port, ['cafile' => 'ca.pem', 'ciphers' => 'AES128-SHA'], '127.0.0.1', 'tlsv1.2');
attempt('SNI_enabled false, disable_compression false', $port, ['cafile' => 'ca.pem', 'SNI_enabled' => false, 'disable_compression' => false]);
attempt('crypto_method TLSv1.3 only via ssl://', $port, ['cafile' => 'ca.pem', 'crypto_method' => STREAM_CRYPTO_METHOD_TLSv1_3_CLIENT]);
attempt('local_cert that does not exist', $port, ['cafile' => 'ca.pem', 'local_cert' => 'nope.pem']);
attempt('local_pk that does not match', $port, ['cafile' => 'ca.pem', 'local_cert' => 'client.pem', 'local_pk' => 'server.key']);
attempt('encrypted local_pk, wrong passphrase', $port, ['cafile' => 'ca.pem', 'local_cert' => 'server.pem', 'local_pk' => 'enc.key', 'passphrase' => 'wrong']);
attempt('encrypted local_pk, right passphrase', $port, ['cafile' => 'ca.pem', 'local_cert' => 'server.pem', 'local_pk' => 'enc.key', 'passphrase' => 'secret']);

echo "== the default context with a cafile: stream_socket_client uses it, fsockopen does not\n";
stream_context_set_default(['ssl' => ['cafile' => 'ca.pem']]);
$fp = stream_socket_client("tls://localhost:$port", $errno, $errstr, 5);
show('stream_socket_client', $fp);
fwrite($fp, "abc\n");
show('fgets', fgets($fp));
show('options of the stream', stream_context_get_options($fp));
fclose($fp);
show('fsockopen', fsockopen('tls://localhost', $port, $errno, $errstr, 5));
stop($srv);

$ca = ['cafile' => 'ca.pem'];
echo "== a server with a CN-only certificate (no SAN)\n";
$srv = s_server(['-cert', 'cnonly.pem', '-key', 'cnonly.key', '-rev']);
attempt('CN-only cert, 127.0.0.1', $srv['port'], $ca);
attempt('CN-only cert, localhost', $srv['port'], $ca, 'localhost');
stop($srv);

echo "== a certificate whose CN and SAN differ (CN=cn.example.org, SAN DNS:san.example.org)\n";
$srv = s_server(['-cert', 'sanonly.pem', '-key', 'sanonly.key', '-rev']);
attempt('peer_name = the CN only', $srv['port'], $ca + ['peer_name' => 'cn.example.org']);
attempt('peer_name = the SAN', $srv['port'], $ca + ['peer_name' => 'san.example.org']);
stop($srv);

echo "== a self-signed server certificate\n";
$srv = s_server(['-cert', 'self.pem', '-key', 'self.key', '-rev']);
attempt('self-signed, the default store', $srv['port'], []);
attempt('self-signed, allow_self_signed', $srv['port'], ['allow_self_signed' => true]);
attempt('self-signed as its own cafile', $srv['port'], ['cafile' => 'self.pem']);
stop($srv);

echo "== a server that asks for a client certificate (-Verify 1)\n";
$srv = s_server(['-cert', 'server.pem', '-key', 'server.key', '-rev', '-Verify', '1', '-CAfile', 'ca.pem']);
attempt('no client cert', $srv['port'], $ca);
attempt('client cert', $srv['port'], $ca + ['local_cert' => 'client.pem', 'local_pk' => 'client.key']);
stop($srv);

echo "== a 1024-bit server key (the server allows it: -cipher DEFAULT:@SECLEVEL=0)\n";
$srv = s_server(['-cert', 'weak.pem', '-key', 'weak.key', '-rev', '-cipher', 'DEFAULT:@SECLEVEL=0']);
attempt('security_level (default: 2)', $srv['port'], $ca);
attempt('security_level 1', $srv['port'], $ca + ['security_level' => 1]);
stop($srv);

echo "== this side as the server: ssl:// and tlsv1.2:// servers, openssl s_client clients\n";
foreach ([['ssl', []], ['tlsv1.2', ['-tls1_3']]] as [$t, $extra]) {
    echo "== $t:// server, s_client ", implode(' ', $extra), "\n";
    $srv = stream_socket_server("$t://127.0.0.1:0", $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
        stream_context_create(['ssl' => ['local_cert' => 'server.pem', 'local_pk' => 'server.key']]));
    $port = substr(stream_socket_get_name($srv, false), 10);
    $cl = s_client(array_merge(['-connect', "127.0.0.1:$port", '-CAfile', 'ca.pem', '-verify_return_error', '-ign_eof', '-brief'], $extra), "hello\n");
    $c = stream_socket_accept($srv, 10);
    echo 'accept: ', $c === false ? 'false' : get_resource_type($c), "\n";
    if ($c) {
        echo 'crypto: ', json_encode(stream_get_meta_data($c)['crypto'] ?? null), "\n";
        stream_set_timeout($c, 3);
        echo 'fgets: ', json_encode(fgets($c)), "\n";
        echo 'fwrite: ', var_export(fwrite($c, "hi from php\n"), true), "\n";
        fclose($c);
    }
    peer_ended($cl);
    foreach (explode("\n", rtrim(stop($cl))) as $l) {
        // OpenSSL's own error lines carry a thread id and a source line
        if ($l !== '' && !preg_match('/^(depth=|verify return|[0-9A-F]{12,}:error:)/', $l)) echo "  | $l\n";
    }
    fclose($srv);
}
