// socket_import_stream, socket_export_stream and the Stream's lifetime: PHP's rules for a Socket
// and a stream sharing a descriptor (reference §3, §4.10), and the finalizer that closes the
// descriptor of a Stream nobody references.
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import * as p from '../lib/index.js';
import { captureWarnings, thrown } from './helpers/capture.js';
import { socketFds } from './helpers/fds.js';
import { hasPhp } from './helpers/php.js';
import { StreamTranscript, phpTranscript } from './helpers/streams.js';

const gc = (globalThis as { gc?: () => void }).gc;

async function collect(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    gc!();
    await new Promise((r) => setImmediate(r));
  }
}

function pair(): [p.Stream, p.Stream] {
  return p.stream_socket_pair(p.STREAM_PF_UNIX, p.STREAM_SOCK_STREAM, 0) as [p.Stream, p.Stream];
}

describe('socket_import_stream', () => {
  it('throws for misuse', () => {
    const [x, y] = pair();
    p.fclose(y);
    expect(thrown(() => p.socket_import_stream('x' as never))).toBe(
      'TypeError: socket_import_stream(): Argument #1 ($stream) must be of type resource, string given',
    );
    expect(thrown(() => p.socket_import_stream(y))).toBe(
      'TypeError: socket_import_stream(): supplied resource is not a valid stream resource',
    );
    p.fclose(x);
  });

  it('shares the descriptor, turns the read buffer off and warns about buffered bytes', () => {
    const [x, y] = pair();
    p.fwrite(y, 'abc\ndef');
    expect(p.fgets(x)).toBe('abc\n');
    const { result, warnings } = captureWarnings(() => p.socket_import_stream(x));
    expect(warnings).toEqual(['socket_import_stream(): 3 bytes of buffered data lost during stream conversion!']);
    const sock = result as p.Socket;
    expect(sock).toBeInstanceOf(p.Socket);
    p.fwrite(y, 'ghi');
    // The buffered bytes are still read first, then the socket directly.
    expect(p.fread(x, 100)).toBe('defghi');
    p.fwrite(y, 'jkl');
    expect(p.socket_read(sock, 100)).toBe('jkl');
    expect(p.socket_export_stream(sock)).toBe(x);
    const again = p.socket_import_stream(x) as p.Socket;
    expect(again).not.toBe(sock);
    p.socket_close(sock);
    expect(thrown(() => p.fread(x, 1))).toBe('TypeError: fread(): supplied resource is not a valid stream resource');
    expect(captureWarnings(() => p.socket_read(again, 1)).warnings).toEqual([
      'socket_read(): unable to read from socket [9]: Bad file descriptor',
    ]);
    expect(thrown(() => p.socket_close(again))).toBe(
      'TypeError: socket_close(): supplied resource is not a valid stream resource',
    );
    expect(thrown(() => p.socket_read(again, 1))).toBe('Error: socket_read(): Argument #1 ($socket) has already been closed');
    p.fclose(y);
  });

  it('leaves the Socket open on a gone descriptor after fclose()', () => {
    const [x, y] = pair();
    const sock = p.socket_import_stream(x) as p.Socket;
    p.fclose(x);
    const { result, warnings } = captureWarnings(() => p.socket_write(sock, 'x'));
    expect(result).toBe(false);
    expect(warnings).toEqual(['socket_write(): unable to write to socket [9]: Bad file descriptor']);
    expect(p.socket_last_error(sock)).toBe(9);
    p.fclose(y);
  });
});

describe('socket_export_stream', () => {
  it('returns one stream per Socket, typed by family and type', () => {
    const tcp = p.socket_create(p.AF_INET, p.SOCK_STREAM, 0) as p.Socket;
    p.socket_set_nonblock(tcp);
    const st = p.socket_export_stream(tcp) as p.Stream;
    expect(p.socket_export_stream(tcp)).toBe(st);
    expect(p.stream_get_meta_data(st)).toEqual({
      timed_out: false,
      blocked: false,
      eof: false,
      stream_type: 'tcp_socket/ssl',
      mode: 'r+',
      unread_bytes: 0,
      seekable: false,
    });
    const types: [number, number, string][] = [
      [p.AF_INET, p.SOCK_DGRAM, 'udp_socket'],
      [p.AF_UNIX, p.SOCK_STREAM, 'unix_socket'],
      [p.AF_UNIX, p.SOCK_DGRAM, 'udg_socket'],
      [p.AF_UNIX, p.SOCK_SEQPACKET, 'generic_socket'],
      [p.AF_INET6, p.SOCK_STREAM, 'tcp_socket/ssl'],
    ];
    for (const [family, type, label] of types) {
      const s = p.socket_create(family, type, 0) as p.Socket;
      expect(p.stream_get_meta_data(p.socket_export_stream(s) as p.Stream).stream_type).toBe(label);
      p.socket_close(s);
    }
    p.fclose(st);
    expect(captureWarnings(() => p.socket_set_block(tcp)).warnings).toEqual([
      'socket_set_block(): unable to set blocking mode [9]: Bad file descriptor',
    ]);
    expect(thrown(() => p.socket_close(tcp))).toBe('TypeError: socket_close(): supplied resource is not a valid stream resource');
    expect(thrown(() => p.socket_export_stream(tcp))).toBe(
      'Error: socket_export_stream(): Argument #1 ($socket) has already been closed',
    );
  });

  it('socket_close() closes the exported stream and its descriptor', () => {
    const before = socketFds();
    const pair2: unknown[] = [];
    p.socket_create_pair(p.AF_UNIX, p.SOCK_STREAM, 0, pair2);
    const [a, b] = pair2 as [p.Socket, p.Socket];
    const st = p.socket_export_stream(a) as p.Stream;
    p.socket_write(b, 'hi');
    expect(p.fread(st, 10)).toBe('hi');
    p.socket_close(a);
    expect(thrown(() => p.fread(st, 1))).toBe('TypeError: fread(): supplied resource is not a valid stream resource');
    p.socket_close(b);
    expect([...socketFds()].filter((fd) => !before.has(fd))).toEqual([]);
  });
});

describe.runIf(gc)('Stream finalizer', () => {
  it('closes the descriptor of an unreachable Stream, and a linked pair only when both are gone', async () => {
    const before = socketFds();
    (() => {
      for (let i = 0; i < 10; i++) pair();
    })();
    expect(socketFds().size - before.size).toBe(20);
    await collect();
    expect([...socketFds()].filter((fd) => !before.has(fd))).toEqual([]);

    let [x, y]: (p.Stream | null)[] = pair();
    let sock: p.Socket | null = p.socket_import_stream(x!) as p.Socket;
    x = null;
    await collect();
    // The Socket holds the stream: still open.
    expect(p.socket_write(sock, 'ok')).toBe(2);
    expect(p.fread(y!, 10)).toBe('ok');
    sock = null;
    await collect();
    p.fclose(y!);
    y = null;
    expect([...socketFds()].filter((fd) => !before.has(fd))).toEqual([]);
    expect(sock).toBeNull();
  });
});

describe('streams in a Worker', () => {
  it('serve from a Worker with its own default_socket_timeout; its streams close when it ends', async () => {
    const before = socketFds();
    const libEntry = fileURLToPath(new URL('../lib/index.ts', import.meta.url));
    const w = new Worker(
      `
      const { register } = await import('tsx/esm/api');
      register();
      const p = await import(${JSON.stringify(libEntry)});
      const { parentPort } = await import('node:worker_threads');
      p.ini_set('default_socket_timeout', '7');
      const s = p.stream_socket_server('tcp://127.0.0.1:0');
      parentPort.postMessage(p.stream_socket_get_name(s, false));
      const c = p.stream_socket_accept(s);
      const line = p.fgets(c);
      p.fwrite(c, 'worker: ' + line);
      parentPort.postMessage(p.ini_get('default_socket_timeout'));
      const leak = p.stream_socket_pair(p.STREAM_PF_UNIX, p.STREAM_SOCK_STREAM, 0);
      globalThis.keep = [s, c, leak];
      `,
      { eval: true },
    );
    const messages: unknown[] = [];
    const next = () =>
      new Promise((resolve, reject) => {
        w.once('message', resolve);
        w.once('error', reject);
      });
    const name = (await next()) as string;
    const c = p.stream_socket_client(`tcp://${name}`) as p.Stream;
    p.fwrite(c, 'hello\n');
    messages.push(await next());
    expect(p.fgets(c)).toBe('worker: hello\n');
    expect(messages).toEqual(['7']);
    expect(p.ini_get('default_socket_timeout')).toBe('60');
    p.fclose(c);
    await new Promise((resolve) => w.once('exit', resolve));
    expect([...socketFds()].filter((fd) => !before.has(fd))).toEqual([]);
  });
});

describe.runIf(hasPhp)('import and export against PHP', () => {
  it('print the same transcript', () => {
    const tr = new StreamTranscript();
    let x!: p.Stream;
    let y!: p.Stream;
    let sock!: p.Socket;
    let sock2!: p.Socket;
    let ex!: p.Socket;
    let st!: p.Stream;
    tr.t('pair', () => {
      [x, y] = pair();
      return [p.fwrite(y, 'abc\ndef'), p.fgets(x)];
    });
    tr.t('import', () => (sock = p.socket_import_stream(x) as p.Socket));
    tr.t('meta', () => p.stream_get_meta_data(x));
    tr.t('read', () => [p.fwrite(y, 'ghi'), p.fread(x, 100)]);
    tr.t('socket read', () => [p.fwrite(y, 'jkl'), p.socket_read(sock, 100)]);
    tr.t('export same', () => p.socket_export_stream(sock) === x);
    tr.t('import again', () => (sock2 = p.socket_import_stream(x) as p.Socket));
    tr.t('close socket', () => [p.socket_close(sock), x]);
    tr.t('read closed', () => p.fread(x, 1));
    tr.t('other socket', () => p.socket_read(sock2, 1));
    tr.t('close other', () => p.socket_close(sock2));
    tr.t('export', () => {
      ex = p.socket_create(p.AF_INET, p.SOCK_DGRAM, 0) as p.Socket;
      st = p.socket_export_stream(ex) as p.Stream;
      return [st, p.stream_get_meta_data(st)];
    });
    tr.t('fclose', () => [p.fclose(st), p.socket_set_nonblock(ex), p.socket_last_error(ex)]);
    tr.t('close exported', () => p.socket_close(ex));
    tr.t('closed', () => p.socket_export_stream(ex));
    expect(tr.text).toBe(
      phpTranscript(String.raw`
      t('pair', function () { global $x, $y; [$x, $y] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0); return [fwrite($y, "abc\ndef"), fgets($x)]; });
      t('import', function () { global $x, $sock; return $sock = socket_import_stream($x); });
      t('meta', function () { global $x; return stream_get_meta_data($x); });
      t('read', function () { global $x, $y; return [fwrite($y, 'ghi'), fread($x, 100)]; });
      t('socket read', function () { global $y, $sock; return [fwrite($y, 'jkl'), socket_read($sock, 100)]; });
      t('export same', function () { global $x, $sock; return socket_export_stream($sock) === $x; });
      t('import again', function () { global $x, $sock2; return $sock2 = socket_import_stream($x); });
      t('close socket', function () { global $x, $sock; return [socket_close($sock), $x]; });
      t('read closed', function () { global $x; return fread($x, 1); });
      t('other socket', function () { global $sock2; return socket_read($sock2, 1); });
      t('close other', function () { global $sock2; return socket_close($sock2); });
      t('export', function () { global $ex, $st; $ex = socket_create(AF_INET, SOCK_DGRAM, 0); $st = socket_export_stream($ex); return [$st, stream_get_meta_data($st)]; });
      t('fclose', function () { global $ex, $st; return [fclose($st), socket_set_nonblock($ex), socket_last_error($ex)]; });
      t('close exported', function () { global $ex; return socket_close($ex); });
      t('closed', function () { global $ex; return socket_export_stream($ex); });
    `),
    );
  });
});
