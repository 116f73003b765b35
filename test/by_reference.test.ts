// By-reference arguments that refuse writes. PHP's references always take a write; a JS box or
// select set may not (a Proxy whose set trap returns false, a getter-only element). Such a write
// is PHP's by-reference Error naming the argument, never the engine's TypeError ("'set' on
// proxy: trap returned falsish", "Cannot set property 1 of [object Array] which has only a
// getter"), and no descriptor is left open by it.
import { describe, expect, it } from 'vitest';
import * as p from '../lib/index.js';
import { thrown } from './helpers/capture.js';
import { socketFds } from './helpers/fds.js';

// A box whose writes the Proxy refuses.
const refusing = (): p.Ref<unknown> => new Proxy({ value: null }, { set: () => false });
const grown = (before: Set<number>): number[] => [...socketFds()].filter((fd) => !before.has(fd));

describe('a by-reference box that refuses writes', () => {
  it('is the by-reference Error in fsockopen, stream_socket_server and socket_getsockname', () => {
    const before = socketFds();
    const server = p.stream_socket_server('tcp://127.0.0.1:0') as p.Stream;
    const port = Number((p.stream_socket_get_name(server, false) as string).split(':')[1]);
    p.set_error_handler(() => true);
    try {
      expect(thrown(() => p.fsockopen('127.0.0.1', port, refusing()))).toBe(
        'Error: fsockopen(): Argument #3 ($error_code) cannot be passed by reference',
      );
      expect(thrown(() => p.stream_socket_server('tcp://127.0.0.1:0', refusing()))).toBe(
        'Error: stream_socket_server(): Argument #2 ($error_code) cannot be passed by reference',
      );
      const s = p.socket_create(p.AF_INET, p.SOCK_STREAM, 0) as p.Socket;
      p.socket_bind(s, '127.0.0.1', 0);
      expect(thrown(() => p.socket_getsockname(s, refusing()))).toBe(
        'Error: socket_getsockname(): Argument #2 ($address) cannot be passed by reference',
      );
      p.socket_close(s);
    } finally {
      p.restore_error_handler();
    }
    p.fclose(server);
    // The streams the first two made are their Streams' (closed when collected); none is lost.
    globalThis.gc?.();
    expect(grown(before).length).toBeLessThanOrEqual(2);
  });

  it('still takes writes a Proxy allows', () => {
    const box = new Proxy({ value: null as unknown }, {});
    const s = p.socket_create(p.AF_INET, p.SOCK_STREAM, 0) as p.Socket;
    p.socket_bind(s, '127.0.0.1', 0);
    expect(p.socket_getsockname(s, box)).toBe(true);
    expect(box.value).toBe('127.0.0.1');
    p.socket_close(s);
  });
});

describe('a select set with an element it cannot rewrite', () => {
  it('is the by-reference Error in stream_select and socket_select', () => {
    const [a, b] = p.stream_socket_pair(p.STREAM_PF_UNIX, p.STREAM_SOCK_STREAM, 0) as [p.Stream, p.Stream];
    p.fwrite(b, 'x');
    // Element 1 is getter-only: the rewrite moves the ready stream (a) into slot 0, then must
    // shorten the array, and deleting index 1 is refused.
    const read: unknown[] = [b, a];
    Object.defineProperty(read, 1, { get: () => a, enumerable: true, configurable: false });
    expect(thrown(() => p.stream_select(read as p.Stream[], null, null, 0))).toBe(
      'Error: stream_select(): Argument #1 ($read) cannot be passed by reference',
    );
    const pair: p.Socket[] = [];
    p.socket_create_pair(p.AF_UNIX, p.SOCK_STREAM, 0, pair);
    p.socket_write(pair[1]!, 'x');
    const set: unknown[] = [pair[1], pair[0]];
    Object.defineProperty(set, 1, { get: () => pair[0], enumerable: true, configurable: false });
    expect(thrown(() => p.socket_select(set as p.Socket[], null, null, 0))).toBe(
      'Error: socket_select(): Argument #1 ($read) cannot be passed by reference',
    );
    p.fclose(a);
    p.fclose(b);
    p.socket_close(pair[0]!);
    p.socket_close(pair[1]!);
  });
});

describe('a select set whose elements refuse or intercept the rewrite', () => {
  // Each set: [x (not ready), a (ready)]; the rewrite writes a into index 0, then length 1.
  const first = (set: unknown[]): (() => unknown) => {
    const v = set[0];
    return () => v;
  };
  const cases: [string, (set: unknown[]) => unknown, string][] = [
    ['a read-only element', (set) => Object.defineProperty(set, 0, { writable: false }), 'by-reference'],
    ['a getter-only element', (set) => Object.defineProperty(set, 0, { get: first(set) }), 'by-reference'],
    [
      'a setter that throws',
      (set) =>
        Object.defineProperty(set, 0, {
          get: first(set),
          set: () => {
            throw new TypeError('from the setter');
          },
        }),
      'TypeError: from the setter',
    ],
    ['a read-only length', (set) => Object.defineProperty(set, 'length', { writable: false }), 'by-reference'],
  ];
  it.each(cases)('%s: as PHP rewrites it, or the error of the setter', (_, spoil, expected) => {
    const [x, y] = p.stream_socket_pair(p.STREAM_PF_UNIX, p.STREAM_SOCK_STREAM, 0) as [p.Stream, p.Stream];
    const [a, b] = p.stream_socket_pair(p.STREAM_PF_UNIX, p.STREAM_SOCK_STREAM, 0) as [p.Stream, p.Stream];
    p.fwrite(b, 'x');
    const streams: unknown[] = [x, a];
    spoil(streams);
    const pair: p.Socket[] = [];
    p.socket_create_pair(p.AF_UNIX, p.SOCK_STREAM, 0, pair);
    const [c, d] = pair as [p.Socket, p.Socket];
    const other: p.Socket[] = [];
    p.socket_create_pair(p.AF_UNIX, p.SOCK_STREAM, 0, other);
    p.socket_write(other[1]!, 'x');
    const sockets: unknown[] = [c, other[0]];
    spoil(sockets);
    const results = [
      thrown(() => p.stream_select(streams as p.Stream[], null, null, 0)),
      thrown(() => p.socket_select(sockets as p.Socket[], null, null, 0)),
    ];
    expect(results).toEqual(
      expected === 'by-reference'
        ? [
            'Error: stream_select(): Argument #1 ($read) cannot be passed by reference',
            'Error: socket_select(): Argument #1 ($read) cannot be passed by reference',
          ]
        : [expected, expected],
    );
    for (const s of [x, y, a, b]) p.fclose(s);
    for (const s of [c, d, ...other]) p.socket_close(s);
  });
});
