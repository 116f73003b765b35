<?php
// socket_listen() and socket_accept(): listen on UDP fails [95]; an unbound TCP socket listens on
// an ephemeral port; accept failures set only the global code (never the listener's), and EAGAIN
// on a nonblocking listener is silent.
$u = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
var_dump(socket_listen($u), socket_last_error($u), socket_last_error());

$l = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
var_dump(socket_listen($l, 5));
socket_getsockname($l, $addr, $port);
var_dump($addr, $port > 0);
var_dump(socket_listen($l, 10));

// Accept on a socket that is not listening.
socket_clear_error();
$n = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
var_dump(socket_accept($n), socket_last_error($n), socket_last_error());

// Nonblocking listener with nothing pending.
socket_clear_error();
var_dump(socket_set_nonblock($l));
var_dump(socket_accept($l), socket_last_error($l), socket_last_error());

// A pending connection is accepted; the new socket has its own names and no error.
$c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
var_dump(socket_connect($c, '127.0.0.1', $port));
$a = socket_accept($l);
var_dump($a instanceof Socket, socket_last_error($a));
socket_getsockname($c, $caddr, $cport);
socket_getpeername($a, $paddr, $pport);
socket_getsockname($a, $aaddr, $aport);
var_dump($caddr === $paddr, $cport === $pport, $aport === $port);
var_dump(socket_write($c, "hi"), socket_read($a, 10));
