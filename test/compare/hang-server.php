<?php
// Fixture of test/compare.test.ts: a server that never serves. It starts a child (`sleep 60`),
// records its own pid and the child's as empty files in $PIDS_DIR, listens on the port it was
// given if its first argument is 'listen' (and never accepts), then sleeps: so that a test can
// check that the tool leaves no process behind when it gives up.
$child = proc_open(['sleep', '60'], [], $pipes);
file_put_contents(getenv('PIDS_DIR') . '/' . getmypid(), '');
file_put_contents(getenv('PIDS_DIR') . '/' . proc_get_status($child)['pid'], '');
if (($argv[1] ?? '') === 'listen') {
    $server = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
    socket_bind($server, '127.0.0.1', (int) getenv('PHP_SOCKETS_COMPARE_PORT'));
    socket_listen($server);
}
echo "up\n";
sleep(60);
