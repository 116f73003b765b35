<?php
// php-sockets-compare prelude, prepended to the PHP script with -d auto_prepend_file (the script
// itself is not edited). Prints what PHP would report as one line each, in the format the TS
// prelude uses: "Warning: socket_bind(): Unable to bind address [98]: Address already in use",
// "Deprecated: ...", "Uncaught ValueError: message", "Fatal error: message".
set_error_handler(static function (int $errno, string $errstr): bool {
    // What PHP would not display stays unprinted: PHP 8 calls the handler even for a call under
    // `@` (with error_reporting() masked to the fatal levels, 4437) and for levels the script
    // turned off. Returning false hands it to PHP's own handler, which records it for
    // error_get_last() and displays nothing, as without the prelude.
    if (!(error_reporting() & $errno)) {
        return false;
    }
    $label = match ($errno) {
        E_WARNING, E_USER_WARNING, E_CORE_WARNING, E_COMPILE_WARNING => 'Warning',
        E_NOTICE, E_USER_NOTICE => 'Notice',
        E_DEPRECATED, E_USER_DEPRECATED => 'Deprecated',
        default => 'Error',
    };
    echo "$label: $errstr\n";
    return true;
});
set_exception_handler(static function (Throwable $e): void {
    echo 'Uncaught ', get_class($e), ': ', $e->getMessage(), "\n";
    exit(255);
});
register_shutdown_function(static function (): void {
    $e = error_get_last();
    if ($e !== null && ($e['type'] & (E_ERROR | E_PARSE | E_CORE_ERROR | E_COMPILE_ERROR | E_USER_ERROR))) {
        echo 'Fatal error: ', $e['message'], "\n";
    }
});
