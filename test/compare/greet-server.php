<?php
// Fixture of test/compare.test.ts: a server on the port php-sockets-compare gives it in
// PHP_SOCKETS_COMPARE_PORT; it greets one client, answers one line and prints that line.
$port = (int) getenv('PHP_SOCKETS_COMPARE_PORT');
$server = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_bind($server, '127.0.0.1', $port);
socket_listen($server);
$client = socket_accept($server);
$greeting = "hello world\n";
socket_write($client, $greeting, strlen($greeting));
$line = socket_read($client, 100, PHP_NORMAL_READ);
$reply = "you said $line";
socket_write($client, $reply, strlen($reply));
echo "served: $line";
socket_read($client, 100); // the client's end
socket_close($client);
socket_close($server);
