<?php
// The manual's talkback server with a real second process as its client: this script starts
// itself with the argument "client" (the client connects twice: once to talk and quit, once
// to shut the server down), serves it, then prints what the client printed.
if (($argv[1] ?? '') === 'client') {
    $port = (int) $argv[2];
    foreach ([["hi there\n", "quit\n"], ["last words\r\n", "shutdown\n"]] as $lines) {
        $socket = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
        if ($socket === false) {
            echo "socket_create() failed: reason: " . socket_strerror(socket_last_error()) . "\n";
            exit(1);
        }
        echo "Attempting to connect to '127.0.0.1'...";
        if (socket_connect($socket, '127.0.0.1', $port) === false) {
            echo "socket_connect() failed.\nReason: " . socket_strerror(socket_last_error($socket)) . "\n";
            exit(1);
        }
        echo "OK.\n";
        $in = implode('', $lines);
        echo "Sending ", strlen($in), " bytes...";
        socket_write($socket, $in, strlen($in));
        echo "OK.\n";
        echo "Reading response:\n\n";
        while ($out = socket_read($socket, 2048)) {
            echo $out;
        }
        echo "Closing socket...";
        socket_close($socket);
        echo "OK.\n\n";
    }
    exit(0);
}

$sock = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_bind($sock, '127.0.0.1', 0);
socket_listen($sock, 5);
socket_getsockname($sock, $address, $port);

// Start the client (with this script's prelude, if it has one).
$prepend = ini_get('auto_prepend_file');
$cmd = [PHP_BINARY, ...($prepend ? ['-d', "auto_prepend_file=$prepend"] : []), __FILE__, 'client', (string) $port];
$child = proc_open($cmd, [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => STDERR], $pipes);

do {
    if (($msgsock = socket_accept($sock)) === false) {
        echo "socket_accept() failed: reason: " . socket_strerror(socket_last_error($sock)) . "\n";
        break;
    }
    $msg = "\nWelcome to the PHP Test Server. \nTo quit, type 'quit'. To shut down the server type 'shutdown'.\n";
    socket_write($msgsock, $msg, strlen($msg));
    do {
        if (false === ($buf = socket_read($msgsock, 2048, PHP_NORMAL_READ))) {
            echo "socket_read() failed: reason: " . socket_strerror(socket_last_error($msgsock)) . "\n";
            break 2;
        }
        if (!$buf = trim($buf)) {
            continue;
        }
        if ($buf == 'quit') {
            break;
        }
        if ($buf == 'shutdown') {
            socket_close($msgsock);
            break 2;
        }
        $talkback = "PHP: You said '$buf'.\n";
        socket_write($msgsock, $talkback, strlen($talkback));
        echo "$buf\n";
    } while (true);
    socket_close($msgsock);
} while (true);
socket_close($sock);

$clientOutput = stream_get_contents($pipes[1]);
fclose($pipes[1]);
$status = proc_close($child);
echo "--- client exited with status $status and printed:\n", $clientOutput;
