<?php
// socket_read() in PHP_BINARY_READ mode and socket_write() over a stream pair: partial reads,
// length clamping, zero lengths, binary bytes, EOF as "".
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
[$a, $b] = $p;
var_dump(socket_write($a, 'hello'));
var_dump(socket_read($b, 2), socket_read($b, 10));
var_dump(socket_write($a, 'abcdef', 3), socket_read($b, 100));
var_dump(socket_write($a, 'xyz', 100), socket_read($b, 100));
var_dump(socket_write($a, 'xyz', 0), socket_write($a, ''));
var_dump(socket_write($a, "\x00\x01\xfe\xff\r\n"));
$bytes = socket_read($b, 100);
var_dump($bytes, strlen($bytes), bin2hex($bytes));
$all = '';
for ($i = 0; $i < 256; $i++) {
    $all .= chr($i);
}
var_dump(socket_write($a, $all));
$got = '';
while (strlen($got) < 256) {
    $got .= socket_read($b, 1000);
}
var_dump($got === $all, md5($got));
var_dump(socket_write($a, 12345), socket_read($b, 100, PHP_BINARY_READ));
var_dump(socket_write($a, 1.5), socket_read($b, 100, 0));
var_dump(socket_write($a, true), socket_read($b, 100, 99));
// Length <= 0: false without a warning or error code.
socket_clear_error();
var_dump(socket_read($b, 0), socket_read($b, -5), socket_last_error($b), socket_last_error());
try {
    socket_write($a, 'x', -1);
} catch (ValueError $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
// EOF: the peer closes.
socket_write($a, 'last');
socket_close($a);
var_dump(socket_read($b, 100), socket_read($b, 100), socket_read($b, 100));
var_dump(socket_last_error($b));
