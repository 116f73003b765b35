<?php
// Host names in bind/connect: resolved through the system (localhost from /etc/hosts), numeric
// forms inet_aton accepts ("1.2.3"), and the failures "Host lookup failed [-10000 - h_errno]" on
// the socket and globally. No DNS query leaves the machine: every failing name fails locally.
$cases = [
    [AF_INET, 'localhost'], [AF_INET, '127.1'], [AF_INET, '1.2.3'], [AF_INET, '::1'], [AF_INET, ''],
    [AF_INET, '999.1.1.1'], [AF_INET, str_repeat('a', 300)], [AF_INET6, 'localhost'], [AF_INET6, '::1'],
    [AF_INET6, '127.0.0.1'], [AF_INET6, ''], [AF_INET6, '::1%1'], [AF_INET6, 'fe80::1%1'],
];
foreach ($cases as [$family, $host]) {
    $s = socket_create($family, SOCK_DGRAM, 0);
    echo ($family === AF_INET ? 'AF_INET ' : 'AF_INET6'), ' bind ', strlen($host) > 40 ? substr($host, 0, 10) . '...' : var_export($host, true), ': ';
    $r = socket_bind($s, $host, 0);
    var_dump($r);
    if ($r) {
        socket_getsockname($s, $addr);
        echo "  bound to $addr\n";
    }
    echo '  codes: ', socket_last_error($s), ' ', socket_last_error(), "\n";
    socket_clear_error();
}
$c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
var_dump(socket_connect($c, '', 80), socket_last_error($c));
var_dump(socket_connect($c, '::1', 80), socket_last_error($c));
$l = socket_create_listen(0);
socket_getsockname($l, $a, $port);
var_dump(socket_connect($c, 'localhost', $port));
