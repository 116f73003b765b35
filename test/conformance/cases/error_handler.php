<?php
// Warnings go through set_error_handler(): a handler gets (E_WARNING, "fn(): text") and returns
// true to swallow it; restore_error_handler() goes back to the previous one (the harness's);
// a handler registered for other levels does not see warnings; returning false hands the
// warning to the default display (stderr here, so nothing is printed to the transcript).
$s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
$previous = set_error_handler(function (int $no, string $str): bool {
    echo "handler got [$no] $str\n";
    return true;
});
var_dump($previous instanceof Closure);
var_dump(socket_getpeername($s, $a));
var_dump(socket_read($s, null));
var_dump(restore_error_handler());
var_dump(socket_getpeername($s, $a));
set_error_handler(function (int $no, string $str): bool {
    echo "deprecations only: $str\n";
    return true;
}, E_DEPRECATED);
var_dump(socket_getpeername($s, $a), socket_strerror(null));
restore_error_handler();
set_error_handler(function (int $no, string $str): bool {
    echo "declined: $str\n";
    return false;
});
var_dump(socket_getpeername($s, $a));
restore_error_handler();
var_dump(E_WARNING, E_NOTICE, E_DEPRECATED, E_ALL);
echo "done\n";
