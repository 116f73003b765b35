<?php
// DELIBERATE DIFFERENCE (docs/differences.md): PHP_NORMAL_READ on a nonblocking socket without a
// complete line. PHP 8.2 busy-loops at 100% CPU until a line ending or EOF arrives (here: never,
// so an alarm kills it after a second); php-sockets returns what it has read (or false with
// EAGAIN, code 11, no warning, when nothing is queued). The expected TS transcript is in
// diff_normal_read_nonblocking.expected-ts.txt.
if (function_exists('pcntl_alarm')) {
    pcntl_alarm(1);
}
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
[$a, $b] = $p;
socket_set_nonblock($b);
socket_write($a, "no newline yet");
echo "reading a partial line\n";
var_dump(socket_read($b, 100, PHP_NORMAL_READ), socket_last_error($b));
echo "reading with nothing queued\n";
var_dump(socket_read($b, 100, PHP_NORMAL_READ), socket_last_error($b));
socket_write($a, " - and the rest\n");
var_dump(socket_read($b, 100, PHP_NORMAL_READ));
