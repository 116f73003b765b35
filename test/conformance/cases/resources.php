<?php
// Resource ids and types as php-cli numbers them, and object handles.
// Ids are printed relative to the first stream's: the harness prepends a file, which takes an id.
$a = stream_socket_server("tcp://127.0.0.1:0");
$base = get_resource_id($a);
var_dump((int)$a === $base, get_resource_type($a), (string)$a === "Resource id #$base");
$name = stream_socket_get_name($a, false);
$b = stream_socket_client("tcp://$name");
$c = stream_socket_accept($a);
var_dump(get_resource_id($b) - $base, get_resource_id($c) - $base);
fclose($b);
var_dump(get_resource_type($b), get_resource_id($b) - $base, gettype($b));
$pair = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
var_dump(get_resource_id($pair[0]) - $base, get_resource_id($pair[1]) - $base);
var_dump(@stream_socket_client("tcp://127.0.0.1:1"));
$port = (int)substr($name, strrpos($name, ':') + 1);
$e = fsockopen("127.0.0.1", $port);
var_dump(get_resource_id($e) - $base);
$p = pfsockopen("127.0.0.1", $port);
var_dump(get_resource_id($p) - $base, get_resource_type($p));
var_dump($p);
print_r($p); echo "\n";
$p2 = stream_socket_client("tcp://$name", $errno, $errstr, 5, STREAM_CLIENT_CONNECT | STREAM_CLIENT_PERSISTENT);
var_dump(get_resource_type($p2), $p2 === pfsockopen("127.0.0.1", $port));
$s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
$x = socket_export_stream($s);
var_dump(get_resource_id($x) - $base, get_resource_type($x));
$clients = [];
$clients[(int)$c - $base] = 'c';
$clients[get_resource_id($e) - $base] = 'e';
var_dump($clients);
fclose($p);
var_dump(get_resource_type($p));
foreach (['x', [], null, 5] as $v) {
    foreach (['get_resource_id', 'get_resource_type', 'spl_object_id'] as $f) {
        try { $f($v); } catch (TypeError $t) { echo $t->getMessage(), "\n"; }
    }
}
try { spl_object_id($a); } catch (TypeError $t) { echo $t->getMessage(), "\n"; }
$s2 = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
var_dump(spl_object_id($s2) === spl_object_id($s2), spl_object_id($s2) !== spl_object_id($s));
