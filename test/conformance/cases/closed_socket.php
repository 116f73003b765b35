<?php
// A closed Socket: the object survives (var_dump shows it), and every function given it throws
// Error "Argument #1 ($socket) has already been closed", including a second socket_close().
function caught(callable $f): void
{
    try {
        var_dump($f());
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}

$s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_close($s);
var_dump($s, (bool) $s, $s instanceof Socket);
caught(fn () => socket_close($s));
caught(fn () => socket_bind($s, '127.0.0.1', 0));
caught(fn () => socket_listen($s));
caught(fn () => socket_accept($s));
caught(fn () => socket_connect($s, '127.0.0.1', 1));
caught(fn () => socket_read($s, 10));
caught(fn () => socket_write($s, 'x'));
caught(fn () => socket_shutdown($s));
caught(fn () => socket_getsockname($s, $a));
caught(fn () => socket_getpeername($s, $a));
caught(fn () => socket_set_block($s));
caught(fn () => socket_set_nonblock($s));
caught(fn () => socket_last_error($s));
caught(fn () => socket_clear_error($s));
// Closing one end of a pair leaves the other usable.
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
socket_close($p[0]);
caught(fn () => socket_write($p[0], 'x'));
caught(fn () => socket_read($p[1], 10));
caught(fn () => socket_last_error($p[1]));
// socket_close() returns nothing.
caught(fn () => socket_close($p[1]));
