// Misbehaving peers never crash us: resets (SO_LINGER 0 close) during socket_read, PHP_NORMAL_READ,
// fgets and stream_get_contents; half-close; a 1 MB line; a peer that sends one byte at a time;
// writes to a peer that closed (EPIPE, also in a Worker); a datagram longer than the read;
// recvmsg with a huge controllen/buffer_size; select over a reset socket. Where PHP 8.2 is well
// defined the transcript must equal PHP's for the same steps (the peer is a separate process,
// helpers/peer-server.mjs, that both sides talk to); elsewhere: no crash, a sensible false/warning.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as p from '../lib/index.js';
import * as a from '../lib/async/index.js';
import { hasPhp, php } from './helpers/php.js';
import { PHP_PRELUDE, Transcript } from './helpers/transcript.js';

let peer: ChildProcess;
let port = 0;

beforeAll(async () => {
  peer = spawn(process.execPath, [fileURLToPath(new URL('./helpers/peer-server.mjs', import.meta.url))], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  port = await new Promise<number>((resolve, reject) => {
    let out = '';
    peer.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(Number(out.trim()));
    });
    peer.once('exit', () => reject(new Error('peer server exited')));
  });
});

afterAll(() => {
  peer.stdin!.end();
});

const PHP_CONNECT = String.raw`
function conn($mode) {
  global $port;
  $c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
  socket_connect($c, '127.0.0.1', $port);
  socket_write($c, "$mode\n");
  return $c;
}
function sconn($mode) {
  global $port;
  $s = stream_socket_client("tcp://127.0.0.1:$port");
  fwrite($s, "$mode\n");
  return $s;
}
`;

function conn(mode: string): p.Socket {
  const c = p.socket_create(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP) as p.Socket;
  expect(p.socket_connect(c, '127.0.0.1', port)).toBe(true);
  p.socket_write(c, `${mode}\n`);
  return c;
}

function sconn(mode: string): p.Stream {
  const s = p.stream_socket_client(`tcp://127.0.0.1:${port}`) as p.Stream;
  expect(s).toBeInstanceOf(p.Stream);
  p.fwrite(s, `${mode}\n`);
  return s;
}

/** Runs the PHP steps against the same peer and returns PHP's transcript (null without PHP). */
function phpTranscript(code: string): string | null {
  if (!hasPhp) return null;
  return php(`$port = ${port};\n${PHP_PRELUDE}\n${PHP_CONNECT}\n${code}`);
}

function same(tr: Transcript, phpCode: string): void {
  const expected = phpTranscript(phpCode);
  if (process.env.SHOW_TRANSCRIPTS) console.log(tr.text);
  if (expected !== null) expect(tr.text).toBe(expected);
}

describe('peer resets (SO_LINGER 0 close)', () => {
  it('socket_read: the data, then false with ECONNRESET, then EOF', () => {
    const tr = new Transcript();
    const c = conn('reset');
    tr.t('read1', () => p.socket_read(c, 100));
    tr.t('read2', () => p.socket_read(c, 100));
    tr.t('err', () => p.socket_last_error(c));
    tr.t('read3', () => p.socket_read(c, 100));
    p.socket_close(c);
    const d = conn('reset-now');
    tr.t('now', () => p.socket_read(d, 100));
    tr.t('recv', () => p.socket_recv(d, p.ref(), 100, 0));
    p.socket_close(d);
    expect(tr.text).toContain('Connection reset by peer');
    same(
      tr,
      String.raw`
      $c = conn('reset');
      t('read1', fn() => socket_read($c, 100));
      t('read2', fn() => socket_read($c, 100));
      t('err', fn() => socket_last_error($c));
      t('read3', fn() => socket_read($c, 100));
      socket_close($c);
      $d = conn('reset-now');
      t('now', fn() => socket_read($d, 100));
      t('recv', fn() => socket_recv($d, $buf, 100, 0));
      `,
    );
  });

  it('PHP_NORMAL_READ: a reset in the middle of a line', () => {
    const tr = new Transcript();
    const c = conn('reset');
    tr.t('line', () => p.socket_read(c, 100, p.PHP_NORMAL_READ));
    tr.t('again', () => p.socket_read(c, 100, p.PHP_NORMAL_READ));
    tr.t('err', () => p.socket_last_error(c));
    p.socket_close(c);
    same(
      tr,
      String.raw`
      $c = conn('reset');
      t('line', fn() => socket_read($c, 100, PHP_NORMAL_READ));
      t('again', fn() => socket_read($c, 100, PHP_NORMAL_READ));
      t('err', fn() => socket_last_error($c));
      `,
    );
  });

  it('fgets and stream_get_contents: what arrived, then false/empty, with PHP notices', () => {
    const tr = new Transcript();
    const s = sconn('reset');
    tr.t('fgets', () => p.fgets(s));
    tr.t('feof', () => p.feof(s));
    tr.t('fgets2', () => p.fgets(s));
    p.fclose(s);
    const u = sconn('reset');
    tr.t('contents', () => p.stream_get_contents(u));
    tr.t('feof', () => p.feof(u));
    p.fclose(u);
    const v = sconn('reset-now');
    tr.t('fread', () => p.fread(v, 10));
    p.fclose(v);
    same(
      tr,
      String.raw`
      $s = sconn('reset');
      t('fgets', fn() => fgets($s));
      t('feof', fn() => feof($s));
      t('fgets2', fn() => fgets($s));
      fclose($s);
      $u = sconn('reset');
      t('contents', fn() => stream_get_contents($u));
      t('feof', fn() => feof($u));
      fclose($u);
      $v = sconn('reset-now');
      t('fread', fn() => fread($v, 10));
      fclose($v);
      `,
    );
  });

  it('the async API survives the same resets', async () => {
    const c = conn('reset');
    expect(await a.socket_read(c, 100)).toBe('partial');
    const warnings: string[] = [];
    p.set_error_handler((_n, s) => void warnings.push(s));
    try {
      expect(await a.socket_read(c, 100, p.PHP_NORMAL_READ)).toBe(false);
      const s = sconn('reset');
      expect(await a.fgets(s)).toBe('partial');
      expect(await a.stream_get_contents(s)).toBe('');
      p.fclose(s);
    } finally {
      p.restore_error_handler();
    }
    p.socket_close(c);
    expect(warnings[0]).toMatch(/socket_read\(\): unable to read from socket \[104\]: Connection reset by peer/);
  });
});

describe('half-close', () => {
  it('reads to EOF and can still write', () => {
    const tr = new Transcript();
    const c = conn('halfclose');
    tr.t('read', () => p.socket_read(c, 100));
    tr.t('eof', () => p.socket_read(c, 100));
    tr.t('eof-normal', () => p.socket_read(c, 100, p.PHP_NORMAL_READ));
    tr.t('write', () => p.socket_write(c, 'x'));
    p.socket_close(c);
    const s = sconn('halfclose');
    tr.t('fgets', () => p.fgets(s));
    tr.t('fgets-eof', () => p.fgets(s));
    tr.t('feof', () => p.feof(s));
    tr.t('fwrite', () => p.fwrite(s, 'x'));
    p.fclose(s);
    same(
      tr,
      String.raw`
      $c = conn('halfclose');
      t('read', fn() => socket_read($c, 100));
      t('eof', fn() => socket_read($c, 100));
      t('eof-normal', fn() => socket_read($c, 100, PHP_NORMAL_READ));
      t('write', fn() => socket_write($c, 'x'));
      socket_close($c);
      $s = sconn('halfclose');
      t('fgets', fn() => fgets($s));
      t('fgets-eof', fn() => fgets($s));
      t('feof', fn() => feof($s));
      t('fwrite', fn() => fwrite($s, 'x'));
      fclose($s);
      `,
    );
  });
});

describe('long and slow lines', () => {
  it('a 1 MB line through PHP_NORMAL_READ and fgets', () => {
    const tr = new Transcript();
    const c = conn('line1mb');
    tr.t('normal', () => {
      const l = p.socket_read(c, 2 * 1024 * 1024, p.PHP_NORMAL_READ) as string;
      return `${l.length} ${l.slice(-2) === 'a\n'}`;
    });
    tr.t('tail', () => p.socket_read(c, 100, p.PHP_NORMAL_READ));
    tr.t('end', () => p.socket_read(c, 100, p.PHP_NORMAL_READ));
    p.socket_close(c);
    const s = sconn('line1mb');
    tr.t('fgets', () => {
      const l = p.fgets(s) as string;
      return `${l.length} ${l.slice(-2) === 'a\n'}`;
    });
    tr.t('fgets-tail', () => p.fgets(s));
    tr.t('fgets-end', () => p.fgets(s));
    p.fclose(s);
    expect(tr.text).toContain('"1048577 true"');
    same(
      tr,
      String.raw`
      $c = conn('line1mb');
      t('normal', function () use ($c) { $l = socket_read($c, 2 * 1024 * 1024, PHP_NORMAL_READ); return strlen($l) . ' ' . (substr($l, -2) === "a\n" ? 'true' : 'false'); });
      t('tail', fn() => socket_read($c, 100, PHP_NORMAL_READ));
      t('end', fn() => socket_read($c, 100, PHP_NORMAL_READ));
      socket_close($c);
      $s = sconn('line1mb');
      t('fgets', function () use ($s) { $l = fgets($s); return strlen($l) . ' ' . (substr($l, -2) === "a\n" ? 'true' : 'false'); });
      t('fgets-tail', fn() => fgets($s));
      t('fgets-end', fn() => fgets($s));
      `,
    );
  });

  it('a peer that sends one byte at a time', () => {
    const tr = new Transcript();
    const c = conn('onebyte');
    tr.t('line1', () => p.socket_read(c, 100, p.PHP_NORMAL_READ));
    tr.t('line2', () => p.socket_read(c, 100, p.PHP_NORMAL_READ));
    tr.t('end', () => p.socket_read(c, 100, p.PHP_NORMAL_READ));
    p.socket_close(c);
    const s = sconn('onebyte');
    tr.t('fgets1', () => p.fgets(s));
    tr.t('fgets2', () => p.fgets(s));
    tr.t('fgets3', () => p.fgets(s));
    p.fclose(s);
    const u = sconn('onebyte');
    tr.t('contents', () => p.stream_get_contents(u));
    p.fclose(u);
    // Binary reads return what has arrived: collect until EOF (bounded).
    const d = conn('onebyte');
    let all = '';
    for (let i = 0; i < 1000; i++) {
      const r = p.socket_read(d, 100);
      if (r === '' || r === false) break;
      all += r;
    }
    p.socket_close(d);
    expect(all).toBe('hello world\nsecond line\n');
    same(
      tr,
      String.raw`
      $c = conn('onebyte');
      t('line1', fn() => socket_read($c, 100, PHP_NORMAL_READ));
      t('line2', fn() => socket_read($c, 100, PHP_NORMAL_READ));
      t('end', fn() => socket_read($c, 100, PHP_NORMAL_READ));
      socket_close($c);
      $s = sconn('onebyte');
      t('fgets1', fn() => fgets($s));
      t('fgets2', fn() => fgets($s));
      t('fgets3', fn() => fgets($s));
      fclose($s);
      $u = sconn('onebyte');
      t('contents', fn() => stream_get_contents($u));
      `,
    );
  });
});

describe('writes to a peer that closed', () => {
  const steps = String.raw`
    $pair = [];
    socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $pair);
    socket_close($pair[1]);
    t('write', fn() => socket_write($pair[0], 'x'));
    t('send', fn() => socket_send($pair[0], 'x', 1, 0));
    t('err', fn() => socket_last_error($pair[0]));
    $s = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
    fclose($s[1]);
    t('fwrite', fn() => fwrite($s[0], 'x'));
  `;

  function run(tr: Transcript): void {
    const pair: p.Socket[] = [];
    p.socket_create_pair(p.AF_UNIX, p.SOCK_STREAM, 0, pair);
    p.socket_close(pair[1]!);
    tr.t('write', () => p.socket_write(pair[0]!, 'x'));
    tr.t('send', () => p.socket_send(pair[0]!, 'x', 1, 0));
    tr.t('err', () => p.socket_last_error(pair[0]!));
    const s = p.stream_socket_pair(p.STREAM_PF_UNIX, p.STREAM_SOCK_STREAM, 0) as p.Stream[];
    p.fclose(s[1]!);
    tr.t('fwrite', () => p.fwrite(s[0]!, 'x'));
    p.socket_close(pair[0]!);
    p.fclose(s[0]!);
  }

  it('EPIPE is false and a warning, never SIGPIPE', () => {
    const tr = new Transcript();
    run(tr);
    expect(tr.text).toContain('[32]: Broken pipe');
    same(tr, steps);
  });

  it('in a Worker too', async () => {
    const lib = fileURLToPath(new URL('../lib/index.ts', import.meta.url));
    const w = new Worker(
      `
      const { register } = await import('tsx/esm/api');
      register();
      const p = await import(${JSON.stringify(lib)});
      const { parentPort } = await import('node:worker_threads');
      const out = [];
      p.set_error_handler((_n, s) => void out.push(s));
      const pair = [];
      p.socket_create_pair(p.AF_UNIX, p.SOCK_STREAM, 0, pair);
      p.socket_close(pair[1]);
      out.push(p.socket_write(pair[0], 'x'));
      // A large write too, so the kernel has to report EPIPE mid-way.
      out.push(p.socket_write(pair[0], 'y'.repeat(1 << 20)));
      const s = p.stream_socket_pair(p.STREAM_PF_UNIX, p.STREAM_SOCK_STREAM, 0);
      p.fclose(s[1]);
      out.push(p.fwrite(s[0], 'x'));
      parentPort.postMessage(out);
      `,
      { eval: true },
    );
    const out = await new Promise<unknown[]>((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
    });
    await w.terminate();
    expect(out).toEqual([
      'socket_write(): unable to write to socket [32]: Broken pipe',
      false,
      'socket_write(): unable to write to socket [32]: Broken pipe',
      false,
      'fwrite(): Send of 1 bytes failed with errno=32 Broken pipe',
      false,
    ]);
  });
});

describe('datagrams longer than the read', () => {
  it('the rest of the datagram is discarded', () => {
    const tr = new Transcript();
    const pair: p.Socket[] = [];
    p.socket_create_pair(p.AF_UNIX, p.SOCK_DGRAM, 0, pair);
    const [x, y] = pair as [p.Socket, p.Socket];
    p.socket_write(y, 'z'.repeat(100));
    p.socket_write(y, 'w'.repeat(100));
    tr.t('read', () => p.socket_read(x, 10));
    tr.t('recv', () => {
      const buf = p.ref();
      const n = p.socket_recv(x, buf, 10, 0);
      return `${n} ${buf.value}`;
    });
    p.socket_set_nonblock(x);
    tr.t('empty', () => p.socket_read(x, 10));
    p.socket_close(x);
    p.socket_close(y);
    const srv = p.stream_socket_server('udp://127.0.0.1:0', p.ref(), p.ref(), p.STREAM_SERVER_BIND) as p.Stream;
    const name = p.stream_socket_get_name(srv, false) as string;
    const cli = p.stream_socket_client(`udp://${name}`) as p.Stream;
    p.fwrite(cli, 'q'.repeat(100));
    tr.t('recvfrom', () => p.stream_socket_recvfrom(srv, 10));
    p.fclose(cli);
    p.fclose(srv);
    same(
      tr,
      String.raw`
      $pair = [];
      socket_create_pair(AF_UNIX, SOCK_DGRAM, 0, $pair);
      [$x, $y] = $pair;
      socket_write($y, str_repeat('z', 100));
      socket_write($y, str_repeat('w', 100));
      t('read', fn() => socket_read($x, 10));
      t('recv', function () use ($x) { $n = socket_recv($x, $buf, 10, 0); return "$n $buf"; });
      socket_set_nonblock($x);
      t('empty', fn() => socket_read($x, 10));
      $srv = stream_socket_server('udp://127.0.0.1:0', $e, $es, STREAM_SERVER_BIND);
      $cli = stream_socket_client('udp://' . stream_socket_get_name($srv, false));
      fwrite($cli, str_repeat('q', 100));
      t('recvfrom', fn() => stream_socket_recvfrom($srv, 10));
      `,
    );
  });

  it('socket_recvmsg with a huge buffer_size and controllen: no crash, the datagram or false', () => {
    const pair: p.Socket[] = [];
    p.socket_create_pair(p.AF_UNIX, p.SOCK_DGRAM, 0, pair);
    const [x, y] = pair as [p.Socket, p.Socket];
    p.socket_write(y, 'hello');
    const warnings: string[] = [];
    p.set_error_handler((_n, s) => void warnings.push(s));
    try {
      for (const [bufferSize, controllen] of [
        [2 ** 31, 2 ** 40],
        [2 ** 53, 0],
        [16, 2 ** 62],
      ] as const) {
        const msg: p.Message = { name: [], buffer_size: bufferSize, controllen };
        const r = p.socket_recvmsg(x, msg, p.MSG_DONTWAIT);
        expect(r === false || typeof r === 'number').toBe(true);
        if (typeof r === 'number') expect(msg['iov']).toEqual(['hello']);
      }
    } catch (e) {
      // A ValueError for an out-of-range size is fine too.
      expect((e as Error).message).not.toBe('');
    } finally {
      p.restore_error_handler();
    }
    p.socket_close(x);
    p.socket_close(y);
  });
});

describe('select over a socket the peer reset', () => {
  it('socket_select and stream_select report it readable; the read fails with ECONNRESET', () => {
    const tr = new Transcript();
    const c = conn('reset-now');
    tr.t('select', () => {
      const r = [c];
      return p.socket_select(r, null, null, 5);
    });
    tr.t('read', () => p.socket_read(c, 100));
    tr.t('select-again', () => {
      const r = [c];
      return p.socket_select(r, null, null, 5);
    });
    p.socket_close(c);
    const s = sconn('reset-now');
    tr.t('stream_select', () => {
      const r = [s];
      const w = null;
      const e = null;
      return p.stream_select(r, w, e, 5);
    });
    tr.t('fread', () => p.fread(s, 100));
    tr.t('feof', () => p.feof(s));
    p.fclose(s);
    same(
      tr,
      String.raw`
      $c = conn('reset-now');
      t('select', function () use ($c) { $r = [$c]; $w = $e = null; return socket_select($r, $w, $e, 5); });
      t('read', fn() => socket_read($c, 100));
      t('select-again', function () use ($c) { $r = [$c]; $w = $e = null; return socket_select($r, $w, $e, 5); });
      socket_close($c);
      $s = sconn('reset-now');
      t('stream_select', function () use ($s) { $r = [$s]; $w = $e = null; return stream_select($r, $w, $e, 5); });
      t('fread', fn() => fread($s, 100));
      t('feof', fn() => feof($s));
      `,
    );
  });
});
