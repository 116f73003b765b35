<?php
// Reads on nonblocking sockets: EAGAIN is false with code 11 on the socket and globally and no
// warning; PHP_NORMAL_READ after the peer closed returns the partial line, then "".
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
[$a, $b] = $p;
socket_set_nonblock($b);
var_dump(socket_read($b, 10), socket_last_error($b), socket_last_error());
socket_write($a, "data\n");
var_dump(socket_read($b, 10), socket_read($b, 10), socket_last_error($b));
socket_clear_error($b);
socket_clear_error();
socket_write($a, "line\nzz");
var_dump(socket_read($b, 100, PHP_NORMAL_READ));
socket_close($a);
var_dump(socket_read($b, 100, PHP_NORMAL_READ), socket_last_error($b));
var_dump(socket_read($b, 100, PHP_NORMAL_READ), socket_last_error($b));
var_dump(socket_read($b, 100), socket_last_error($b), socket_last_error());
// Writes that would block: fill the buffer, then false with code 11 and no warning.
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $q);
socket_set_nonblock($q[0]);
$chunk = str_repeat('x', 65536);
$total = 0;
for ($i = 0; $i < 1000; $i++) {
    $n = socket_write($q[0], $chunk);
    if ($n === false) {
        break;
    }
    $total += $n;
}
var_dump($n, $total > 0, socket_last_error($q[0]));
