#!/usr/bin/env node
// CI's smoke test of a build (node scripts/smoke.mjs EXPECTED_FILE): the package, loaded from
// dist/ as a user loads it, uses EXPECTED_FILE (relative to the package's root) and makes a unix
// socket pair and a TCP connection on loopback, each carrying a few bytes.
import * as p from '../dist/index.js';
import { addonFile } from '../dist/load.js';

const expected = process.argv[2];
const fail = (what) => {
  process.stderr.write(`smoke: ${what}\n`);
  process.exit(1);
};
if (addonFile !== expected) fail(`loaded ${addonFile}, expected ${expected}`);

const pair = [];
if (!p.socket_create_pair(p.AF_UNIX, p.SOCK_STREAM, 0, pair)) fail('socket_create_pair failed');
p.socket_write(pair[0], 'unix');
const l = p.socket_create(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP);
if (!p.socket_bind(l, '127.0.0.1', 0) || !p.socket_listen(l, 1)) fail('bind/listen failed');
const port = p.ref();
p.socket_getsockname(l, p.ref(), port);
const c = p.socket_create(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP);
if (!p.socket_connect(c, '127.0.0.1', port.value)) fail('connect failed');
const s = p.socket_accept(l);
p.socket_write(c, 'tcp');
const got = [p.socket_read(pair[1], 10), p.socket_read(s, 10)];
if (got[0] !== 'unix' || got[1] !== 'tcp') fail(`read ${JSON.stringify(got)}`);
for (const x of [...pair, l, c, s]) p.socket_close(x);
process.stdout.write(`smoke: ok (${addonFile})\n`);
