<?php
// Datagram sockets: one datagram per read, the excess of a long one discarded; an empty
// datagram reads as ""; PHP_NORMAL_READ consumes a whole datagram per byte.
socket_create_pair(AF_UNIX, SOCK_DGRAM, 0, $p);
[$a, $b] = $p;
var_dump(socket_write($a, 'abcdef'), socket_write($a, 'second'));
var_dump(socket_read($b, 3), socket_read($b, 100));
var_dump(socket_write($a, ''), socket_read($b, 100));
socket_write($a, 'ab');
socket_write($a, "\n");
var_dump(socket_read($b, 100, PHP_NORMAL_READ));
// UDP over loopback.
$u = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
socket_bind($u, '127.0.0.1', 0);
socket_getsockname($u, $addr, $port);
$v = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
var_dump(socket_connect($v, '127.0.0.1', $port));
var_dump(socket_write($v, 'udp datagram'), socket_read($u, 100));
socket_getsockname($v, $vaddr, $vport);
var_dump($vaddr, $vport > 0);
