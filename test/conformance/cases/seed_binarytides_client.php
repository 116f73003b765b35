<?php
// The binarytides tutorial's socket-extension client ("PHP Socket programming": socket_create,
// socket_connect, socket_send, socket_recv with MSG_WAITALL, and perror() built on
// socket_last_error()/socket_strerror()), pointed at a small HTTP responder in this script on
// 127.0.0.1, port 0, instead of 74.125.235.20:80. At the end it connects to a closed port, so
// perror() dies with the error, as the original would.
$server = socket_create_listen(0);
socket_getsockname($server, $ip, $port);

if(!($sock = socket_create(AF_INET, SOCK_STREAM, 0)))
{
    perror("Could not create socket");
}

echo "Socket created \n";

//Connect socket to remote server
if(!socket_connect($sock , '127.0.0.1' , $port))
{
    perror("Could not connect");
}

echo "Connection established \n";

$message = "GET / HTTP/1.1\r\n\r\n";

//Send the message to the server
if( ! socket_send ( $sock , $message , strlen($message) , 0))
{
    perror("Could not send data");
}

echo "Message send successfully \n";

// The responder: read the request, answer, close.
$conn = socket_accept($server);
$request = socket_read($conn, 1024);
echo "server got ", strlen($request), " bytes: ", json_encode($request, JSON_UNESCAPED_SLASHES), "\n";
$body = "<html>hello from the responder</html>\n";
socket_write($conn, "HTTP/1.1 200 OK\r\nContent-Length: " . strlen($body) . "\r\nConnection: close\r\n\r\n$body");
socket_close($conn);

//Now receive reply from server
if(socket_recv ( $sock , $buf , 500 , MSG_WAITALL ) === FALSE)
{
    perror("Could not receive data");
}

echo $buf;

// Again, to a port where nothing listens.
socket_close($server);
$sock = socket_create(AF_INET, SOCK_STREAM, 0);
if(!socket_connect($sock , '127.0.0.1' , $port))
{
    perror("Could not connect");
}
echo "not reached\n";

///Function to print socket error message
function perror($msg)
{
    $errorcode = socket_last_error();
    $errormsg = socket_strerror($errorcode);

    die("$msg: [$errorcode] $errormsg \n");
}
