<?php
// The multi-client echo server of the English streams tutorial ("3. Handle multiple clients"):
// stream_select() over the server and all its clients; accept newcomers, echo what clients send,
// drop the ones that disconnect. Changed only so that it runs on its own and ends: it listens on
// 127.0.0.1 on a free port (0) instead of 0.0.0.0:4444; it starts its clients itself, as a second
// process running this script with the argument "clients" (three clients that each send a line,
// read the echo, then disconnect; the tutorial used telnet); and it stops once three clients have
// come and gone instead of looping forever. The clients' output is printed at the end.
// For php-sockets-compare's server mode (docs/conformance.md), which records the bytes between
// server and clients, the server can also run alone: given a port, it listens there and leaves
// the clients to another process, `stream-select-server.php clients <address>`.
// Its TypeScript port: stream-select-server.ts.
//   php examples/stream-select-server.php [port | clients address]

if (($argv[1] ?? '') === 'clients') {
    $clients = array();
    for ($i = 1; $i <= 3; $i++) {
        $clients[$i] = stream_socket_client("tcp://" . $argv[2], $errno, $errstr, 5);
        fwrite($clients[$i], "Hello from client $i\n");
        echo "client $i got back: " . fread($clients[$i], 128);
    }
    foreach ($clients as $client) {
        fclose($client);
    }
    exit(0);
}

// open a server on port 4444 (here: a free port on 127.0.0.1)
$server = stream_socket_server("tcp://127.0.0.1:" . (int) ($argv[1] ?? 0), $errno, $errorMessage);

if ($server === false)
{
    die("Could not bind to socket: $errorMessage");
}

// Added: start the clients (unless they run apart).
$aparte = isset($argv[1]);
if (!$aparte) {
    $clients_process = proc_open([PHP_BINARY, __FILE__, 'clients', stream_socket_get_name($server, false)], [1 => ['pipe', 'w']], $pipes);
}

$client_socks = array();
$served = 0; // added

while($served < 3 || count($client_socks) > 0) // the tutorial: while(true)
{
    //prepare readable sockets
    $read_socks = $client_socks;
    $read_socks[] = $server;

    //start reading and use a large timeout
    if(!stream_select ( $read_socks, $write, $except, 300000 ))
    {
        die('something went wrong while selecting');
    }

    //new client
    if(in_array($server, $read_socks))
    {
        $new_client = stream_socket_accept($server);

        if ($new_client)
        {
            //print remote client information, ip and port number
            echo 'Connection accepted from ' . stream_socket_get_name($new_client, true) . "\n";

            $client_socks[] = $new_client;
            $served++; // added
            echo "Now there are total ". count($client_socks) . " clients.\n";
        }

        //delete the server socket from the read sockets
        unset($read_socks[ array_search($server, $read_socks) ]);
    }

    //message from existing client
    foreach($read_socks as $sock)
    {
        $data = fread($sock, 128);

        if(!$data)
        {
            unset($client_socks[ array_search($sock, $client_socks) ]);
            @fclose($sock);
            echo "A client disconnected. Now there are total ". count($client_socks) . " clients.\n";
            continue;
        }

        //send the message back to client
        fwrite($sock, $data);
    }
}

// Added: what the clients printed.
if (!$aparte) {
    echo stream_get_contents($pipes[1]);
    proc_close($clients_process);
}
