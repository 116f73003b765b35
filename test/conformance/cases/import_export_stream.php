<?php
// socket_export_stream() / socket_import_stream(): a Socket seen as a stream and back, the same
// resource on every export, both views of one connection, and closing the Socket closing the
// stream.
function caught(callable $f): void
{
    try {
        var_dump($f());
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}

socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
[$a, $b] = $p;
$stream = socket_export_stream($a);
var_dump($stream, socket_export_stream($a) === $stream);
var_dump(fwrite($stream, "via the stream\n"), socket_read($b, 100));
socket_write($b, "via the socket\n");
var_dump(fgets($stream));
var_dump(stream_get_meta_data($stream)['stream_type']);
$server = stream_socket_server('tcp://127.0.0.1:0');
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false));
$sock = socket_import_stream($client);
var_dump($sock instanceof Socket, socket_import_stream($client) === $sock);
$accepted = stream_socket_accept($server);
var_dump(socket_write($sock, 'imported'), fread($accepted, 100));
socket_getsockname($sock, $addr);
var_dump($addr);
caught(fn () => socket_import_stream($a));
socket_close($a);
caught(fn () => fwrite($stream, 'x'));
