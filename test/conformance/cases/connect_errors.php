<?php
// socket_connect(): refused [111], a missing unix path [2], a non-socket file [111], already
// connected [106], and the ValueErrors for a null port and a long unix path.
function caught(callable $f): void
{
    try {
        var_dump($f());
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}

// A port nothing listens on: bind one, then close it.
$tmp = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_bind($tmp, '127.0.0.1', 0);
socket_getsockname($tmp, $a, $closedPort);
socket_close($tmp);
$s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
var_dump(socket_connect($s, '127.0.0.1', $closedPort), socket_last_error($s), socket_last_error());

$l = socket_create_listen(0);
socket_getsockname($l, $a, $port);
$c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
var_dump(socket_connect($c, '127.0.0.1', $port));
var_dump(socket_connect($c, '127.0.0.1', $port), socket_last_error($c));

$dir = sys_get_temp_dir();
$un = socket_create(AF_UNIX, SOCK_STREAM, 0);
var_dump(socket_connect($un, "$dir/missing.sock"), socket_last_error($un));
file_put_contents("$dir/plain-file", "x");
var_dump(socket_connect($un, "$dir/plain-file"), socket_last_error($un));
caught(fn () => socket_connect($un, str_repeat('p', 108)));
caught(fn () => socket_connect($s, '127.0.0.1'));
caught(fn () => socket_connect($s, '127.0.0.1', null));
caught(fn () => socket_connect(socket_create(AF_INET6, SOCK_STREAM, 0), '::1'));
// A unix socket ignores the port.
$ul = socket_create(AF_UNIX, SOCK_STREAM, 0);
socket_bind($ul, "$dir/listen.sock");
socket_listen($ul);
$uc = socket_create(AF_UNIX, SOCK_STREAM, 0);
var_dump(socket_connect($uc, "$dir/listen.sock", 1234));
// A datagram socket connected to a closed port: the refusal arrives on the next read.
$d = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
var_dump(socket_connect($d, '127.0.0.1', $closedPort));
var_dump(socket_write($d, 'anyone?'), socket_read($d, 100), socket_last_error($d));
