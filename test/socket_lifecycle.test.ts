// A Socket's descriptor: closed by socket_close() exactly once, closed by the finalizer when the
// Socket is collected, never closed twice after the kernel reuses the number.
import { describe, expect, it } from 'vitest';
import * as p from '../lib/index.js';
import { socketFds } from './helpers/fds.js';

const gc = (globalThis as { gc?: () => void }).gc;

async function collect(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    gc!();
    await new Promise((r) => setImmediate(r));
  }
}

describe('socket_close', () => {
  it('closes the descriptor once; the Socket object survives and later use throws', () => {
    const before = socketFds();
    const s = p.socket_create(p.AF_INET, p.SOCK_STREAM, 0) as p.Socket;
    const fds = [...socketFds()].filter((fd) => !before.has(fd));
    expect(fds).toHaveLength(1);
    p.socket_close(s);
    expect(socketFds().has(fds[0]!)).toBe(false);
    expect(s).toBeInstanceOf(p.Socket);
    expect(() => p.socket_close(s)).toThrow('socket_close(): Argument #1 ($socket) has already been closed');
  });
});

describe.runIf(gc)('finalizer', () => {
  it('closes the descriptor of an unreachable Socket', async () => {
    const before = socketFds();
    (() => {
      for (let i = 0; i < 20; i++) p.socket_create(p.AF_UNIX, p.SOCK_STREAM, 0);
    })();
    expect(socketFds().size - before.size).toBe(20);
    await collect();
    expect([...socketFds()].filter((fd) => !before.has(fd))).toEqual([]);
  });

  it('never closes a reused descriptor number after socket_close', async () => {
    const before = socketFds();
    let first: p.Socket | null = p.socket_create(p.AF_UNIX, p.SOCK_STREAM, 0) as p.Socket;
    const [firstFd] = [...socketFds()].filter((fd) => !before.has(fd));
    p.socket_close(first);
    const pair: unknown[] = [];
    // The kernel hands out the lowest free number, so one of the pair takes the old one.
    expect(p.socket_create_pair(p.AF_UNIX, p.SOCK_STREAM, 0, pair)).toBe(true);
    expect(socketFds().has(firstFd!)).toBe(true);
    const [a, b] = pair as [p.Socket, p.Socket];
    first = null;
    await collect();
    expect(socketFds().has(firstFd!)).toBe(true);
    expect(p.socket_write(a, 'still open')).toBe(10);
    expect(p.socket_read(b, 100)).toBe('still open');
    expect(first).toBeNull();
  });
});
