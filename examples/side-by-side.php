<?php
set_error_handler(function (int $errno, string $errstr) {
    echo "Warning: $errstr\n";
    return true;
});

$server = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_bind($server, '127.0.0.1', 0);
socket_listen($server);
socket_getsockname($server, $address, $port);      // &$address, &$port
echo "listening on $address:$port\n";

$client = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_connect($client, $address, $port);
$conn = socket_accept($server);

socket_write($client, "caf\xc3\xa9\n");            // bytes
$line = socket_read($conn, 100, PHP_NORMAL_READ);
echo strlen($line), " bytes: ", bin2hex($line), "\n";

$other = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
if (socket_bind($other, '127.0.0.1', $port) === false) {
    echo socket_last_error($other), ' ', socket_strerror(socket_last_error($other)), "\n";
}
