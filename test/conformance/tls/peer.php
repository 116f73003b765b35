<?php
// The peers of the TLS conformance cases (started by lib.php; peer.ts is the port the TS cases
// start). Every peer prints "END" after each connection.
//   server STEP... [-- STEP...]...  a tcp:// server (prints "PORT n" first) serving one
//                      connection per script (scripts separated by "--"), in turn, with steps:
//                      "tls" runs the server handshake (stream_socket_enable_crypto, server.pem),
//                      "w:TEXT" writes TEXT (\n, \r escapes), "big:N" writes N bytes of 'x' in one
//                      fwrite, "sleep:MS", "read" prints a line read, "fread" reads once (up to
//                      64 KiB) quietly, "drain" reads until the client stops and prints the
//                      count, "discard" the same quietly, "kill" ends this process with SIGKILL (a
//                      FIN without close_notify); then fclose (close_notify on a TLS stream)
//   client-tls PORT [JSON [late]]  an ssl:// client (ssl options JSON, default cafile ca.pem):
//                      writes "hello\n" (after 0.5 s when "late"), prints the answer
//   client-tcp PORT    the same in plain TCP
//   client-silent PORT connects and sends nothing until the server closes (at most 8 s)
//   starttls-client PORT  plain TCP, "STARTTLS", then TLS on the same stream, then plain again
chdir(__DIR__ . '/../../fixtures/tls');
set_error_handler(function (int $no, string $str) {
    echo "Warning: $str\n";
    return true;
});
$mode = $argv[1];
if (str_starts_with($mode, 'client-')) {
    $port = $argv[2];
    $ssl = isset($argv[3]) ? json_decode($argv[3], true) : ['cafile' => 'ca.pem'];
    $t = $mode === 'client-tls' ? 'ssl' : 'tcp';
    $fp = stream_socket_client("$t://127.0.0.1:$port", $errno, $errstr, 5, STREAM_CLIENT_CONNECT, stream_context_create(['ssl' => $ssl]));
    echo 'client: connect ', $fp === false ? "false errno=$errno" : 'ok', "\n";
    if ($fp && $mode === 'client-silent') { stream_set_timeout($fp, 8); fread($fp, 100); } // until the server gives up
    elseif ($fp) {
        if (isset($argv[4])) usleep(500000); // "late": the server has given up before the write comes
        echo 'client: fwrite ', var_export(fwrite($fp, "hello\n"), true), "\n";
        stream_set_timeout($fp, 3);
        echo 'client: fgets ', json_encode(fgets($fp)), "\n";
    }
    echo "END\n";
    exit;
}
if ($mode === 'starttls-client') {
    $fp = stream_socket_client("tcp://127.0.0.1:{$argv[2]}", $errno, $errstr, 5, STREAM_CLIENT_CONNECT, stream_context_create(['ssl' => ['cafile' => 'ca.pem']]));
    stream_set_timeout($fp, 5);
    fwrite($fp, "STARTTLS\n");
    echo 'client: plain reply ', json_encode(fgets($fp)), "\n";
    echo 'client: meta before: crypto ', isset(stream_get_meta_data($fp)['crypto']) ? 'yes' : 'no', "\n";
    echo 'client: stream_socket_enable_crypto ', var_export(stream_socket_enable_crypto($fp, true, STREAM_CRYPTO_METHOD_TLS_CLIENT), true), "\n";
    echo 'client: crypto ', json_encode(stream_get_meta_data($fp)['crypto'] ?? null), "\n";
    fwrite($fp, "secret\n");
    echo 'client: tls reply ', json_encode(fgets($fp)), "\n";
    echo 'client: enable_crypto(false) ', var_export(stream_socket_enable_crypto($fp, false), true), "\n";
    echo 'client: crypto after ', json_encode(stream_get_meta_data($fp)['crypto'] ?? null), "\n";
    usleep(300000);
    $x = (string)fread($fp, 100);
    // the peer's close_notify as a raw TLS record (its header; the rest is ciphertext), then plain text
    $len = strlen($x) >= 5 ? 5 + unpack('n', $x, 3)[1] : 0;
    echo 'client: read after disabling: record ', bin2hex(substr($x, 0, 5)), ' then ', json_encode(substr($x, $len)), "\n";
    fclose($fp);
    echo "END\n";
    exit;
}
$srv = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    stream_context_create(['ssl' => ['local_cert' => 'server.pem', 'local_pk' => 'server.key']]));
$name = stream_socket_get_name($srv, false);
echo 'PORT ', substr($name, strrpos($name, ':') + 1), "\n";
foreach (explode("\0--\0", implode("\0", array_slice($argv, 2))) as $script) {
    $c = stream_socket_accept($srv, 10);
    if ($c === false) exit(1);
    foreach (explode("\0", $script) as $step) {
        [$op, $arg] = array_pad(explode(':', $step, 2), 2, '');
        if ($op === 'tls') stream_socket_enable_crypto($c, true, STREAM_CRYPTO_METHOD_TLS_SERVER);
        elseif ($op === 'w') fwrite($c, stripcslashes($arg));
        elseif ($op === 'big') fwrite($c, str_repeat('x', (int)$arg));
        elseif ($op === 'sleep') usleep((int)$arg * 1000);
        elseif ($op === 'read') echo 'server read: ', json_encode(fgets($c)), "\n";
        elseif ($op === 'fread') fread($c, 65536);
        elseif ($op === 'drain' || $op === 'discard') {
            $n = 0;
            stream_set_timeout($c, 5);
            while (($x = fread($c, 65536)) !== false && $x !== '') $n += strlen($x);
            if ($op === 'drain') echo "server drained $n bytes\n";
        } elseif ($op === 'kill') { echo "END\n"; posix_kill(getmypid(), SIGKILL); }
    }
    fclose($c);
    echo "END\n";
}
