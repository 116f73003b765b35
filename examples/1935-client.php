<?php
/*
 +-------------------------------
 *    @socket连接整个过程
 +-------------------------------
 *    @socket_create
 *    @socket_connect
 *    @socket_write
 *    @socket_read
 *    @socket_close
 +--------------------------------
 */
// The client of the Chinese tutorial "php☞socket通信(2)" (it connected to 127.0.0.1:1935).
// Changed only to take the port as the first argument. Its TypeScript port: 1935-client.ts.
//   php examples/1935-client.php <port>

header("Content-Type: text/html; charset=UTF-8");
error_reporting(E_ALL);
set_time_limit(0);
echo "<h2>TCP/IP Connection</h2>\n";

$port = (int) ($argv[1] ?? 1935); // was: $port = 1935;
$ip = "127.0.0.1";

/*
 +-------------------------------
 *    @socket连接整个过程
 +-------------------------------
 *    @socket_create
 *    @socket_connect
 *    @socket_write
 *    @socket_read
 *    @socket_close
 +--------------------------------
 */

$socket = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
if ($socket < 0) {
    echo "socket_create() failed: reason: " . socket_strerror($socket) . "\n";
}else {
    echo "OK.\n";
}

echo "connect '$ip' port '$port'...\n";
$result = socket_connect($socket, $ip, $port);
if ($result < 0) {
    echo "socket_connect() failed.\nReason: ($result) " . socket_strerror($result) . "\n";
}else {
    echo "connectOK\n";
}

$in = "Ho\r\n";
$in .= "first blood\r\n";
$out = '';

if(!socket_write($socket, $in, strlen($in))) {
    echo "socket_write() failed: reason: " . socket_strerror($socket) . "\n";
}else {
    echo "send success\n";
    echo "send msg:<font color='red'>$in</font> <br>";
}

while($out = socket_read($socket, 8192)) {
    echo "recevie server msg\n";
    echo "receive msg:",$out;
}


echo " close SOCKET...\n";
socket_close($socket);
echo "close OK\n";
?>
