<?php
// The binarytides tutorial's "Handle multiple clients" server as written there, with
// stream_socket_server / stream_select / stream_socket_accept / fread / fwrite, on 127.0.0.1
// port 0 instead of 0.0.0.0:4444 and with a 5 s timeout instead of 300000 s. Its telnet users
// are clients in this script: before each select the next scripted action runs (connect, send,
// read the echo, disconnect), so each select sees exactly one event; the loop ends with them.
$server = stream_socket_server("tcp://127.0.0.1:0", $errno, $errorMessage);
if ($server === false) {
    die("Could not bind to socket: $errorMessage");
}
$address = stream_socket_get_name($server, false);
$users = [];
$actions = [
    function () use (&$users, $address) {
        $users['A'] = stream_socket_client("tcp://$address");
    },
    function () use (&$users, $address) {
        $users['B'] = stream_socket_client("tcp://$address");
    },
    function () use (&$users) {
        fwrite($users['A'], "hello from A\n");
    },
    function () use (&$users, $address) {
        echo 'A got back: ', fgets($users['A']);
        $users['C'] = stream_socket_client("tcp://$address");
    },
    function () use (&$users) {
        fwrite($users['B'], "B here\n");
    },
    function () use (&$users) {
        echo 'B got back: ', fgets($users['B']);
        fclose($users['A']);
    },
    function () use (&$users) {
        fclose($users['C']);
    },
    function () use (&$users) {
        fclose($users['B']);
    },
];

$client_socks = array();
while (true) {
    if (!$actions) {
        break;
    }
    array_shift($actions)();
    //prepare readable sockets
    $read_socks = $client_socks;
    $read_socks[] = $server;

    //start reading and use a large timeout
    if (!stream_select($read_socks, $write, $except, 5)) {
        die('something went wrong while selecting');
    }

    //new client
    if (in_array($server, $read_socks)) {
        $new_client = stream_socket_accept($server);

        if ($new_client) {
            //print remote client information, ip and port number
            echo 'Connection accepted from ' . stream_socket_get_name($new_client, true) . "\n";

            $client_socks[] = $new_client;
            echo "Now there are total " . count($client_socks) . " clients.\n";
        }

        //delete the server socket from the read sockets
        unset($read_socks[array_search($server, $read_socks)]);
    }

    //message from existing client
    foreach ($read_socks as $sock) {
        $data = fread($sock, 128);
        if (!$data) {
            unset($client_socks[array_search($sock, $client_socks)]);
            @fclose($sock);
            echo "A client disconnected. Now there are total " . count($client_socks) . " clients.\n";
            continue;
        }
        //send the message back to client
        fwrite($sock, $data);
    }
}
