<?php
// A request/response loop over TCP loopback, as a protocol client and server in one script:
// 200 length-prefixed messages of growing size, each echoed back upper-cased, reads looping
// until whole (socket_recv with MSG_WAITALL for the header, socket_read for the body).
$l = socket_create_listen(0);
socket_getsockname($l, $addr, $port);
$c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_connect($c, '127.0.0.1', $port);
$s = socket_accept($l);
socket_set_option($c, SOL_TCP, TCP_NODELAY, 1);
function read_exactly(Socket $sock, int $n): string
{
    $data = '';
    while (strlen($data) < $n) {
        $chunk = socket_read($sock, $n - strlen($data));
        if ($chunk === '' || $chunk === false) {
            return $data;
        }
        $data .= $chunk;
    }
    return $data;
}
$total = 0;
$digest = '';
for ($i = 1; $i <= 200; $i++) {
    $msg = str_repeat(chr(97 + $i % 26), $i * 37 % 5000 + 1);
    socket_write($c, pack('N', strlen($msg)) . $msg);
    socket_recv($s, $header, 4, MSG_WAITALL);
    $len = unpack('N', $header)[1];
    $body = read_exactly($s, $len);
    socket_write($s, strtoupper($body));
    $reply = read_exactly($c, $len);
    $total += strlen($reply);
    $digest = md5($digest . $reply);
    if ($i % 50 === 0) {
        echo "$i messages, $total bytes, ", substr($reply, 0, 3), ", $digest\n";
    }
}
socket_shutdown($c, 1);
var_dump(socket_read($s, 10));
