<?php
// socket_shutdown(): modes 0 (read), 1 (write), 2 (both, the default); bad modes [22]; an
// unconnected socket [107].
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
[$a, $b] = $p;
var_dump(socket_shutdown($a, 1));
var_dump(socket_read($b, 10));
var_dump(socket_write($b, 'still open'), socket_read($a, 100));
var_dump(socket_shutdown($a, 0), socket_read($a, 100));
var_dump(socket_shutdown($a), socket_shutdown($a, 2));
var_dump(socket_shutdown($b, -1), socket_last_error($b));
var_dump(socket_shutdown($b, 5), socket_last_error($b), socket_last_error());
$t = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
var_dump(socket_shutdown($t), socket_last_error($t));
$l = socket_create_listen(0);
socket_getsockname($l, $addr, $port);
$c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_connect($c, '127.0.0.1', $port);
$s = socket_accept($l);
socket_write($c, 'bye');
var_dump(socket_shutdown($c, 1), socket_read($s, 100), socket_read($s, 100));
var_dump(socket_write($s, 'reply'), socket_read($c, 100));
var_dump(socket_shutdown($l, 2), socket_last_error($l));
