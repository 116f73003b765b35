<?php
// The "socket" context options on socket streams, read back from the kernel: bindto (a client's
// source address: PHP's warnings, and the connect going on), backlog (ss's Send-Q), ipv6_v6only,
// so_reuseport, so_broadcast (udp), tcp_nodelay (clients, and the sockets a server accepts).
function t(string $label, callable $f): void
{
    echo "$label: ";
    try {
        var_dump($f());
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}
function portOf($s): int
{
    $n = stream_socket_get_name($s, false);
    return (int)substr($n, strrpos($n, ':') + 1);
}
function sockopt($stream, int $level, int $opt)
{
    $s = socket_import_stream($stream);
    return $s ? socket_get_option($s, $level, $opt) : 'import failed';
}
function client(string $address, array $options)
{
    $r = stream_socket_client($address, $errno, $errstr, 2, STREAM_CLIENT_CONNECT, stream_context_create(['socket' => $options]));
    echo "[errno $errno, errstr '$errstr'] ";
    return $r;
}
function localName(string $address, array $options)
{
    $r = client($address, $options);
    return $r ? preg_replace('/:\d+$/', ':PORT', stream_socket_get_name($r, false)) : $r;
}
function server(string $address, array $options, int $flags = STREAM_SERVER_BIND | STREAM_SERVER_LISTEN)
{
    $r = stream_socket_server($address, $errno, $errstr, $flags, stream_context_create(['socket' => $options]));
    echo "[errno $errno, errstr '$errstr'] ";
    return $r;
}
function sendQ($s): string
{
    return trim((string)shell_exec('ss -ltnH "sport = :' . portOf($s) . '" | awk \'{print $3}\''));
}

echo "== bindto\n";
$srv = stream_socket_server('tcp://127.0.0.1:0');
$port = portOf($srv);
$srv6 = stream_socket_server('tcp://[::1]:0');
$port6 = portOf($srv6);
t('bindto 127.0.0.1:0', fn () => localName("tcp://127.0.0.1:$port", ['bindto' => '127.0.0.1:0']));
t('bindto 127.0.0.2:0', fn () => localName("tcp://127.0.0.1:$port", ['bindto' => '127.0.0.2:0']));
$used = stream_socket_server('tcp://127.0.0.1:0');
t('bindto a port in use', fn () => localName("tcp://127.0.0.1:$port", ['bindto' => '127.0.0.1:' . portOf($used)]));
t('bindto "nonsense" (ignored)', fn () => localName("tcp://127.0.0.1:$port", ['bindto' => 'nonsense']));
t('bindto "10.255.255.1:0" (not local)', fn () => localName("tcp://127.0.0.1:$port", ['bindto' => '10.255.255.1:0']));
t('bindto "localhost:0" (not numeric)', fn () => localName("tcp://127.0.0.1:$port", ['bindto' => 'localhost:0']));
t('bindto "127.1:0"', fn () => localName("tcp://127.0.0.1:$port", ['bindto' => '127.1:0']));
t('bindto ":0"', fn () => localName("tcp://127.0.0.1:$port", ['bindto' => ':0']));
t('bindto "0:0"', fn () => localName("tcp://127.0.0.1:$port", ['bindto' => '0:0']));
t('bindto "[::1]:0" to an IPv4 address (dropped)', fn () => localName("tcp://127.0.0.1:$port", ['bindto' => '[::1]:0']));
t('bindto "127.0.0.1:0" to an IPv6 address (skipped)', fn () => localName("tcp://[::1]:$port6", ['bindto' => '127.0.0.1:0']));
t('bindto "[::1]:0" to an IPv6 address', fn () => localName("tcp://[::1]:$port6", ['bindto' => '[::1]:0']));
t('bindto 5 (not a string)', fn () => client("tcp://127.0.0.1:$port", ['bindto' => 5]));
t('bindto null (not a string)', fn () => client("tcp://127.0.0.1:$port", ['bindto' => null]));
t('bindto and a refused connect', fn () => client('tcp://127.0.0.1:1', ['bindto' => '127.0.0.1:0']));
t('bindto on ssl:// (the same socket code)', fn () => client('ssl://127.0.0.1:1', ['bindto' => 'nonsense']));
t('bindto on udp', fn () => localName('udp://127.0.0.1:9', ['bindto' => '127.0.0.2:0']));
t('bindto on unix (not read)', fn () => client('unix:///nonexistent/php-sockets.sock', ['bindto' => 5]));
t('bindto with an async connect', function () use ($port) {
    $r = stream_socket_client("tcp://127.0.0.1:$port", $e1, $e2, 2, STREAM_CLIENT_ASYNC_CONNECT | STREAM_CLIENT_CONNECT, stream_context_create(['socket' => ['bindto' => '127.0.0.2:0']]));
    return preg_replace('/:\d+$/', ':PORT', stream_socket_get_name($r, false));
});
t('the default context\'s bindto applies to a stream made without a context', function () use ($port) {
    stream_context_set_default(['socket' => ['bindto' => '127.0.0.3:0']]);
    $r = stream_socket_client("tcp://127.0.0.1:$port");
    return preg_replace('/:\d+$/', ':PORT', stream_socket_get_name($r, false));
});
t('fsockopen() uses no context', fn () => preg_replace('/:\d+$/', ':PORT', stream_socket_get_name(fsockopen('127.0.0.1', $port), false)));
stream_context_set_default(['socket' => ['bindto' => '0:0']]);

echo "== tcp_nodelay\n";
t('tcp_nodelay on a client', fn () => sockopt(client("tcp://127.0.0.1:$port", ['tcp_nodelay' => true]), SOL_TCP, TCP_NODELAY));
t('tcp_nodelay "0"', fn () => sockopt(client("tcp://127.0.0.1:$port", ['tcp_nodelay' => '0']), SOL_TCP, TCP_NODELAY));
t('no tcp_nodelay', fn () => sockopt(client("tcp://127.0.0.1:$port", []), SOL_TCP, TCP_NODELAY));
stream_context_set_default(['socket' => ['tcp_nodelay' => true]]);
t('no context: the default context\'s tcp_nodelay', fn () => sockopt(stream_socket_client("tcp://127.0.0.1:$port"), SOL_TCP, TCP_NODELAY));
t('an empty context: none', fn () => sockopt(stream_socket_client("tcp://127.0.0.1:$port", $e1, $e2, 2, STREAM_CLIENT_CONNECT, stream_context_create()), SOL_TCP, TCP_NODELAY));
t('tcp_nodelay on a server: the listening socket', function () use (&$nd) {
    $nd = server('tcp://127.0.0.1:0', ['tcp_nodelay' => true]);
    return sockopt($nd, SOL_TCP, TCP_NODELAY);
});
$c1 = stream_socket_client('tcp://127.0.0.1:' . portOf($nd));
t('tcp_nodelay on a server: an accepted socket', fn () => sockopt(stream_socket_accept($nd), SOL_TCP, TCP_NODELAY));
t('tcp_nodelay set on the server\'s context after listening', function () {
    $ctx = stream_context_create();
    $s = stream_socket_server('tcp://127.0.0.1:0', $e1, $e2, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
    stream_context_set_option($ctx, 'socket', 'tcp_nodelay', true);
    $c = stream_socket_client('tcp://127.0.0.1:' . portOf($s));
    return sockopt(stream_socket_accept($s), SOL_TCP, TCP_NODELAY);
});
t('tcp_nodelay on a udp client (not set)', fn () => sockopt(client('udp://127.0.0.1:9', ['tcp_nodelay' => true]), SOL_TCP, TCP_NODELAY));

echo "== backlog\n";
foreach ([3, 'abc', 0, '7', 3.9, true, null, 2 ** 40, [], [1]] as $b) {
    t('backlog ' . str_replace("\n", '', var_export($b, true)), function () use ($b) {
        $s = server('tcp://127.0.0.1:0', ['backlog' => $b]);
        return $s ? sendQ($s) : $s;
    });
}
t('default backlog', fn () => sendQ($srv));

echo "== so_reuseport\n";
$r1 = server('tcp://127.0.0.1:0', ['so_reuseport' => true]);
t('so_reuseport on the server socket', fn () => sockopt($r1, SOL_SOCKET, SO_REUSEPORT));
t('so_reuseport: second server on the same port', fn () => (bool)server('tcp://127.0.0.1:' . portOf($r1), ['so_reuseport' => true]));
t('without so_reuseport', fn () => server('tcp://127.0.0.1:' . portOf($r1), []));
t('so_reuseport "0"', fn () => sockopt(server('tcp://127.0.0.1:0', ['so_reuseport' => '0']), SOL_SOCKET, SO_REUSEPORT));
t('so_reuseport on udp', function () {
    $u = server('udp://127.0.0.1:0', ['so_reuseport' => true], STREAM_SERVER_BIND);
    return [sockopt($u, SOL_SOCKET, SO_REUSEPORT), (bool)server('udp://127.0.0.1:' . portOf($u), ['so_reuseport' => true], STREAM_SERVER_BIND)];
});

echo "== ipv6_v6only\n";
foreach ([true, false, null, '0', 'yes'] as $v) {
    t('ipv6_v6only ' . var_export($v, true), function () use ($v) {
        $s = server('tcp://[::]:0', ['ipv6_v6only' => $v]);
        return $s ? sockopt($s, IPPROTO_IPV6, IPV6_V6ONLY) : $s;
    });
}
$v6 = server('tcp://[::]:0', ['ipv6_v6only' => true]);
t('ipv6_v6only true: connect via 127.0.0.1', fn () => stream_socket_client('tcp://127.0.0.1:' . portOf($v6), $e1, $e2, 1));
$v6b = server('tcp://[::]:0', ['ipv6_v6only' => false]);
t('ipv6_v6only false: connect via 127.0.0.1', fn () => (bool)stream_socket_client('tcp://127.0.0.1:' . portOf($v6b), $e1, $e2, 1));
t('ipv6_v6only on an IPv4 server', fn () => (bool)server('tcp://127.0.0.1:0', ['ipv6_v6only' => true]));

echo "== so_broadcast\n";
t('so_broadcast on a udp client', fn () => sockopt(client('udp://127.0.0.1:9', ['so_broadcast' => true]), SOL_SOCKET, SO_BROADCAST));
t('so_broadcast on a udp server', fn () => sockopt(server('udp://127.0.0.1:0', ['so_broadcast' => true], STREAM_SERVER_BIND), SOL_SOCKET, SO_BROADCAST));
t('so_broadcast on a tcp client (not set)', fn () => sockopt(client("tcp://127.0.0.1:$port", ['so_broadcast' => true]), SOL_SOCKET, SO_BROADCAST));
t('so_broadcast on a tcp server (not set)', fn () => sockopt(server('tcp://127.0.0.1:0', ['so_broadcast' => true]), SOL_SOCKET, SO_BROADCAST));
