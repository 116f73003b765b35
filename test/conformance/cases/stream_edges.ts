// Port of stream_edges.php.
import { tmpdir } from 'node:os';
import { unlinkSync } from 'node:fs';
import {
  STREAM_PF_UNIX, STREAM_SOCK_STREAM, type Stream, echo, fgetc, fgets, fread, feof, fwrite, stream_get_contents,
  stream_get_meta_data, stream_set_timeout, stream_socket_client, stream_socket_get_name, stream_socket_pair,
  stream_socket_server, var_dump,
} from 'php-sockets';

const loose = (f: unknown) => f as (...a: unknown[]) => unknown;
function t(label: string, f: () => unknown): void {
  try {
    echo(`${label}: `);
    var_dump(f());
  } catch (e) {
    const err = e as Error;
    echo(err.name, ': ', err.message, '\n');
  }
}
const abstract = `\0${tmpdir()}/abstract`;
const name = abstract.padEnd(108, 'a');
let server!: Stream;
let path!: Stream;
t('abstract 108', () => (server = stream_socket_server(`unix://${name}`) as Stream) !== undefined);
t('connect 108', () => stream_socket_client(`unix://${name}`) !== false);
t('connect 107', () => stream_socket_client(`unix://${name.slice(0, 107)}`));
t('abstract 109', () => stream_socket_client(`unix://${name}b`) !== false);
const long = `${tmpdir()}/${'p'.repeat(120)}`;
t('path 120', () => (path = stream_socket_server(`unix://${long}`) as Stream) !== undefined);
t('path name', () => (stream_socket_get_name(path, false) as string).length);
try {
  unlinkSync(long.slice(0, 107));
} catch {
  // as PHP's @unlink
}
const l = stream_socket_server('tcp://127.0.0.1:0') as Stream;
t('feof listening', () => feof(l));
t('feof unix listening', () => feof(server));
stream_socket_client(`tcp://${stream_socket_get_name(l, false)}`);
t('feof pending', () => feof(l));
const [a, b] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0) as [Stream, Stream];
stream_set_timeout(b, 0, 200000);
for (const n of [0, 1, 2, -1]) {
  t(`idle fgets ${n}`, () => loose(fgets)(b, n));
  t('timed_out', () => stream_get_meta_data(b).timed_out);
}
fwrite(a, 'hello\nworld\nabcdef');
for (const n of [1, 2, 3, 1 << 20]) t(`fgets ${n}`, () => loose(fgets)(b, n));
for (const n of [0, -1, 1]) t(`fread ${n}`, () => loose(fread)(b, n));
t('fgetc', () => fgetc(b));
for (const n of [0, 1, -2]) t(`stream_get_contents ${n}`, () => loose(stream_get_contents)(b, n));
t('stream_get_contents 2, -1', () => stream_get_contents(b, 2, -1));
t('fread huge', () => fread(b, 1 << 20));
