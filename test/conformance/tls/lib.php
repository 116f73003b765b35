<?php
// Shared by the TLS conformance cases (test/conformance/cases/tls_*.php; the TS cases use lib.ts,
// its port): peers in other processes (peer.php here, or `openssl s_server`), each writing what it
// says to a file the case reads, so a case never waits on a pipe. The working directory is the
// committed test PKI (test/fixtures/tls), so certificate paths and the warnings naming them are
// short and the same on both sides.
chdir(__DIR__ . '/../../fixtures/tls');

/** Round seconds: timings on a loaded machine only show which wait happened. */
function elapsed(float $t0): string
{
    return sprintf('%d s', (int)round(microtime(true) - $t0));
}

/**
 * Starts CMD (with $env added to the environment; stdin a pipe, or the file $input) with stdout
 * and stderr to a fresh file; waits for a line matching $ready.
 */
function start(array $cmd, string $ready, int $stdin = 0, array $env = [], ?string $input = null): array
{
    static $n = 0;
    $file = sys_get_temp_dir() . '/peer-' . getmypid() . '-' . (++$n) . '.out';
    $p = proc_open($cmd, [0 => $stdin ? ['pipe', 'r'] : ['file', $input ?? '/dev/null', 'r'], 1 => ['file', $file, 'w'], 2 => ['redirect', 1]], $pipes, null, $env ? getenv() + $env : null);
    register_shutdown_function(function () use ($p, $file) {
        if (is_resource($p) && proc_get_status($p)['running']) proc_terminate($p, 9);
        @unlink($file);
    });
    $deadline = microtime(true) + 10;
    while (microtime(true) < $deadline) {
        if (preg_match($ready, (string)file_get_contents($file), $m)) {
            return ['proc' => $p, 'file' => $file, 'port' => (int)($m[1] ?? 0), 'stdin' => $pipes[0] ?? null, 'seen' => 0];
        }
        usleep(10000);
    }
    throw new Exception('peer did not start: ' . implode(' ', $cmd));
}

/** `php peer.php MODE ARGS...` (see peer.php); a server's port is in ['port']. */
function peer(string $mode, array $args = []): array
{
    return start(array_merge([PHP_BINARY, __DIR__ . '/peer.php', $mode], $args), $mode === 'server' ? '/^PORT (\d+)/' : '/^/');
}

/** `openssl s_server -accept 127.0.0.1:0 ARGS` */
function s_server(array $args, bool $stdin = false): array
{
    return start(array_merge(['openssl', 's_server', '-accept', '127.0.0.1:0'], $args), '/^ACCEPT 127\.0\.0\.1:(\d+)/m', $stdin ? 1 : 0);
}

/**
 * Prints, indented, what the peer said about its next connection: waits up to 10 s for the
 * "END" that closes it when $wait; else ends the peer (SIGKILL) and prints all it said since.
 */
function peer_says(array &$h, bool $wait = true): void
{
    $deadline = microtime(true) + 10;
    $next = function () use (&$h) {
        $out = (string)file_get_contents($h['file']);
        return preg_match('/^END$/m', $out, $m, PREG_OFFSET_CAPTURE, $h['seen']) ? $m[0][1] : false;
    };
    while ($wait && ($end = $next()) === false && microtime(true) < $deadline) usleep(10000);
    if (!$wait) proc_terminate($h['proc'], 9);
    $out = (string)file_get_contents($h['file']);
    $end = $wait ? $next() : false;
    $said = substr($out, $h['seen'], $end === false ? null : $end - $h['seen']);
    $h['seen'] = $end === false ? strlen($out) : $end + 4;
    foreach (explode("\n", $said) as $l) {
        if ($l === '' || $l === 'END' || str_starts_with($l, 'PORT ')) continue;
        echo "  | $l\n";
    }
}

/** Waits up to 10 s until the peer has said something (a client: that it connected). */
function peer_started(array $h): void
{
    $deadline = microtime(true) + 10;
    while (microtime(true) < $deadline && (string)file_get_contents($h['file']) === '') usleep(10000);
}

/** `openssl s_client ARGS` reading $input, then waiting for the server (-ign_eof). */
function s_client(array $args, string $input): array
{
    $in = sys_get_temp_dir() . '/s_client-' . getmypid() . '.in';
    file_put_contents($in, $input);
    register_shutdown_function(fn() => @unlink($in));
    return start(array_merge(['openssl', 's_client'], $args), '/^/', 0, [], $in);
}

/** Waits up to 10 s until the peer process has ended. */
function peer_ended(array $h): void
{
    $deadline = microtime(true) + 10;
    while (microtime(true) < $deadline && proc_get_status($h['proc'])['running']) usleep(10000);
}

/** Ends a peer (SIGKILL); returns all it said. */
function stop(array $h): string
{
    proc_terminate($h['proc'], 9);
    return (string)file_get_contents($h['file']);
}
