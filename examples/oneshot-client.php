<?php
// The PHP manual's "Socket example: Simple TCP/IP client" (sockets.examples): a one-shot HTTP
// client that sends a HEAD request, echoes the reply and exits. Changed only where it looks up
// www.example.com: it talks to 127.0.0.1 on the port given as the first argument instead (run
// http-responder.php there). Its TypeScript port: oneshot-client.ts.
//   php examples/oneshot-client.php <port>
error_reporting(E_ALL);

echo "<h2>TCP/IP Connection</h2>\n";

/* Get the port for the WWW service. */
// Was: $service_port = getservbyname('www', 'tcp');
$service_port = (int) ($argv[1] ?? 80);

/* Get the IP address for the target host. */
// Was: $address = gethostbyname('www.example.com');
$address = '127.0.0.1';

/* Create a TCP/IP socket. */
$socket = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
if ($socket === false) {
    echo "socket_create() failed: reason: " . socket_strerror(socket_last_error()) . "\n";
} else {
    echo "OK.\n";
}

echo "Attempting to connect to '$address' on port '$service_port'...";
$result = socket_connect($socket, $address, $service_port);
if ($result === false) {
    echo "socket_connect() failed.\nReason: ($result) " . socket_strerror(socket_last_error($socket)) . "\n";
} else {
    echo "OK.\n";
}

$in = "HEAD / HTTP/1.1\r\n";
$in .= "Host: www.example.com\r\n";
$in .= "Connection: Close\r\n\r\n";
$out = '';

echo "Sending HTTP HEAD request...";
socket_write($socket, $in, strlen($in));
echo "OK.\n";

echo "Reading response:\n\n";
while ($out = socket_read($socket, 2048)) {
    echo $out;
}

echo "Closing socket...";
socket_close($socket);
echo "OK.\n\n";
?>
