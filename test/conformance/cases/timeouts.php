<?php
// SO_RCVTIMEO on blocking sockets: socket_read (binary), socket_recv and socket_accept give up
// with false and code 11 (EAGAIN) and no warning. A socket accepted from a nonblocking listener
// is blocking (PHP 8.2): its read waits for the timeout.
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
[$a, $b] = $p;
var_dump(socket_set_option($b, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 0, 'usec' => 100000]));
$t0 = microtime(true);
var_dump(socket_read($b, 10), socket_last_error($b), socket_last_error());
var_dump(microtime(true) - $t0 >= 0.05);
var_dump(socket_recv($b, $buf, 10, 0), $buf, socket_last_error($b));
$l = socket_create_listen(0);
socket_set_option($l, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 0, 'usec' => 100000]);
socket_clear_error();
var_dump(socket_accept($l), socket_last_error(), socket_last_error($l));
socket_getsockname($l, $addr, $port);
socket_set_nonblock($l);
$c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_connect($c, '127.0.0.1', $port);
$s = socket_accept($l);
socket_set_option($s, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 0, 'usec' => 100000]);
$t0 = microtime(true);
var_dump(socket_read($s, 10), socket_last_error($s));
var_dump(microtime(true) - $t0 >= 0.05);
