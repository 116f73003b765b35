<?php
// The echo server of the Spanish streams tutorial ("Crear un socket de servidor"): accept a client,
// copy what it sends straight back with stream_copy_to_stream(), close it, and start again.
// Changed only so that it runs on its own and ends: it listens on 127.0.0.1 on a free port (0)
// instead of 1339, serves three clients instead of looping forever, and plays the clients itself
// (the tutorial's `echo "Hola que tal" | nc 127.0.0.1 1337`): each connects, sends a line, shuts
// its sending side (as nc does at the end of its input) and reads the echo. The kernel holds what
// each side sends until the other reads it, so one process can play both parts in turn.
// For php-sockets-compare's server mode (docs/conformance.md), which records the bytes between
// the two parts, they can also run apart: given a port, the server listens there and leaves the
// clients' part to another process, `stream-echo-server.php clients <address>`.
// Its TypeScript port: stream-echo-server.ts.
//   php examples/stream-echo-server.php [port | clients address]

if (($argv[1] ?? '') === 'clients') {
    for ($i = 1; $i <= 3; $i++) {
        $nc = stream_socket_client("tcp://$argv[2]", $errno, $errorMessage);
        fwrite($nc, "Hola que tal $i\n");
        stream_socket_shutdown($nc, STREAM_SHUT_WR);
        echo "nc recibe: " . stream_get_contents($nc);
        fclose($nc);
    }
    exit(0);
}
$aparte = isset($argv[1]); // added: the clients run apart

$servidor = stream_socket_server("tcp://127.0.0.1:" . (int) ($argv[1] ?? 0), $errno, $errorMessage);
if ($servidor === false) {
    throw new UnexpectedValueException("No se ha podido enlazar el socket: $errorMessage");
}
$direccion = stream_socket_get_name($servidor, false);
echo "Escuchando en $direccion\n";

for ($i = 1; $i <= 3; $i++) {
    // The client's part: echo "Hola que tal $i" | nc 127.0.0.1 <port>
    if (!$aparte) {
        $nc = stream_socket_client("tcp://$direccion", $errno, $errorMessage);
        fwrite($nc, "Hola que tal $i\n");
        stream_socket_shutdown($nc, STREAM_SHUT_WR);
    }

    // The server's part: the body of the tutorial's for (;;) loop.
    $cliente = @stream_socket_accept($servidor);
    if ($cliente) {
        stream_copy_to_stream($cliente, $cliente);
        fclose($cliente);
    }

    // The client's part again: what nc prints.
    if (!$aparte) {
        echo "nc recibe: " . stream_get_contents($nc);
        fclose($nc);
    }
}
fclose($servidor);
