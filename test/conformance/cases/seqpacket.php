<?php
// AF_UNIX SOCK_SEQPACKET: a listening socket at a path in the temp dir, message boundaries kept,
// a short read truncating one message, and EOF as "".
$dir = sys_get_temp_dir();
$l = socket_create(AF_UNIX, SOCK_SEQPACKET, 0);
var_dump(socket_bind($l, "$dir/seq.sock"), socket_listen($l));
$c = socket_create(AF_UNIX, SOCK_SEQPACKET, 0);
var_dump(socket_connect($c, "$dir/seq.sock"));
$s = socket_accept($l);
var_dump(socket_write($c, 'first'), socket_write($c, 'second message'), socket_write($c, 'third'));
var_dump(socket_read($s, 100), socket_read($s, 6), socket_read($s, 100));
var_dump(socket_send($s, 'reply', 5, 0), socket_recv($c, $buf, 100, 0), $buf);
socket_getpeername($c, $peer);
var_dump(basename($peer));
socket_close($c);
var_dump(socket_read($s, 100));
