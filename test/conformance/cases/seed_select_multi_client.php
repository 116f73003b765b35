<?php
// The binarytides tutorial's "Handle multiple clients" echo server, written there with
// stream_select(), here with the socket functions (socket_select, socket_accept, socket_read,
// socket_write) on 127.0.0.1, port 0. Its telnet users are clients in this script: before each
// select, the next scripted client action runs (connect, send, read the echo, disconnect), so
// each select sees exactly one event.
$server = socket_create_listen(0);
if ($server === false) {
    die("Could not bind to socket: " . socket_strerror(socket_last_error()));
}
socket_getsockname($server, $address, $port);

$users = [];
$actions = [
    function () use (&$users, $port) {
        $users['A'] = connect($port);
    },
    function () use (&$users, $port) {
        $users['B'] = connect($port);
    },
    function () use (&$users) {
        socket_write($users['A'], "hello from A\n");
    },
    function () use (&$users, $port) {
        echo 'A got back: ', socket_read($users['A'], 100);
        $users['C'] = connect($port);
    },
    function () use (&$users) {
        socket_write($users['B'], "B here\n");
    },
    function () use (&$users) {
        echo 'B got back: ', socket_read($users['B'], 100);
        socket_close($users['A']);
    },
    function () use (&$users) {
        socket_close($users['C']);
    },
    function () use (&$users) {
        socket_close($users['B']);
    },
];
function connect(int $port): Socket
{
    $c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
    socket_connect($c, '127.0.0.1', $port);
    return $c;
}

$client_socks = array();
$write = null;
$except = null;
while (true) {
    if (!$actions) {
        break;
    }
    array_shift($actions)();
    //prepare readable sockets
    $read_socks = $client_socks;
    $read_socks[] = $server;

    //start reading and use a large timeout
    if (!socket_select($read_socks, $write, $except, 5)) {
        die('something went wrong while selecting');
    }

    //new client
    if (in_array($server, $read_socks)) {
        $new_client = socket_accept($server);

        if ($new_client) {
            //print remote client information, ip and port number
            socket_getpeername($new_client, $ip, $clientPort);
            echo 'Connection accepted from ' . "$ip:$clientPort" . "\n";

            $client_socks[] = $new_client;
            echo "Now there are total " . count($client_socks) . " clients.\n";
        }

        //delete the server socket from the read sockets
        unset($read_socks[array_search($server, $read_socks)]);
    }

    //message from existing client
    foreach ($read_socks as $sock) {
        $data = socket_read($sock, 128);

        if (!$data) {
            unset($client_socks[array_search($sock, $client_socks)]);
            socket_close($sock);
            echo "A client disconnected. Now there are total " . count($client_socks) . " clients.\n";
            continue;
        }

        //send the message back to client
        socket_write($sock, $data);
    }
}
