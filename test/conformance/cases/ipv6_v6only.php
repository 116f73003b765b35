<?php
// IPV6_V6ONLY: a dual-stack listener on "::" takes IPv4 clients (seen as ::ffff:127.0.0.1); a
// v6-only one refuses them [111] but takes ::1; binding a v6-only socket leaves the IPv4 port free.
$dual = socket_create(AF_INET6, SOCK_STREAM, 0);
var_dump(socket_get_option($dual, IPPROTO_IPV6, IPV6_V6ONLY));
socket_bind($dual, '::', 0);
socket_listen($dual);
socket_getsockname($dual, $a, $dualPort);
$c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
var_dump(socket_connect($c, '127.0.0.1', $dualPort));
socket_getpeername(socket_accept($dual), $peer);
var_dump($peer);

$only = socket_create(AF_INET6, SOCK_STREAM, 0);
var_dump(socket_set_option($only, IPPROTO_IPV6, IPV6_V6ONLY, 1));
socket_bind($only, '::', 0);
socket_listen($only);
socket_getsockname($only, $a, $onlyPort);
$c4 = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
var_dump(socket_connect($c4, '127.0.0.1', $onlyPort), socket_last_error($c4));
$c6 = socket_create(AF_INET6, SOCK_STREAM, 0);
var_dump(socket_connect($c6, '::1', $onlyPort));
socket_getpeername(socket_accept($only), $peer6);
var_dump($peer6);
// The IPv4 side of that port is free.
$v4 = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
var_dump(socket_bind($v4, '127.0.0.1', $onlyPort));
// But not for a dual-stack socket's port.
$v4b = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
var_dump(socket_bind($v4b, '127.0.0.1', $dualPort), socket_last_error($v4b));
