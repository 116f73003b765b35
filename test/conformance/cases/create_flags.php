<?php
// PHP 8.2 refuses type flags OR'ed into $type (SOCK_NONBLOCK 2048, SOCK_CLOEXEC 524288, allowed
// from PHP 8.4): any type above 10 is a ValueError, and negative types reach socket(2) [22].
function caught(callable $f): void
{
    try {
        $r = $f();
        var_dump($r instanceof Socket ? 'Socket' : $r);
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}

caught(fn () => socket_create(AF_INET, SOCK_STREAM | 2048, 0));
caught(fn () => socket_create(AF_UNIX, SOCK_DGRAM | 524288, 0));
$pair = [];
caught(fn () => socket_create_pair(AF_UNIX, SOCK_STREAM | 2048, 0, $pair));
caught(fn () => socket_create(AF_INET, 6, 0));
caught(fn () => socket_create(AF_INET, 0, 0));
caught(fn () => socket_create(AF_INET, -2048, 0));
caught(fn () => socket_create(AF_UNIX, 0, 0));
caught(fn () => socket_create(AF_INET6, SOCK_DGRAM, 0));
caught(fn () => socket_create(-1, SOCK_STREAM, 0));
caught(fn () => socket_create(17, SOCK_DGRAM, 0));
