<?php
// DELIBERATE DIFFERENCE (docs/differences.md, socket_select): PHP keeps the keys of the ready
// sockets, so a list [$b, $d] with only $d ready becomes [1 => $d]. A JS array filtered in place
// is compacted instead: [d] (key 0). A plain object keeps its keys, as the second select shows.
// The expected TS transcript is in diff_select_array_keys.expected-ts.txt.
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $q);
[$a, $b] = $p;
[$c, $d] = $q;
socket_write($c, 'x');
$r = [$b, $d];
$w = $e = null;
var_dump(socket_select($r, $w, $e, 0), $r);
$r = [0 => $b, 1 => $d];
var_dump(socket_select($r, $w, $e, 0), $r);
