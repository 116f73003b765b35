<?php
// socket_select() waiting: with $seconds null it waits until a socket is ready (here one already
// is); a short timeout with nothing ready returns 0 after about that long; a datagram socket is
// writable at once; a socket in two arrays is reported in both.
socket_create_pair(AF_UNIX, SOCK_DGRAM, 0, $p);
[$a, $b] = $p;
socket_write($a, 'ready');
$r = [$b];
$w = $e = null;
var_dump(socket_select($r, $w, $e, null), count($r));
$r = [$a];
$t0 = microtime(true);
var_dump(socket_select($r, $w, $e, 0, 200000), $r);
$elapsed = microtime(true) - $t0;
var_dump($elapsed >= 0.15, $elapsed < 5);
$r = ['reader' => $b];
$w = ['writer' => $a, 'both' => $b];
var_dump(socket_select($r, $w, $e, 1), array_keys($r), array_keys($w));
var_dump(socket_read($b, 100));
$r = [$a, $b];
$w = null;
var_dump(socket_select($r, $w, $e, 0, 999999));
