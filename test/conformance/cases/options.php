<?php
// socket_get_option() / socket_set_option() (and the aliases socket_getopt / socket_setopt):
// int options, the array-shaped SO_LINGER / SO_RCVTIMEO / SO_SNDTIMEO, TCP_CONGESTION,
// PHP's conversions of the value, and the failures.
function caught(callable $f): void
{
    try {
        var_dump($f());
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}

$t = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
$u = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
var_dump(socket_get_option($t, SOL_SOCKET, SO_TYPE), socket_get_option($u, SOL_SOCKET, SO_TYPE));
var_dump(socket_get_option($t, SOL_SOCKET, SO_REUSEADDR));
var_dump(socket_set_option($t, SOL_SOCKET, SO_REUSEADDR, 1), socket_get_option($t, SOL_SOCKET, SO_REUSEADDR));
var_dump(socket_setopt($t, SOL_SOCKET, SO_KEEPALIVE, true), socket_getopt($t, SOL_SOCKET, SO_KEEPALIVE));
var_dump(socket_set_option($t, SOL_SOCKET, SO_KEEPALIVE, '0'), socket_get_option($t, SOL_SOCKET, SO_KEEPALIVE));
var_dump(socket_set_option($t, SOL_TCP, TCP_NODELAY, 1), socket_get_option($t, SOL_TCP, TCP_NODELAY));
var_dump(socket_set_option($t, SOL_SOCKET, SO_LINGER, ['l_onoff' => 1, 'l_linger' => 5]));
var_dump(socket_get_option($t, SOL_SOCKET, SO_LINGER));
var_dump(socket_set_option($t, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 2, 'usec' => 500000]));
var_dump(socket_get_option($t, SOL_SOCKET, SO_RCVTIMEO));
var_dump(socket_set_option($t, SOL_SOCKET, SO_SNDTIMEO, ['usec' => 250000, 'sec' => 0, 'extra' => 1]));
var_dump(socket_get_option($t, SOL_SOCKET, SO_SNDTIMEO));
var_dump(socket_get_option($t, SOL_TCP, TCP_CONGESTION) !== false);
var_dump(socket_set_option($t, SOL_TCP, TCP_CONGESTION, 'no-such-algorithm'), socket_last_error($t));
var_dump(socket_get_option($t, SOL_SOCKET, SO_ERROR));
var_dump(socket_set_option($u, SOL_SOCKET, SO_BROADCAST, 1), socket_get_option($u, SOL_SOCKET, SO_BROADCAST));
var_dump(socket_set_option($u, IPPROTO_IP, IP_MULTICAST_TTL, 7), socket_get_option($u, IPPROTO_IP, IP_MULTICAST_TTL));
var_dump(socket_set_option($u, IPPROTO_IP, IP_MULTICAST_LOOP, 0), socket_get_option($u, IPPROTO_IP, IP_MULTICAST_LOOP));
// Failures.
var_dump(socket_get_option($t, SOL_SOCKET, 12345), socket_last_error($t), socket_last_error());
var_dump(socket_set_option($t, SOL_SOCKET, 12345, 1), socket_last_error($t));
var_dump(socket_set_option($t, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 1, 'usec' => 1000000]), socket_last_error($t));
caught(fn () => socket_set_option($t, SOL_SOCKET, SO_LINGER, ['l_onoff' => 1]));
caught(fn () => socket_set_option($t, SOL_SOCKET, SO_LINGER, 1));
caught(fn () => socket_set_option($t, SOL_SOCKET, SO_RCVTIMEO, ['usec' => 1]));
caught(fn () => socket_set_option($t, SOL_SOCKET, SO_SNDTIMEO, 5));
caught(fn () => socket_set_option($u, IPPROTO_IP, IP_MULTICAST_TTL, 256));
caught(fn () => socket_get_option($t, SOL_SOCKET));
caught(fn () => socket_set_option($t, SOL_SOCKET, SO_REUSEADDR));
caught(fn () => socket_get_option('x', SOL_SOCKET, SO_TYPE));
socket_close($u);
caught(fn () => socket_get_option($u, SOL_SOCKET, SO_TYPE));
caught(fn () => socket_setopt($u, SOL_SOCKET, SO_TYPE, 1));
