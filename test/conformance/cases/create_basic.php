<?php
// socket_create(): every family with stream, datagram and seqpacket types; the failures warn and
// set only the global code; a new socket starts with error 0.
foreach ([AF_INET, AF_INET6, AF_UNIX] as $domain) {
    foreach ([SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET, SOCK_RAW] as $type) {
        echo "domain $domain type $type: ";
        $s = socket_create($domain, $type, 0);
        if ($s === false) {
            var_dump($s, socket_last_error());
            socket_clear_error();
            continue;
        }
        var_dump($s instanceof Socket, socket_last_error($s));
    }
}
$a = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
$b = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
var_dump($a, $b, $a === $b, $a == $a);
