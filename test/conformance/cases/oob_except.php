<?php
// Out-of-band data: socket_send(MSG_OOB) makes the receiver ready in socket_select's except
// set; socket_recv(MSG_OOB) reads the urgent byte; the ordinary bytes around it read as usual.
$l = socket_create_listen(0);
socket_getsockname($l, $addr, $port);
$c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_connect($c, '127.0.0.1', $port);
$s = socket_accept($l);
$r = $w = null;
$e = [$s];
var_dump(socket_select($r, $w, $e, 0), count($e));
var_dump(socket_send($c, 'ab', 2, 0), socket_send($c, '!', 1, MSG_OOB), socket_send($c, 'cd', 2, 0));
$r = null;
$e = ['urgent' => $s];
var_dump(socket_select($r, $w, $e, 5), array_keys($e));
var_dump(socket_recv($s, $buf, 1, MSG_OOB), $buf);
var_dump(socket_recv($s, $buf, 1, MSG_OOB), $buf, socket_last_error($s));
$all = '';
while (strlen($all) < 4) {
    socket_recv($s, $buf, 10, 0);
    $all .= $buf;
}
var_dump($all);
