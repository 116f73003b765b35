<?php
// The Chinese tutorial's server/client pair ("php socket通信", port 1935), with port 0: the
// server below is the tutorial's, and the tutorial's client runs in a second process, started
// by this script, once per connection the server waits for (5). Kept from the originals: the
// `< 0` error checks (a Socket or bool is never < 0, so they never fire) and header(), which
// does nothing on the command line. Added: learning the port, starting the client, closing the
// last accepted socket (the original leaves it to the script's end), printing the client's output.
if (($argv[1] ?? '') === 'client') {
    header("Content-Type: text/html; charset=UTF-8");
    error_reporting(E_ALL);
    set_time_limit(0);
    for ($round = 0; $round < 5; $round++) {
        echo "<h2>TCP/IP Connection</h2>\n";

        $port = (int) $argv[2];
        $ip = "127.0.0.1";

        $socket = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
        if ($socket < 0) {
            echo "socket_create() failed: reason: " . socket_strerror($socket) . "\n";
        } else {
            echo "OK.\n";
        }

        echo "connect '$ip' port '$port'...\n";
        $result = socket_connect($socket, $ip, $port);
        if ($result < 0) {
            echo "socket_connect() failed.\nReason: ($result) " . socket_strerror($result) . "\n";
        } else {
            echo "connectOK\n";
        }

        $in = "Ho\r\n";
        $in .= "first blood\r\n";
        $out = '';

        if (!socket_write($socket, $in, strlen($in))) {
            echo "socket_write() failed: reason: " . socket_strerror($socket) . "\n";
        } else {
            echo "send success\n";
            echo "send msg:<font color='red'>$in</font> <br>";
        }

        while ($out = socket_read($socket, 8192)) {
            echo "recevie server msg\n";
            echo "receive msg:", $out;
        }

        echo " close SOCKET...\n";
        socket_close($socket);
        echo "close OK\n";
    }
    exit(0);
}

header("Content-Type: text/html; charset=UTF-8");
set_time_limit(0);//确保在连接客户端时不会超时

$ip = '127.0.0.1';
$port = 0;

if (($sock = socket_create(AF_INET, SOCK_STREAM, SOL_TCP)) < 0) {
    echo "socket_create() 失败的原因是:" . socket_strerror($sock) . "\n";
}

if (($ret = socket_bind($sock, $ip, $port)) < 0) {
    echo "socket_bind() 失败的原因是:" . socket_strerror($ret) . "\n";
}

if (($ret = socket_listen($sock, 4)) < 0) {
    echo "socket_listen() 失败的原因是:" . socket_strerror($ret) . "\n";
}

socket_getsockname($sock, $ip, $port);
$prepend = ini_get('auto_prepend_file');
$cmd = [PHP_BINARY, ...($prepend ? ['-d', "auto_prepend_file=$prepend"] : []), __FILE__, 'client', (string) $port];
$child = proc_open($cmd, [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => STDERR], $pipes);

$count = 0;

do {
    if (($msgsock = socket_accept($sock)) < 0) {
        echo "socket_accept() failed: reason: " . socket_strerror($msgsock) . "\n";
        break;
    } else {
        echo "success..\n";
        $buf = socket_read($msgsock, 8192);

        $talkback = "receive:$buf\n";
        echo $talkback;

        //socket发回一个数据流到客户端
        $msg = "success\n";
        socket_write($msgsock, $msg, strlen($msg));

        //接受5次信号就跳出循环
        if (++$count >= 5) {
            break;
        };
    }
    socket_close($msgsock);
} while (true);

socket_close($sock);
socket_close($msgsock);

$clientOutput = stream_get_contents($pipes[1]);
fclose($pipes[1]);
$status = proc_close($child);
echo "--- client exited with status $status and printed:\n", $clientOutput;
