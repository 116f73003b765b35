<?php
// socket_send() / socket_recv(): flags (MSG_PEEK, MSG_DONTWAIT, MSG_WAITALL), $data set to null at
// EOF or on error, untouched for a length <= 0, and the capitalised "Unable to ..." warnings.
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
[$a, $b] = $p;
var_dump(socket_send($a, 'hello world', 5, 0));
var_dump(socket_recv($b, $buf, 100, MSG_PEEK), $buf);
var_dump(socket_recv($b, $buf, 3, 0), $buf);
var_dump(socket_recv($b, $buf, 100, 0), $buf);
var_dump(socket_send($a, 'abc', 100, 0), socket_recv($b, $buf, 10, 0), $buf);
var_dump(socket_send($a, '', 0, 0));
// Nothing queued: MSG_DONTWAIT fails with code 11, no warning, and $data becomes null.
$buf = 'old';
var_dump(socket_recv($b, $buf, 10, MSG_DONTWAIT), $buf, socket_last_error($b));
// length <= 0: false, $data untouched.
$buf = 'kept';
var_dump(socket_recv($b, $buf, 0, 0), $buf);
try {
    socket_send($a, 'x', -1, 0);
} catch (ValueError $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
try {
    socket_send($a, 'x');
} catch (ArgumentCountError $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
// MSG_WAITALL returns short at EOF; then EOF is 0 with $data null.
socket_send($a, 'abc', 3, 0);
socket_close($a);
var_dump(socket_recv($b, $buf, 10, MSG_WAITALL), $buf);
var_dump(socket_recv($b, $buf, 10, 0), $buf);
// Errors: an unconnected TCP socket.
$t = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
var_dump(socket_recv($t, $buf, 10, 0), $buf, socket_last_error($t));
var_dump(socket_send($t, 'x', 1, 0), socket_last_error($t));
var_dump(socket_send($b, 'x', 1, MSG_NOSIGNAL), socket_last_error($b));
