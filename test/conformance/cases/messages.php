<?php
// socket_sendmsg() / socket_recvmsg() / socket_cmsg_space(): iov parts sent as one datagram,
// the received message array (name, control, iov, flags), SCM_CREDENTIALS, MSG_TRUNC, and the
// conversion errors and ValueErrors. (SCM_RIGHTS with a Socket: diff_scm_rights_socket.)
function caught(callable $f): void
{
    try {
        var_dump($f());
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}

var_dump(socket_cmsg_space(SOL_SOCKET, SCM_RIGHTS), socket_cmsg_space(SOL_SOCKET, SCM_RIGHTS, 3));
var_dump(socket_cmsg_space(SOL_SOCKET, SCM_CREDENTIALS), socket_cmsg_space(IPPROTO_IPV6, IPV6_PKTINFO));
caught(fn () => socket_cmsg_space(SOL_SOCKET, 99));
caught(fn () => socket_cmsg_space(SOL_SOCKET, SCM_RIGHTS, -1));

socket_create_pair(AF_UNIX, SOCK_DGRAM, 0, $p);
[$a, $b] = $p;
var_dump(socket_sendmsg($a, ['iov' => ['ab', 'cd', "\0ef"]], 0));
$msg = ['controllen' => 0, 'buffer_size' => 100];
caught(fn () => socket_recvmsg($b, $msg, 0));
$msg = ['controllen' => 1, 'buffer_size' => 100];
var_dump(socket_recvmsg($b, $msg, 0), $msg);
// MSG_TRUNC in the returned flags when the buffer is too small.
socket_sendmsg($a, ['iov' => ['0123456789']]);
$msg = ['controllen' => 1, 'buffer_size' => 4];
var_dump(socket_recvmsg($b, $msg), $msg['iov'], $msg['flags'] & MSG_TRUNC);
// SCM_CREDENTIALS with SO_PASSCRED.
socket_set_option($b, SOL_SOCKET, SO_PASSCRED, 1);
socket_sendmsg($a, ['iov' => ['cred']]);
$msg = ['controllen' => socket_cmsg_space(SOL_SOCKET, SCM_CREDENTIALS), 'buffer_size' => 10];
var_dump(socket_recvmsg($b, $msg));
$cred = $msg['control'][0]['data'];
var_dump(array_keys($cred), $cred['pid'] === getmypid(), $cred['uid'] === posix_getuid(), $cred['gid'] === posix_getgid());
// Errors.
caught(fn () => socket_sendmsg($a, ['iov' => 'not an array']));
caught(fn () => socket_sendmsg($a, ['control' => [['level' => SOL_SOCKET, 'type' => 99, 'data' => []]]]));
caught(fn () => socket_sendmsg($a, ['control' => [['level' => SOL_SOCKET, 'type' => SCM_RIGHTS, 'data' => ['x']]]]));
caught(fn () => socket_sendmsg($a, ['name' => ['path' => '']]));
$msg = ['buffer_size' => 10];
caught(fn () => socket_recvmsg($b, $msg));
$msg = ['controllen' => 1, 'buffer_size' => -1];
caught(fn () => socket_recvmsg($b, $msg));
$msg = ['controllen' => 1];
var_dump(socket_recvmsg($b, $msg, MSG_DONTWAIT), $msg, socket_last_error($b), socket_last_error());
$t = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
var_dump(socket_sendmsg($t, ['iov' => ['x']]), socket_last_error($t));
