<?php
// fsockopen() over UDP, from the English streams tutorial (and the PHP manual's fsockopen()
// example): send an empty line to a daytime service (port 13) and print its answer. Changed only
// to run on its own: the daytime service is a UDP responder this script binds on 127.0.0.1 (port
// 0: a free one) and runs in turn (it answers with a fixed time, so every run prints the same).
// Its TypeScript port: stream-udp-client.ts.
//   php examples/stream-udp-client.php

// The local daytime responder.
$responder = stream_socket_server("udp://127.0.0.1:0", $errno, $errstr, STREAM_SERVER_BIND);
$port = (int) substr(strrchr(stream_socket_get_name($responder, false), ':'), 1);

function respond($responder)
{
    $request = stream_socket_recvfrom($responder, 1500, 0, $peer);
    echo "responder: " . strlen($request) . " byte(s) from a client\n";
    stream_socket_sendto($responder, "Thu Jan  1 00:00:00 1970\r\n", 0, $peer);
}

// The tutorial's client (port 13 replaced by the responder's).
$fp = fsockopen("udp://127.0.0.1", $port, $errno, $errstr);
if (!$fp) {
    echo "ERROR: $errno - $errstr<br />\n";
} else {
    fwrite($fp, "\n");
    respond($responder);
    echo fread($fp, 26);
    fclose($fp);
}

// UDP has no connection: when nothing answers, fread() waits for the stream's timeout and fails.
$fp = fsockopen("udp://127.0.0.1", $port, $errno, $errstr);
stream_set_timeout($fp, 0, 200000);
fwrite($fp, "\n");
var_dump(stream_socket_recvfrom($responder, 1500) === "\n");
var_dump(fread($fp, 26));
var_dump(stream_get_meta_data($fp)['timed_out']);
fclose($fp);
fclose($responder);
