<?php
// What socket_write()/socket_send() accept as data, and byte-exact round trips: a substring
// (the port passes a Buffer view), NUL and high bytes, and a 1 MiB transfer through a
// nonblocking pair, alternating partial writes and reads.
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
[$a, $b] = $p;
var_dump(socket_write($a, substr('abcdefg', 2, 3)), socket_read($b, 10));
var_dump(socket_send($a, "\x00\x80\xff", 3, 0), bin2hex(socket_read($b, 10)));
var_dump(socket_write($a, "caf\xc3\xa9"), socket_read($b, 10));
$data = '';
for ($i = 0; $i < 1048576; $i++) {
    $data .= chr(($i * 7 + ($i >> 8)) & 0xff);
}
socket_set_nonblock($a);
socket_set_nonblock($b);
$sent = 0;
$received = '';
$rounds = 0;
while (strlen($received) < strlen($data) && $rounds++ < 100000) {
    if ($sent < strlen($data)) {
        $n = socket_write($a, substr($data, $sent, 65536));
        if ($n !== false) {
            $sent += $n;
        }
    }
    $chunk = socket_read($b, 65536);
    if ($chunk !== false) {
        $received .= $chunk;
    }
}
var_dump($sent, strlen($received), $received === $data, md5($received));
