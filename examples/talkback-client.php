<?php
// A client for talkback-server.php, in the manual's style: connects to 127.0.0.1 on the port
// given as the first argument, prints the server's greeting, sends each further argument as a
// line (by default "Hello" then "quit") and prints each reply; after 'quit' or 'shutdown' it
// waits for the server to close the connection.
// Its TypeScript port: talkback-client.ts.
//   php examples/talkback-client.php <port> [line ...]
error_reporting(E_ALL);

$address = '127.0.0.1';
$port = (int) ($argv[1] ?? 10000);
$lines = array_slice($argv, 2) ?: ['Hello', 'quit'];

if (($socket = socket_create(AF_INET, SOCK_STREAM, SOL_TCP)) === false) {
    echo "socket_create() failed: reason: " . socket_strerror(socket_last_error()) . "\n";
    exit(1);
}

if (socket_connect($socket, $address, $port) === false) {
    echo "socket_connect() failed: reason: " . socket_strerror(socket_last_error($socket)) . "\n";
    exit(1);
}

/* The greeting is three lines; PHP_NORMAL_READ returns one line, "\n" included, per call. */
for ($i = 0; $i < 3; $i++) {
    echo socket_read($socket, 2048, PHP_NORMAL_READ);
}

foreach ($lines as $line) {
    echo "> $line\n";
    $in = "$line\n";
    socket_write($socket, $in, strlen($in));
    if ($line == 'quit' || $line == 'shutdown') {
        /* The server closes the connection; PHP_BINARY_READ returns "" at its end. */
        if (socket_read($socket, 2048) === '') {
            echo "Connection closed by the server.\n";
        }
        break;
    }
    if (!trim($line)) {
        continue; /* the server answers nothing to a blank line, nor to "0" (false in PHP) */
    }
    echo socket_read($socket, 2048, PHP_NORMAL_READ);
}

socket_close($socket);
?>
