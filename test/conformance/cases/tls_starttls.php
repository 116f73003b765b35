<?php
// STARTTLS: stream_socket_enable_crypto() on both ends of a plain tcp:// connection (port of the
// TLS reference's 05-starttls.php): the server here and the client in another process
// (tls/peer.php: PHP's here, this package's in the port), the server's certificate coming from the
// listening stream's context; disabling (close_notify, then plain text again); both ends
// nonblocking in one process; and the misuse texts.
require __DIR__ . '/../tls/lib.php';
function show(string $label, $v): void
{
    echo "$label: ";
    var_dump($v);
}

echo "== two processes\n";
$srv = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
// the listening stream's context (the default one until set) is shared with accepted streams
stream_context_set_option($srv, 'ssl', 'local_cert', 'server.pem');
show('set local_pk via the stream', stream_context_set_option($srv, 'ssl', 'local_pk', 'server.key'));
$port = (int)substr(stream_socket_get_name($srv, false), 10);
$client = peer('starttls-client', [(string)$port]);
$c = stream_socket_accept($srv, 10);
stream_set_timeout($c, 5);
echo 'server: got ', json_encode(fgets($c)), "\n";
fwrite($c, "220 go ahead\n");
echo 'server: stream_socket_enable_crypto ', var_export(stream_socket_enable_crypto($c, true, STREAM_CRYPTO_METHOD_TLS_SERVER), true), "\n";
echo 'server: crypto ', json_encode(stream_get_meta_data($c)['crypto'] ?? null), "\n";
echo 'server: tls got ', json_encode(fgets($c)), "\n";
fwrite($c, "250 ok\n");
echo 'server: enable_crypto(false) ', var_export(stream_socket_enable_crypto($c, false), true), "\n";
fwrite($c, "plain again\n");
peer_says($client);
fclose($c);
fclose($srv);

echo "== one process, both ends nonblocking\n";
$srv = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    stream_context_create(['ssl' => ['local_cert' => 'server.pem', 'local_pk' => 'server.key']]));
$port = (int)substr(stream_socket_get_name($srv, false), 10);
$cl = stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 5, STREAM_CLIENT_CONNECT,
    stream_context_create(['ssl' => ['cafile' => 'ca.pem']]));
$sv = stream_socket_accept($srv, 5);
stream_set_blocking($cl, false);
stream_set_blocking($sv, false);
// each end's results in turn, a repeated 0 (still in progress) shown once
$log = ['client' => [], 'server' => []];
$done = ['client' => false, 'server' => false];
for ($i = 0; $i < 2000 && !($done['client'] && $done['server']); $i++) {
    foreach (['client' => [$cl, STREAM_CRYPTO_METHOD_TLS_CLIENT], 'server' => [$sv, STREAM_CRYPTO_METHOD_TLS_SERVER]] as $end => [$s, $method]) {
        if ($done[$end]) continue;
        $r = var_export(stream_socket_enable_crypto($s, true, $method), true);
        if (end($log[$end]) !== $r) $log[$end][] = $r;
        $done[$end] = $r !== '0';
    }
    if (!($done['client'] && $done['server'])) usleep(1000);
}
echo 'client: ', implode(' then ', $log['client']), '; server: ', implode(' then ', $log['server']), "\n";
echo 'client meta: ', json_encode(stream_get_meta_data($cl)), "\n";
echo 'nonblocking read with nothing: ', json_encode(fread($cl, 100)), "\n";
fwrite($sv, 'x');
$r = [$cl]; $w = $e = null;
echo 'select: ', stream_select($r, $w, $e, 1), "\n";
echo 'read: ', json_encode(fread($cl, 100)), "\n";
echo 'enable again on an active nonblocking stream: ', var_export(stream_socket_enable_crypto($cl, true, STREAM_CRYPTO_METHOD_TLS_CLIENT), true), "\n";
stream_set_blocking($cl, true);
echo 'enable again on an active blocking stream: ', var_export(stream_socket_enable_crypto($cl, true, STREAM_CRYPTO_METHOD_TLS_CLIENT), true), "\n";
fclose($cl);
fclose($sv);

echo "== misuse\n";
$cl = stream_socket_client("tcp://127.0.0.1:$port");
$sv = stream_socket_accept($srv, 5);
try {
    stream_socket_enable_crypto($cl, true);
} catch (Throwable $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
show('disable a stream never enabled', stream_socket_enable_crypto($cl, false));
stream_set_blocking($cl, false);
show('enable with method 0 (server end not talking)', stream_socket_enable_crypto($cl, true, 0));
fclose($cl);
fclose($sv);
$u = stream_socket_server('udp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND);
show('udp stream', stream_socket_enable_crypto($u, true, STREAM_CRYPTO_METHOD_TLS_CLIENT));
$pair = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
show('socket pair', stream_socket_enable_crypto($pair[0], true, STREAM_CRYPTO_METHOD_TLS_CLIENT));
$path = sys_get_temp_dir() . '/starttls.sock';
$us = stream_socket_server("unix://$path");
$uc = stream_socket_client("unix://$path");
show('unix stream', stream_socket_enable_crypto($uc, true, STREAM_CRYPTO_METHOD_TLS_CLIENT));
fclose($uc);
fclose($us);
unlink($path);
show('listening stream with a non-TLS session stream', stream_socket_enable_crypto($srv, true, STREAM_CRYPTO_METHOD_TLS_CLIENT, $u));
