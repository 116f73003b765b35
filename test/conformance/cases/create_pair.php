<?php
// socket_create_pair(): AF_UNIX pairs of each type; AF_INET fails with [95] and leaves $pair
// untouched; a non-array $pair is replaced.
foreach ([SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET] as $type) {
    $pair = 'old value';
    var_dump(socket_create_pair(AF_UNIX, $type, 0, $pair));
    var_dump($pair);
    var_dump(socket_write($pair[0], "ping $type"), socket_read($pair[1], 100));
    var_dump(socket_write($pair[1], "pong"), socket_read($pair[0], 100));
}
$untouched = ['keep'];
var_dump(socket_create_pair(AF_INET, SOCK_STREAM, 0, $untouched), $untouched);
var_dump(socket_last_error());
var_dump(socket_create_pair(AF_INET6, SOCK_DGRAM, 0, $untouched), socket_last_error());
var_dump(socket_create_pair(AF_UNIX, SOCK_STREAM, 99, $untouched), socket_last_error());
try {
    socket_create_pair(AF_UNIX, 42, 0, $untouched);
} catch (ValueError $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
try {
    socket_create_pair(7, SOCK_STREAM, 0, $untouched);
} catch (ValueError $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
var_dump($untouched);
