<?php
// Read and write failures on TCP: an unconnected socket [107] in both read modes, a listening
// socket, and a connection reset by a peer that closed with SO_LINGER {1, 0}: [104] on read,
// then EOF, and [32] on write; getpeername still works on a connection the peer has closed.
$t = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
var_dump(socket_read($t, 10), socket_read($t, 10, PHP_NORMAL_READ), socket_last_error($t));
$l = socket_create_listen(0);
socket_getsockname($l, $addr, $port);
var_dump(socket_read($l, 10), socket_last_error($l));
$c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_connect($c, '127.0.0.1', $port);
$s = socket_accept($l);
// Orderly close: the peer name survives, reads see EOF.
socket_close($c);
var_dump(socket_getpeername($s, $paddr), $paddr, socket_read($s, 10));
// Reset: the peer closes with a zero linger time.
$c2 = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_connect($c2, '127.0.0.1', $port);
$s2 = socket_accept($l);
socket_write($s2, 'unread by the peer');
var_dump(socket_set_option($c2, SOL_SOCKET, SO_LINGER, ['l_onoff' => 1, 'l_linger' => 0]));
socket_close($c2);
$r = [$s2];
$w = $e = null;
var_dump(socket_select($r, $w, $e, 5));
var_dump(socket_read($s2, 10), socket_last_error($s2));
var_dump(socket_read($s2, 10), socket_last_error($s2));
var_dump(socket_write($s2, 'x'), socket_last_error($s2));
var_dump(socket_getpeername($s2, $gone), socket_last_error($s2));
