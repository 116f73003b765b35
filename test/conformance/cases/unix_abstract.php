<?php
// Linux abstract unix names ("\0name"): no file is created, getsockname() reads them back as ""
// (the name starts with a NUL), clients connect by the same name; datagrams reach one through
// a connected socket, not through socket_sendto().
$name = "\0php-sockets-" . basename(sys_get_temp_dir()) . "-stream";
$l = socket_create(AF_UNIX, SOCK_STREAM, 0);
var_dump(socket_bind($l, $name), socket_listen($l));
var_dump(socket_getsockname($l, $n), $n, file_exists(substr($name, 1)));
$c = socket_create(AF_UNIX, SOCK_STREAM, 0);
var_dump(socket_connect($c, $name));
$s = socket_accept($l);
socket_write($c, "over an abstract name\n");
var_dump(socket_read($s, 100, PHP_NORMAL_READ));
var_dump(socket_getpeername($c, $peer), $peer);
$c2 = socket_create(AF_UNIX, SOCK_STREAM, 0);
var_dump(socket_connect($c2, "\0php-sockets-nobody-listens-" . basename(sys_get_temp_dir())), socket_last_error($c2));
// Datagrams between two abstract names.
$d1 = socket_create(AF_UNIX, SOCK_DGRAM, 0);
$d2 = socket_create(AF_UNIX, SOCK_DGRAM, 0);
socket_bind($d1, "$name-d1");
socket_bind($d2, "$name-d2");
// PHP 8.2's socket_sendto() copies a unix path up to its first NUL, so an abstract name
// becomes "" [22]; connecting and writing reaches it.
var_dump(socket_sendto($d2, 'ping', 4, 0, "$name-d1"), socket_last_error($d2));
var_dump(socket_recvfrom($d1, $buf, 100, MSG_DONTWAIT, $from), socket_last_error($d1));
var_dump(socket_connect($d2, "$name-d1"), socket_write($d2, 'ping'));
var_dump(socket_recvfrom($d1, $buf, 100, 0, $from), $buf, $from);
