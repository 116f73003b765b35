<?php
// Per-socket and global last-error codes: [S] failures set both; socket_create and
// socket_create_pair failures set only the global one; accept failures only the global one;
// successes never reset; socket_clear_error() clears the global code only, and
// socket_clear_error($s) that socket's only.
$a = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
$b = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
function codes(string $label): void
{
    global $a, $b;
    printf("%-28s a=%d b=%d global=%d\n", $label, socket_last_error($a), socket_last_error($b), socket_last_error());
}
codes('fresh');
socket_getpeername($a, $x);
codes('a: getpeername failed');
socket_shutdown($b, 9);
codes('b: shutdown failed');
socket_bind($a, '127.0.0.1', 0);
socket_getsockname($a, $x, $p);
codes('a: bind and getsockname ok');
socket_clear_error();
codes('clear global');
socket_clear_error($a);
codes('clear a');
socket_create(AF_INET, SOCK_STREAM, 99);
codes('create failed');
$pair = [];
socket_create_pair(AF_INET, SOCK_STREAM, 0, $pair);
codes('create_pair failed');
socket_accept($b);
codes('accept failed');
socket_set_nonblock($a);
socket_listen($a);
socket_accept($a);
codes('accept EAGAIN');
socket_create_listen($p);
codes('create_listen failed');
socket_connect($b, '', 80);
codes('b: host lookup failed');
socket_clear_error($b);
$c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
codes('new socket');
var_dump(socket_last_error($c));
var_dump(socket_strerror(socket_last_error()));
