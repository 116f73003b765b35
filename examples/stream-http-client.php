<?php
// The HTTP clients of the two streams tutorials: stream_socket_client() with fwrite() and
// stream_get_contents() (Spanish tutorial, section 3), and fsockopen() with a feof()/fgets() loop
// (English tutorial, section 1). Changed only to run on its own: instead of www.example.com and
// www.google.com they talk to a small HTTP server this script starts on 127.0.0.1 (port 0: a free
// one). The server answers each request in turn: a client sends its whole request first, then the
// server (serve() below) reads it and answers, then the client reads the answer.
// Its TypeScript port: stream-http-client.ts.
//   php examples/stream-http-client.php

// The local HTTP server: one answer per connection, then it closes the connection.
$http = stream_socket_server("tcp://127.0.0.1:0", $errno, $errstr);
$port = (int) substr(strrchr(stream_socket_get_name($http, false), ':'), 1);

function serve($http)
{
    $conn = stream_socket_accept($http);
    $request = fgets($conn);
    while (($line = fgets($conn)) !== false && rtrim($line) !== '') {
        // headers: ignored
    }
    $body = "You asked for: " . rtrim($request) . "\n";
    fwrite($conn, "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " . strlen($body) . "\r\n\r\n" . $body);
    fclose($conn);
}

// Spanish tutorial: "Hacer una petición HTTP con una conexión socket".
// Obtenemos la ip del host (localhost instead of www.example.com):
$direccion = gethostbyname("localhost");
// Creamos la conexión socket:
$cliente = stream_socket_client("tcp://$direccion:$port", $errno, $errorMessage);
if ($cliente === false) {
    throw new UnexpectedValueException("Failed to connect: $errorMessage");
}
// Escribimos en el socket la petición HTTP:
fwrite($cliente, "GET / HTTP/1.0\r\nHost: www.example.com\r\nAccept: */*\r\n\r\n");
serve($http);
echo stream_get_contents($cliente);
fclose($cliente);

echo "\n";

// English tutorial, "1. Streams": fsockopen() and fgets() in chunks (localhost instead of
// www.google.com, the local server's port instead of 80).
$fp = fsockopen("localhost", $port, $errno, $errstr, 30);
if (!$fp) {
    echo "$errstr ($errno)<br />\n";
} else {
    $out = "GET / HTTP/1.1\r\n\r\n";
    ///Send data
    fwrite($fp, $out);
    serve($http);
    ///Receive data - in small chunks :)
    while (!feof($fp)) {
        echo fgets($fp, 128);
    }
    fclose($fp);
}

echo "\n";

// And what a client sees when nothing listens (the server is gone):
fclose($http);
$fp = @fsockopen("127.0.0.1", $port, $errno, $errstr, 30);
if (!$fp) {
    echo "$errstr ($errno)<br />\n";
}
