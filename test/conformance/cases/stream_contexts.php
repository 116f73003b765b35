<?php
// Stream contexts: stream_context_create/_set_option/_get_options/_get_default/_set_default/
// _set_params/_get_params, the default context behind streams made without one, and the "socket"
// context options on socket streams (ported from the measurements in the TLS reference, 07).
function t(string $label, callable $f): void
{
    echo "$label: ";
    try {
        var_dump($f());
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}

echo "== stream_context_create\n";
$c = stream_context_create();
t('create()', fn () => $c);
t('type', fn () => get_resource_type($c));
t('(int) and (string)', fn () => [(int)$c === get_resource_id($c), (string)$c === 'Resource id #' . get_resource_id($c)]);
t('options of a new context', fn () => stream_context_get_options($c));
t('params of a new context', fn () => stream_context_get_params($c));
t('create(null, null)', fn () => stream_context_get_options(stream_context_create(null, null)));
t('create(options)', fn () => stream_context_get_options(stream_context_create(['ssl' => ['verify_peer' => false, 'cafile' => 'certs/ca.pem'], 'socket' => ['tcp_nodelay' => true]])));
t('create(["ssl" => 1])', fn () => stream_context_create(['ssl' => 1]));
t('create([1 => ["a" => 1]])', fn () => stream_context_create([1 => ['a' => 1]]));
t('create(["ssl" => [0 => "x"]]) (a list: ignored)', fn () => stream_context_get_options(stream_context_create(['ssl' => [0 => 'x']])));
t('create(["ssl" => ["a" => 1, 5 => 2]]) (int keys dropped)', fn () => stream_context_get_options(stream_context_create(['ssl' => ['a' => 1, 5 => 2]])));
t('create("x")', fn () => stream_context_create('x'));
t('create([], 1)', fn () => stream_context_create([], 1));
t('create([], [], 1)', fn () => stream_context_create([], [], 1));
t('create([], ["options" => 5])', fn () => stream_context_create([], ['options' => 5]));
t('create([], ["notification" => "strlen"]) params', fn () => stream_context_get_params(stream_context_create([], ['notification' => 'strlen'])));
t('option names end at a NUL', fn () => stream_context_get_options(stream_context_create(["a\0b" => ["c\0d" => 1]])));
t('params options merged over options', fn () => stream_context_get_options(stream_context_create(['ssl' => ['a' => 1, 'b' => 2]], ['options' => ['ssl' => ['a' => 3, 'c' => 4]]])));
t('values are copied', function () {
    $a = ['x' => 1];
    $c = stream_context_create(['ssl' => ['arr' => $a]]);
    $a['x'] = 2;
    $o = stream_context_get_options($c);
    $o['ssl']['arr']['x'] = 3;
    return stream_context_get_options($c);
});

echo "== stream_context_set_option\n";
t('set(ctx, "ssl", "verify_peer", false)', fn () => stream_context_set_option($c, 'ssl', 'verify_peer', false));
t('set(ctx, array)', fn () => stream_context_set_option($c, ['socket' => ['bindto' => '127.0.0.1:0']]));
t('options now', fn () => stream_context_get_options($c));
t('set(ctx, array, "x")', fn () => stream_context_set_option($c, ['ssl' => []], 'x'));
t('set(ctx, array, null, 1)', fn () => stream_context_set_option($c, ['ssl' => []], null, 1));
t('set(ctx, array, null)', fn () => stream_context_set_option($c, ['ssl' => []], null));
t('set(ctx, "ssl")', fn () => stream_context_set_option($c, 'ssl'));
t('set(ctx, "ssl", "x")', fn () => stream_context_set_option($c, 'ssl', 'x'));
t('set(ctx, "ssl", null, 1)', fn () => stream_context_set_option($c, 'ssl', null, 1));
t('set(ctx, "ssl", [], 1)', fn () => stream_context_set_option($c, 'ssl', [], 1));
t('set(ctx, ["ssl" => 1])', fn () => stream_context_set_option($c, ['ssl' => 1]));
t('set(ctx, ["w1" => ["a" => 1], "w2" => 5])', fn () => stream_context_set_option($c, ['w1' => ['a' => 1], 'w2' => 5]));
t('w1 was set before the error', fn () => stream_context_get_options($c)['w1']);
t('set(ctx)', fn () => stream_context_set_option($c));
t('set(ctx, "a", "b", 1, 2)', fn () => stream_context_set_option($c, 'a', 'b', 1, 2));
t('set("x", "ssl", "a", 1)', fn () => stream_context_set_option('x', 'ssl', 'a', 1));
t('get_options("x")', fn () => stream_context_get_options('x'));
t('get_options()', fn () => stream_context_get_options());
$sock = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
t('get_options(Socket)', fn () => stream_context_get_options($sock));
t('set_params(Socket, [])', fn () => stream_context_set_params($sock, []));
$srv = stream_socket_server('tcp://127.0.0.1:0');
$fp = stream_socket_client('tcp://' . stream_socket_get_name($srv, false));
t('options of a stream made without a context (the default context)', fn () => stream_context_get_options($fp));
t('set an option on that stream', fn () => stream_context_set_option($fp, 'ssl', 'peer_name', 'via-stream'));
t('the default context now', fn () => stream_context_get_options(stream_context_get_default()));
t('an accepted stream shares the server\'s (default) context', fn () => stream_context_get_options(stream_socket_accept($srv)));
fclose($fp);
t('get_options(closed stream)', fn () => stream_context_get_options($fp));
t('set_option(closed stream)', fn () => stream_context_set_option($fp, 'a', 'b', 1));
t('get_params(closed stream)', fn () => stream_context_get_params($fp));
t('a context where a stream is expected', fn () => fread($c, 1));
t('a context where a Socket is expected', fn () => socket_bind($c, '127.0.0.1'));
t('a stream where a context is expected', fn () => stream_socket_client('tcp://127.0.0.1:1', $e1, $e2, 1, STREAM_CLIENT_CONNECT, $srv));
t('a Socket where a context is expected', fn () => stream_socket_server('tcp://127.0.0.1:0', $e1, $e2, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $sock));

echo "== streams without a context\n";
$fs = fsockopen('127.0.0.1', (int)substr(stream_socket_get_name($srv, false), 10));
t('fsockopen(): a fresh context, not the default', fn () => stream_context_get_options($fs));
t('set on it', fn () => stream_context_set_option($fs, 'x', 'y', 2));
t('kept on the stream', fn () => stream_context_get_options($fs));
$pair = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
t('stream_socket_pair()', fn () => stream_context_get_options($pair[0]));
$ctx = stream_context_create(['socket' => ['q' => 1]]);
$srv2 = stream_socket_server('tcp://127.0.0.1:0', $e1, $e2, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
$cl = stream_socket_client('tcp://' . stream_socket_get_name($srv2, false));
$acc = stream_socket_accept($srv2);
stream_context_set_option($acc, 'socket', 'r', 2);
t('set through an accepted stream: the server\'s context', fn () => stream_context_get_options($ctx));
$pn = stream_socket_get_name($srv2, false);
$pa = stream_socket_client("tcp://$pn", $e1, $e2, 1, STREAM_CLIENT_CONNECT | STREAM_CLIENT_PERSISTENT, stream_context_create(['x' => ['a' => 1]]));
$pb = stream_socket_client("tcp://$pn", $e1, $e2, 1, STREAM_CLIENT_CONNECT | STREAM_CLIENT_PERSISTENT, stream_context_create(['x' => ['b' => 2]]));
t('a persistent stream reused keeps its first context', fn () => [$pa === $pb, stream_context_get_options($pb)]);
fclose($pa);

echo "== default context\n";
$d1 = stream_context_get_default();
$d2 = stream_context_get_default();
t('get_default() twice: same resource', fn () => $d1 === $d2);
t('get_default(["ssl" => ["x" => 1]])', fn () => stream_context_get_options(stream_context_get_default(['ssl' => ['x' => 1]])));
t('set_default(["socket" => ["tcp_nodelay" => true]]) returns the default', fn () => stream_context_set_default(['socket' => ['tcp_nodelay' => true]]) === $d1);
t('options now (merged, not replaced)', fn () => stream_context_get_options($d1));
t('get_default("x")', fn () => stream_context_get_default('x'));
t('get_default(null)', fn () => stream_context_get_default(null) === $d1);
t('set_default(null)', fn () => stream_context_set_default(null));
t('set_default(["ssl" => 1])', fn () => stream_context_set_default(['ssl' => 1]));

echo "== params\n";
$p = stream_context_create();
t('set_params(options)', fn () => stream_context_set_params($p, ['options' => ['ssl' => ['a' => 1]]]));
t('set_params(notification)', fn () => stream_context_set_params($p, ['notification' => function () { echo "notified\n"; }]));
t('set_params(unknown key)', fn () => stream_context_set_params($p, ['foo' => 1]));
t('set_params(options = 1)', fn () => stream_context_set_params($p, ['options' => 1]));
t('set_params(ctx, "x")', fn () => stream_context_set_params($p, 'x'));
t('get_params', fn () => array_keys(stream_context_get_params($p)));
t('get_params options', fn () => stream_context_get_params($p)['options']);
t('notification null is kept', function () use ($p) {
    stream_context_set_params($p, ['notification' => null]);
    return stream_context_get_params($p);
});
$n = 0;
$nctx = stream_context_create([], ['notification' => function () use (&$n) { $n++; }]);
$nsrv = stream_socket_server('tcp://127.0.0.1:0', $e1, $e2, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $nctx);
$ncl = stream_socket_client('tcp://' . stream_socket_get_name($nsrv, false), $e1, $e2, 5, STREAM_CLIENT_CONNECT, $nctx);
$nacc = stream_socket_accept($nsrv);
fwrite($ncl, "abc\n");
fgets($nacc);
fclose($ncl);
echo "notifications: $n\n";
