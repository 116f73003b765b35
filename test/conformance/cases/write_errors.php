<?php
// socket_write() failures: a closed peer [32] Broken pipe (PHP and Node both ignore SIGPIPE),
// after shutdown(SHUT_WR) [32], an unconnected TCP socket [32], and codes on socket and globally.
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
socket_close($p[1]);
var_dump(socket_write($p[0], 'into the void'), socket_last_error($p[0]), socket_last_error());
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $q);
var_dump(socket_shutdown($q[0], 1));
var_dump(socket_write($q[0], 'after shutdown'), socket_last_error($q[0]));
var_dump(socket_read($q[1], 100));
var_dump(socket_write($q[1], 'other way still works'), socket_read($q[0], 100));
$t = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
var_dump(socket_write($t, 'unconnected'), socket_last_error($t));
$u = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
var_dump(socket_write($u, 'no destination'), socket_last_error($u));
$s = socket_create(AF_UNIX, SOCK_DGRAM, 0);
var_dump(socket_write($s, 'no destination'), socket_last_error($s));
