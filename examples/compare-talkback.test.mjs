// A port signed off in a node:test suite with php-sockets/compare (docs/conformance.md):
//   node --test examples/compare-talkback.test.mjs
// It runs talkback-server.php and its port, each driven by the same PHP client, through a
// recording proxy, and fails with the differences (transcripts, exit statuses, wire bytes).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { comparePorts } from 'php-sockets/compare';

test('talkback-server.ts behaves as talkback-server.php, on the wire too', async () => {
  const result = await comparePorts({
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    php: 'examples/talkback-server.php',
    ts: 'examples/talkback-server.ts',
    args: ['{port}'],
    driver: 'examples/talkback-client.php {port} Hello shutdown',
    wire: true,
  });
  assert.ok(result.identical, result.diff);
});
