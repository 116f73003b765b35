<?php
// A nonblocking connect(): false with code 115 (EINPROGRESS) and no warning; once the listener
// has accepted, connecting again reports [106]. set_block/set_nonblock return true.
$l = socket_create_listen(0);
socket_getsockname($l, $addr, $port);
$c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
var_dump(socket_set_nonblock($c));
var_dump(socket_connect($c, '127.0.0.1', $port), socket_last_error($c), socket_last_error());
var_dump(socket_strerror(socket_last_error($c)));
$a = socket_accept($l);
var_dump($a instanceof Socket);
var_dump(socket_connect($c, '127.0.0.1', $port), socket_last_error($c));
var_dump(socket_set_block($c));
var_dump(socket_write($c, "after connect\n"), socket_read($a, 100, PHP_NORMAL_READ));
// Nonblocking read with nothing queued: false, code 11, no warning.
socket_clear_error($a);
socket_set_nonblock($a);
var_dump(socket_read($a, 100), socket_last_error($a));
socket_set_block($a);
var_dump(socket_set_nonblock($a), socket_set_nonblock($a), socket_set_block($a), socket_set_block($a));
