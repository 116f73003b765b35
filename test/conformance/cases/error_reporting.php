<?php
// error_reporting(), @ and trigger_error()/user_error(): what a handler sees, and what they return.
error_reporting(E_ALL);
var_dump(error_reporting(), E_USER_ERROR, E_USER_WARNING, E_USER_NOTICE, E_USER_DEPRECATED, E_STRICT);
set_error_handler(function (int $no, string $str): bool {
    echo "handler [$no] $str (error_reporting ", error_reporting(), ")\n";
    return true;
});
$s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
var_dump(@socket_connect($s, '127.0.0.1', 1));
var_dump(socket_connect($s, '127.0.0.1', 1));
var_dump(@socket_strerror(null));
var_dump(trigger_error('a notice'));
var_dump(@trigger_error('a warning', E_USER_WARNING));
var_dump(user_error('deprecated', E_USER_DEPRECATED));
var_dump(trigger_error('handled fatal', E_USER_ERROR));
foreach ([E_WARNING, 0, 99] as $level) {
    try {
        trigger_error('x', $level);
    } catch (ValueError $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}
var_dump(error_reporting(E_ALL & ~E_NOTICE), error_reporting());
var_dump(@error_reporting(E_WARNING), error_reporting());
var_dump(error_reporting(0), @socket_connect($s, '127.0.0.1', 1), error_reporting());
