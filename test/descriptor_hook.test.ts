// The descriptor hook (helpers/descriptor-hook.ts, on for every file) catches what it is there to
// catch: its accounting as a function, and the hook itself over files that leak on purpose
// (test/fixtures/descriptor-hook/), in a vitest of its own with the suite's pool and isolation.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import * as p from '../lib/index.js';
import { native } from '../lib/native.js';
import { grownDescriptors } from './helpers/descriptor-accounting.js';
import { openFds } from './helpers/fds.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('grownDescriptors', () => {
  const before = new Map([
    [0, '/dev/null'],
    [1, 'pipe:[10]'],
    [5, 'socket:[20]'],
  ]);

  it('finds what is new, and a number reused for something else', () => {
    const after = new Map([
      [0, '/dev/null'],
      [1, 'pipe:[10]'],
      [5, 'socket:[21]'],
      [7, '/tmp/x'],
      [6, 'anon_inode:[eventpoll]'],
    ]);
    expect(grownDescriptors(before, after, [])).toEqual([
      { fd: 5, target: 'socket:[21]' },
      { fd: 6, target: 'anon_inode:[eventpoll]' },
      { fd: 7, target: '/tmp/x' },
    ]);
  });

  it('finds nothing when descriptors were only closed', () => {
    expect(grownDescriptors(before, new Map([[0, '/dev/null']]), [])).toEqual([]);
  });

  it("lets through the addon's own descriptors only by number and only as epoll instances", () => {
    const after = new Map([...before, [9, 'anon_inode:[eventpoll]'], [10, 'anon_inode:[eventpoll]'], [11, 'socket:[100]']]);
    expect(grownDescriptors(before, after, [9, 11])).toEqual([
      { fd: 10, target: 'anon_inode:[eventpoll]' },
      { fd: 11, target: 'socket:[100]' },
    ]);
  });
});

describe('native.internalFds', () => {
  it('names the select epoll set once a select has used one, and the watchdog once a Worker loaded the addon', async () => {
    const before = native.internalFds();
    // Select always through its epoll set (selectConfig: from 1 descriptor, epoll_ctl costing nothing).
    native.selectConfig(1, 0);
    const pairs = Array.from({ length: 20 }, () => {
      const out: p.Socket[] = [];
      p.socket_create_pair(p.AF_UNIX, p.SOCK_STREAM, 0, out);
      return out;
    });
    for (let i = 0; i < 3; i++) expect(p.socket_select(pairs.flat(), null, null, 0)).toBe(0);
    native.selectConfig(-1, -1);
    const worker = new Worker(`require(${JSON.stringify(join(ROOT, 'build/Release/php_sockets.node'))}); require('node:worker_threads').parentPort.postMessage(1);`, {
      eval: true,
    });
    await new Promise((resolve) => worker.once('message', resolve));
    await worker.terminate();
    const fds = native.internalFds();
    expect(fds.length).toBe(2);
    expect(fds.length).toBeGreaterThan(before.length);
    const open = openFds();
    for (const fd of fds) expect(open.get(fd)).toBe('anon_inode:[eventpoll]');
    for (const [x, y] of pairs) {
      p.socket_close(x!);
      p.socket_close(y!);
    }
  });
});

describe('the hook in a vitest run', () => {
  it('fails a file that leaves a socket, an unowned socket or a file open, and passes a clean one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'php-sockets-hook-'));
    const out = join(dir, 'report.json');
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(
        process.execPath,
        [
          join(ROOT, 'node_modules/vitest/vitest.mjs'),
          'run',
          '--config',
          join(ROOT, 'test/fixtures/descriptor-hook/vitest.config.ts'),
          '--reporter=json',
          `--outputFile=${out}`,
        ],
        { cwd: ROOT, stdio: 'ignore' },
      );
      child.on('exit', (c) => resolve(c));
    });
    const report = JSON.parse(readFileSync(out, 'utf8')) as { testResults: { name: string; status: string; message: string }[] };
    rmSync(dir, { recursive: true, force: true });
    const byFile = Object.fromEntries(report.testResults.map((r) => [r.name.split('/').pop(), r]));
    expect(code).toBe(1);
    expect(byFile['clean.fixture.ts']!.status).toBe('passed');
    for (const name of ['kept-socket.fixture.ts', 'unowned-socket.fixture.ts', 'file.fixture.ts']) {
      expect(byFile[name]!.status).toBe('failed');
      expect(byFile[name]!.message).toMatch(/^descriptors this test file left open \(close them in afterAll\):\n/);
    }
    expect(byFile['kept-socket.fixture.ts']!.message).toMatch(
      /\n {2}\d+ socket:\[\d+\] \(owned by a live Socket or Stream\)\n {2}\d+ socket:\[\d+\] \(owned by a live Socket or Stream\)$/,
    );
    expect(byFile['unowned-socket.fixture.ts']!.message).toMatch(/\n {2}\d+ socket:\[\d+\] \(owned by nothing\)$/);
    expect(byFile['file.fixture.ts']!.message).toMatch(/\n {2}\d+ \/dev\/null$/);
  }, 120000);
});
