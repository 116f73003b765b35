<?php
// The PHP manual's talkback server (Sockets, Examples: "Simple TCP/IP server"), on 127.0.0.1 and
// port 0 instead of 192.168.1.53:10000, with its telnet users played by clients in the same
// script: each client connects and queues its lines before the server accepts it, then prints
// what the server sent back. The server's code is the manual's, unchanged.
error_reporting(E_ALL);

/* Allow the script to hang around waiting for connections. */
set_time_limit(0);

/* Turn on implicit output flushing so we see what we're getting
 * as it comes in. */
ob_implicit_flush();

$address = '127.0.0.1';
$port = 0;

if (($sock = socket_create(AF_INET, SOCK_STREAM, SOL_TCP)) === false) {
    echo "socket_create() failed: reason: " . socket_strerror(socket_last_error()) . "\n";
}

if (socket_bind($sock, $address, $port) === false) {
    echo "socket_bind() failed: reason: " . socket_strerror(socket_last_error($sock)) . "\n";
}

if (socket_listen($sock, 5) === false) {
    echo "socket_listen() failed: reason: " . socket_strerror(socket_last_error($sock)) . "\n";
}

// The harness: learn the port, and the sessions the "telnet" clients will type.
socket_getsockname($sock, $address, $port);
$sessions = [
    ["hello\r\n", "\r\n", "   spaced out   \n", "quit\n"],
    ["second client\n", "shutdown\n"],
];
$clients = [];
function telnet(string $address, int $port, array $lines): Socket
{
    $c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
    socket_connect($c, $address, $port);
    socket_write($c, implode('', $lines));
    return $c;
}

do {
    $clients[] = telnet($address, $port, array_shift($sessions));
    if (($msgsock = socket_accept($sock)) === false) {
        echo "socket_accept() failed: reason: " . socket_strerror(socket_last_error($sock)) . "\n";
        break;
    }
    /* Send instructions. */
    $msg = "\nWelcome to the PHP Test Server. \n" .
        "To quit, type 'quit'. To shut down the server type 'shutdown'.\n";
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

// What each telnet user saw.
foreach ($clients as $i => $c) {
    echo "--- client $i received:\n";
    while (($out = socket_read($c, 2048)) !== '' && $out !== false) {
        echo $out;
    }
    socket_close($c);
}
