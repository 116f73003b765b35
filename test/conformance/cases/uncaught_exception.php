<?php
// An uncaught exception ends the script: the harness prints "Uncaught Class: message" and the
// exit status is 255 on both sides.
$s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_close($s);
echo "before\n";
socket_write($s, 'never sent');
echo "not reached\n";
