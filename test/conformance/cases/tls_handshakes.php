<?php
// TLS handshakes both ends in one process (STARTTLS on tcp streams, both nonblocking, stepped in
// turn): the peer verification policy (CA, host names with and without SAN, self-signed,
// fingerprints, the 1024-bit key at security level 2), the crypto meta data, reads and select on
// a TLS stream, disabling, and stream_socket_enable_crypto's misuse texts.
$pki = realpath(__DIR__ . '/../../fixtures/tls') . '/';
function pair(array $serverSsl, array $clientSsl): array
{
    $srv = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
        stream_context_create(['ssl' => $serverSsl]));
    $name = stream_socket_get_name($srv, false);
    $cl = stream_socket_client("tcp://$name", $errno, $errstr, 5, STREAM_CLIENT_CONNECT,
        stream_context_create(['ssl' => $clientSsl]));
    $sv = stream_socket_accept($srv, 5);
    fclose($srv);
    return [$cl, $sv];
}
function handshake(string $label, array $serverSsl, array $clientSsl): array
{
    echo "== $label\n";
    [$cl, $sv] = pair($serverSsl, $clientSsl);
    stream_set_blocking($cl, false);
    stream_set_blocking($sv, false);
    $c = $s = 0;
    $log = [];
    for ($i = 0; $i < 5000 && ($c === 0 || $s === 0); $i++) {
        if ($c === 0) { $c = stream_socket_enable_crypto($cl, true, STREAM_CRYPTO_METHOD_TLS_CLIENT); if ($c !== 0) $log[] = 'client ' . var_export($c, true); }
        if ($s === 0) { $s = stream_socket_enable_crypto($sv, true, STREAM_CRYPTO_METHOD_TLS_SERVER); if ($s !== 0) $log[] = 'server ' . var_export($s, true); }
        if ($c === 0 || $s === 0) usleep(1000);
    }
    echo implode(', ', $log), "\n";
    stream_set_blocking($cl, true);
    stream_set_blocking($sv, true);
    return [$cl, $sv];
}
$cert = fn(string $n) => ['local_cert' => $pki . "$n.pem", 'local_pk' => $pki . "$n.key"];
$ca = ['cafile' => $pki . 'ca.pem'];

[$cl, $sv] = handshake('server cert, client cafile', $cert('server'), $ca);
var_dump(stream_get_meta_data($cl));
fwrite($sv, str_repeat('x', 16000));
var_dump(strlen(fread($cl, 100)), strlen(fread($cl, 8092)), stream_get_meta_data($cl)['unread_bytes']);
$r = [$cl]; $w = $e = null;
var_dump(stream_select($r, $w, $e, 5), stream_get_meta_data($cl)['unread_bytes'], strlen(fread($cl, 7808)));
var_dump(stream_socket_enable_crypto($sv, false), isset(stream_get_meta_data($sv)['crypto']));
var_dump(socket_import_stream($cl));
fclose($cl); fclose($sv);

handshake('unknown CA', $cert('server'), ['cafile' => $pki . 'other-ca.pem']);
handshake('peer_name that does not match the SAN', $cert('server'), $ca + ['peer_name' => 'example.com']);
handshake('verify_peer_name false', $cert('server'), $ca + ['peer_name' => 'example.com', 'verify_peer_name' => false]);
handshake('verify_peer false still checks the name', $cert('server'), ['verify_peer' => false, 'peer_name' => 'example.com']);
handshake('no SAN: the CN', $cert('cnonly'), $ca);
handshake('no SAN: the CN, localhost', $cert('cnonly'), $ca + ['peer_name' => 'localhost']);
handshake('SAN and CN differ, peer_name = CN', $cert('sanonly'), $ca + ['peer_name' => 'cn.example.org']);
handshake('SAN and CN differ, peer_name = SAN', $cert('sanonly'), $ca + ['peer_name' => 'san.example.org']);
handshake('self-signed', $cert('self'), $ca);
handshake('self-signed, allow_self_signed', $cert('self'), $ca + ['allow_self_signed' => true]);
handshake('1024-bit server key (the server at level 1)', $cert('weak') + ['security_level' => 1], $ca);
handshake('1024-bit server key, client security_level 1', $cert('weak') + ['security_level' => 1], $ca + ['security_level' => 1]);
handshake('peer_fingerprint wrong', $cert('server'), $ca + ['peer_fingerprint' => str_repeat('ab', 20)]);
handshake('peer_fingerprint right', $cert('server'), $ca + ['peer_fingerprint' => ['sha256' => openssl_x509_fingerprint(file_get_contents($pki . 'server.pem'), 'sha256')]]);
handshake('server without a certificate', [], $ca);
handshake('server requires a client certificate', $cert('server') + $ca + ['verify_peer' => true], $ca);
handshake('client certificate', $cert('server') + $ca + ['verify_peer' => true], $ca + $cert('client'));

echo "== misuse\n";
[$cl, $sv] = pair([], []);
try { stream_socket_enable_crypto($cl, true); } catch (Throwable $e) { echo get_class($e), ': ', $e->getMessage(), "\n"; }
var_dump(stream_socket_enable_crypto($cl, false));
$pair = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
var_dump(stream_socket_enable_crypto($pair[0], true, STREAM_CRYPTO_METHOD_TLS_CLIENT));
