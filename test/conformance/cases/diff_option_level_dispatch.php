<?php
// DELIBERATE DIFFERENCE (docs/differences.md, options): PHP 8.2 picks socket_set_option()'s value
// shape by the option number alone, so TCP_NOTSENT_LOWAT (25, like SO_BINDTODEVICE) is sent as
// an empty string and fails [22], and SOL_TCP option 20 (like SO_RCVTIMEO) demands an array.
// php-sockets applies the SO_* shapes only at SOL_SOCKET. The expected TS transcript is in
// diff_option_level_dispatch.expected-ts.txt.
$t = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
var_dump(socket_set_option($t, SOL_TCP, TCP_NOTSENT_LOWAT, 16384));
var_dump(socket_get_option($t, SOL_TCP, TCP_NOTSENT_LOWAT));
try {
    var_dump(socket_set_option($t, SOL_TCP, 20, 1));
} catch (ValueError $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
