<?php
// socket_getsockname() / socket_getpeername(): addresses and ports per family; ports untouched
// for AF_UNIX; on failure [107] both by-reference outputs are left as they were.
$s4 = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
var_dump(socket_getsockname($s4, $a, $p), $a, $p);
$s6 = socket_create(AF_INET6, SOCK_STREAM, 0);
var_dump(socket_getsockname($s6, $a, $p), $a, $p);
$addr = 'before';
$port = 1234;
var_dump(socket_getpeername($s4, $addr, $port), $addr, $port, socket_last_error($s4));
var_dump(socket_getpeername($s6, $addr), $addr);
// IPv6 loopback connection.
$l6 = socket_create(AF_INET6, SOCK_STREAM, 0);
socket_bind($l6, '::1', 0);
socket_listen($l6);
socket_getsockname($l6, $laddr, $lport);
var_dump($laddr, $lport > 0);
$c6 = socket_create(AF_INET6, SOCK_STREAM, 0);
var_dump(socket_connect($c6, '::1', $lport));
$a6 = socket_accept($l6);
socket_getpeername($c6, $paddr, $pport);
var_dump($paddr, $pport === $lport);
socket_getpeername($a6, $qaddr, $qport);
socket_getsockname($c6, $caddr, $cport);
var_dump($qaddr, $qport === $cport);
// A dual-stack listener sees an IPv4 client as a v4-mapped address.
$dual = socket_create(AF_INET6, SOCK_STREAM, 0);
socket_bind($dual, '::', 0);
socket_listen($dual);
socket_getsockname($dual, $daddr, $dport);
var_dump($daddr);
$c4 = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
var_dump(socket_connect($c4, '127.0.0.1', $dport));
$d = socket_accept($dual);
socket_getpeername($d, $maddr);
socket_getsockname($d, $mself);
var_dump($maddr, $mself);
// Unix pairs have no names; the port is not touched.
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $pair);
$uport = 99;
var_dump(socket_getsockname($pair[0], $uaddr, $uport), $uaddr, $uport);
var_dump(socket_getpeername($pair[1], $uaddr, $uport), $uaddr, $uport);
// A unix client sees the server's path; the server sees an unnamed peer.
$dir = sys_get_temp_dir();
$srv = socket_create(AF_UNIX, SOCK_STREAM, 0);
socket_bind($srv, "$dir/names.sock");
socket_listen($srv);
$cli = socket_create(AF_UNIX, SOCK_STREAM, 0);
socket_connect($cli, "$dir/names.sock");
$acc = socket_accept($srv);
socket_getpeername($cli, $x);
socket_getpeername($acc, $y);
socket_getsockname($acc, $z);
var_dump(basename($x), $y, basename($z));
