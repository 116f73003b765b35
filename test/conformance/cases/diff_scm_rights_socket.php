<?php
// DELIBERATE DIFFERENCE (docs/differences.md, messages): SCM_RIGHTS with a Socket. PHP 8.2 writes
// the Socket's descriptor one slot too far and sends descriptor 0 (its stdin) instead, so the
// receiver gets a stream, not the socket; php-sockets sends the Socket itself, which arrives as
// a Socket on the same connection. The expected TS transcript is in
// diff_scm_rights_socket.expected-ts.txt.
socket_create_pair(AF_UNIX, SOCK_DGRAM, 0, $p);
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $q);
[$a, $b] = $p;
[$c, $d] = $q;
var_dump(socket_sendmsg($a, ['iov' => ['fd'], 'control' => [['level' => SOL_SOCKET, 'type' => SCM_RIGHTS, 'data' => [$c]]]]));
$msg = ['controllen' => socket_cmsg_space(SOL_SOCKET, SCM_RIGHTS, 1), 'buffer_size' => 10];
var_dump(socket_recvmsg($b, $msg));
var_dump($msg['iov'], $msg['control'][0]['level'], $msg['control'][0]['type'], count($msg['control'][0]['data']));
$passed = $msg['control'][0]['data'][0];
var_dump($passed instanceof Socket);
if ($passed instanceof Socket) {
    socket_write($passed, 'through the passed socket');
    var_dump(socket_read($d, 100));
}
