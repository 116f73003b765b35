<?php
// socket_bind() failures: [S] "Unable to bind address" sets the socket's and the global code.
$s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
var_dump(socket_bind($s, '127.0.0.1', 0));
socket_getsockname($s, $addr, $port);
var_dump($addr);
// Already bound.
var_dump(socket_bind($s, '127.0.0.1', 0), socket_last_error($s), socket_last_error());
// The address is in use (a listener holds it).
socket_listen($s);
$t = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
var_dump(socket_bind($t, '127.0.0.1', $port), socket_last_error($t));
// Not a local address.
$u = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
var_dump(socket_bind($u, '192.0.2.1', 0), socket_last_error($u));
// A success does not reset the codes.
var_dump(socket_bind($u, '127.0.0.1', 0), socket_last_error($u), socket_last_error());
// Ports wrap to 16 bits in PHP 8.2: 65536 is port 0.
$w = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
var_dump(socket_bind($w, '127.0.0.1', 65536));
socket_getsockname($w, $waddr, $wport);
var_dump($wport > 0);
// Default port argument.
$v = socket_create(AF_INET6, SOCK_STREAM, 0);
var_dump(socket_bind($v, '::1'));
socket_getsockname($v, $vaddr, $vport);
var_dump($vaddr, $vport > 0);
var_dump(socket_bind(socket_create(AF_INET6, SOCK_STREAM, 0), '::1', $vport), socket_last_error());
try {
    socket_bind($s);
} catch (ArgumentCountError $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
