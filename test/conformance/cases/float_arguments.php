<?php
// Floats given for int parameters: a fractional one is truncated with the deprecation
// "Implicit conversion from float <repr> to int loses precision", the float printed as PHP
// prints floats (1.0E-5, 5.0E-8, 1.0E+15 style); one outside the int range is a TypeError
// naming its type "float".
function caught(callable $f): void
{
    try {
        var_dump($f());
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}

foreach ([0.5, 1.5, -2.75, 0.1 + 0.2, 1e-5, 0.5e-7, 1.5e-300, 123456.789, 1e15 + 0.5, 2.5e14 + 0.25] as $f) {
    caught(fn () => socket_strerror($f));
}
foreach ([1e30, -1e30, 9.3e18, 1.8e308 * 10, -INF, NAN] as $f) {
    caught(fn () => socket_strerror($f));
}
caught(fn () => socket_strerror('1.5'));
caught(fn () => socket_strerror('1e-5'));
caught(fn () => socket_strerror('1e30'));
// Floats given as data are converted to strings as PHP converts them (precision 14).
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
foreach ([1.5, 0.1 + 0.2, 1e-5, 1e25, 123456789.12345678, -0.0] as $f) {
    socket_write($p[0], $f);
    var_dump(socket_read($p[1], 100));
}
