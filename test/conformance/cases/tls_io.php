<?php
// Reading and writing on a TLS client stream (port of the TLS reference's 06-io.php), against a
// TLS server in another process (PHP's here, this package's in the port: tls/peer.php) running a
// script of writes for each connection: buffered lines and stream_select, SSL_pending data the kernel no longer has,
// PHP 8.2's 8192-byte fills and greedy reads, fgetc/stream_get_contents, read timeouts,
// nonblocking reads, close_notify and a bare FIN, partial writes on a write timeout, and the raw
// socket calls on a TLS stream. Timings are shown in whole seconds.
require __DIR__ . '/../tls/lib.php';
$ctx = stream_context_create(['ssl' => ['cafile' => 'ca.pem']]);
$peer = peer('server', [
    'tls', 'w:a\nb\n', 'sleep:300', '--',
    'tls', 'big:16000', 'read', '--',
    'tls', 'big:100000', '--',
    'tls', 'w:xyz', 'w:\nrest of it\n', '--',
    'tls', 'read', '--',
    'tls', 'sleep:1300', 'w:now\n', '--',
    'tls', 'sleep:2500', 'discard', '--',
    'tls', 'drain', '--',
    'tls', 'w:secret\n', 'discard', '--',
    'tls', 'w:bye\n', 'kill',
]);
function conn()
{
    global $ctx, $peer;
    return stream_socket_client("ssl://127.0.0.1:{$peer['port']}", $errno, $errstr, 5, STREAM_CLIENT_CONNECT, $ctx);
}
function sel($fp, float $t): string
{
    $r = [$fp]; $w = $e = null;
    $t0 = microtime(true);
    $n = stream_select($r, $w, $e, (int)$t, (int)(($t - (int)$t) * 1e6));
    return "$n (" . elapsed($t0) . ')';
}
function meta($fp): string
{
    $m = stream_get_meta_data($fp);
    return "unread_bytes={$m['unread_bytes']} eof=" . var_export($m['eof'], true) . ' timed_out=' . var_export($m['timed_out'], true) . ' blocked=' . var_export($m['blocked'], true);
}

echo "== two lines in one record\n";
$fp = conn();
echo 'fgets: ', json_encode(fgets($fp)), '; ', meta($fp), "\n";
echo 'select (buffered line): ', sel($fp, 1), "\n";
echo 'fgets: ', json_encode(fgets($fp)), '; ', meta($fp), "\n";
echo 'feof: ', var_export(feof($fp), true), "\n";
peer_says($peer);
echo 'after the peer closed (close_notify): select ', sel($fp, 1), ', fread ', json_encode(fread($fp, 10)), ', feof ', var_export(feof($fp), true), '; ', meta($fp), "\n";
fclose($fp);

echo "== one 16000-byte record: SSL_pending data the kernel no longer has\n";
$fp = conn();
stream_set_timeout($fp, 2); // the last fread below waits for more until the timeout, as PHP 8.2 does
$r = [$fp]; $w = $e = null;
stream_select($r, $w, $e, 2);
usleep(200000);
echo 'fread(100): ', strlen(fread($fp, 100)), ' bytes; ', meta($fp), "\n";
echo 'fread(8092): ', strlen(fread($fp, 8092)), ' bytes; ', meta($fp), "\n";
echo 'select (PHP buffer empty, OpenSSL holds 7808 bytes, the socket nothing): ', sel($fp, 1), '; ', meta($fp), "\n";
$t0 = microtime(true);
echo 'fread(8192): ', strlen(fread($fp, 8192)), ' bytes after ', elapsed($t0), '; ', meta($fp), "\n";
echo 'select (all read): ', sel($fp, 1), "\n";
fwrite($fp, "done\n");
peer_says($peer);
fclose($fp);

echo "== fread sizes over 100000 bytes in one fwrite\n";
$fp = conn();
$sizes = [];
while (($x = fread($fp, 100000)) !== false && $x !== '') $sizes[] = strlen($x);
echo 'fread(100000) sizes: ', implode(' ', $sizes), ' (', array_sum($sizes), ")\n";
echo 'feof: ', var_export(feof($fp), true), '; ', meta($fp), "\n";
fclose($fp);
peer_says($peer);

echo "== stream_get_contents / fgetc\n";
$fp = conn();
echo 'fgetc: ', json_encode(fgetc($fp)), "\n";
echo 'stream_get_contents: ', json_encode(stream_get_contents($fp)), "\n";
echo 'feof: ', var_export(feof($fp), true), "\n";
fclose($fp);
peer_says($peer);

echo "== read timeout (stream_set_timeout 1)\n";
$fp = conn();
stream_set_timeout($fp, 1);
$t0 = microtime(true);
echo 'fgets: ', var_export(fgets($fp), true), ' after ', elapsed($t0), '; ', meta($fp), "\n";
$t0 = microtime(true);
echo 'fgets: ', var_export(fgets($fp), true), ' after ', elapsed($t0), '; ', meta($fp), "\n";
fwrite($fp, "done\n");
peer_says($peer);
fclose($fp);

echo "== nonblocking\n";
$fp = conn();
stream_set_blocking($fp, false);
usleep(300000); // the server's session tickets have come: a read takes them and returns ""
echo 'fread: ', json_encode(fread($fp, 100)), '; fgets: ', var_export(fgets($fp), true), '; ', meta($fp), "\n";
echo 'select: ', sel($fp, 3), "\n";
echo 'fread: ', json_encode(fread($fp, 100)), "\n";
fclose($fp);
peer_says($peer);

echo "== writing 16 MiB to a peer that does not read (timeout 1)\n";
$fp = conn();
stream_set_timeout($fp, 1);
$n = fwrite($fp, str_repeat('y', 16 << 20));
echo 'fwrite: ', is_int($n) && $n > 0 && $n < 16 << 20 ? 'a partial count' : var_export($n, true), '; ', meta($fp), "\n";
fclose($fp);
peer_says($peer);

echo "== writing 4 MB to a peer that reads\n";
$fp = conn();
echo 'fwrite: ', var_export(fwrite($fp, str_repeat('y', 4 << 20)), true), "\n";
stream_socket_shutdown($fp, STREAM_SHUT_WR);
peer_says($peer);
fclose($fp);

echo "== raw socket calls on a TLS stream\n";
$fp = conn();
usleep(300000);
$raw = stream_socket_recvfrom($fp, 100);
echo 'stream_socket_recvfrom: ', strlen($raw), ' bytes, record type ', bin2hex(substr($raw, 0, 3)), " (ciphertext)\n";
echo 'socket_import_stream: ', var_export(socket_import_stream($fp), true), "\n";
fclose($fp);
peer_says($peer);

echo "== peer killed (FIN without close_notify)\n";
$fp = conn();
echo 'fgets: ', json_encode(fgets($fp)), "\n";
echo 'fgets: ', var_export(fgets($fp), true), '; feof ', var_export(feof($fp), true), '; ', meta($fp), "\n";
echo 'fwrite after: ', var_export(fwrite($fp, 'x'), true), "\n";
fclose($fp);
peer_says($peer);
