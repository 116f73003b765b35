<?php
// socket_addrinfo_lookup() / _explain() / _bind() / _connect(): numeric hosts with hints, the
// explained arrays, binding and connecting with the results, failures (false, no warning, no
// error code), and the hints ValueError.
function caught(callable $f): void
{
    try {
        var_dump($f());
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}

$list = socket_addrinfo_lookup('127.0.0.1', '0', ['ai_family' => AF_INET, 'ai_socktype' => SOCK_STREAM]);
var_dump(count($list), $list[0]);
var_dump(socket_addrinfo_explain($list[0]));
$all = socket_addrinfo_lookup('127.0.0.1');
foreach ($all as $ai) {
    $x = socket_addrinfo_explain($ai);
    echo $x['ai_family'], ' ', $x['ai_socktype'], ' ', $x['ai_protocol'], "\n";
}
$six = socket_addrinfo_lookup('::1', '8080', ['ai_socktype' => SOCK_DGRAM, 'ai_flags' => AI_NUMERICHOST | AI_NUMERICSERV]);
var_dump(socket_addrinfo_explain($six[0]));
$named = socket_addrinfo_lookup('localhost', 'http', ['ai_family' => AF_INET, 'ai_socktype' => SOCK_STREAM, 'ai_flags' => AI_CANONNAME]);
var_dump(socket_addrinfo_explain($named[0]));
// Bind a server, connect a client to it.
$srv = socket_addrinfo_bind($list[0]);
var_dump($srv);
socket_listen($srv);
socket_getsockname($srv, $addr, $port);
$to = socket_addrinfo_lookup('127.0.0.1', (string) $port, ['ai_family' => AF_INET, 'ai_socktype' => SOCK_STREAM]);
$cli = socket_addrinfo_connect($to[0]);
var_dump($cli instanceof Socket);
$acc = socket_accept($srv);
socket_write($cli, 'via addrinfo');
var_dump(socket_read($acc, 100));
// Connecting where nothing listens, binding where something does.
socket_close($srv);
socket_clear_error();
var_dump(socket_addrinfo_connect($to[0]), socket_last_error());
$busy = socket_create_listen(0);
socket_getsockname($busy, $addr, $busyPort);
$taken = socket_addrinfo_lookup('0.0.0.0', (string) $busyPort, ['ai_family' => AF_INET, 'ai_socktype' => SOCK_STREAM]);
var_dump(socket_addrinfo_bind($taken[0]), socket_last_error());
// Lookup failures: false, no warning, no error code.
socket_clear_error();
var_dump(socket_addrinfo_lookup('127.0.0.1', 'no-such-service'), socket_addrinfo_lookup(''), socket_last_error());
var_dump(socket_addrinfo_lookup('127.0.0.1', null, ['ai_family' => AF_UNIX]));
var_dump(socket_addrinfo_lookup('not-a-number', null, ['ai_flags' => AI_NUMERICHOST]));
caught(fn () => socket_addrinfo_lookup('127.0.0.1', null, ['bogus' => 1]));
var_dump(count(socket_addrinfo_lookup('127.0.0.1', null, [1, 2])));
caught(fn () => socket_addrinfo_explain('x'));
caught(fn () => socket_addrinfo_lookup());
