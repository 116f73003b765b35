<?php
// A stand-in for the web server the manual's one-shot client talks to (oneshot-client.php):
// listens on 127.0.0.1 (port from the first argument; 0, the default, lets the kernel pick one),
// prints where, answers one request with a fixed HTTP response, prints the request, and exits.
// Its TypeScript port: http-responder.ts.
//   php examples/http-responder.php [port]
error_reporting(E_ALL);

$sock = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_bind($sock, '127.0.0.1', (int) ($argv[1] ?? 0));
socket_listen($sock, 1);
socket_getsockname($sock, $address, $port);
echo "Listening on $address:$port\n";

$conn = socket_accept($sock);

/* Read the request head: up to the empty line (or the end of the stream). */
$request = '';
while (strpos($request, "\r\n\r\n") === false && ($buf = socket_read($conn, 2048)) != '') {
    $request .= $buf;
}
foreach (explode("\r\n", rtrim($request)) as $line) {
    echo "< $line\n";
}

$response = "HTTP/1.1 200 OK\r\n";
$response .= "Content-Type: text/plain; charset=UTF-8\r\n";
$response .= "Content-Length: 14\r\n";
$response .= "Connection: close\r\n\r\n";
socket_write($conn, $response, strlen($response));
socket_close($conn);
socket_close($sock);
