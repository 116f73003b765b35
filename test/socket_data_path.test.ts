// The data path's own edges (no PHP counterpart to compare with; PHP's bytes are the reference):
// exact bytes, NULs and bytes >= 0x80 included, at the sizes where the native side changes how
// it copies (the 64 KiB receive/write scratch, a write whose length is known up front or not),
// strings that outlive their socket and the scratch they were read through, and a blocking loop
// reading 256 MiB through strings without memory growing.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import * as p from '../lib/index.js';
import { readExactly } from './helpers/read.js';

const SCRATCH = 64 * 1024;
// Sizes around the native scratch buffer (64 KiB; a string write also needs a byte for a NUL).
const EDGES = [1, 2, 63, 64, SCRATCH - 2, SCRATCH - 1, SCRATCH, SCRATCH + 1, SCRATCH + 2, 2 * SCRATCH + 3];

/** n bytes cycling through all 256 values from `start`: NULs and bytes >= 0x80 everywhere. */
function bytes(n: number, start = 0): Buffer {
  const b = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) b[i] = (start + i * 7) & 0xff;
  return b;
}

function pair(type: number = p.SOCK_STREAM): [p.Socket, p.Socket] {
  const box = p.ref<unknown>();
  expect(p.socket_create_pair(p.AF_UNIX, type, 0, box)).toBe(true);
  const [a, b] = box.value as [p.Socket, p.Socket];
  // Room for the largest edge in flight, so one write and one read move it whole.
  for (const s of [a, b]) {
    p.socket_set_option(s, p.SOL_SOCKET, p.SO_SNDBUF, 1 << 20);
    p.socket_set_option(s, p.SOL_SOCKET, p.SO_RCVBUF, 1 << 20);
  }
  return [a, b];
}

describe('socket_read', () => {
  it('returns exactly the bytes sent, one char per byte, at every scratch edge', () => {
    const [a, b] = pair();
    for (const n of EDGES) {
      const data = bytes(n, n);
      expect(p.socket_write(a, data)).toBe(n);
      const got = p.socket_read(b, n);
      expect(typeof got).toBe('string');
      expect((got as string).length).toBe(n);
      expect(Buffer.from(got as string, 'latin1').equals(data)).toBe(true);
    }
  });

  it('returns at most length bytes when more are queued, at every scratch edge', () => {
    const [a, b] = pair();
    for (const n of EDGES) {
      const data = bytes(n + 5, 3);
      expect(p.socket_write(a, data)).toBe(n + 5);
      const got = p.socket_read(b, n) as string;
      expect(Buffer.from(got, 'latin1').equals(data.subarray(0, n))).toBe(true);
      expect(p.socket_read(b, 100)).toBe(data.subarray(n).toString('latin1'));
    }
  });

  it('hands out strings that outlive the socket and the next reads', () => {
    const [a, b] = pair();
    const kept: [string, Buffer][] = [];
    for (let i = 0; i < 64; i++) {
      const n = i % 2 ? 64 : SCRATCH + i;
      const data = bytes(n, i);
      p.socket_write(a, data);
      kept.push([readExactly(b, n), data]);
    }
    p.socket_close(a);
    p.socket_close(b);
    (globalThis as { gc?: () => void }).gc?.();
    for (const [got, data] of kept) expect(Buffer.from(got, 'latin1').equals(data)).toBe(true);
  });
});

describe('socket_write and socket_send', () => {
  it('send exactly the string bytes at every scratch edge, with and without a length', () => {
    const [a, b] = pair();
    for (const n of EDGES) {
      const data = bytes(n + 3, n);
      const s = data.toString('latin1');
      // Without a length: the whole string.
      expect(p.socket_write(a, s.slice(0, n))).toBe(n);
      expect(Buffer.from(readExactly(b, n), 'latin1').equals(data.subarray(0, n))).toBe(true);
      // A length shorter than the string: its first `length` bytes.
      expect(p.socket_write(a, s, n)).toBe(n);
      expect(Buffer.from(readExactly(b, n), 'latin1').equals(data.subarray(0, n))).toBe(true);
      // A length longer than the string: the string.
      expect(p.socket_write(a, s.slice(0, n), n + 100)).toBe(n);
      expect(Buffer.from(readExactly(b, n), 'latin1').equals(data.subarray(0, n))).toBe(true);
      expect(p.socket_send(a, s, n, 0)).toBe(n);
      expect(Buffer.from(readExactly(b, n), 'latin1').equals(data.subarray(0, n))).toBe(true);
      const box = p.ref<string>();
      expect(p.socket_send(a, s.slice(1), n, 0)).toBe(n);
      expect(p.socket_recv(b, box, n, p.MSG_WAITALL)).toBe(n);
      expect(Buffer.from(box.value as string, 'latin1').equals(data.subarray(1, n + 1))).toBe(true);
    }
  });

  it('sends a small string whole after the scratch has grown, and a large one after a small one', () => {
    const [a, b] = pair();
    const big = bytes(3 * SCRATCH, 1).toString('latin1');
    for (const s of ['\x00', big, 'a\x00\xff', big.slice(5), '\x80']) {
      expect(p.socket_write(a, s)).toBe(s.length);
      expect(readExactly(b, s.length)).toBe(s);
    }
  });

  it('sends a Uint8Array view at every scratch edge, with and without a length', () => {
    const [a, b] = pair();
    for (const n of EDGES) {
      const backing = bytes(n + 10, n);
      const view = new Uint8Array(backing.buffer, backing.byteOffset + 7, n);
      expect(p.socket_write(a, view)).toBe(n);
      expect(Buffer.from(readExactly(b, n), 'latin1').equals(Buffer.from(view))).toBe(true);
      expect(p.socket_write(a, view, Math.max(0, n - 1))).toBe(Math.max(0, n - 1));
      expect(readExactly(b, n - 1)).toBe(Buffer.from(view.subarray(0, n - 1)).toString('latin1'));
    }
  });
});

describe('a blocking loop through strings', () => {
  it('reads 256 MiB with socket_read without memory growing', async () => {
    const TOTAL = 256 * 1024 * 1024;
    const l = p.socket_create_listen(0) as p.Socket;
    // Bounded: a writer that never comes fails the test instead of blocking it forever.
    const timeout = { sec: 20, usec: 0 };
    p.socket_set_option(l, p.SOL_SOCKET, p.SO_RCVTIMEO, timeout);
    const port = p.ref<number>();
    p.socket_getsockname(l, p.ref(), port);
    // The writer is another process; this thread then blocks in socket_read until it is done.
    const writer = spawn(
      process.execPath,
      [
        '-e',
        `const s = require('node:net').connect(${port.value}, '127.0.0.1', () => {
           const chunk = Buffer.alloc(1 << 20, 0xa5); let left = ${TOTAL / (1 << 20)};
           const pump = () => { while (left > 0) { left--; if (!s.write(chunk)) return s.once('drain', pump); } s.end(); };
           pump();
         });`,
      ],
      { stdio: 'ignore' },
    );
    try {
      const c = p.socket_accept(l) as p.Socket;
      p.socket_set_option(c, p.SOL_SOCKET, p.SO_RCVTIMEO, timeout);
      const before = process.memoryUsage().rss;
      let peak = before;
      let got = 0;
      let ok = true;
      for (let i = 0; i < 1_000_000 && got < TOTAL; i++) {
        const d = p.socket_read(c, SCRATCH);
        if (d === false || d === '') break;
        if (d.charCodeAt(0) !== 0xa5 || d.charCodeAt(d.length - 1) !== 0xa5) ok = false;
        got += d.length;
        if ((i & 1023) === 0) peak = Math.max(peak, process.memoryUsage().rss);
      }
      expect(got).toBe(TOTAL);
      expect(ok).toBe(true);
      // The strings are garbage as soon as the next read: well under the 256 MiB that went through.
      expect(peak - before).toBeLessThan(96 * 1024 * 1024);
      p.socket_close(c);
    } finally {
      p.socket_close(l);
      if (writer.exitCode === null) await once(writer, 'exit');
    }
  });
});
