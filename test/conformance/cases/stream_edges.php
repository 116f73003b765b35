<?php
// Abstract unix names of 108 bytes, feof() of a listening stream, and the edge lengths of fgets,
// fread, fgetc and stream_get_contents (fgets($s, 1) reads nothing and never waits).
function t($label, $f) {
    try {
        echo "$label: ";
        var_dump($f());
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}
$abstract = "\0" . sys_get_temp_dir() . "/abstract";
$name = str_pad($abstract, 108, 'a');
t('abstract 108', fn() => is_resource($GLOBALS['server'] = stream_socket_server("unix://$name")));
t('connect 108', fn() => is_resource(stream_socket_client("unix://$name")));
t('connect 107', fn() => stream_socket_client('unix://' . substr($name, 0, 107)));
t('abstract 109', fn() => is_resource(stream_socket_client("unix://{$name}b")));
$long = sys_get_temp_dir() . '/' . str_repeat('p', 120);
t('path 120', fn() => is_resource($GLOBALS['path'] = stream_socket_server("unix://$long")));
t('path name', fn() => strlen(stream_socket_get_name($GLOBALS['path'], false)));
@unlink(substr($long, 0, 107));
$l = stream_socket_server('tcp://127.0.0.1:0');
t('feof listening', fn() => feof($l));
t('feof unix listening', fn() => feof($GLOBALS['server']));
$c = stream_socket_client('tcp://' . stream_socket_get_name($l, false));
t('feof pending', fn() => feof($l));
[$a, $b] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
stream_set_timeout($b, 0, 200000);
foreach ([0, 1, 2, -1] as $n) {
    t("idle fgets $n", fn() => fgets($b, $n));
    t('timed_out', fn() => stream_get_meta_data($b)['timed_out']);
}
fwrite($a, "hello\nworld\nabcdef");
foreach ([1, 2, 3, 1 << 20] as $n) t("fgets $n", fn() => fgets($b, $n));
foreach ([0, -1, 1] as $n) t("fread $n", fn() => fread($b, $n));
t('fgetc', fn() => fgetc($b));
foreach ([0, 1, -2] as $n) t("stream_get_contents $n", fn() => stream_get_contents($b, $n));
t('stream_get_contents 2, -1', fn() => stream_get_contents($b, 2, -1));
t('fread huge', fn() => fread($b, 1 << 20));
