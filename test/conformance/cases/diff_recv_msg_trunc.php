<?php
// DELIBERATE DIFFERENCE (docs/differences.md, send-recv): socket_recv() with MSG_TRUNC on a
// datagram returns the datagram's real length; PHP 8.2 also makes $data that long, its tail
// uninitialised heap memory. php-sockets returns the same count with at most $length bytes.
// The expected TS transcript is in diff_recv_msg_trunc.expected-ts.txt.
socket_create_pair(AF_UNIX, SOCK_DGRAM, 0, $p);
socket_write($p[0], str_repeat('x', 64));
var_dump(socket_recv($p[1], $buf, 8, MSG_TRUNC));
var_dump(strlen($buf), substr($buf, 0, 8));
