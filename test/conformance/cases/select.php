<?php
// socket_select(): ready sockets kept with their keys, the count of ready bits (a socket ready
// for reading and writing counts twice), a timeout empties the arrays, null stays null, and
// the misuse errors.
function caught(callable $f): void
{
    try {
        var_dump($f());
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}

socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $q);
[$a, $b] = $p;
[$c, $d] = $q;
// Nothing readable: a zero timeout returns 0 and empties the array.
$r = ['first' => $b, 'second' => $d];
$w = null;
$e = null;
var_dump(socket_select($r, $w, $e, 0), $r, $w);
// $d readable: only its key remains.
socket_write($c, 'x');
$r = ['first' => $b, 'second' => $d];
var_dump(socket_select($r, $w, $e, 0), $r);
$r = [5 => $b, 9 => $d];
var_dump(socket_select($r, $w, $e, 1), $r);
// Readable and writable: counted twice.
$r = [$d];
$w = [$d];
var_dump(socket_select($r, $w, $e, 0, 0), count($r), count($w));
// Writable sockets, keys kept; a duplicate is kept twice.
$r = null;
$w = ['x' => $a, 'y' => $b, 'z' => $a];
var_dump(socket_select($r, $w, $e, 0), array_keys($w));
// A peer that closed is readable (EOF).
socket_close($a);
$r = ['b' => $b, 'd' => $d];
$w = null;
var_dump(socket_select($r, $w, $e, 0), array_keys($r));
// A listening socket with a pending connection is readable.
$l = socket_create_listen(0);
socket_getsockname($l, $addr, $port);
$r = [$l];
var_dump(socket_select($r, $w, $e, 0, 1000));
$cl = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_connect($cl, '127.0.0.1', $port);
$r = [$l];
var_dump(socket_select($r, $w, $e, 0, 500000), count($r));
// Microseconds carry into seconds; a negative timeout fails with [22] and leaves the arrays.
$r = [$d];
var_dump(socket_select($r, $w, $e, 0, 1500000), count($r));
$r = [$b];
var_dump(socket_select($r, $w, $e, -1), count($r), socket_last_error());
var_dump(socket_select($r, $w, $e, 0, -1), socket_last_error());
// Misuse.
$none = null;
$empty = [];
caught(fn () => socket_select($none, $none, $none, 0));
caught(fn () => socket_select($empty, $none, $empty, 0));
$bad = [$b, 'not a socket'];
caught(fn () => socket_select($bad, $none, $none, 0));
$bad = [1 => $b, 2 => 42];
caught(fn () => socket_select($none, $bad, $none, 0));
$closed = [$a];
caught(fn () => socket_select($closed, $none, $none, 0));
$r = [$b];
caught(fn () => socket_select($r, $none, $none, 'x'));
caught(fn () => socket_select($r, $none, $none));
