<?php
// The fsockopen() example from the tutorials (Example #1 of the manual, quoted by the Chinese
// and binarytides tutorials): open a connection, send a request, echo fgets() until feof(),
// pointed at a small HTTP responder in this script (127.0.0.1, port 0) instead of
// www.example.com:80. Then the failure branch, against a port where nothing listens.
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
$port = (int) substr(strrchr(stream_socket_get_name($server, false), ':'), 1);

$fp = fsockopen("127.0.0.1", $port, $errno, $errstr, 30);
if (!$fp) {
    echo "$errstr ($errno)<br />\n";
} else {
    $out = "GET / HTTP/1.1\r\n";
    $out .= "Host: www.example.com\r\n";
    $out .= "Connection: Close\r\n\r\n";
    fwrite($fp, $out);

    // The responder: read the request up to its blank line, answer, close.
    $conn = stream_socket_accept($server);
    $request = '';
    while (($line = fgets($conn)) !== false && $line !== "\r\n") {
        $request .= $line;
    }
    echo "responder got: ", json_encode($request, JSON_UNESCAPED_SLASHES), "\n";
    fwrite($conn, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n" . str_repeat("a long line of text, ", 10) . "\nbye\n");
    fclose($conn);

    while (!feof($fp)) {
        echo fgets($fp, 128);
    }
    fclose($fp);
}

fclose($server);
$fp = fsockopen("127.0.0.1", $port, $errno, $errstr, 30);
if (!$fp) {
    echo "$errstr ($errno)<br />\n";
}
