<?php
// A nonblocking listener drained in a loop: every pending connection accepted in order, then
// false with code 11 (EAGAIN) and no warning; the accepted sockets are distinct, each connected
// to its own client.
$l = socket_create_listen(0, 10);
socket_getsockname($l, $addr, $port);
socket_set_nonblock($l);
$clients = [];
for ($i = 0; $i < 4; $i++) {
    $c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
    socket_connect($c, '127.0.0.1', $port);
    socket_write($c, "client $i\n");
    $clients[] = $c;
}
$accepted = [];
for ($i = 0; $i < 10; $i++) {
    $s = socket_accept($l);
    if ($s === false) {
        echo "accept $i: false, code ", socket_last_error(), "\n";
        break;
    }
    $accepted[] = $s;
    echo "accept $i: ", trim(socket_read($s, 100, PHP_NORMAL_READ)), "\n";
}
var_dump(count($accepted), $accepted[0] === $accepted[1]);
foreach ($accepted as $i => $s) {
    socket_write($s, "hello $i");
}
foreach ($clients as $i => $c) {
    echo "client $i got: ", socket_read($c, 100), "\n";
}
