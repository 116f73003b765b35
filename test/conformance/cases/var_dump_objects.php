<?php
// How var_dump, print_r and var_export show the extension's objects: Socket and AddressInfo
// (no properties), inside arrays, the same object twice, and a closed Socket.
$s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
$ai = socket_addrinfo_lookup('127.0.0.1', null, ['ai_socktype' => SOCK_STREAM])[0];
var_dump($ai);
print_r($ai);
echo "\n";
var_export($ai);
echo "\n";
$list = ['socket' => $s, 'info' => $ai, 'again' => $s, 'nested' => [$ai, [$s]]];
var_dump($list);
print_r($list);
var_export($list);
echo "\n";
socket_close($s);
var_dump($s);
var_dump([]);
print_r([]);
var_export([]);
echo "\n";
