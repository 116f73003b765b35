<?php
// AF_UNIX bind(): a path in the temp dir, the name read back, abstract names ("" when read back),
// a missing directory [2], a path in use [98], and PHP's 108-byte limit (ValueError).
$dir = sys_get_temp_dir();
$path = "$dir/bind.sock";
$s = socket_create(AF_UNIX, SOCK_STREAM, 0);
var_dump(socket_bind($s, $path), file_exists($path));
var_dump(socket_getsockname($s, $name), $name === $path);
$port = -1;
var_dump(socket_getsockname($s, $name, $port), $port);
$t = socket_create(AF_UNIX, SOCK_STREAM, 0);
var_dump(socket_bind($t, $path), socket_last_error($t));
var_dump(socket_bind($t, "$dir/no/such/dir.sock"), socket_last_error($t));
$abstract = socket_create(AF_UNIX, SOCK_DGRAM, 0);
$unique = "\0php-sockets-conformance-" . basename($dir);
var_dump(socket_bind($abstract, $unique), socket_getsockname($abstract, $aname), $aname);
$clash = socket_create(AF_UNIX, SOCK_DGRAM, 0);
var_dump(socket_bind($clash, $unique), socket_last_error($clash));
$unbound = socket_create(AF_UNIX, SOCK_STREAM, 0);
var_dump(socket_getsockname($unbound, $uname), $uname);
// Autobind: an empty path.
$auto = socket_create(AF_UNIX, SOCK_DGRAM, 0);
var_dump(socket_bind($auto, ''), socket_getsockname($auto, $autoname), $autoname);
try {
    socket_bind($t, str_repeat('x', 108));
} catch (ValueError $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
var_dump(socket_bind($t, "$dir/" . str_repeat('y', 107 - strlen("$dir/"))));
unlink($path);
