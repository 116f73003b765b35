<?php
// socket_read() with PHP_NORMAL_READ: one line per call, the terminator ("\n" or "\r") kept,
// "\r\n" split in two, the length limit counting the terminator, NULs kept; on a blocking socket
// whose peer closed, false with [104] and the partial line dropped.
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
[$a, $b] = $p;
socket_write($a, "abc\ndef\r\nx\n\r\0nul\0\nabcdefgh\nz\n");
for ($i = 0; $i < 6; $i++) {
    var_dump(socket_read($b, 100, PHP_NORMAL_READ));
}
var_dump(socket_read($b, 3, PHP_NORMAL_READ), socket_read($b, 3, PHP_NORMAL_READ), socket_read($b, 100, PHP_NORMAL_READ));
var_dump(socket_read($b, 2, PHP_NORMAL_READ));
socket_write($a, "pq\n");
var_dump(socket_read($b, 1, PHP_NORMAL_READ), socket_read($b, 1, PHP_NORMAL_READ), socket_read($b, 1, PHP_NORMAL_READ));
// A partial line, then the peer closes.
socket_write($a, "partial");
socket_close($a);
var_dump(socket_read($b, 100, PHP_NORMAL_READ), socket_last_error($b));
var_dump(socket_read($b, 100, PHP_NORMAL_READ));
var_dump(socket_read($b, 100), socket_last_error($b));
