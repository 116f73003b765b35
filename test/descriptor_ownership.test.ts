// Every descriptor is owned from the instant the syscall returns it, before any user code can
// run: an error handler that throws at a warning or notice (PHP's ErrorException pattern) in the
// middle of a creating call leaves no descriptor open. (Terminating a Worker in the middle of
// one is test/worker_termination.test.ts.)
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as p from '../lib/index.js';
import { socketFds } from './helpers/fds.js';

afterEach(() => {
  p.restore_error_handler();
});

function throwing(): void {
  p.set_error_handler((_errno: number, errstr: string) => {
    throw new Error(errstr);
  });
}

// The sockets open now that were not in `before`.
const grown = (before: Set<number>): number[] => [...socketFds()].filter((fd) => !before.has(fd));

describe('a throwing error handler in the middle of a creating call', () => {
  // PHP: "socket path exceeded the maximum allowed length of 107 bytes and was truncated", a
  // notice raised after socket(2) and before connect(2) or bind(2).
  const long = join(mkdtempSync(join(tmpdir(), 'php-sockets-own-')), 'x'.repeat(200));

  it('leaves no descriptor behind in stream_socket_client() (the unix path notice)', () => {
    throwing();
    const before = socketFds();
    for (let i = 0; i < 300; i++) {
      expect(() => p.stream_socket_client(`unix://${long}`)).toThrow(/maximum allowed length of 107 bytes/);
    }
    expect(grown(before)).toEqual([]);
  });

  it('leaves no descriptor behind in stream_socket_server() (the unix path notice)', () => {
    throwing();
    const before = socketFds();
    for (let i = 0; i < 300; i++) {
      expect(() => p.stream_socket_server(`unix://${long}`)).toThrow(/maximum allowed length of 107 bytes/);
    }
    expect(grown(before)).toEqual([]);
  });

  it('leaves no descriptor behind in stream_socket_client() (the bindto warning)', () => {
    const server = p.stream_socket_server('tcp://127.0.0.1:0') as p.Stream;
    const name = p.stream_socket_get_name(server, false) as string;
    const context = p.stream_context_create({ socket: { bindto: 'not-an-address:0' } });
    throwing();
    const before = socketFds();
    for (let i = 0; i < 100; i++) {
      expect(() => p.stream_socket_client(`tcp://${name}`, null, null, 5, p.STREAM_CLIENT_CONNECT, context)).toThrow(
        /Invalid IP Address/,
      );
    }
    expect(grown(before)).toEqual([]);
    p.fclose(server);
  });
});
