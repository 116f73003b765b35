#!/usr/bin/env node
// Runs a command in a network namespace of its own, when this machine allows it (root with
// unshare(1) and ip(8), as on CI), so no test can send a packet off the machine: there is no
// route out, so a lookup of a made-up host name fails at once instead of reaching a resolver.
// Besides loopback the namespace has one veth pair, both ends inside it, with documentation
// addresses (198.51.100.1, fd00:5e::1), because getaddrinfo's AI_ADDRCONFIG (used by PHP's AF_INET6
// lookups) ignores loopback-only hosts; and multicast is routed over lo, as on a normal host.
// Elsewhere the command runs as it is, with a notice. Usage: node scripts/isolated.mjs CMD ARGS...
import { spawnSync } from 'node:child_process';

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error('usage: node scripts/isolated.mjs COMMAND [ARGS...]');
  process.exit(2);
}

const SETUP = [
  'ip link set lo up',
  'ip link add php-sk0 type veth peer name php-sk1',
  'ip addr add 198.51.100.1/24 dev php-sk0',
  'ip -6 addr add fd00:5e::1/64 dev php-sk0 nodad',
  'ip link set php-sk0 up',
  'ip link set php-sk1 up',
  'ip route add 224.0.0.0/4 dev lo',
].join(' && ');

function canIsolate() {
  if (process.env.PHP_SOCKETS_NO_NETNS) return false;
  const probe = spawnSync('unshare', ['-n', 'sh', '-c', SETUP], { stdio: 'ignore' });
  return probe.status === 0;
}

let r;
if (canIsolate()) {
  console.log('php-sockets: running in a private network namespace (no route off this machine)');
  r = spawnSync('unshare', ['-n', 'sh', '-c', `${SETUP} && exec "$@"`, 'sh', cmd, ...args], {
    stdio: 'inherit',
  });
} else {
  console.log('php-sockets: no private network namespace here (needs root, unshare and ip); running as is');
  r = spawnSync(cmd, args, { stdio: 'inherit' });
}
if (r.error) throw r.error;
process.exit(r.status ?? 1);
