<?php
// TLS servers (port of the TLS reference's 04-server.php): stream_socket_server("ssl://...") with
// local_cert/local_pk, the handshake inside stream_socket_accept() with the listening stream's
// timeout, and its failures (no certificate, a plain TCP client, a silent client, a required
// client certificate, a protocol the client does not speak), each printing PHP's warnings. The
// clients run in other processes (tls/peer.php: PHP's here, this package's in the port).
// The client without a certificate writes late: whether its read then sees the server's FIN or a
// RST (PHP's own client usually sees "SSL: Connection reset by peer") is otherwise a race between
// the processes. Timings are shown in whole seconds, and only where a client says it connected
// before the handshake (starting a client process takes a while in the port).
require __DIR__ . '/../tls/lib.php';

function server(array $ssl, string $t = 'ssl'): array
{
    $srv = stream_socket_server("$t://127.0.0.1:0", $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, stream_context_create(['ssl' => $ssl]));
    $name = stream_socket_get_name($srv, false);
    return [$srv, substr($name, strrpos($name, ':') + 1)];
}
// $timed: a silent client, which says it connected before the handshake: the time accept takes
function serve($srv, array $client, bool $timed = false): void
{
    if ($timed) peer_started($client);
    $t0 = microtime(true);
    $c = stream_socket_accept($srv, 10);
    echo 'accept: ', $c === false ? 'false' : get_resource_type($c), $timed ? ' after ' . elapsed($t0) : '', "\n";
    if ($c) {
        echo 'crypto: ', json_encode(stream_get_meta_data($c)['crypto'] ?? null), "\n";
        stream_set_timeout($c, 3);
        echo 'fgets: ', json_encode(fgets($c)), "\n";
        echo 'fwrite: ', var_export(fwrite($c, "hi from php\n"), true), "\n";
        $o = stream_context_get_options($c)['ssl'] ?? [];
        if (isset($o['peer_certificate'])) {
            echo 'peer_certificate: ', get_class($o['peer_certificate']), ', client.pem: ',
                var_export(openssl_x509_fingerprint($o['peer_certificate'], 'sha256') === openssl_x509_fingerprint(file_get_contents('client.pem'), 'sha256'), true), "\n";
        }
        fclose($c);
    }
    peer_says($client);
}
$cert = ['local_cert' => 'server.pem', 'local_pk' => 'server.key'];

echo "== ssl:// server, an ssl:// client\n";
[$srv, $port] = server($cert);
var_dump(stream_get_meta_data($srv));
serve($srv, peer('client-tls', [$port]));

echo "== local_cert holding the key too (no local_pk)\n";
[$srv, $port] = server(['local_cert' => 'bundle.pem']);
serve($srv, peer('client-tls', [$port]));

echo "== ssl:// server without local_cert\n";
[$srv, $port] = server([]);
serve($srv, peer('client-tls', [$port]));

echo "== plain TCP client to an ssl:// server\n";
[$srv, $port] = server($cert);
serve($srv, peer('client-tcp', [$port]));

echo "== silent client; default_socket_timeout 2 (the accepted stream's handshake timeout)\n";
ini_set('default_socket_timeout', '2');
[$srv, $port] = server($cert);
serve($srv, peer('client-silent', [$port]), true);

echo "== silent client; stream_set_timeout(server, 1) (copied to the accepted stream)\n";
ini_set('default_socket_timeout', '60');
[$srv, $port] = server($cert);
stream_set_timeout($srv, 1);
serve($srv, peer('client-silent', [$port]), true);

echo "== server verify_peer + cafile, client without a certificate\n";
[$srv, $port] = server($cert + ['verify_peer' => true, 'cafile' => 'ca.pem']);
serve($srv, peer('client-tls', [$port, json_encode(['cafile' => 'ca.pem']), 'late']));

echo "== server verify_peer + cafile + capture_peer_cert, client with a certificate\n";
[$srv, $port] = server($cert + ['verify_peer' => true, 'cafile' => 'ca.pem', 'capture_peer_cert' => true]);
serve($srv, peer('client-tls', [$port, json_encode(['cafile' => 'ca.pem', 'local_cert' => 'client.pem', 'local_pk' => 'client.key'])]));

echo "== tlsv1.2:// server, a TLS 1.3-only client\n";
[$srv, $port] = server($cert, 'tlsv1.2');
serve($srv, peer('client-tls', [$port, json_encode(['cafile' => 'ca.pem', 'crypto_method' => STREAM_CRYPTO_METHOD_TLSv1_3_CLIENT])]));

echo "== tlsv1.2:// server, an ssl:// client\n";
[$srv, $port] = server($cert, 'tlsv1.2');
serve($srv, peer('client-tls', [$port]));

echo "== tcp:// server: the crypto_method context option has no effect on accept\n";
[$srv, $port] = server($cert + ['crypto_method' => STREAM_CRYPTO_METHOD_TLS_SERVER], 'tcp');
serve($srv, peer('client-tcp', [$port]));
