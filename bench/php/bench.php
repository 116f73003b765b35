<?php
// Real PHP 8.2 running the bench workloads with socket_* (and, for "many", the stream layer).
// bench/node/php-sockets.mjs is this file ported line by line to php-sockets. Arguments as in
// bench/c/bench.c: servers print "READY <port|path>", clients "RESULT <operations> <seconds>".

function now(): float { return hrtime(true) / 1e9; }

function result(int $ops, float $seconds): void { printf("RESULT %d %.9f\n", $ops, $seconds); }

function fail(string $what): never {
    fwrite(STDERR, "bench.php: $what: " . socket_strerror(socket_last_error()) . "\n");
    exit(1);
}

function tcp_listen(int $backlog): Socket {
    $l = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) ?: fail('socket_create');
    socket_bind($l, '127.0.0.1', 0) || fail('socket_bind');
    socket_listen($l, $backlog) || fail('socket_listen');
    socket_getsockname($l, $addr, $port);
    echo "READY $port\n";
    return $l;
}

function tcp_connect(int $port): Socket {
    $s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) ?: fail('socket_create');
    socket_connect($s, '127.0.0.1', $port) || fail('socket_connect');
    return $s;
}

function write_all(Socket $s, string $data): void {
    while ($data !== '') {
        $n = socket_write($s, $data);
        if ($n === false) fail('socket_write');
        $data = $n === strlen($data) ? '' : substr($data, $n);
    }
}

function read_full(Socket $s, int $len): string|false {
    $buf = '';
    while (strlen($buf) < $len) {
        $d = socket_read($s, $len - strlen($buf));
        if ($d === false) fail('socket_read');
        if ($d === '') return false;
        $buf .= $d;
    }
    return $buf;
}

function pingpong_server(string $family, string $path, int $size): void {
    if ($family === 'unix') {
        $l = socket_create(AF_UNIX, SOCK_STREAM, 0) ?: fail('socket_create');
        socket_bind($l, $path) || fail('socket_bind');
        socket_listen($l, 128) || fail('socket_listen');
        echo "READY $path\n";
    } else {
        $l = tcp_listen(128);
    }
    $c = socket_accept($l) ?: fail('socket_accept');
    while (true) {
        $d = socket_read($c, $size);
        if ($d === false) fail('socket_read');
        if ($d === '') break;
        write_all($c, $d);
    }
    socket_close($c);
    socket_close($l);
}

function pingpong_client(string $family, string $where, int $size, int $warmup, int $count): void {
    if ($family === 'unix') {
        $s = socket_create(AF_UNIX, SOCK_STREAM, 0) ?: fail('socket_create');
        socket_connect($s, $where) || fail('socket_connect');
    } else {
        $s = tcp_connect((int)$where);
    }
    $msg = str_repeat('x', $size);
    $t0 = 0.0;
    for ($i = 0; $i < $warmup + $count; $i++) {
        if ($i === $warmup) $t0 = now();
        write_all($s, $msg);
        if (read_full($s, $size) === false) fail('early end of stream');
    }
    $t = now() - $t0;
    socket_close($s);
    result($count, $t);
}

function bulk_server(int $chunk, int $total): void {
    $l = tcp_listen(128);
    $c = socket_accept($l) ?: fail('socket_accept');
    $got = 0;
    while ($got < $total) {
        $d = socket_read($c, $chunk);
        if ($d === false) fail('socket_read');
        if ($d === '') fail('early end of stream');
        $got += strlen($d);
    }
    write_all($c, 'k');
    socket_read($c, 1);
    socket_close($c);
    socket_close($l);
}

function bulk_client(int $port, int $chunk, int $total): void {
    $s = tcp_connect($port);
    $buf = str_repeat('x', $chunk);
    $t0 = now();
    for ($sent = 0; $sent < $total; $sent += $chunk) write_all($s, $buf);
    if (read_full($s, 1) === false) fail('no ack');
    $t = now() - $t0;
    socket_close($s);
    result($total, $t);
}

function accept_server(int $total): void {
    $l = tcp_listen(128);
    for ($i = 0; $i < $total; $i++) {
        $c = socket_accept($l) ?: fail('socket_accept');
        socket_close($c);
    }
    socket_close($l);
}

function accept_client(int $port, int $warmup, int $count): void {
    $t0 = 0.0;
    for ($i = 0; $i < $warmup + $count; $i++) {
        if ($i === $warmup) $t0 = now();
        $s = tcp_connect($port);
        if (socket_read($s, 1) !== '') fail('expected end of stream');
        socket_close($s);
    }
    result($count, now() - $t0);
}

// The socket_select server: accepts $n connections, then selects over all of them and echoes.
function select_server(int $n): void {
    $l = tcp_listen(4096);
    $conns = [];
    for ($i = 0; $i < $n; $i++) $conns[] = socket_accept($l) ?: fail('socket_accept');
    $write = $except = null;
    while (true) {
        $read = $conns;
        if (socket_select($read, $write, $except, null) === false) fail('socket_select');
        foreach ($read as $c) {
            $d = socket_read($c, 8192);
            if ($d === false || $d === '') break 2;
            write_all($c, $d);
        }
    }
    foreach ($conns as $c) socket_close($c);
    socket_close($l);
}

// The stream_select server: selects over the listener and every connection, accepts when the
// listener is readable, echoes what arrives, until one connection reaches end of stream.
function many_server(int $n): void {
    $l = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN)
        ?: fail("stream_socket_server: $errstr");
    $name = stream_socket_get_name($l, false);
    echo 'READY ' . substr($name, strrpos($name, ':') + 1) . "\n";
    $conns = [];
    $write = $except = null;
    while (true) {
        $read = $conns;
        $read[] = $l;
        if (stream_select($read, $write, $except, null) === false) fail('stream_select');
        foreach ($read as $c) {
            if ($c === $l) {
                $conns[] = stream_socket_accept($l, -1) ?: fail('stream_socket_accept');
                continue;
            }
            $d = fread($c, 8192);
            if ($d === false || $d === '') break 2;
            fwrite($c, $d);
        }
    }
    foreach ($conns as $c) fclose($c);
    fclose($l);
}

// Per-call cost of a PHP-level call that makes one cheap syscall.
function overhead(int $iters): void {
    socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $pair) || fail('socket_create_pair');
    [$a, $b] = $pair;
    socket_set_nonblock($a);
    $t0 = now();
    for ($i = 0; $i < $iters; $i++) socket_write($b, '', 0);
    printf("OVERHEAD write0 %.2f\n", (now() - $t0) * 1e9 / $iters);
    $t0 = now();
    for ($i = 0; $i < $iters; $i++) socket_read($a, 16);
    printf("OVERHEAD readEagain %.2f\n", (now() - $t0) * 1e9 / $iters);
    foreach ([$a, $b] as $s) {
        socket_set_option($s, SOL_SOCKET, SO_SNDBUF, 1 << 20);
        socket_set_option($s, SOL_SOCKET, SO_RCVBUF, 1 << 20);
    }
    socket_set_block($a);
    $chunk = str_repeat('x', 65536);
    $chunks = intdiv($iters, 40);
    $t0 = now();
    for ($i = 0; $i < $chunks; $i++) {
        socket_write($b, $chunk) === 65536 || fail('socket_write');
        strlen(socket_read($a, 65536)) === 65536 || fail('socket_read');
    }
    printf("OVERHEAD chunkString %.2f\n", (now() - $t0) * 1e9 / $chunks);
}

// TLS (ssl:// streams, the test PKI): ping-pong and bulk as above, with fread/fwrite.
function tls_ctx(bool $server) {
    $d = __DIR__ . '/../../test/fixtures/tls/';
    return stream_context_create(['ssl' => $server
        ? ['local_cert' => $d . 'server.pem', 'local_pk' => $d . 'server.key']
        : ['cafile' => $d . 'ca.pem']]);
}

function tls_listen() {
    $l = stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, tls_ctx(true));
    if (!$l) fail("stream_socket_server: $errstr");
    $name = stream_socket_get_name($l, false);
    echo 'READY ', substr($name, strrpos($name, ':') + 1), "\n";
    $c = stream_socket_accept($l, -1) ?: fail('stream_socket_accept');
    fclose($l);
    return $c;
}

function tls_connect(string $port) {
    $s = stream_socket_client("ssl://127.0.0.1:$port", $errno, $errstr, 10, STREAM_CLIENT_CONNECT, tls_ctx(false));
    return $s ?: fail("stream_socket_client: $errstr");
}

function tls_read_full($s, int $len): string|false {
    $buf = '';
    while (strlen($buf) < $len) {
        $d = fread($s, $len - strlen($buf));
        if ($d === false || $d === '') return false;
        $buf .= $d;
    }
    return $buf;
}

function tlspingpong_server(int $size): void {
    $c = tls_listen();
    while (($d = fread($c, $size)) !== false && $d !== '') fwrite($c, $d);
    fclose($c);
}

function tlspingpong_client(string $port, int $size, int $warmup, int $count): void {
    $s = tls_connect($port);
    $msg = str_repeat('x', $size);
    $t0 = 0.0;
    for ($i = 0; $i < $warmup + $count; $i++) {
        if ($i === $warmup) $t0 = now();
        fwrite($s, $msg);
        if (tls_read_full($s, $size) === false) fail('early end of stream');
    }
    $t = now() - $t0;
    fclose($s);
    result($count, $t);
}

function tlsbulk_server(int $chunk, int $total): void {
    $c = tls_listen();
    for ($got = 0; $got < $total; $got += strlen($d)) {
        $d = fread($c, $chunk);
        if ($d === false || $d === '') fail('early end of stream');
    }
    fwrite($c, 'k');
    fread($c, 1);
    fclose($c);
}

function tlsbulk_client(string $port, int $chunk, int $total): void {
    $s = tls_connect($port);
    $buf = str_repeat('x', $chunk);
    $t0 = now();
    for ($sent = 0; $sent < $total; $sent += $chunk) fwrite($s, $buf) === $chunk || fail('fwrite');
    if (tls_read_full($s, 1) === false) fail('no ack');
    $t = now() - $t0;
    fclose($s);
    result($total, $t);
}

$a = array_slice($argv, 3);
match ($argv[1] . ' ' . ($argv[2] ?? '')) {
    'pingpong server' => pingpong_server($a[0], $a[1], (int)$a[2]),
    'pingpong client' => pingpong_client($a[0], $a[1], (int)$a[2], (int)$a[3], (int)$a[4]),
    'bulk server' => bulk_server((int)$a[0], (int)$a[1]),
    'bulk client' => bulk_client((int)$a[0], (int)$a[1], (int)$a[2]),
    'accept server' => accept_server((int)$a[0]),
    'accept client' => accept_client((int)$a[0], (int)$a[1], (int)$a[2]),
    'select server' => select_server((int)$a[0]),
    'many server' => many_server((int)$a[0]),
    'tlspingpong server' => tlspingpong_server((int)$a[0]),
    'tlspingpong client' => tlspingpong_client($a[0], (int)$a[1], (int)$a[2], (int)$a[3]),
    'tlsbulk server' => tlsbulk_server((int)$a[0], (int)$a[1]),
    'tlsbulk client' => tlsbulk_client($a[0], (int)$a[1], (int)$a[2]),
    default => $argv[1] === 'overhead' ? overhead((int)$argv[2]) : fail("unknown $argv[1] $argv[2]"),
};
