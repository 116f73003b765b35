<?php
// Multicast options on a UDP socket: IP_MULTICAST_IF by interface name or index (read back as an
// index), MCAST_JOIN_GROUP / MCAST_LEAVE_GROUP on the loopback interface, a second join [98], a
// unicast group [22], a missing key (ValueError), and an unknown interface name (warning).
function caught(callable $f): void
{
    try {
        var_dump($f());
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}

$u = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
var_dump(socket_get_option($u, IPPROTO_IP, IP_MULTICAST_IF));
var_dump(socket_set_option($u, IPPROTO_IP, IP_MULTICAST_IF, 'lo'), socket_get_option($u, IPPROTO_IP, IP_MULTICAST_IF));
var_dump(socket_set_option($u, IPPROTO_IP, IP_MULTICAST_IF, 0), socket_get_option($u, IPPROTO_IP, IP_MULTICAST_IF));
var_dump(socket_set_option($u, IPPROTO_IP, IP_MULTICAST_IF, 'nosuch0'), socket_last_error($u));
var_dump(socket_set_option($u, IPPROTO_IP, MCAST_JOIN_GROUP, ['group' => '239.1.2.3', 'interface' => 'lo']));
var_dump(socket_set_option($u, IPPROTO_IP, MCAST_JOIN_GROUP, ['group' => '239.1.2.3', 'interface' => 'lo']), socket_last_error($u));
var_dump(socket_set_option($u, IPPROTO_IP, MCAST_LEAVE_GROUP, ['group' => '239.1.2.3', 'interface' => 'lo']));
var_dump(socket_set_option($u, IPPROTO_IP, MCAST_JOIN_GROUP, ['group' => '127.0.0.1', 'interface' => 'lo']), socket_last_error($u));
caught(fn () => socket_set_option($u, IPPROTO_IP, MCAST_JOIN_GROUP, ['interface' => 'lo']));
caught(fn () => socket_set_option($u, IPPROTO_IP, MCAST_JOIN_GROUP, 'x'));
caught(fn () => socket_set_option($u, IPPROTO_IP, MCAST_BLOCK_SOURCE, ['group' => '239.1.2.3']));
var_dump(socket_set_option($u, IPPROTO_IP, MCAST_JOIN_GROUP, ['group' => '239.1.2.3', 'interface' => 'nosuch0']));
