<?php
// TypeError type names (a stream is a resource, open or closed), objects with __toString() for
// string parameters, and NUL bytes in host, service and protocol names.
function t($label, $f) {
    try {
        echo "$label: ";
        var_dump($f());
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}
$s = stream_socket_server('tcp://127.0.0.1:0');
$closed = stream_socket_server('tcp://127.0.0.1:0');
fclose($closed);
t('stream for Socket', fn() => socket_read($s, 1));
t('closed stream for Socket', fn() => socket_read($closed, 1));
t('closed stream for resource', fn() => fread($closed, 1));
t('Socket for resource', fn() => fread(socket_create(AF_INET, SOCK_STREAM, 0), 1));
t('string for Socket', fn() => socket_close('abc'));
t('array for Socket', fn() => socket_close(['a' => 1]));
t('anonymous object', fn() => socket_strerror(new class {}));
t('closure', fn() => socket_set_block(fn() => 1));
class Service { function __toString() { return 'http'; } }
t('__toString for string', fn() => getservbyname(new Service, 'tcp'));
t('__toString for int', fn() => socket_strerror(new Service));
t('__toString as data', function () {
    [$a, $b] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
    fwrite($a, new Service);
    return fread($b, 10);
});
t('gethostbyname', fn() => gethostbyname("localhost\0.example.com"));
t('gethostbynamel', fn() => gethostbynamel("localhost\0.example.com"));
t('getprotobyname', fn() => getprotobyname("tcp\0x"));
t('getservbyname', fn() => getservbyname("http", "tcp\0x"));
t('getservbyname service', fn() => getservbyname("http\0", "tcp"));
t('getservbyport', fn() => getservbyport(80, "tcp\0x"));
t('stream_socket_client', fn() => stream_socket_client("tcp://127.0.0.1\0:80"));
