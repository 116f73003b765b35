<?php
// How var_dump, print_r, echo and var_export show stream resources (stream_socket_server(), a
// client), open and closed, alone and in arrays.
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
var_dump($server, $errno, $errstr);
$name = stream_socket_get_name($server, false);
$client = stream_socket_client("tcp://$name", $errno, $errstr, 5);
var_dump([$server, 'client' => $client]);
print_r($client);
echo "\n";
print_r(['s' => $server]);
echo $server, "\n";
var_export($server);
echo "\n";
fclose($client);
var_dump($client);
print_r($client);
echo "\n";
