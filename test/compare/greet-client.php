<?php
// Fixture of test/compare.test.ts: the driver of greet-server; connects to the port given as
// the first argument, sends one line and prints only the lengths of what it got back, so that a
// server sending other bytes of the same length differs on the wire alone.
$s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_connect($s, '127.0.0.1', (int) $argv[1]);
$greeting = socket_read($s, 100, PHP_NORMAL_READ);
socket_write($s, "ping\n", 5);
$reply = socket_read($s, 100, PHP_NORMAL_READ);
echo strlen($greeting), ' ', strlen($reply), "\n";
socket_close($s);
