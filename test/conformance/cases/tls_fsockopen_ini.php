<?php
// fsockopen("ssl://...") passes no context, so its only CA settings are the openssl.cafile and
// openssl.capath ini settings (port of the TLS reference's 01b-fsockopen-ini.php). They are
// PHP_INI_PERDIR: `php -d openssl.cafile=...` sets them, ini_set() cannot. This script runs
// itself again that way (PHP: `php -d`; the port: the environment variable
// PHP_SOCKETS_OPENSSL_CAFILE, its documented equivalent) and prints what that run says.
require __DIR__ . '/../tls/lib.php';
if (($argv[1] ?? '') === 'child') {
    set_error_handler(function (int $no, string $str) {
        echo "Warning: $str\n";
        return true;
    });
    $port = (int)$argv[2];
    echo 'openssl.cafile: ', ini_get('openssl.cafile'), "\n";
    echo 'ini_set: ', var_export(ini_set('openssl.cafile', 'other-ca.pem'), true), "\n";
    $fp = fsockopen('ssl://localhost', $port, $errno, $errstr, 5);
    echo 'fsockopen: ', $fp === false ? 'false' : get_resource_type($fp), "\n";
    if ($fp) {
        fwrite($fp, "hello\n");
        echo 'fgets: ', json_encode(fgets($fp)), "\n";
        echo 'options of an fsockopen stream: ', json_encode(stream_context_get_options($fp)), "\n";
        fclose($fp);
    }
    echo "END\n";
    exit;
}
echo 'openssl.cafile here: ', json_encode(ini_get('openssl.cafile')), "\n";
$srv = peer('server', ['tls', 'read', 'w:olleh\n']);
$child = start([PHP_BINARY, '-d', 'openssl.cafile=ca.pem', __FILE__, 'child', (string)$srv['port']], '/^/');
peer_says($child);
peer_says($srv);
