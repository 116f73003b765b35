<?php
// ssl:// clients against peers that do not speak TLS (port of the TLS reference's 03-failures.php):
// a plain-text server, one that closes at once (after reading the ClientHello: a FIN; without: a
// RST), one that never answers (the handshake timeout is the connect timeout: $timeout, or
// default_socket_timeout), a closed port, and STREAM_CLIENT_ASYNC_CONNECT; then the default CA
// store and SSL_CERT_FILE (08-default-store.php). The peer runs in another process (tls/peer.php;
// the port's is this package's). Timings are shown in whole seconds.
require __DIR__ . '/../tls/lib.php';
$ctx = stream_context_create(['ssl' => ['cafile' => 'ca.pem']]);
// one connection each: plain, closer, resetter, three silent ones, async connect, default store x2
$peer = peer('server', [
    'w:HTTP/1.0 200 OK\r\n\r\nhello\n', 'discard', '--', 'fread', '--', 'sleep:300', '--',
    'discard', '--', 'discard', '--', 'discard', '--', 'tls', 'read', '--', 'tls', '--', 'tls',
]);
function result($fp, int $errno, string $errstr): string
{
    return ($fp === false ? 'false' : get_resource_type($fp)) . " errno=$errno errstr=" . json_encode($errstr);
}

foreach (['plain', 'closer', 'resetter'] as $mode) {
    echo "== ssl:// to a '$mode' TCP peer\n";
    $t0 = microtime(true);
    $fp = stream_socket_client("ssl://127.0.0.1:{$peer['port']}", $errno, $errstr, 5, STREAM_CLIENT_CONNECT, $ctx);
    echo result($fp, $errno, $errstr), ' after ', elapsed($t0), "\n";
    peer_says($peer);
}

echo "== ssl:// to a silent peer, timeout 1\n";
$t0 = microtime(true);
$fp = stream_socket_client("ssl://127.0.0.1:{$peer['port']}", $errno, $errstr, 1, STREAM_CLIENT_CONNECT, $ctx);
echo result($fp, $errno, $errstr), ' after ', elapsed($t0), "\n";
peer_says($peer);

echo "== fsockopen ssl:// to a silent peer, timeout 1\n";
$t0 = microtime(true);
$fp = fsockopen('ssl://127.0.0.1', $peer['port'], $errno, $errstr, 1);
echo result($fp, $errno, $errstr), ' after ', elapsed($t0), "\n";
peer_says($peer);

echo "== ssl:// to a silent peer, timeout null (default_socket_timeout = 2)\n";
ini_set('default_socket_timeout', '2');
$t0 = microtime(true);
$fp = stream_socket_client("ssl://127.0.0.1:{$peer['port']}", $errno, $errstr, null, STREAM_CLIENT_CONNECT, $ctx);
echo result($fp, $errno, $errstr), ' after ', elapsed($t0), "\n";
peer_says($peer);
ini_set('default_socket_timeout', '60');

echo "== ssl:// to a closed port\n";
$s = stream_socket_server('tcp://127.0.0.1:0');
$port = (int)substr(stream_socket_get_name($s, false), 10);
fclose($s);
$fp = stream_socket_client("ssl://127.0.0.1:$port", $errno, $errstr, 1, STREAM_CLIENT_CONNECT, $ctx);
echo result($fp, $errno, $errstr), "\n";

echo "== ssl:// with STREAM_CLIENT_ASYNC_CONNECT\n";
$fp = stream_socket_client("ssl://127.0.0.1:{$peer['port']}", $errno, $errstr, 5, STREAM_CLIENT_CONNECT | STREAM_CLIENT_ASYNC_CONNECT, $ctx);
echo result($fp, $errno, $errstr), "\n";
$m = stream_get_meta_data($fp);
echo 'crypto key: ', isset($m['crypto']) ? 'yes' : 'no', ', blocked: ', var_export($m['blocked'], true), "\n";
$w = [$fp]; $r = $e = null;
echo 'select for write: ', stream_select($r, $w, $e, 2), "\n";
stream_set_blocking($fp, true);
echo 'stream_socket_enable_crypto: ', var_export(stream_socket_enable_crypto($fp, true, STREAM_CRYPTO_METHOD_TLS_CLIENT), true), "\n";
echo 'crypto: ', stream_get_meta_data($fp)['crypto']['protocol'] ?? 'no', "\n";
fwrite($fp, "over TLS\n");
peer_says($peer);
fclose($fp);

echo "== the default CA store (no cafile, capath or openssl.cafile): OpenSSL's, SSL_CERT_FILE honoured\n";
foreach ([false, true] as $env) {
    putenv($env ? 'SSL_CERT_FILE=ca.pem' : 'SSL_CERT_FILE=nope.pem');
    echo 'SSL_CERT_FILE=', getenv('SSL_CERT_FILE'), "\n";
    $fp = stream_socket_client("ssl://localhost:{$peer['port']}", $errno, $errstr, 5);
    echo result($fp, $errno, $errstr), "\n";
    if ($fp) fclose($fp);
    peer_says($peer);
}
