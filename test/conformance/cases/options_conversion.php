<?php
// How socket_set_option() converts an int option's value (PHP 8.2's convert_to_long): booleans,
// numeric and non-numeric strings, null, arrays, floats; IP_MULTICAST_LOOP's bool conversion;
// IPv6 options and their ranges.
function caught(callable $f): void
{
    try {
        var_dump($f());
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}

$t = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
foreach ([true, false, '5', 'abc', '7 apples', null, [1], [], 3.9, '0x10', ' 12'] as $value) {
    echo var_export($value, true), ' -> ';
    $ok = socket_set_option($t, SOL_SOCKET, SO_RCVLOWAT, $value);
    var_dump($ok, socket_get_option($t, SOL_SOCKET, SO_RCVLOWAT));
}
$u = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
var_dump(socket_set_option($u, IPPROTO_IP, IP_MULTICAST_LOOP, 256), socket_get_option($u, IPPROTO_IP, IP_MULTICAST_LOOP));
var_dump(socket_set_option($u, IPPROTO_IP, IP_MULTICAST_TTL, '254'), socket_get_option($u, IPPROTO_IP, IP_MULTICAST_TTL));
caught(fn () => socket_set_option($u, IPPROTO_IP, IP_MULTICAST_TTL, -1));
$six = socket_create(AF_INET6, SOCK_DGRAM, 0);
var_dump(socket_get_option($six, IPPROTO_IPV6, IPV6_V6ONLY));
var_dump(socket_set_option($six, IPPROTO_IPV6, IPV6_V6ONLY, 1), socket_get_option($six, IPPROTO_IPV6, IPV6_V6ONLY));
var_dump(socket_set_option($six, IPPROTO_IPV6, IPV6_UNICAST_HOPS, 33), socket_get_option($six, IPPROTO_IPV6, IPV6_UNICAST_HOPS));
var_dump(socket_set_option($six, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, -1), socket_get_option($six, IPPROTO_IPV6, IPV6_MULTICAST_HOPS));
caught(fn () => socket_set_option($six, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, 256));
var_dump(socket_set_option($six, IPPROTO_IPV6, IPV6_TCLASS, 0x28), socket_get_option($six, IPPROTO_IPV6, IPV6_TCLASS));
var_dump(socket_set_option($six, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1), socket_get_option($six, IPPROTO_IPV6, IPV6_RECVPKTINFO));
// An IPv6 option on an IPv4 socket.
var_dump(socket_get_option($u, IPPROTO_IPV6, IPV6_V6ONLY), socket_last_error($u));
