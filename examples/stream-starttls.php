<?php
// An SMTP-style STARTTLS dialogue: a client and a server that greet each other in plain text,
// agree on STARTTLS, switch both ends of the connection to TLS with stream_socket_enable_crypto()
// and go on encrypted. Both ends run in this one script (the server on 127.0.0.1, port 0: a free
// one), so the handshakes are made nonblocking and stepped in turn until both are done; the rest
// is ordinary blocking fwrite()/fgets(). Certificates: the test PKI in test/fixtures/tls.
// Its TypeScript port: stream-starttls.ts.
//   php examples/stream-starttls.php

$pki = __DIR__ . '/../test/fixtures/tls/';
$server = stream_socket_server("tcp://127.0.0.1:0", $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    stream_context_create(['ssl' => ['local_cert' => $pki . 'server.pem', 'local_pk' => $pki . 'server.key']]));
$port = (int) substr(strrchr(stream_socket_get_name($server, false), ':'), 1);

$client = stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 5, STREAM_CLIENT_CONNECT,
    stream_context_create(['ssl' => ['cafile' => $pki . 'ca.pem']]));
$conn = stream_socket_accept($server);

function say($stream, $who, $line)
{
    echo "$who: $line";
    fwrite($stream, $line);
}

say($conn, "S", "220 localhost ESMTP ready\r\n");
echo "C got: ", fgets($client);
say($client, "C", "EHLO client.example\r\n");
echo "S got: ", fgets($conn);
say($conn, "S", "250-localhost\r\n");
say($conn, "S", "250 STARTTLS\r\n");
echo "C got: ", fgets($client), "C got: ", fgets($client);
say($client, "C", "STARTTLS\r\n");
echo "S got: ", fgets($conn);
say($conn, "S", "220 Ready to start TLS\r\n");
echo "C got: ", fgets($client);

// Both handshakes, one step at a time: 0 means "in progress, call again".
stream_set_blocking($client, false);
stream_set_blocking($conn, false);
$c = $s = 0;
for ($i = 0; $i < 5000 && ($c !== true || $s !== true); $i++) {
    if ($c !== true) $c = stream_socket_enable_crypto($client, true, STREAM_CRYPTO_METHOD_TLS_CLIENT);
    if ($s !== true) $s = stream_socket_enable_crypto($conn, true, STREAM_CRYPTO_METHOD_TLS_SERVER);
    if ($c === false || $s === false) die("handshake failed\n");
    if ($c !== true || $s !== true) usleep(1000);
}
stream_set_blocking($client, true);
stream_set_blocking($conn, true);
$crypto = stream_get_meta_data($client)['crypto'];
echo "-- TLS: {$crypto['protocol']}, {$crypto['cipher_name']}\n";

say($client, "C", "EHLO client.example\r\n");
echo "S got: ", fgets($conn);
say($conn, "S", "250 localhost\r\n");
echo "C got: ", fgets($client);
say($client, "C", "QUIT\r\n");
echo "S got: ", fgets($conn);
say($conn, "S", "221 Bye\r\n");
echo "C got: ", fgets($client);
fclose($conn);
var_dump(fgets($client), feof($client));
fclose($client);
fclose($server);
