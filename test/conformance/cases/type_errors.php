<?php
// Misuse: wrong types and counts throw TypeError / ArgumentCountError / ValueError with PHP's
// texts; null for scalar parameters is deprecated and coerced.
function caught(callable $f): void
{
    try {
        var_dump($f());
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}

$s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
caught(fn () => socket_read('socket', 10));
caught(fn () => socket_read(42, 10));
caught(fn () => socket_read(null, 10));
caught(fn () => socket_read([], 10));
caught(fn () => socket_read(new stdClass(), 10));
caught(fn () => socket_read());
caught(fn () => socket_read($s));
caught(fn () => socket_read($s, 'ten'));
caught(fn () => socket_read($s, 10, 1, 2));
caught(fn () => socket_write($s, []));
caught(fn () => socket_write($s, 'x', 'y'));
caught(fn () => socket_bind($s, []));
caught(fn () => socket_last_error('x'));
caught(fn () => socket_last_error(1));
caught(fn () => socket_last_error($s, 1));
caught(fn () => socket_clear_error(false));
caught(fn () => socket_strerror());
caught(fn () => socket_strerror('abc'));
caught(fn () => socket_strerror(2147483648));
caught(fn () => socket_strerror(-2147483649));
caught(fn () => socket_close());
caught(fn () => socket_accept($s, 1));
caught(fn () => socket_listen($s, 'x'));
caught(fn () => socket_shutdown($s, '1x'));
caught(fn () => socket_getsockname($s));
caught(fn () => socket_set_nonblock());
caught(fn () => socket_create_listen('port'));
caught(fn () => socket_create_listen(0, 1, 2));
caught(fn () => socket_create_pair(AF_UNIX, SOCK_STREAM, 0));
caught(fn () => socket_connect($s, []));
caught(fn () => socket_connect($s, '127.0.0.1', 'x'));
// null for a scalar parameter: deprecated, then coerced.
caught(fn () => socket_read($s, null));
caught(fn () => socket_write($s, null));
caught(fn () => socket_bind($s, null));
caught(fn () => socket_shutdown($s, null));
caught(fn () => socket_strerror(null));
