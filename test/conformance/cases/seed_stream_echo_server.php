<?php
// The Spanish tutorial's stream server (stream_socket_server, stream_socket_accept,
// stream_copy_to_stream back to the client, fclose) on 127.0.0.1 port 0 instead of 1339, serving
// two clients (the tutorial's `echo "Hola que tal" | nc 127.0.0.1 1337`) made in this script
// with stream_socket_client(), instead of looping forever.
$servidor = stream_socket_server("tcp://127.0.0.1:0", $errno, $errorMessage);
if ($servidor === false) {
    throw new UnexpectedValueException("No se ha podido enlazar el socket: $errorMessage");
}
$direccion = stream_socket_get_name($servidor, false);

$clientes = [];
foreach (["Hola que tal\n", "Adiós\n"] as $mensaje) {
    $c = stream_socket_client("tcp://$direccion", $errno, $errstr, 5);
    fwrite($c, $mensaje);
    stream_socket_shutdown($c, STREAM_SHUT_WR);
    $clientes[] = $c;
}

for ($i = 0; $i < 2; $i++) {
    $cliente = @stream_socket_accept($servidor);
    if ($cliente) {
        var_dump(stream_copy_to_stream($cliente, $cliente));
        fclose($cliente);
    }
}

foreach ($clientes as $c) {
    echo "nc printed: ", stream_get_contents($c);
    var_dump(feof($c));
    fclose($c);
}
