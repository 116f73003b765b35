<?php
// socket_sendto() / socket_recvfrom() on UDP (IPv4 and IPv6) and unix datagram sockets: the
// sender's address and port, failures leaving every by-reference argument untouched, PHP 8.2's
// "unable to recvfrom" (lower case) on AF_INET6, the 16-bit port wrap, and the argument rules.
function caught(callable $f): void
{
    try {
        var_dump($f());
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}

$srv = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
socket_bind($srv, '127.0.0.1', 0);
socket_getsockname($srv, $addr, $port);
$cli = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
socket_bind($cli, '127.0.0.1', 0);
socket_getsockname($cli, $caddr, $cport);
var_dump(socket_sendto($cli, 'datagram one', 100, 0, '127.0.0.1', $port));
var_dump(socket_sendto($cli, 'datagram two', 8, 0, 'localhost', $port + 65536));
var_dump(socket_recvfrom($srv, $buf, 100, 0, $from, $fromPort), $buf, $from, $fromPort === $cport);
var_dump(socket_recvfrom($srv, $buf, 100, MSG_PEEK, $from, $fromPort), $buf);
var_dump(socket_recvfrom($srv, $buf, 3, 0, $from, $fromPort), $buf);
var_dump(socket_sendto($cli, '', 0, 0, '127.0.0.1', $port), socket_recvfrom($srv, $buf, 10, 0, $from, $fromPort), $buf);
$buf = 'untouched';
$from = 'untouched';
$fromPort = -1;
var_dump(socket_recvfrom($srv, $buf, 10, MSG_DONTWAIT, $from, $fromPort), $buf, $from, $fromPort, socket_last_error($srv));
var_dump(socket_recvfrom($srv, $buf, 0, 0, $from, $fromPort), $buf);
caught(fn () => socket_recvfrom($srv, $buf, 10, 0, $from));
caught(fn () => socket_sendto($cli, 'x', 1, 0, '127.0.0.1'));
caught(fn () => socket_sendto($cli, 'x', -1, 0, '127.0.0.1', $port));
var_dump(socket_sendto($cli, 'x', 1, 0, '', $port), socket_last_error($cli));
// IPv6.
$s6 = socket_create(AF_INET6, SOCK_DGRAM, 0);
socket_bind($s6, '::1', 0);
socket_getsockname($s6, $a6, $p6);
$c6 = socket_create(AF_INET6, SOCK_DGRAM, 0);
var_dump(socket_sendto($c6, 'six', 3, 0, '::1', $p6));
var_dump(socket_recvfrom($s6, $buf, 100, 0, $from, $fromPort), $buf, $from);
var_dump(socket_recvfrom($s6, $buf, 100, MSG_DONTWAIT, $from, $fromPort), socket_last_error($s6));
// Unix datagrams: the sender's path, or "" when it has none; the port is not touched.
$dir = sys_get_temp_dir();
$us = socket_create(AF_UNIX, SOCK_DGRAM, 0);
socket_bind($us, "$dir/server.sock");
$uc = socket_create(AF_UNIX, SOCK_DGRAM, 0);
var_dump(socket_sendto($uc, 'from nobody', 100, 0, "$dir/server.sock"));
$uport = 7;
var_dump(socket_recvfrom($us, $buf, 100, 0, $from, $uport), $buf, $from, $uport);
socket_bind($uc, "$dir/client.sock");
var_dump(socket_sendto($uc, 'from a path', 100, 0, "$dir/server.sock", 1234));
var_dump(socket_recvfrom($us, $buf, 100, 0, $from), $buf, basename($from));
var_dump(socket_sendto($uc, 'nowhere', 7, 0, "$dir/missing.sock"), socket_last_error($uc));
var_dump(socket_recvfrom($us, $buf, 100, MSG_DONTWAIT, $from), socket_last_error($us));
// Receive errors name the function in two spellings, as PHP 8.2 does.
$t4 = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
var_dump(socket_recvfrom($t4, $buf, 10, 0, $from, $fromPort), socket_last_error($t4));
$t6 = socket_create(AF_INET6, SOCK_STREAM, 0);
var_dump(socket_recvfrom($t6, $buf, 10, 0, $from, $fromPort), socket_last_error($t6));
