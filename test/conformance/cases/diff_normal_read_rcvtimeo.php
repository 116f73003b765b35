<?php
// DELIBERATE DIFFERENCE (docs/differences.md, foundation): PHP_NORMAL_READ on a blocking socket
// whose SO_RCVTIMEO expires. PHP 8.2 retries forever (an alarm kills it after a second here);
// php-sockets returns false with code 11 and no warning, as PHP_BINARY_READ does. The expected
// TS transcript is in diff_normal_read_rcvtimeo.expected-ts.txt.
if (function_exists('pcntl_alarm')) {
    pcntl_alarm(1);
}
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
socket_set_option($p[1], SOL_SOCKET, SO_RCVTIMEO, ['sec' => 0, 'usec' => 100000]);
echo "reading a line that never comes\n";
var_dump(socket_read($p[1], 100, PHP_NORMAL_READ), socket_last_error($p[1]));
