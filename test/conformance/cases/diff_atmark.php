<?php
// DELIBERATE DIFFERENCE (docs/differences.md, send-recv): socket_atmark() is PHP 8.3's; PHP 8.2
// has no such function. php-sockets has it (sockatmark(3)). The expected TS transcript is in
// diff_atmark.expected-ts.txt.
$l = socket_create_listen(0);
socket_getsockname($l, $addr, $port);
$c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_connect($c, '127.0.0.1', $port);
$s = socket_accept($l);
echo "connected\n";
var_dump(socket_atmark($s));
