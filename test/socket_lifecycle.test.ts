// A Socket's descriptor: closed by socket_close() exactly once, closed by the finalizer when the
// Socket is collected, never closed twice after the kernel reuses the number.
import { describe, expect, it } from 'vitest';
import * as a from '../lib/async/index.js';
import * as p from '../lib/index.js';
import { native } from '../lib/native.js';
import { adoptHeld, stateOf } from '../lib/socket.js';
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

// With stable Node-API the finalizers run from the event loop after a collection; a loop that never
// yields gets the descriptors of its dropped Sockets and Streams back from native.reclaim() right
// after the collection (lib/descriptors.ts does this when a creating call fails with EMFILE), and
// the finalizers that run later leave them alone. The Sockets socket_create() made last are held by
// lib until adopted (lib/socket.ts): lib adopts them before the collections it forces, as these
// tests do before theirs.
describe.runIf(gc)('descriptors of collected owners, reclaimed without yielding', () => {
  const newFds = (before: Set<number>): number[] => [...socketFds()].filter((fd) => !before.has(fd));

  async function settledWaits(): Promise<void> {
    for (let i = 0; i < 50 && native.pendingWaits().some((n) => n !== 0); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  it('close the descriptors of dropped Sockets and Streams right after gc(), in a loop that never yields', () => {
    const before = socketFds();
    (() => {
      for (let i = 0; i < 10; i++) p.socket_create(p.AF_INET, p.SOCK_STREAM, 0);
      for (let i = 0; i < 5; i++) p.stream_socket_pair(p.STREAM_PF_UNIX, p.STREAM_SOCK_STREAM, 0);
      const s = p.socket_create(p.AF_INET, p.SOCK_STREAM, 0) as p.Socket;
      p.socket_export_stream(s);
    })();
    expect(newFds(before)).toHaveLength(21);
    adoptHeld();
    gc!();
    expect(native.reclaim()).toBeGreaterThanOrEqual(21);
    expect(newFds(before)).toEqual([]);
  });

  it('keep a Socket and a Stream alive while an async call waits on them, however often gc runs', async () => {
    const before = socketFds();
    const [port, accepted] = (() => {
      const l = p.socket_create(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP) as p.Socket;
      p.socket_bind(l, '127.0.0.1', 0);
      p.socket_listen(l, 1);
      const port = p.ref<number>();
      p.socket_getsockname(l, p.ref(), port);
      return [port.value!, a.socket_accept(l)] as const;
    })();
    const [peer, read] = (() => {
      const [x, y] = p.stream_socket_pair(p.STREAM_PF_UNIX, p.STREAM_SOCK_STREAM, 0) as [p.Stream, p.Stream];
      return [y, a.fread(x, 10)] as const;
    })();
    await collect();
    // The listener, the stream and its peer are all still open.
    expect(newFds(before)).toHaveLength(3);
    const client = p.socket_create(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP) as p.Socket;
    expect(p.socket_connect(client, '127.0.0.1', port)).toBe(true);
    const conn = await accepted;
    expect(conn).toBeInstanceOf(p.Socket);
    expect(p.fwrite(peer, 'kept')).toBe(4);
    expect(await read).toBe('kept');
    p.socket_close(conn as p.Socket);
    p.socket_close(client);
    p.fclose(peer);
    await collect();
    expect(newFds(before)).toEqual([]);
    expect(native.pendingWaits()).toEqual([0, 0, 0]);
  });

  it('settle, from the event loop, a wait on a descriptor reclaimed right after gc()', async () => {
    const before = socketFds();
    let woke: number | null = null;
    (() => {
      const pair: p.Socket[] = [];
      p.socket_create_pair(p.AF_UNIX, p.SOCK_STREAM, 0, pair);
      // A bare wait holds no reference to the Sockets (an async call's wait holds its Socket).
      for (const s of pair) {
        expect(native.waitFd(stateOf(s).fd, 1, -1, (r: number) => (woke = r))).toBeGreaterThan(0);
      }
    })();
    expect(native.pendingWaits()).toEqual([2, 2, 2]);
    gc!();
    native.reclaim();
    // Closed before the loop runs; the waits settle with -EBADF once it does.
    expect(newFds(before)).toEqual([]);
    expect(woke).toBeNull();
    await settledWaits();
    expect(woke).toBe(-9);
    expect(native.pendingWaits()).toEqual([0, 0, 0]);
  });

  it('never close a reclaimed number again when the kernel reuses it and the finalizers run later', async () => {
    // What earlier tests dropped is closed first, so that only this test's numbers come free.
    await collect();
    const before = socketFds();
    (() => {
      for (let i = 0; i < 10; i++) p.socket_create(p.AF_UNIX, p.SOCK_STREAM, 0);
      for (let i = 0; i < 3; i++) p.stream_socket_pair(p.STREAM_PF_UNIX, p.STREAM_SOCK_STREAM, 0);
    })();
    const dropped = newFds(before);
    expect(dropped).toHaveLength(16);
    adoptHeld();
    gc!();
    expect(native.reclaim()).toBe(16);
    // The kernel hands out the lowest free numbers: the new pairs take the reclaimed ones.
    const pairs = Array.from({ length: 8 }, () => {
      const pair: p.Socket[] = [];
      expect(p.socket_create_pair(p.AF_UNIX, p.SOCK_STREAM, 0, pair)).toBe(true);
      return pair as [p.Socket, p.Socket];
    });
    expect(newFds(before).sort()).toEqual([...dropped].sort());
    // The dropped owners' finalizers run now, from the event loop, and find other owners.
    await collect();
    expect(native.reclaim()).toBe(0);
    for (const [x, y] of pairs) {
      expect(p.socket_write(x, 'kept')).toBe(4);
      expect(p.socket_read(y, 10)).toBe('kept');
      p.socket_close(x);
      p.socket_close(y);
    }
    expect(newFds(before)).toEqual([]);
  });

  it('survive many dropped Sockets and Streams with pending, settled and cancelled async calls', async () => {
    const before = socketFds();
    const peers: (p.Socket | p.Stream)[] = [];
    const pending: Promise<unknown>[] = [];
    // Not in the async function's own frame, which would keep the last ones alive across awaits.
    const round = (): void => {
      for (let i = 0; i < 10; i++) {
        const pair: p.Socket[] = [];
        p.socket_create_pair(p.AF_UNIX, p.SOCK_STREAM, 0, pair);
        const [x, y] = p.stream_socket_pair(p.STREAM_PF_UNIX, p.STREAM_SOCK_STREAM, 0) as [p.Stream, p.Stream];
        if (i % 2 === 0) {
          // Pending until the peer writes or goes away; the promise is dropped.
          void a.socket_read(pair[0]!, 10);
          void a.fread(x, 10);
          peers.push(pair[1]!, y);
        } else {
          // Settled at once, then everything is dropped.
          p.socket_write(pair[1]!, 'x');
          pending.push(a.socket_read(pair[0]!, 10));
          p.fwrite(y, 'y');
          pending.push(a.fread(x, 10));
        }
      }
    };
    for (let r = 0; r < 20; r++) {
      round();
      gc!();
      await new Promise((r) => setImmediate(r));
    }
    expect(await Promise.all(pending)).toEqual(Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? 'x' : 'y')));
    // The pending calls kept their sockets: each sees its peer go away.
    for (const peer of peers) {
      if (peer instanceof p.Socket) p.socket_close(peer);
      else p.fclose(peer);
    }
    peers.length = 0;
    await settledWaits();
    await collect();
    expect(newFds(before)).toEqual([]);
    expect(native.pendingWaits()).toEqual([0, 0, 0]);
  });
});

// socket_create() and socket_accept() hold their new Socket (lib/socket.ts) until it is adopted
// (given the reference whose finalizer closes its descriptor): after 64 more, when the event loop
// runs, or before lib forces a collection.
describe.runIf(gc)('held Sockets', () => {
  const newFds = (before: Set<number>): number[] => [...socketFds()].filter((fd) => !before.has(fd));

  it('are owned from the start, and adopted once 64 are held, in a loop that never yields', () => {
    adoptHeld();
    const before = socketFds();
    let fd = -1;
    (() => {
      for (let i = 0; i < 200; i++) fd = stateOf(p.socket_create(p.AF_INET, p.SOCK_STREAM, 0) as p.Socket).fd;
    })();
    expect(native.isOwned(fd)).toBe(1);
    expect(newFds(before)).toHaveLength(200);
    gc!();
    // All but the ones made since the last adoption (at most 63) are collected and reclaimed.
    const closed = native.reclaim();
    expect(closed).toBeGreaterThanOrEqual(200 - 63);
    expect(newFds(before)).toHaveLength(200 - closed);
    adoptHeld();
    gc!();
    expect(native.reclaim()).toBe(200 - closed);
    expect(newFds(before)).toEqual([]);
  });

  it('are adopted when the event loop runs, and closed once collected', async () => {
    const before = socketFds();
    (() => {
      for (let i = 0; i < 5; i++) p.socket_create(p.AF_UNIX, p.SOCK_STREAM, 0);
    })();
    await new Promise((r) => setImmediate(r));
    gc!();
    expect(native.reclaim()).toBe(5);
    expect(newFds(before)).toEqual([]);
  });

  it('leave a reused number to its new Socket when the closed one, adopted or not, is collected', () => {
    const before = socketFds();
    const kept: p.Socket[] = [];
    (() => {
      for (const adoptFirst of [false, true]) {
        const s = p.socket_create(p.AF_UNIX, p.SOCK_STREAM, 0) as p.Socket;
        const fd = stateOf(s).fd;
        if (adoptFirst) adoptHeld();
        p.socket_close(s);
        const t = p.socket_create(p.AF_UNIX, p.SOCK_STREAM, 0) as p.Socket;
        expect(stateOf(t).fd).toBe(fd);
        kept.push(t);
      }
      adoptHeld();
    })();
    // The closed Sockets are dropped: collecting them closes nothing (no double close).
    const closed = native.closedByFinalizers();
    gc!();
    expect(native.reclaim()).toBe(0);
    expect(native.closedByFinalizers()).toBe(closed);
    expect(newFds(before).sort()).toEqual(kept.map((t) => stateOf(t).fd).sort());
    for (const t of kept) expect(p.socket_get_option(t, p.SOL_SOCKET, p.SO_TYPE)).toBe(p.SOCK_STREAM); // still open
    for (const t of kept) p.socket_close(t);
    expect(newFds(before)).toEqual([]);
  });

  it('never adopt a descriptor that moved to a stream, nor its number once reused', () => {
    const before = socketFds();
    const kept: p.Socket[] = [];
    (() => {
      const s = p.socket_create(p.AF_UNIX, p.SOCK_STREAM, 0) as p.Socket;
      const fd = stateOf(s).fd;
      const stream = p.socket_export_stream(s) as p.Stream;
      p.fclose(stream);
      // The kernel hands out the lowest free number: the new Socket takes the stream's.
      const t = p.socket_create(p.AF_UNIX, p.SOCK_STREAM, 0) as p.Socket;
      expect(stateOf(t).fd).toBe(fd);
      kept.push(t);
      adoptHeld();
    })();
    // The exported Socket is dropped: its collection leaves the number to the Socket kept.
    gc!();
    native.reclaim();
    expect(newFds(before)).toEqual([stateOf(kept[0]!).fd]);
    expect(native.isOwned(stateOf(kept[0]!).fd)).toBe(1);
    p.socket_close(kept[0]!);
    expect(newFds(before)).toEqual([]);
  });
});
