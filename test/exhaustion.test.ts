// Running out of descriptors. A PHP-style loop that drops sockets without closing them never sees
// EMFILE just because no collection has run yet: a creating call that fails with EMFILE forces one
// (the finalizers of unreachable Sockets and Streams close their descriptors inside it) and tries
// again. When every socket is genuinely in use, the failure is PHP's, warning for warning. Both run
// in a child process with a descriptor limit of 256 (ulimit -n) and without --expose-gc.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasPhp } from './helpers/php.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHILD = join(ROOT, 'test/helpers/exhaustion-child.ts');
const TSX = `file://${join(ROOT, 'node_modules/tsx/dist/esm/index.mjs')}`;
const LIMIT = 256;

/** Runs argv under `ulimit -n LIMIT` (soft and hard, so node cannot raise it again). */
function limited(argv: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('sh', ['-c', `ulimit -n ${LIMIT} && exec "$@"`, 'sh', ...argv], {
    cwd: ROOT,
    encoding: 'latin1',
    input,
    timeout: 60000,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const normalise = (s: string): string => s.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT');

describe('descriptor exhaustion', () => {
  it('never runs out in blocking loops that drop 5,000 sockets, 2,000 accepted connections and 2,000 streams unclosed', () => {
    const r = limited([process.execPath, '--import', TSX, CHILD, 'drop']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as {
      failures: string[];
      warnings: string[];
      rssGrowthMB: number;
      closedByFinalizers: number;
    };
    expect({ failures: report.failures, warnings: report.warnings }).toEqual({ failures: [], warnings: [] });
    // 5,000 + 2 × 500 + 2 × 2,000 + 2 × 2,000 + 2 × 500 + 2 × 500 descriptors went through a limit
    // of 256: finalizers closed nearly all of them.
    expect(report.closedByFinalizers).toBeGreaterThan(15000 - 2 * LIMIT);
    expect(report.rssGrowthMB).toBeLessThan(64);
  });

  it("fails as PHP does, with PHP's warnings, when every socket is kept", () => {
    const r = limited([process.execPath, '--import', TSX, CHILD, 'keep']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const expected = [
      'Warning: socket_create(): Unable to create socket [24]: Too many open files',
      'socket_create failed: 24',
      'Warning: socket_accept(): unable to accept incoming connection [24]: Too many open files',
      'bool(false)',
      'int(24)',
      'Warning: socket_create_pair(): Unable to create socket pair [24]: Too many open files',
      'bool(false)',
      'Warning: stream_socket_accept(): Accept failed: Too many open files',
      'bool(false)',
      'Warning: stream_socket_client(): Unable to connect to tcp://127.0.0.1:PORT (Unknown error)',
      'bool(false)',
      'int(0) string(0) ""',
      'Warning: fsockopen(): Unable to connect to 127.0.0.1:PORT (Unknown error)',
      'bool(false)',
      // fsockopen() leaves $error_message alone when the failure has no text.
      'int(0) string(6) "before"',
      'Warning: stream_socket_pair(): Failed to create sockets: [24]: Too many open files',
      'bool(false)',
      '',
    ].join('\n');
    expect(normalise(r.stdout)).toBe(expected);
  });

  it.runIf(hasPhp)('PHP 8.2 prints the same for the same steps', () => {
    const code = `<?php
      set_error_handler(function ($no, $str) { echo "Warning: $str\\n"; return true; });
      function show($v) { return $v === false ? 'bool(false)' : (is_int($v) ? "int($v)" : (is_string($v) ? 'string(' . strlen($v) . ') "' . $v . '"' : gettype($v))); }
      $l = socket_create(AF_INET, SOCK_STREAM, SOL_TCP); socket_bind($l, '127.0.0.1', 0); socket_listen($l, 128);
      socket_getsockname($l, $addr, $port);
      $server = stream_socket_server('tcp://127.0.0.1:0'); $name = stream_socket_get_name($server, false);
      $client = socket_create(AF_INET, SOCK_STREAM, SOL_TCP); socket_connect($client, '127.0.0.1', $port);
      $streamClient = stream_socket_client("tcp://$name");
      $kept = [];
      for ($i = 0; $i < 100000; $i++) {
        $s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
        if ($s === false) { echo 'socket_create failed: ', socket_last_error(), "\\n"; break; }
        $kept[] = $s;
      }
      echo show(socket_accept($l)), "\\n", show(socket_last_error()), "\\n";
      $pair = []; echo show(socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $pair)), "\\n";
      echo show(stream_socket_accept($server, 1)), "\\n";
      $errno = 5; $errstr = 'before';
      echo show(stream_socket_client("tcp://$name", $errno, $errstr, 1)), "\\n", show($errno), ' ', show($errstr), "\\n";
      $errno = 5; $errstr = 'before';
      echo show(fsockopen('127.0.0.1', $port, $errno, $errstr, 1)), "\\n", show($errno), ' ', show($errstr), "\\n";
      echo show(stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0)), "\\n";
    `;
    const fromPhp = limited(['php'], code);
    const ours = limited([process.execPath, '--import', TSX, CHILD, 'keep']);
    expect(fromPhp.status).toBe(0);
    expect(normalise(ours.stdout)).toBe(normalise(fromPhp.stdout));
  });
});
