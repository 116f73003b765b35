// A Worker blocked in any blocking call gives way when it is terminated or the process exits
// (native/blocking.cc): terminate() settles, the Worker's sockets are closed, process.exit()
// exits, and an unref'd Worker does not keep the process alive. Each case runs in a child
// process (helpers/terminate-child.ts) with a time limit, so a Worker that holds the process
// fails the test instead of hanging vitest.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CHILD = join(ROOT, 'test/helpers/terminate-child.ts');

// Every call the child knows; each Worker blocks in one of them.
const CALLS = [
  'socket_accept',
  'socket_read',
  'socket_read_normal',
  'socket_recv',
  'socket_recvfrom',
  'socket_recvmsg',
  'socket_write',
  'socket_send',
  'socket_sendmsg',
  'socket_select',
  'socket_select_timeout',
  'socket_select_many',
  'socket_connect',
  'socket_addrinfo_connect',
  'fsockopen',
  'stream_socket_client',
  'stream_socket_accept',
  'fread',
  'fgets',
  'fwrite',
  'stream_select',
  'tls_fread',
  'tls_handshake',
  'stream_socket_recvfrom',
  'socket_close_linger',
  'linger_teardown',
  'socket_addrinfo_lookup',
  'gethostbyname',
  'gethostbyaddr',
  'stream_socket_client_dns',
];

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  killed: boolean;
}

// The child, killed after limitMs: a hang shows as killed (the bug this file guards against).
function runChild(args: string[], limitMs: number): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, limitMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, killed });
    });
  });
}

describe('a Worker blocked in a call', () => {
  it('gives way to terminate(), which settles promptly and closes its sockets, in every blocking call', async () => {
    const run = await runChild(['terminate', CALLS.join(',')], 120_000);
    expect(run.killed, run.stderr).toBe(false);
    expect(run.code, run.stderr).toBe(0);
    const results = JSON.parse(run.stdout.trim().split('\n').pop()!) as Record<
      string,
      { ms: number; leaked: number }
    >;
    expect(Object.keys(results)).toEqual(CALLS);
    for (const name of CALLS) {
      // A bound on a hang, not a speed check: without the watchdog terminate() never settles;
      // with it, it takes well under a second (docs/internals.md).
      expect(results[name]!.ms, name).toBeLessThan(5000);
      expect(results[name]!.leaked, name).toBe(0);
    }
  }, 150_000);

  it('closes a connection it accepted as it was terminated in stream_socket_accept (the client sees the end)', async () => {
    // 20 rounds of a client connecting as the Worker is terminated; before descriptors were
    // owned from accept(2) on, about one round in ten left the client connected for good.
    const run = await runChild(['accept-race'], 120_000);
    expect(run.killed, run.stderr).toBe(false);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout.trim())).toEqual({ open: 0 });
  }, 150_000);

  it('does not hold process.exit()', async () => {
    const run = await runChild(['exit', 'socket_accept,socket_read,socket_select_many,stream_socket_accept,fread,socket_connect,gethostbyname'], 60_000);
    expect(run.killed, run.stderr).toBe(false);
    expect(run.stdout).toBe('blocked\n');
    expect(run.code).toBe(7);
  }, 90_000);

  it('does not keep the process alive once unref()d', async () => {
    const run = await runChild(['unref', 'socket_accept,socket_recv,stream_select,fgets,socket_write,socket_addrinfo_lookup'], 60_000);
    expect(run.killed, run.stderr).toBe(false);
    expect(run.stdout).toBe('blocked\n');
    expect(run.code).toBe(0);
  }, 90_000);
});
