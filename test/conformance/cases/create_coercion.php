<?php
// PHP's coercive parameter parsing on socket_create(): numeric strings, null (deprecated),
// fractional floats (deprecated, then truncated), booleans.
function caught(callable $f): void
{
    try {
        $r = $f();
        var_dump($r instanceof Socket ? 'Socket' : $r);
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}

caught(fn () => socket_create(AF_INET, SOCK_STREAM, null));
caught(fn () => socket_create('2', '1', '6'));
caught(fn () => socket_create(' 2', "1\n", '0 '));
caught(fn () => socket_create(AF_INET, SOCK_STREAM, 1.5));
caught(fn () => socket_create(2.0, 1.0, 0.0));
caught(fn () => socket_create(true, SOCK_STREAM, 0));
caught(fn () => socket_create(AF_INET, SOCK_STREAM, '1e1'));
caught(fn () => socket_create(AF_INET, SOCK_STREAM, NAN));
caught(fn () => socket_create(AF_INET, SOCK_STREAM, '0x1A'));
caught(fn () => socket_create(AF_INET, SOCK_STREAM, ''));
caught(fn () => socket_strerror(1.5));
caught(fn () => socket_strerror('11'));
caught(fn () => socket_strerror(' 11 '));
