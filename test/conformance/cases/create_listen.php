<?php
// socket_create_listen(): a listening TCP/IPv4 socket on 0.0.0.0; port 0 and ports wrapped to 16
// bits (65536 -> 0) pick an ephemeral port; a port in use fails with only the global code set.
$l = socket_create_listen(0);
var_dump($l);
var_dump(socket_getsockname($l, $addr, $port), $addr, $port > 0);
$l2 = socket_create_listen(65536, 5);
var_dump(socket_getsockname($l2, $addr2, $port2), $addr2, $port2 > 0, $port2 !== $port);
var_dump(socket_create_listen($port));
var_dump(socket_last_error(), socket_last_error($l));
socket_clear_error();
var_dump(socket_create_listen($port + 65536));
var_dump(socket_last_error());
// The listener accepts a connection.
$c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
var_dump(socket_connect($c, '127.0.0.1', $port));
$a = socket_accept($l);
var_dump($a, socket_getpeername($a, $peer), $peer);
var_dump(socket_create_listen(0, -1) instanceof Socket);
