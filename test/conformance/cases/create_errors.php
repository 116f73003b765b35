<?php
// socket_create() failures: ValueErrors for the domain and type, then socket(2) errors with the
// [G] warning "Unable to create socket [errno]: text" and only the global code set.
function caught(callable $f): void
{
    try {
        var_dump($f());
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}

caught(fn () => socket_create(99, SOCK_STREAM, 0));
caught(fn () => socket_create(AF_INET, 11, 0));
caught(fn () => socket_create(AF_INET, SOCK_STREAM));
caught(fn () => socket_create(AF_INET, SOCK_STREAM, 0, 1));
caught(fn () => socket_create('x', SOCK_STREAM, 0));
caught(fn () => socket_create(AF_INET, SOCK_STREAM, [1]));
caught(fn () => socket_create(AF_INET, SOCK_STREAM, '6abc'));
$ok = socket_create(AF_INET, SOCK_STREAM, 0);
foreach ([[AF_INET, SOCK_STREAM, 99], [AF_INET, -1, 0], [AF_INET, SOCK_RDM, 0], [AF_UNIX, SOCK_STREAM, 6], [AF_INET6, SOCK_DGRAM, SOL_TCP]] as [$d, $t, $p]) {
    var_dump(socket_create($d, $t, $p));
    $code = socket_last_error();
    echo "global $code: ", socket_strerror($code), "; socket: ", socket_last_error($ok), "\n";
}
socket_clear_error();
var_dump(socket_last_error());
