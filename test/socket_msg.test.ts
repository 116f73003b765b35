// socket_sendmsg, socket_recvmsg, socket_cmsg_space. Expected texts and values are PHP 8.2's;
// the conversion-error tables are also replayed through real PHP when it is installed.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import * as p from '../lib/index.js';
import { stateOf } from '../lib/socket.js';
import { captureWarnings, thrown } from './helpers/capture.js';
import { hasPhp, php } from './helpers/php.js';
import { keptUntilEnd } from './helpers/closing.js';

type Msg = p.Message;
const any = <T>(f: T) => f as unknown as (...a: unknown[]) => unknown;

// Every pair stays referenced until the file ends: a peer the test drops would otherwise be closed
// by its finalizer at the next collection, and a datagram sent to it would fail with ECONNREFUSED.
const pairs = keptUntilEnd();
function pair(type = p.SOCK_DGRAM): [p.Socket, p.Socket] {
  const out: unknown[] = [];
  expect(p.socket_create_pair(p.AF_UNIX, type, 0, out)).toBe(true);
  pairs.push(out);
  return out as [p.Socket, p.Socket];
}

/** A UDP socket bound to the loopback address of `family`, and its port. */
function udp(family: number): [p.Socket, number] {
  const s = p.socket_create(family, p.SOCK_DGRAM, 0) as p.Socket;
  expect(p.socket_bind(s, family === p.AF_INET6 ? '::1' : '127.0.0.1', 0)).toBe(true);
  const port = p.ref<number>();
  p.socket_getsockname(s, p.ref(), port);
  return [s, port.value!];
}

/** What a call did, one line each, as the PHP side prints it: warnings, message, result. */
function outcome(f: () => unknown, message?: object): string[] {
  const lines: string[] = [];
  p.set_error_handler((_no, str) => {
    lines.push(`W: ${str}`);
    return true;
  });
  try {
    const r = f();
    if (message) lines.push(`M: ${JSON.stringify(message)}`);
    lines.push(`R: ${JSON.stringify(r)}`);
  } catch (e) {
    lines.push(`E: ${(e as Error).name}: ${(e as Error).message}`);
  } finally {
    p.restore_error_handler();
  }
  return lines;
}

const PHP_PRELUDE = `
set_error_handler(function ($no, $str) { echo "W: $str\\n"; return true; });
socket_create_pair(AF_UNIX, SOCK_DGRAM, 0, $pair);
socket_create_pair(AF_UNIX, SOCK_DGRAM, 0, $rpair);
socket_set_nonblock($rpair[1]);
$unix = $pair[0];
$inet = socket_create(AF_INET, SOCK_DGRAM, 0); socket_set_nonblock($inet);
$inet6 = socket_create(AF_INET6, SOCK_DGRAM, 0); socket_set_nonblock($inet6);
$closed = socket_create(AF_UNIX, SOCK_STREAM, 0); socket_close($closed);
$recv = ['unix' => $rpair[1], 'inet' => $inet, 'inet6' => $inet6];
function out($f) {
  try { $r = $f(); echo "R: ", json_encode($r, JSON_UNESCAPED_SLASHES), "\\n"; }
  catch (Throwable $e) { echo 'E: ', get_class($e), ': ', $e->getMessage(), "\\n"; }
  echo "--\\n";
}
`;

const phpBlocks = (text: string) =>
  text
    .split('--\n')
    .filter(Boolean)
    .map((b) => b.trimEnd().split('\n'));

interface Sockets {
  unix: p.Socket;
  inet: p.Socket;
  inet6: p.Socket;
  closed: p.Socket;
}
type Kind = 'unix' | 'inet' | 'inet6';
const W = (path: string, text: string) =>
  `W: socket_sendmsg(): error converting user data (path: msghdr${path}): ${text}`;
const NOT_INT = 'expected an integer, either of a PHP integer type or of a convertible type';
const nonNumeric = (s: string) =>
  `expected an integer, but got a non numeric string (possibly from a converted object): '${s}'`;
const F = 'R: false';

// [socket, PHP message, the same message in JS, what PHP 8.2 prints, flags]
const SEND_CASES: [Kind, string, (s: Sockets) => Msg, string[], number?][] = [
  ['unix', "['iov' => 'x']", () => ({ iov: 'x' }), [W(' > iov', 'expected an array here'), F]],
  ['unix', "['iov' => []]", () => ({ iov: [] }), ['R: 0']],
  ['unix', "['control' => 'x']", () => ({ control: 'x' }), [W(' > control', 'expected an array here'), F]],
  ['unix', "['control' => []]", () => ({ control: [] }), ['R: 0']],
  ['unix', "['control' => ['x']]", () => ({ control: ['x'] }), [W(' > control > element #0', 'expected an array here'), F]],
  [
    'unix',
    "['control' => [['level' => 1, 'type' => 99]]]",
    () => ({ control: [{ level: 1, type: 99 }] }),
    [W(' > control > element #0', 'cmsghdr with level 1 and type 99 not supported'), F],
  ],
  [
    'unix',
    "['control' => [['level' => 'x', 'type' => 99]]]",
    () => ({ control: [{ level: 'x', type: 99 }] }),
    [W(' > control > element #0 > level', nonNumeric('x')), F],
  ],
  [
    'unix',
    "['control' => [['level' => [], 'type' => 99]]]",
    () => ({ control: [{ level: [], type: 99 }] }),
    [W(' > control > element #0 > level', NOT_INT), F],
  ],
  [
    'unix',
    "['control' => [['level' => 2147483648, 'type' => 99]]]",
    () => ({ control: [{ level: 2147483648, type: 99 }] }),
    [W(' > control > element #0 > level', 'given PHP integer is out of bounds for a native int'), F],
  ],
  [
    'unix',
    "['control' => [['level' => '1e3', 'type' => 99]]]",
    () => ({ control: [{ level: '1e3', type: 99 }] }),
    [W(' > control > element #0', 'cmsghdr with level 1000 and type 99 not supported'), F],
  ],
  [
    'unix',
    "['control' => [['level' => ' 1', 'type' => '99 ']]]",
    () => ({ control: [{ level: ' 1', type: '99 ' }] }),
    [W(' > control > element #0', 'cmsghdr with level 1 and type 99 not supported'), F],
  ],
  [
    'unix',
    "['control' => [['level' => 1.9, 'type' => 99]]]",
    () => ({ control: [{ level: 1.9, type: 99 }] }),
    [W(' > control > element #0', 'cmsghdr with level 1 and type 99 not supported'), F],
  ],
  [
    'unix',
    "['control' => [['level' => true, 'type' => 99]]]",
    () => ({ control: [{ level: true, type: 99 }] }),
    [W(' > control > element #0 > level', NOT_INT), F],
  ],
  [
    'unix',
    "['control' => [['level' => NAN, 'type' => 99]]]",
    () => ({ control: [{ level: NaN, type: 99 }] }),
    [W(' > control > element #0', 'cmsghdr with level 0 and type 99 not supported'), F],
  ],
  [
    'unix',
    "['control' => [['level' => '99999999999999999999', 'type' => 99]]]",
    () => ({ control: [{ level: '99999999999999999999', type: 99 }] }),
    [W(' > control > element #0 > level', 'given PHP integer is out of bounds for a native int'), F],
  ],
  [
    'unix',
    "['control' => [['level' => $unix, 'type' => 99]]]",
    (s) => ({ control: [{ level: s.unix, type: 99 }] }),
    ['E: Error: Object of class Socket could not be converted to string'],
  ],
  [
    'unix',
    "['control' => [['level' => 1, 'type' => 1]]]",
    () => ({ control: [{ level: 1, type: 1 }] }),
    [W(' > control > element #0', "cmsghdr should have a 'data' element here"), F],
  ],
  [
    'unix',
    "['control' => [['level' => 1, 'type' => 1, 'data' => []]]]",
    () => ({ control: [{ level: 1, type: 1, data: [] }] }),
    [W(' > control > element #0', 'expected at least one element in this array'), F],
  ],
  [
    'unix',
    "['control' => [['level' => 1, 'type' => 1, 'data' => 'x']]]",
    () => ({ control: [{ level: 1, type: 1, data: 'x' }] }),
    [W(' > control > element #0', 'expected an array here'), F],
  ],
  [
    'unix',
    "['control' => [['level' => 1, 'type' => 1, 'data' => [$unix, 'x']]]]",
    (s) => ({ control: [{ level: 1, type: 1, data: [s.unix, 'x'] }] }),
    [W(' > control > element #0 > data > element #2', 'expected a Socket object or a stream resource'), F],
  ],
  [
    'unix',
    "['control' => [['level' => 1, 'type' => 1, 'data' => [1]]]]",
    () => ({ control: [{ level: 1, type: 1, data: [1] }] }),
    [W(' > control > element #0 > data > element #1', 'expected a Socket object or a stream resource'), F],
  ],
  [
    'unix',
    "['control' => [['level' => 1, 'type' => 1, 'data' => [$closed]]]]",
    (s) => ({ control: [{ level: 1, type: 1, data: [s.closed] }] }),
    [W(' > control > element #0 > data > element #1', 'socket is already closed'), F],
  ],
  [
    'unix',
    "['control' => [['level' => 1, 'type' => 2, 'data' => []]]]",
    () => ({ control: [{ level: 1, type: 2, data: [] }] }),
    [W(' > control > element #0 > data', "The key 'pid' is required"), F],
  ],
  [
    'unix',
    "['control' => [['level' => 1, 'type' => 2, 'data' => 'x']]]",
    () => ({ control: [{ level: 1, type: 2, data: 'x' }] }),
    [W(' > control > element #0 > data', 'expected an array here'), F],
  ],
  [
    'unix',
    "['control' => [['level' => 1, 'type' => 2, 'data' => ['pid' => -1]]]]",
    () => ({ control: [{ level: 1, type: 2, data: { pid: -1 } }] }),
    [W(' > control > element #0 > data > pid', 'given PHP integer is out of bounds for a pid_t value'), F],
  ],
  [
    'unix',
    "['control' => [['level' => 1, 'type' => 2, 'data' => ['pid' => 1]]]]",
    () => ({ control: [{ level: 1, type: 2, data: { pid: 1 } }] }),
    [W(' > control > element #0 > data', "The key 'uid' is required"), F],
  ],
  [
    'unix',
    "['control' => [['level' => 1, 'type' => 2, 'data' => ['pid' => 1, 'uid' => -1]]]]",
    () => ({ control: [{ level: 1, type: 2, data: { pid: 1, uid: -1 } }] }),
    [W(' > control > element #0 > data > uid', 'given PHP integer is out of bounds for a uid_t value'), F],
  ],
  [
    'unix',
    "['control' => [['level' => 1, 'type' => 2, 'data' => ['pid' => 1, 'uid' => 0, 'gid' => 4294967296]]]]",
    () => ({ control: [{ level: 1, type: 2, data: { pid: 1, uid: 0, gid: 4294967296 } }] }),
    [W(' > control > element #0 > data > gid', 'given PHP integer is out of bounds for a uid_t value'), F],
  ],
  [
    'unix',
    "['control' => [['level' => 41, 'type' => 67, 'data' => 'x']]]",
    () => ({ control: [{ level: 41, type: 67, data: 'x' }] }),
    [W(' > control > element #0 > data', nonNumeric('x')), F],
  ],
  [
    'unix',
    "['control' => [['level' => 41, 'type' => 67, 'data' => null]]]",
    () => ({ control: [{ level: 41, type: 67, data: null }] }),
    [W(' > control > element #0 > data', NOT_INT), F],
  ],
  [
    'unix',
    "['control' => [['level' => 41, 'type' => 52, 'data' => 256.5], ['level' => 1, 'type' => 99]]]",
    () => ({ control: [{ level: 41, type: 52, data: 256.5 }, { level: 1, type: 99 }] }),
    [W(' > control > element #1', 'cmsghdr with level 1 and type 99 not supported'), F],
  ],
  [
    'unix',
    "['control' => [['level' => 41, 'type' => 50, 'data' => []]]]",
    () => ({ control: [{ level: 41, type: 50, data: [] }] }),
    [W(' > control > element #0 > data', "The key 'addr' is required"), F],
  ],
  ['unix', "['name' => 'x']", () => ({ name: 'x' }), [W(' > name', 'expected an array here'), F]],
  [
    'unix',
    "['name' => ['path' => '']]",
    () => ({ name: { path: '' } }),
    [W(' > name > path', 'the path is cannot be empty'), F],
  ],
  [
    'unix',
    "['name' => ['path' => str_repeat('a', 108)]]",
    () => ({ name: { path: 'a'.repeat(108) } }),
    [W(' > name > path', 'the path is too long, the maximum permitted length is 107'), F],
  ],
  [
    'unix',
    "['name' => ['family' => 2]]",
    () => ({ name: { family: 2 } }),
    [W(' > name', 'the specified family (number 2) is not supported on this socket'), F],
  ],
  [
    'unix',
    "['name' => ['family' => 10]]",
    () => ({ name: { family: 10 } }),
    [W(' > name', 'the specified family (AF_INET6) is not supported on this socket'), F],
  ],
  [
    'unix',
    "['name' => ['family' => 99]]",
    () => ({ name: { family: 99 } }),
    [W(' > name', 'the only families currently supported are AF_INET, AF_INET6 and AF_UNIX'), F],
  ],
  [
    'unix',
    "['name' => ['family' => 'x']]",
    () => ({ name: { family: 'x' } }),
    [W(' > name > family', nonNumeric('x')), F],
  ],
  [
    'unix',
    "['name' => ['family' => null, 'path' => '']]",
    () => ({ name: { family: null, path: '' } }),
    [W(' > name > family', NOT_INT), F],
  ],
  [
    'unix',
    "['name' => ['path' => '/nonexistent/x'], 'iov' => ['x']]",
    () => ({ name: { path: '/nonexistent/x' }, iov: ['x'] }),
    ['W: socket_sendmsg(): Error in sendmsg [2]: No such file or directory', F],
  ],
  ['unix', "['iov' => [[1], 'b']]", () => ({ iov: [[1], 'b'] }), ['W: Array to string conversion', 'R: 6']],
  [
    'unix',
    "['iov' => [$unix]]",
    (s) => ({ iov: [s.unix] }),
    ['E: Error: Object of class Socket could not be converted to string'],
  ],
  ['unix', '[1, 2, 3]', () => [1, 2, 3] as unknown as Msg, ['R: 0']],
  [
    'inet',
    "['name' => ['family' => 1]]",
    () => ({ name: { family: 1 } }),
    [W(' > name', 'the specified family (AF_UNIX) is not supported on this socket'), F],
  ],
  [
    'inet',
    "['name' => ['addr' => '127.0.0.1', 'port' => 'abc']]",
    () => ({ name: { addr: '127.0.0.1', port: 'abc' } }),
    [W(' > name > port', nonNumeric('abc')), F],
  ],
  [
    'inet',
    "['name' => ['addr' => '127.0.0.1', 'port' => 70000]]",
    () => ({ name: { addr: '127.0.0.1', port: 70000 } }),
    [W(' > name > port', 'given PHP integer is out of bounds for an unsigned 16-bit integer'), F],
  ],
  [
    'inet',
    "['name' => ['addr' => '127.0.0.1', 'port' => -1]]",
    () => ({ name: { addr: '127.0.0.1', port: -1 } }),
    [W(' > name > port', 'given PHP integer is out of bounds for an unsigned 16-bit integer'), F],
  ],
  [
    'inet',
    "['name' => ['addr' => '999.1.1.1', 'port' => 1]]",
    () => ({ name: { addr: '999.1.1.1', port: 1 } }),
    [
      'W: socket_sendmsg(): Host lookup failed [-10000]: Unknown error -10000',
      W(' > name > addr', "could not resolve address '999.1.1.1' to get an AF_INET address"),
      F,
    ],
  ],
  [
    'inet',
    "['iov' => ['x']]",
    () => ({ iov: ['x'] }),
    ['W: socket_sendmsg(): Error in sendmsg [89]: Destination address required', F],
  ],
  ['inet', '[]', () => ({}), ['W: socket_sendmsg(): Error in sendmsg [22]: Invalid argument', F], -1],
  [
    'inet6',
    "['name' => ['addr' => '::1', 'port' => 1, 'flowinfo' => -1]]",
    () => ({ name: { addr: '::1', port: 1, flowinfo: -1 } }),
    [W(' > name > flowinfo', 'given PHP integer is out of bounds for an unsigned 32-bit integer'), F],
  ],
  [
    'inet6',
    "['name' => ['addr' => '::1', 'port' => 1, 'scope_id' => 'a']]",
    () => ({ name: { addr: '::1', port: 1, scope_id: 'a' } }),
    [W(' > name > scope_id', nonNumeric('a')), F],
  ],
  [
    'inet6',
    "['control' => [['level' => 41, 'type' => 50, 'data' => ['addr' => '::1', 'ifindex' => 'nosuch0']]]]",
    () => ({ control: [{ level: 41, type: 50, data: { addr: '::1', ifindex: 'nosuch0' } }] }),
    [W(' > control > element #0 > data > ifindex', 'no interface with name "nosuch0" could be found'), F],
  ],
  [
    'inet6',
    "['control' => [['level' => 41, 'type' => 50, 'data' => ['addr' => '::1', 'ifindex' => -1]]]]",
    () => ({ control: [{ level: 41, type: 50, data: { addr: '::1', ifindex: -1 } }] }),
    [
      W(
        ' > control > element #0 > data > ifindex',
        'the interface index cannot be negative or larger than 4294967295; given -1',
      ),
      F,
    ],
  ],
  [
    'inet6',
    "['control' => [['level' => 41, 'type' => 50, 'data' => ['addr' => '::1']]]]",
    () => ({ control: [{ level: 41, type: 50, data: { addr: '::1' } }] }),
    [W(' > control > element #0 > data', "The key 'ifindex' is required"), F],
  ],
];

const RW = (path: string, text: string) =>
  `W: socket_recvmsg(): error converting user data (path: msghdr${path}): ${text}`;
const EAGAIN = 'W: socket_recvmsg(): Error in recvmsg [11]: Resource temporarily unavailable';

// [socket, PHP message, the same in JS, what PHP 8.2 prints (the message after the call, then
// the result), flags]
const RECV_CASES: [Kind, string, () => Msg, string[], number?][] = [
  ['unix', "['zzz' => 1]", () => ({ zzz: 1 }), [RW('', "The key 'controllen' is required"), 'M: {"zzz":1}', F]],
  [
    'unix',
    "['controllen' => 0]",
    () => ({ controllen: 0 }),
    [RW(' > controllen', 'controllen cannot be 0'), 'M: {"controllen":0}', F],
  ],
  [
    'unix',
    "['controllen' => -1]",
    () => ({ controllen: -1 }),
    [RW(' > controllen', 'given PHP integer is out of bounds for an unsigned 32-bit integer'), 'M: {"controllen":-1}', F],
  ],
  [
    'unix',
    "['controllen' => 'x']",
    () => ({ controllen: 'x' }),
    [RW(' > controllen', nonNumeric('x')), 'M: {"controllen":"x"}', F],
  ],
  [
    'unix',
    "['controllen' => 4294967296]",
    () => ({ controllen: 4294967296 }),
    [
      RW(' > controllen', 'given PHP integer is out of bounds for an unsigned 32-bit integer'),
      'M: {"controllen":4294967296}',
      F,
    ],
  ],
  [
    'unix',
    "['controllen' => 1, 'buffer_size' => -1]",
    () => ({ controllen: 1, buffer_size: -1 }),
    [
      RW(' > buffer_size', 'the buffer size must be between 1 and 104857600; given -1'),
      'M: {"controllen":1,"buffer_size":-1}',
      F,
    ],
  ],
  [
    'unix',
    "['controllen' => 1, 'buffer_size' => 104857601]",
    () => ({ controllen: 1, buffer_size: 104857601 }),
    [
      RW(' > buffer_size', 'the buffer size must be between 1 and 104857600; given 104857601'),
      'M: {"controllen":1,"buffer_size":104857601}',
      F,
    ],
  ],
  [
    'unix',
    "['controllen' => 1, 'buffer_size' => null]",
    () => ({ controllen: 1, buffer_size: null }),
    [RW(' > buffer_size', NOT_INT), 'M: {"controllen":1,"buffer_size":null}', F],
  ],
  [
    'unix',
    "['controllen' => 1, 'name' => 'x']",
    () => ({ controllen: 1, name: 'x' }),
    [RW(' > name', 'expected an array here'), 'M: {"controllen":1,"name":"x"}', F],
  ],
  [
    'unix',
    "['controllen' => 1, 'name' => ['family' => 2]]",
    () => ({ controllen: 1, name: { family: 2 } }),
    [
      RW(' > name', 'the specified family (number 2) is not supported on this socket'),
      'M: {"controllen":1,"name":{"family":2}}',
      F,
    ],
  ],
  [
    'unix',
    "['controllen' => 1, 'name' => ['path' => '']]",
    () => ({ controllen: 1, name: { path: '' } }),
    [EAGAIN, 'M: {"controllen":1,"name":{"path":""}}', F],
  ],
  ['unix', "['controllen' => 1]", () => ({ controllen: 1 }), [EAGAIN, 'M: {"controllen":1}', F]],
  [
    'unix',
    "['controllen' => 1]",
    () => ({ controllen: 1 }),
    ['W: socket_recvmsg(): Error in recvmsg [22]: Invalid argument', 'M: {"controllen":1}', F],
    -1,
  ],
  [
    'inet',
    "['controllen' => 1, 'name' => ['family' => 10]]",
    () => ({ controllen: 1, name: { family: 10 } }),
    [
      RW(' > name', 'the specified family (AF_INET6) is not supported on this socket'),
      'M: {"controllen":1,"name":{"family":10}}',
      F,
    ],
  ],
  [
    'inet6',
    "['controllen' => 1, 'name' => ['family' => 2]]",
    () => ({ controllen: 1, name: { family: 2 } }),
    [EAGAIN, 'M: {"controllen":1,"name":{"family":2}}', F],
  ],
];

let sockets: Sockets;
let receivers: Record<Kind, p.Socket>;

beforeAll(() => {
  const [unix] = pair();
  const [, r] = pair();
  p.socket_set_nonblock(r);
  const inet = p.socket_create(p.AF_INET, p.SOCK_DGRAM, 0) as p.Socket;
  const inet6 = p.socket_create(p.AF_INET6, p.SOCK_DGRAM, 0) as p.Socket;
  pairs.push(inet, inet6);
  p.socket_set_nonblock(inet);
  p.socket_set_nonblock(inet6);
  const closed = p.socket_create(p.AF_UNIX, p.SOCK_STREAM, 0) as p.Socket;
  p.socket_close(closed);
  sockets = { unix, inet, inet6, closed };
  receivers = { unix: r, inet, inet6 };
});

function runSend([kind, , js, , flags]: (typeof SEND_CASES)[number]): string[] {
  return outcome(() => p.socket_sendmsg(sockets[kind], js(sockets), flags ?? 0));
}

function runRecv([kind, , js, , flags]: (typeof RECV_CASES)[number]): string[] {
  const m = js();
  return outcome(() => p.socket_recvmsg(receivers[kind], m, flags ?? 0), m);
}

describe('socket_sendmsg', () => {
  it('throws PHP misuse errors, in PHP order', () => {
    const [a] = pair();
    const f = any(p.socket_sendmsg);
    expect(thrown(() => f(a))).toBe('ArgumentCountError: socket_sendmsg() expects at least 2 arguments, 1 given');
    expect(thrown(() => f(a, {}, 0, 1))).toBe('ArgumentCountError: socket_sendmsg() expects at most 3 arguments, 4 given');
    expect(thrown(() => f('x', 'y'))).toBe(
      'TypeError: socket_sendmsg(): Argument #1 ($socket) must be of type Socket, string given',
    );
    expect(thrown(() => f(a, 'y'))).toBe(
      'TypeError: socket_sendmsg(): Argument #2 ($message) must be of type array, string given',
    );
    expect(thrown(() => f(a, a))).toBe('TypeError: socket_sendmsg(): Argument #2 ($message) must be of type array, Socket given');
    expect(thrown(() => f(a, {}, 'z'))).toBe(
      'TypeError: socket_sendmsg(): Argument #3 ($flags) must be of type int, string given',
    );
    expect(thrown(() => f(a, {}, 2 ** 31))).toBe(
      'ValueError: socket_sendmsg(): Argument #3 ($flags) must be between -2147483648 and 2147483647',
    );
    const closed = p.socket_create(p.AF_UNIX, p.SOCK_DGRAM, 0) as p.Socket;
    p.socket_close(closed);
    // The flags range is checked before the closed socket, as in PHP.
    expect(thrown(() => f(closed, {}, 2 ** 31))).toMatch(/^ValueError: /);
    expect(thrown(() => f(closed, {}))).toBe('Error: socket_sendmsg(): Argument #1 ($socket) has already been closed');
    const s = p.socket_create(p.AF_UNIX, p.SOCK_DGRAM, 0) as p.Socket;
    expect(thrown(() => p.socket_sendmsg(s, { iov: ['\u20ac'] }))).toMatch(
      /^TypeError: socket_sendmsg\(\): Argument #2 \(\$message\) must hold byte strings .* msghdr > iov > element #1 /,
    );
  });

  it('warns PHP conversion errors with their path, and fails as PHP does', () => {
    for (const c of SEND_CASES) expect(runSend(c), c[1]).toEqual(c[3]);
  });

  it('records sendmsg() failures on the socket and globally; EAGAIN is silent', () => {
    const u = p.socket_create(p.AF_INET, p.SOCK_DGRAM, 0) as p.Socket;
    p.socket_clear_error();
    const { result, warnings } = captureWarnings(() => p.socket_sendmsg(u, { iov: ['x'] }));
    expect(result).toBe(false);
    expect(warnings).toEqual(['socket_sendmsg(): Error in sendmsg [89]: Destination address required']);
    expect([p.socket_last_error(u), p.socket_last_error()]).toEqual([89, 89]);

    const [a] = pair(p.SOCK_STREAM);
    p.socket_set_nonblock(a);
    const big = Buffer.alloc(65536);
    let r: number | false = 0;
    const quiet = captureWarnings(() => {
      for (let i = 0; i < 10000 && r !== false; i++) r = p.socket_sendmsg(a, { iov: [big] });
    });
    expect(r).toBe(false);
    expect(quiet.warnings).toEqual([]);
    expect([p.socket_last_error(a), p.socket_last_error()]).toEqual([11, 11]);
  });

  it('sends the iov parts as one message, each converted as PHP converts it', () => {
    const [a, b] = pair();
    expect(p.socket_sendmsg(a, {})).toBe(0);
    expect(p.socket_read(b, 10)).toBe('');
    expect(p.socket_sendmsg(a, { iov: ['ab', Buffer.from('cd'), 5, 1.5, true, false, null, 7n, -0] })).toBe(12);
    expect(p.socket_read(b, 100)).toBe('abcd51.517-0');
    expect(p.socket_sendmsg(a, { iov: [0.1 + 0.2, 1.5e-7, 1e20, 0.00001, 1 / 3, 123456789.12345678] })).toBe(53);
    expect(p.socket_read(b, 100)).toBe('0.31.5E-71.0E+201.0E-50.33333333333333123456789.12346');
    // Unknown keys are ignored; a plain object works as an iov list too.
    expect(p.socket_sendmsg(a, { iov: { x: 'a', y: 'b' }, other: 1 })).toBe(2);
    expect(p.socket_read(b, 10)).toBe('ab');
    expect(p.socket_sendmsg(a, { iov: ['\xff\x00\x80'] })).toBe(3);
    expect(p.socket_read(b, 10)).toBe('\xff\x00\x80');
  });

  it('sends to a name: a unix path, an abstract name, IPv4 and IPv6 addresses', () => {
    const dir = mkdtempSync(join(tmpdir(), 'php-sockets-msg-'));
    try {
      const path = join(dir, 's.sock');
      const server = p.socket_create(p.AF_UNIX, p.SOCK_DGRAM, 0) as p.Socket;
      expect(p.socket_bind(server, path)).toBe(true);
      const client = p.socket_create(p.AF_UNIX, p.SOCK_DGRAM, 0) as p.Socket;
      expect(p.socket_sendmsg(client, { name: { path }, iov: ['to path'] })).toBe(7);
      expect(p.socket_read(server, 100)).toBe('to path');
      // An embedded NUL ends the path, as strlen() ends it in PHP.
      expect(p.socket_sendmsg(client, { name: { path: `${path}\0junk`, family: p.AF_UNIX }, iov: ['x'] })).toBe(1);
      expect(p.socket_read(server, 100)).toBe('x');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    const abstract = `\0php-sockets-msg-${process.pid}`;
    const as = p.socket_create(p.AF_UNIX, p.SOCK_DGRAM, 0) as p.Socket;
    expect(p.socket_bind(as, abstract)).toBe(true);
    const ac = p.socket_create(p.AF_UNIX, p.SOCK_DGRAM, 0) as p.Socket;
    expect(p.socket_sendmsg(ac, { name: { path: abstract }, iov: ['test ', 'thing'] })).toBe(10);
    expect(p.socket_read(as, 100)).toBe('test thing');

    const [v4, port4] = udp(p.AF_INET);
    const c4 = p.socket_create(p.AF_INET, p.SOCK_DGRAM, 0) as p.Socket;
    expect(p.socket_sendmsg(c4, { name: { addr: '127.0.0.1', port: String(port4) }, iov: ['v4'] })).toBe(2);
    expect(p.socket_read(v4, 10)).toBe('v4');
    expect(p.socket_sendmsg(c4, { name: { addr: 'localhost', port: port4 + 0.5 }, iov: ['host'] })).toBe(4);
    expect(p.socket_read(v4, 10)).toBe('host');

    const [v6, port6] = udp(p.AF_INET6);
    const c6 = p.socket_create(p.AF_INET6, p.SOCK_DGRAM, 0) as p.Socket;
    const name6 = { family: p.AF_INET6, addr: '::1', port: port6, flowinfo: 0, scope_id: 0 };
    expect(p.socket_sendmsg(c6, { name: name6, iov: ['v6'] })).toBe(2);
    expect(p.socket_read(v6, 10)).toBe('v6');
  });
});

describe('socket_recvmsg', () => {
  it('throws PHP misuse errors', () => {
    const [a] = pair();
    const f = any(p.socket_recvmsg);
    expect(thrown(() => f(a))).toBe('ArgumentCountError: socket_recvmsg() expects at least 2 arguments, 1 given');
    expect(thrown(() => f(a, 'x'))).toBe('Error: socket_recvmsg(): Argument #2 ($message) cannot be passed by reference');
    expect(thrown(() => f(a, null))).toBe('Error: socket_recvmsg(): Argument #2 ($message) cannot be passed by reference');
    expect(thrown(() => f(a, a))).toBe('TypeError: socket_recvmsg(): Argument #2 ($message) must be of type array, Socket given');
    expect(thrown(() => f({}, {}))).toBe(
      'TypeError: socket_recvmsg(): Argument #1 ($socket) must be of type Socket, array given',
    );
    expect(thrown(() => f(a, {}, -(2 ** 31) - 1))).toBe(
      'ValueError: socket_recvmsg(): Argument #3 ($flags) must be between -2147483648 and 2147483647',
    );
    p.socket_close(a);
    expect(thrown(() => f(a, {}))).toBe('Error: socket_recvmsg(): Argument #1 ($socket) has already been closed');
  });

  it('warns PHP conversion errors and recvmsg() failures, leaving the message untouched', () => {
    for (const c of RECV_CASES) expect(runRecv(c), c[1]).toEqual(c[3]);
  });

  it('records only the global code for a recvmsg() failure, and warns even for EAGAIN', () => {
    const [, b] = pair();
    p.socket_set_nonblock(b);
    p.socket_clear_error();
    p.socket_clear_error(b);
    const m = { controllen: 1 };
    const { result, warnings } = captureWarnings(() => p.socket_recvmsg(b, m));
    expect([result, warnings]).toEqual([false, ['socket_recvmsg(): Error in recvmsg [11]: Resource temporarily unavailable']]);
    expect([p.socket_last_error(b), p.socket_last_error()]).toEqual([0, 11]);
    const [s] = pair(p.SOCK_STREAM);
    const tcp = p.socket_create(p.AF_INET, p.SOCK_STREAM, 0) as p.Socket;
    expect(captureWarnings(() => p.socket_recvmsg(tcp, { controllen: 1 })).warnings).toEqual([
      'socket_recvmsg(): Error in recvmsg [107]: Transport endpoint is not connected',
    ]);
    expect([p.socket_last_error(tcp), p.socket_last_error()]).toEqual([0, 107]);
    p.socket_close(s);
  });

  it("replaces the message's keys in place with name, control, iov and flags", () => {
    const [a, b] = pair();
    expect(p.socket_sendmsg(a, { iov: ['hello ', 'world'] })).toBe(11);
    const m: Msg = { name: [], buffer_size: 5, controllen: 1, extra: 'gone' };
    expect(p.socket_recvmsg(b, m)).toBe(5);
    expect(Object.keys(m)).toEqual(['name', 'control', 'iov', 'flags']);
    expect(m).toEqual({ name: null, control: [], iov: ['hello'], flags: p.MSG_TRUNC });

    // An empty datagram gives no iov element; buffer_size 0 is allowed.
    p.socket_sendmsg(a, { iov: [''] });
    const e: Msg = { controllen: 1 };
    expect(p.socket_recvmsg(b, e)).toBe(0);
    expect(e).toEqual({ name: null, control: [], iov: [], flags: 0 });
    p.socket_sendmsg(a, { iov: ['abc'] });
    const z: Msg = { controllen: '5', buffer_size: 0 };
    expect(p.socket_recvmsg(b, z)).toBe(0);
    expect(z).toEqual({ name: null, control: [], iov: [], flags: p.MSG_TRUNC });
    // MSG_TRUNC reports the real length; MSG_PEEK leaves the datagram queued.
    p.socket_sendmsg(a, { iov: ['abcdef'] });
    const t: Msg = { controllen: 1, buffer_size: '3.7' };
    expect(p.socket_recvmsg(b, t, p.MSG_TRUNC | p.MSG_PEEK)).toBe(6);
    expect(t).toEqual({ name: null, control: [], iov: ['abc'], flags: p.MSG_TRUNC });
    expect(p.socket_read(b, 10)).toBe('abcdef');
    // A JS array is a PHP array too.
    p.socket_sendmsg(a, { iov: ['arr'] });
    const arr = [1, 2] as unknown as Msg;
    (arr as Record<string, unknown>)['controllen'] = 1;
    expect(p.socket_recvmsg(b, arr)).toBe(3);
    expect([(arr as unknown as unknown[]).length, arr['iov']]).toEqual([0, ['arr']]);
  });

  it('reports the sender: a unix path, an abstract name, IPv4 and IPv6', () => {
    const dir = mkdtempSync(join(tmpdir(), 'php-sockets-msg-'));
    try {
      const server = p.socket_create(p.AF_UNIX, p.SOCK_DGRAM, 0) as p.Socket;
      p.socket_bind(server, join(dir, 's.sock'));
      const client = p.socket_create(p.AF_UNIX, p.SOCK_DGRAM, 0) as p.Socket;
      p.socket_bind(client, join(dir, 'c.sock'));
      p.socket_sendmsg(client, { name: { path: join(dir, 's.sock') }, iov: ['hi'] });
      const m: Msg = { name: [], controllen: 100, buffer_size: 100 };
      expect(p.socket_recvmsg(server, m)).toBe(2);
      expect(m).toEqual({ name: { family: 1, path: join(dir, 'c.sock') }, control: [], iov: ['hi'], flags: 0 });
      const abs = p.socket_create(p.AF_UNIX, p.SOCK_DGRAM, 0) as p.Socket;
      p.socket_bind(abs, `\0php-sockets-abs-${process.pid}`);
      p.socket_sendmsg(abs, { name: { path: join(dir, 's.sock') }, iov: ['hi'] });
      const n: Msg = { name: { family: p.AF_UNIX }, controllen: 100 };
      expect(p.socket_recvmsg(server, n)).toBe(2);
      expect(n['name']).toEqual({ family: 1, path: '' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    const [v4, port4] = udp(p.AF_INET);
    const c4 = p.socket_create(p.AF_INET, p.SOCK_DGRAM, 0) as p.Socket;
    p.socket_sendmsg(c4, { name: { addr: '127.0.0.1', port: port4 }, iov: ['x'] });
    const m4: Msg = { name: [], controllen: 100 };
    expect(p.socket_recvmsg(v4, m4)).toBe(1);
    const from4 = p.ref<number>();
    p.socket_getsockname(c4, p.ref(), from4);
    expect(m4['name']).toEqual({ family: 2, addr: '127.0.0.1', port: from4.value });
    expect(Object.keys(m4['name'] as object)).toEqual(['family', 'addr', 'port']);

    const [v6, port6] = udp(p.AF_INET6);
    const c6 = p.socket_create(p.AF_INET6, p.SOCK_DGRAM, 0) as p.Socket;
    p.socket_sendmsg(c6, { name: { addr: '::1', port: port6 }, iov: ['x'] });
    const m6: Msg = { name: [], controllen: 100 };
    expect(p.socket_recvmsg(v6, m6)).toBe(1);
    const from6 = p.ref<number>();
    p.socket_getsockname(c6, p.ref(), from6);
    expect(m6['name']).toEqual({ family: 10, addr: '::1', port: from6.value, flowinfo: 0, scope_id: 0 });
    expect(Object.keys(m6['name'] as object)).toEqual(['family', 'addr', 'port', 'flowinfo', 'scope_id']);
  });

  it('fills bytes TCP discards under MSG_TRUNC with zeros, not stale memory', () => {
    const l = p.socket_create(p.AF_INET, p.SOCK_STREAM, 0) as p.Socket;
    p.socket_bind(l, '127.0.0.1', 0);
    p.socket_listen(l, 1);
    const port = p.ref<number>();
    p.socket_getsockname(l, p.ref(), port);
    const a = p.socket_create(p.AF_INET, p.SOCK_STREAM, 0) as p.Socket;
    expect(p.socket_connect(a, '127.0.0.1', port.value)).toBe(true);
    const b = p.socket_accept(l) as p.Socket;
    // Leave earlier data in the addon's read buffer first.
    p.socket_write(a, 'secret-secret');
    expect(p.socket_read(b, 100)).toBe('secret-secret');
    p.socket_write(a, 'abcdef');
    const m: Msg = { controllen: 1, buffer_size: 6 };
    expect(p.socket_recvmsg(b, m, p.MSG_TRUNC)).toBe(6);
    expect(m['iov']).toEqual(['\0\0\0\0\0\0']);
  });

  it('empties the message when PHP would set it to false: an unsupported control message', () => {
    const [r, port] = udp(p.AF_INET);
    expect(p.socket_set_option(r, 0 /* IPPROTO_IP */, 13 /* IP_RECVTOS */, 1)).toBe(true);
    const c = p.socket_create(p.AF_INET, p.SOCK_DGRAM, 0) as p.Socket;
    p.socket_sendmsg(c, { name: { addr: '127.0.0.1', port }, iov: ['x'] });
    const m: Msg = { name: [], controllen: 100 };
    const { result, warnings } = captureWarnings(() => p.socket_recvmsg(r, m));
    expect(result).toBe(1);
    expect(warnings).toEqual([
      'socket_recvmsg(): error converting native data (path: msghdr > control > element #1 > data): cmsghdr with level 0 and type 1 not supported',
    ]);
    expect(m).toEqual({});
  });
});

describe('deliberate differences', () => {
  it('reads a missing control level or type as 0 (PHP 8.2 reads an uninitialised int)', () => {
    const [a] = pair();
    expect(captureWarnings(() => p.socket_sendmsg(a, { control: [{ type: 99 }] })).warnings).toEqual([
      'socket_sendmsg(): error converting user data (path: msghdr > control > element #0): cmsghdr with level 0 and type 99 not supported',
    ]);
    expect(captureWarnings(() => p.socket_sendmsg(a, { control: [{ level: 1 }] })).warnings).toEqual([
      'socket_sendmsg(): error converting user data (path: msghdr > control > element #0): cmsghdr with level 1 and type 0 not supported',
    ]);
  });

  it('makes received descriptors close-on-exec, without showing MSG_CMSG_CLOEXEC unless asked', () => {
    const [a, b] = pair();
    const x = p.socket_create(p.AF_UNIX, p.SOCK_STREAM, 0) as p.Socket;
    const cloexec = (s: p.Socket) => {
      const flags = /flags:\s+([0-7]+)/.exec(readFileSync(`/proc/self/fdinfo/${stateOf(s).fd}`, 'utf8'))![1]!;
      return (parseInt(flags, 8) & 0o2000000) !== 0;
    };
    for (const flags of [0, p.MSG_CMSG_CLOEXEC]) {
      p.socket_sendmsg(a, { iov: ['z'], control: [{ level: p.SOL_SOCKET, type: p.SCM_RIGHTS, data: [x] }] });
      const m: Msg = { controllen: 100 };
      expect(p.socket_recvmsg(b, m, flags)).toBe(1);
      expect(m['flags']).toBe(flags);
      expect(cloexec((m['control'] as { data: p.Socket[] }[])[0]!.data[0]!)).toBe(true);
    }
  });

  it('reads a sender address larger than the name asked for with zeros past the end', () => {
    const [r, port] = udp(p.AF_INET6);
    const c = p.socket_create(p.AF_INET6, p.SOCK_DGRAM, 0) as p.Socket;
    p.socket_sendmsg(c, { name: { addr: '::1', port }, iov: ['x'] });
    const from = p.ref<number>();
    p.socket_getsockname(c, p.ref(), from);
    const m: Msg = { name: { family: p.AF_INET }, controllen: 1 };
    expect(p.socket_recvmsg(r, m)).toBe(1);
    // 16 of the 28 bytes arrive: family, port, flowinfo and the first half of ::1 (all zeros).
    expect(m['name']).toEqual({ family: p.AF_INET6, addr: '::', port: from.value, flowinfo: 0, scope_id: 0 });
  });

  it('accepts any controllen up to 4294967295 without allocating it', () => {
    const [a, b] = pair();
    p.socket_sendmsg(a, { iov: ['x'] });
    const m: Msg = { controllen: 4294967295, buffer_size: 104857600 };
    expect(p.socket_recvmsg(b, m)).toBe(1);
    expect(m).toEqual({ name: null, control: [], iov: ['x'], flags: 0 });
  });
});

describe('SCM_RIGHTS', () => {
  const rights = (data: unknown[]) => ({ level: p.SOL_SOCKET, type: p.SCM_RIGHTS, data });

  it('passes the Socket itself across a socketpair; it arrives as a usable Socket', () => {
    const [a, b] = pair();
    const [x, y] = pair(p.SOCK_STREAM);
    expect(p.socket_sendmsg(a, { iov: ['fd'], control: [rights([x])] })).toBe(2);
    p.socket_close(x);
    const m: Msg = { controllen: p.socket_cmsg_space(p.SOL_SOCKET, p.SCM_RIGHTS, 1) };
    expect(p.socket_recvmsg(b, m)).toBe(2);
    expect(m['flags']).toBe(0);
    const control = m['control'] as { level: number; type: number; data: p.Socket[] }[];
    expect(control).toHaveLength(1);
    expect([control[0]!.level, control[0]!.type, control[0]!.data.length]).toEqual([p.SOL_SOCKET, p.SCM_RIGHTS, 1]);
    const got = control[0]!.data[0]!;
    expect(got).toBeInstanceOf(p.Socket);
    expect(p.socket_write(got, 'through the copy')).toBe(16);
    expect(p.socket_read(y, 100)).toBe('through the copy');
    // The received descriptor is the same socket: its address and type are those of x.
    const [u] = udp(p.AF_INET);
    const addr = p.ref<string>();
    const port = p.ref<number>();
    p.socket_getsockname(u, addr, port);
    p.socket_sendmsg(a, { control: [rights([u])] });
    const n: Msg = { controllen: 100 };
    p.socket_recvmsg(b, n);
    const u2 = (n['control'] as { data: p.Socket[] }[])[0]!.data[0]!;
    const addr2 = p.ref<string>();
    const port2 = p.ref<number>();
    p.socket_getsockname(u2, addr2, port2);
    expect([addr2.value, port2.value]).toEqual([addr.value, port.value]);
    expect(p.socket_get_option(u2, p.SOL_SOCKET, p.SO_TYPE)).toBe(p.SOCK_DGRAM);
  });

  it('keeps the order of several sockets, merges several SCM_RIGHTS messages, and keeps nonblocking mode', () => {
    const [a, b] = pair();
    const [x1, y1] = pair(p.SOCK_STREAM);
    const [x2, y2] = pair(p.SOCK_STREAM);
    p.socket_set_nonblock(x2);
    expect(p.socket_sendmsg(a, { iov: ['z'], control: [rights([x1, x2]), rights({ k: y1 } as unknown as unknown[])] })).toBe(1);
    const m: Msg = { controllen: 200 };
    expect(p.socket_recvmsg(b, m)).toBe(1);
    const control = m['control'] as { data: p.Socket[] }[];
    expect(control).toHaveLength(1);
    const [r1, r2, r3] = control[0]!.data;
    p.socket_write(r1!, 'one');
    p.socket_write(r2!, 'two');
    p.socket_write(r3!, 'three');
    expect([p.socket_read(y1, 10), p.socket_read(y2, 10), p.socket_read(x1, 10)]).toEqual(['one', 'two', 'three']);
    // x2 was nonblocking: so is its copy (O_NONBLOCK belongs to the shared file).
    const { result, warnings } = captureWarnings(() => p.socket_read(r2!, 10));
    expect([result, warnings, p.socket_last_error(r2!)]).toEqual([false, [], 11]);
  });

  it('truncates to controllen with MSG_CTRUNC (the kernel closes the rest)', () => {
    const [a, b] = pair();
    const socks = [0, 1, 2].map(() => p.socket_create(p.AF_UNIX, p.SOCK_STREAM, 0) as p.Socket);
    p.socket_sendmsg(a, { iov: ['z'], control: [rights(socks)] });
    const m: Msg = { controllen: p.socket_cmsg_space(p.SOL_SOCKET, p.SCM_RIGHTS, 1) };
    expect(p.socket_recvmsg(b, m)).toBe(1);
    // CMSG_SPACE(4) is 24 bytes: room for two descriptors.
    expect(m['flags']).toBe(p.MSG_CTRUNC);
    expect((m['control'] as { data: unknown[] }[])[0]!.data).toHaveLength(2);
  });

  it.runIf(hasPhp)('reports a received descriptor that is not a socket, and closes it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'php-sockets-msg-'));
    try {
      const path = join(dir, 'r.sock');
      const r = p.socket_create(p.AF_UNIX, p.SOCK_DGRAM, 0) as p.Socket;
      p.socket_bind(r, path);
      // PHP sends a file (as a stream resource) and, through its SCM_RIGHTS bug, its stdin for a
      // Socket; spawned with stdin from /dev/null, neither is a socket.
      const code = `$s = socket_create(AF_UNIX, SOCK_DGRAM, 0); $f = fopen(${JSON.stringify(fileURLToPath(import.meta.url))}, 'r');
        var_dump(socket_sendmsg($s, ['name' => ['path' => ${JSON.stringify(path)}], 'iov' => ['file'],
          'control' => [['level' => SOL_SOCKET, 'type' => SCM_RIGHTS, 'data' => [$f]]]]));
        var_dump(socket_sendmsg($s, ['name' => ['path' => ${JSON.stringify(path)}], 'iov' => ['bug'],
          'control' => [['level' => SOL_SOCKET, 'type' => SCM_RIGHTS, 'data' => [$s]]]]));`;
      const out = spawnSync('php', ['-r', code], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 20000 });
      expect(out.stdout).toBe('int(4)\nint(3)\n');
      const fds = () => readdirSync('/proc/self/fd').length;
      for (const payload of ['file', 'bug']) {
        const before = fds();
        const m: Msg = { controllen: 100 };
        const { result, warnings } = captureWarnings(() => p.socket_recvmsg(r, m));
        expect(result).toBe(payload.length);
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toMatch(
          /^socket_recvmsg\(\): error converting native data \(path: msghdr > control > element #1 > data\): error creating resource for received file descriptor \d+: not a socket \(stream resources are not supported; the descriptor was closed\)$/,
        );
        expect(m).toEqual({});
        expect(fds()).toBe(before);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('hands a Socket to another node process, which can use it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'php-sockets-msg-'));
    try {
      const path = join(dir, 'l.sock');
      const l = p.socket_create(p.AF_UNIX, p.SOCK_STREAM, 0) as p.Socket;
      expect(p.socket_bind(l, path)).toBe(true);
      expect(p.socket_listen(l, 1)).toBe(true);
      const [x, y] = pair(p.SOCK_STREAM);
      const script = fileURLToPath(new URL('./helpers/msg-child.ts', import.meta.url));
      const child = spawn(process.execPath, ['--import', 'tsx', script, path], {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        stdio: ['ignore', 'pipe', 'inherit'],
        timeout: 20000,
      });
      let out = '';
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('connected\n')) resolve();
        });
        child.on('exit', () => reject(new Error(`child exited early: ${out}`)));
      });
      // The connection is queued: accept() returns at once.
      const conn = p.socket_accept(l) as p.Socket;
      expect(conn).toBeInstanceOf(p.Socket);
      expect(p.socket_sendmsg(conn, { iov: ['take this'], control: [rights([x])] })).toBe(9);
      p.socket_close(x);
      expect(await exited).toBe(0);
      const report = JSON.parse(out.split('\n')[1]!) as Record<string, unknown>;
      expect(report).toEqual({
        n: 9,
        iov: ['take this'],
        level: p.SOL_SOCKET,
        type: p.SCM_RIGHTS,
        isSocket: true,
        written: `hello from ${child.pid}`.length,
        name: '',
      });
      p.socket_set_nonblock(y);
      expect(p.socket_read(y, 100)).toBe(`hello from ${child.pid}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.runIf(hasPhp)('hands a Socket to a PHP process, which receives it as a Socket', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'php-sockets-msg-'));
    try {
      const path = join(dir, 'php.sock');
      const code = `$s = socket_create(AF_UNIX, SOCK_DGRAM, 0); socket_bind($s, ${JSON.stringify(path)}); echo "ready\\n";
        $m = ['controllen' => socket_cmsg_space(SOL_SOCKET, SCM_RIGHTS, 1)];
        $n = socket_recvmsg($s, $m); $got = $m['control'][0]['data'][0];
        echo json_encode([$n, $m['iov'], $got instanceof Socket, socket_write($got, 'hello from php')]), "\\n";`;
      const child = spawn('php', ['-r', code], { stdio: ['ignore', 'pipe', 'inherit'], timeout: 20000 });
      let out = '';
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('ready\n')) resolve();
        });
        child.on('exit', () => reject(new Error(`php exited early: ${out}`)));
      });
      const [x, y] = pair(p.SOCK_STREAM);
      const c = p.socket_create(p.AF_UNIX, p.SOCK_DGRAM, 0) as p.Socket;
      expect(p.socket_sendmsg(c, { name: { path }, iov: ['sock'], control: [rights([x])] })).toBe(4);
      expect(await exited).toBe(0);
      expect(out.split('\n')[1]).toBe('[4,["sock"],true,14]');
      p.socket_set_nonblock(y);
      expect(p.socket_read(y, 100)).toBe('hello from php');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('SCM_CREDENTIALS', () => {
  const creds = (data: unknown) => ({ level: p.SOL_SOCKET, type: p.SCM_CREDENTIALS, data });
  const space = () => p.socket_cmsg_space(p.SOL_SOCKET, p.SCM_CREDENTIALS);

  it("attaches the sender's pid, uid and gid under SO_PASSCRED", () => {
    const [a, b] = pair();
    expect(p.socket_set_option(b, p.SOL_SOCKET, p.SO_PASSCRED, 1)).toBe(true);
    expect(p.socket_sendmsg(a, { iov: ['z'] })).toBe(1);
    const m: Msg = { controllen: space() };
    expect(p.socket_recvmsg(b, m)).toBe(1);
    const me = { pid: process.pid, uid: process.getuid!(), gid: process.getgid!() };
    expect(m).toEqual({ name: null, control: [{ level: 1, type: 2, data: me }], iov: ['z'], flags: 0 });
    expect(Object.keys((m['control'] as { data: object }[])[0]!.data)).toEqual(['pid', 'uid', 'gid']);
    expect(p.socket_sendmsg(a, { iov: ['z'], control: [creds({ pid: String(me.pid), uid: me.uid, gid: me.gid })] })).toBe(1);
    const n: Msg = { controllen: space() };
    p.socket_recvmsg(b, n);
    expect((n['control'] as { data: object }[])[0]!.data).toEqual(me);
  });

  it('leaves the rest to the kernel: missing data is all zeros, spoofing needs privilege', () => {
    const [a] = pair();
    expect(captureWarnings(() => p.socket_sendmsg(a, { control: [{ level: 1, type: 2 }] })).warnings).toEqual([
      'socket_sendmsg(): Error in sendmsg [3]: No such process',
    ]);
    const spoof = captureWarnings(() =>
      p.socket_sendmsg(a, { iov: ['z'], control: [creds({ pid: process.pid, uid: 65534, gid: 65534 })] }),
    );
    if (process.getuid!() === 0) expect(spoof).toEqual({ result: 1, warnings: [] });
    else expect(spoof.warnings).toEqual(['socket_sendmsg(): Error in sendmsg [1]: Operation not permitted']);
  });

  it('reports truncated credentials as PHP does', () => {
    const [a, b] = pair();
    p.socket_set_option(b, p.SOL_SOCKET, p.SO_PASSCRED, 1);
    p.socket_sendmsg(a, { iov: ['z'] });
    const tiny: Msg = { controllen: 1 };
    expect(p.socket_recvmsg(b, tiny)).toBe(1);
    expect(tiny).toEqual({ name: null, control: [], iov: ['z'], flags: p.MSG_CTRUNC });
    p.socket_sendmsg(a, { iov: ['z'] });
    const short: Msg = { controllen: 20 };
    const { result, warnings } = captureWarnings(() => p.socket_recvmsg(b, short));
    expect(result).toBe(1);
    expect(warnings).toEqual([
      'socket_recvmsg(): error converting native data (path: msghdr > control > element #1 > data): the cmsghdr structure is unexpectedly small; expected a length of at least 28, but got 20',
    ]);
    expect(short).toEqual({});
  });
});

describe('IPv6 control messages', () => {
  it('sends IPV6_TCLASS and IPV6_HOPLIMIT and receives them with IPV6_PKTINFO, in kernel order', () => {
    const [r, port] = udp(p.AF_INET6);
    for (const opt of [p.IPV6_RECVPKTINFO, p.IPV6_RECVTCLASS, p.IPV6_RECVHOPLIMIT]) {
      expect(p.socket_set_option(r, p.IPPROTO_IPV6, opt, 1)).toBe(true);
    }
    const c = p.socket_create(p.AF_INET6, p.SOCK_DGRAM, 0) as p.Socket;
    const control = [
      { level: p.IPPROTO_IPV6, type: p.IPV6_TCLASS, data: 40 },
      { level: p.IPPROTO_IPV6, type: p.IPV6_HOPLIMIT, data: '7' },
    ];
    expect(p.socket_sendmsg(c, { name: { addr: '::1', port }, iov: ['x'], control })).toBe(1);
    const controllen =
      p.socket_cmsg_space(p.IPPROTO_IPV6, p.IPV6_PKTINFO) +
      p.socket_cmsg_space(p.IPPROTO_IPV6, p.IPV6_TCLASS) +
      p.socket_cmsg_space(p.IPPROTO_IPV6, p.IPV6_HOPLIMIT);
    const m: Msg = { name: [], controllen };
    expect(p.socket_recvmsg(r, m)).toBe(1);
    const lo = loIndex();
    expect(m['control']).toEqual([
      { level: 41, type: p.IPV6_PKTINFO, data: { addr: '::1', ifindex: lo } },
      { level: 41, type: p.IPV6_HOPLIMIT, data: 7 },
      { level: 41, type: p.IPV6_TCLASS, data: 40 },
    ]);
    expect(m['flags']).toBe(0);

    // IPV6_PKTINFO on the way out, with the interface by name; too little room: MSG_CTRUNC.
    const pkt = { level: p.IPPROTO_IPV6, type: p.IPV6_PKTINFO, data: { addr: '::1', ifindex: 'lo' } };
    expect(p.socket_sendmsg(c, { name: { addr: '::1', port }, iov: ['y'], control: [pkt] })).toBe(1);
    const n: Msg = { controllen: p.socket_cmsg_space(p.IPPROTO_IPV6, p.IPV6_PKTINFO) };
    expect(p.socket_recvmsg(r, n)).toBe(1);
    expect(n).toEqual({
      name: null,
      control: [{ level: 41, type: p.IPV6_PKTINFO, data: { addr: '::1', ifindex: lo } }],
      iov: ['y'],
      flags: p.MSG_CTRUNC,
    });
  });

  it('reports an IPV6_PKTINFO address that does not resolve, where PHP 8.2 crashes (GH-21161)', () => {
    const c = p.socket_create(p.AF_INET6, p.SOCK_DGRAM, 0) as p.Socket;
    const pkt = { level: p.IPPROTO_IPV6, type: p.IPV6_PKTINFO, data: { addr: null, ifindex: 1 } };
    const { result, warnings } = captureWarnings(() => p.socket_sendmsg(c, { control: [pkt] }));
    expect(result).toBe(false);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^socket_sendmsg\(\): Host lookup failed \[-100\d\d\]: /);
    expect(warnings[1]).toBe(
      "socket_sendmsg(): error converting user data (path: msghdr > control > element #0 > data > addr): could not resolve address '' to get an AF_INET6 address",
    );
  });

  it('fails in the kernel for an interface that does not exist', () => {
    const [, port] = udp(p.AF_INET6);
    const c = p.socket_create(p.AF_INET6, p.SOCK_DGRAM, 0) as p.Socket;
    const pkt = { level: p.IPPROTO_IPV6, type: p.IPV6_PKTINFO, data: { addr: '::1', ifindex: 99999 } };
    const { result, warnings } = captureWarnings(() =>
      p.socket_sendmsg(c, { name: { addr: '::1', port }, iov: ['x'], control: [pkt] }),
    );
    expect([result, warnings]).toEqual([false, ['socket_sendmsg(): Error in sendmsg [19]: No such device']]);
    expect(p.socket_last_error(c)).toBe(19);
  });
});

function loIndex(): number {
  return Number(readFileSync('/sys/class/net/lo/ifindex', 'utf8').trim());
}

describe('socket_cmsg_space', () => {
  it('throws PHP misuse errors, in PHP order', () => {
    const f = any(p.socket_cmsg_space);
    expect(thrown(() => f(1))).toBe('ArgumentCountError: socket_cmsg_space() expects at least 2 arguments, 1 given');
    expect(thrown(() => f('a', 1))).toBe('TypeError: socket_cmsg_space(): Argument #1 ($level) must be of type int, string given');
    expect(thrown(() => f(2 ** 31, 99, -1))).toBe(
      'ValueError: socket_cmsg_space(): Argument #1 ($level) must be between -2147483648 and 2147483647',
    );
    expect(thrown(() => f(1, -(2 ** 31) - 1))).toBe(
      'ValueError: socket_cmsg_space(): Argument #2 ($type) must be between -2147483648 and 2147483647',
    );
    expect(thrown(() => f(1, 99, 2 ** 31))).toBe(
      'ValueError: socket_cmsg_space(): Argument #3 ($num) must be between -2147483648 and 2147483647',
    );
    expect(thrown(() => f(1, 99, -1))).toBe(
      'ValueError: socket_cmsg_space(): Argument #3 ($num) must be greater than or equal to 0',
    );
    expect(thrown(() => f(1, 99))).toBe('ValueError: Pair level 1 and/or type 99 is not supported');
    expect(thrown(() => f(0, 8))).toBe('ValueError: Pair level 0 and/or type 8 is not supported');
  });

  it("gives CMSG_SPACE of each message type's payload", () => {
    const { SOL_SOCKET: S, SCM_RIGHTS: R, SCM_CREDENTIALS: C, IPPROTO_IPV6: V } = p;
    expect([
      p.socket_cmsg_space(S, R),
      p.socket_cmsg_space(S, R, 1),
      p.socket_cmsg_space(S, R, 3),
      p.socket_cmsg_space(S, C),
      p.socket_cmsg_space(S, C, 5),
      p.socket_cmsg_space(V, p.IPV6_PKTINFO),
      p.socket_cmsg_space(V, p.IPV6_HOPLIMIT),
      p.socket_cmsg_space(V, p.IPV6_TCLASS),
      p.socket_cmsg_space(S, R, 2147483647),
      p.socket_cmsg_space(1, 2, 2000000000),
      any(p.socket_cmsg_space)('1', '1', '2'),
    ]).toEqual([16, 24, 32, 32, 32, 40, 24, 24, 8589934608, 32, 24]);
  });
});

describe.runIf(hasPhp)('against PHP', () => {
  it('prints the same sendmsg and recvmsg outcomes', () => {
    let code = PHP_PRELUDE;
    for (const [kind, msg, , , flags] of SEND_CASES) code += `out(fn() => socket_sendmsg($${kind}, ${msg}, ${flags ?? 0}));\n`;
    code += 'echo "==\\n";\n';
    for (const [kind, msg, , , flags] of RECV_CASES) {
      code += `out(function () use ($recv) { $m = ${msg}; $r = socket_recvmsg($recv['${kind}'], $m, ${flags ?? 0});
        echo 'M: ', json_encode($m, JSON_UNESCAPED_SLASHES), "\\n"; return $r; });\n`;
    }
    const [send, recv] = php(code).split('==\n') as [string, string];
    expect(phpBlocks(send)).toEqual(SEND_CASES.map((c) => c[3]));
    expect(phpBlocks(recv)).toEqual(RECV_CASES.map((c) => c[3]));
  });

  it('gives the same socket_cmsg_space values and errors', () => {
    const args = [[1, 1], [1, 1, 1], [1, 1, 3], [1, 2], [1, 2, 5], [41, 50], [41, 52], [41, 67], [1, 1, 2147483647], [1, 99], [0, 8], [1, 99, -1], [1, 1, -1]];
    const expected = php(
      `foreach (${JSON.stringify(args)} as $a) { try { echo socket_cmsg_space(...$a), "\\n"; } catch (Throwable $e) { echo get_class($e), ': ', $e->getMessage(), "\\n"; } }`,
    );
    const ours = args
      .map((a) => {
        try {
          return `${any(p.socket_cmsg_space)(...a)}\n`;
        } catch (e) {
          return `${(e as Error).name}: ${(e as Error).message}\n`;
        }
      })
      .join('');
    expect(ours).toBe(expected);
  });

  it('receives what PHP receives from the same sends', () => {
    const code = `
      socket_create_pair(AF_UNIX, SOCK_DGRAM, 0, $p);
      socket_set_option($p[1], SOL_SOCKET, SO_PASSCRED, 1);
      socket_sendmsg($p[0], ['iov' => ['a', 'bc', 12, 2.5]]);
      $m = ['controllen' => socket_cmsg_space(SOL_SOCKET, SCM_CREDENTIALS), 'buffer_size' => 4, 'name' => []];
      $n = socket_recvmsg($p[1], $m, MSG_TRUNC);
      $m['control'][0]['data'] = array_keys($m['control'][0]['data']);
      echo json_encode([$n, $m]);`;
    const [a, b] = pair();
    p.socket_set_option(b, p.SOL_SOCKET, p.SO_PASSCRED, 1);
    p.socket_sendmsg(a, { iov: ['a', 'bc', 12, 2.5] });
    const m: Msg = { controllen: p.socket_cmsg_space(p.SOL_SOCKET, p.SCM_CREDENTIALS), buffer_size: 4, name: [] };
    const n = p.socket_recvmsg(b, m, p.MSG_TRUNC);
    const control = m['control'] as { data: object }[];
    (control[0] as { data: unknown }).data = Object.keys(control[0]!.data);
    expect(JSON.stringify([n, m])).toBe(php(code));
  });
});
