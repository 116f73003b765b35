// Port of tls_io.php (its peer: this package's TLS server, tls/peer.ts).
import {
  echo, fclose, feof, fgetc, fgets, fread, fwrite, socket_import_stream, stream_context_create, stream_get_contents,
  stream_get_meta_data, stream_select, stream_set_blocking, stream_set_timeout, stream_socket_client,
  stream_socket_recvfrom, stream_socket_shutdown, var_export, STREAM_CLIENT_CONNECT, STREAM_SHUT_WR, type Stream,
} from 'php-sockets';
import { elapsed, microtime, peer, peer_says, usleep } from '../tls/lib.js';

const json_encode = (v: unknown): string => JSON.stringify(v);
const ctx = stream_context_create({ ssl: { cafile: 'ca.pem' } });
const p = peer('server', [
  'tls', 'w:a\\nb\\n', 'sleep:300', '--',
  'tls', 'big:16000', 'read', '--',
  'tls', 'big:100000', '--',
  'tls', 'w:xyz', 'w:\\nrest of it\\n', '--',
  'tls', 'read', '--',
  'tls', 'sleep:1300', 'w:now\\n', '--',
  'tls', 'sleep:2500', 'discard', '--',
  'tls', 'drain', '--',
  'tls', 'w:secret\\n', 'discard', '--',
  'tls', 'w:bye\\n', 'kill',
]);
function conn(): Stream {
  return stream_socket_client(`ssl://127.0.0.1:${p.port}`, null, null, 5, STREAM_CLIENT_CONNECT, ctx) as Stream;
}
function sel(fp: Stream, t: number): string {
  const r = [fp];
  const t0 = microtime();
  const n = stream_select(r, null, null, Math.trunc(t), Math.trunc((t - Math.trunc(t)) * 1e6));
  return `${n} (${elapsed(t0)})`;
}
function meta(fp: Stream): string {
  const m = stream_get_meta_data(fp);
  return `unread_bytes=${m.unread_bytes} eof=${var_export(m.eof, true)} timed_out=${var_export(m.timed_out, true)} blocked=${var_export(m.blocked, true)}`;
}
const len = (x: string | false) => (x as string).length;

echo('== two lines in one record\n');
let fp = conn();
echo('fgets: ', json_encode(fgets(fp)), '; ', meta(fp), '\n');
echo('select (buffered line): ', sel(fp, 1), '\n');
echo('fgets: ', json_encode(fgets(fp)), '; ', meta(fp), '\n');
echo('feof: ', var_export(feof(fp), true), '\n');
peer_says(p);
echo('after the peer closed (close_notify): select ', sel(fp, 1), ', fread ', json_encode(fread(fp, 10)), ', feof ', var_export(feof(fp), true), '; ', meta(fp), '\n');
fclose(fp);

echo('== one 16000-byte record: SSL_pending data the kernel no longer has\n');
fp = conn();
stream_set_timeout(fp, 2); // the last fread below waits for more until the timeout, as PHP 8.2 does
stream_select([fp], null, null, 2);
usleep(200000);
echo('fread(100): ', len(fread(fp, 100)), ' bytes; ', meta(fp), '\n');
echo('fread(8092): ', len(fread(fp, 8092)), ' bytes; ', meta(fp), '\n');
echo('select (PHP buffer empty, OpenSSL holds 7808 bytes, the socket nothing): ', sel(fp, 1), '; ', meta(fp), '\n');
let t0 = microtime();
echo('fread(8192): ', len(fread(fp, 8192)), ' bytes after ', elapsed(t0), '; ', meta(fp), '\n');
echo('select (all read): ', sel(fp, 1), '\n');
fwrite(fp, 'done\n');
peer_says(p);
fclose(fp);

echo('== fread sizes over 100000 bytes in one fwrite\n');
fp = conn();
const sizes: number[] = [];
let x: string | false;
while ((x = fread(fp, 100000)) !== false && x !== '') sizes.push(x.length);
echo('fread(100000) sizes: ', sizes.join(' '), ' (', sizes.reduce((a, b) => a + b, 0), ')\n');
echo('feof: ', var_export(feof(fp), true), '; ', meta(fp), '\n');
fclose(fp);
peer_says(p);

echo('== stream_get_contents / fgetc\n');
fp = conn();
echo('fgetc: ', json_encode(fgetc(fp)), '\n');
echo('stream_get_contents: ', json_encode(stream_get_contents(fp)), '\n');
echo('feof: ', var_export(feof(fp), true), '\n');
fclose(fp);
peer_says(p);

echo('== read timeout (stream_set_timeout 1)\n');
fp = conn();
stream_set_timeout(fp, 1);
t0 = microtime();
echo('fgets: ', var_export(fgets(fp), true), ' after ', elapsed(t0), '; ', meta(fp), '\n');
t0 = microtime();
echo('fgets: ', var_export(fgets(fp), true), ' after ', elapsed(t0), '; ', meta(fp), '\n');
fwrite(fp, 'done\n');
peer_says(p);
fclose(fp);

echo('== nonblocking\n');
fp = conn();
stream_set_blocking(fp, false);
usleep(300000); // the server's session tickets have come: a read takes them and returns ""
echo('fread: ', json_encode(fread(fp, 100)), '; fgets: ', var_export(fgets(fp), true), '; ', meta(fp), '\n');
echo('select: ', sel(fp, 3), '\n');
echo('fread: ', json_encode(fread(fp, 100)), '\n');
fclose(fp);
peer_says(p);

echo('== writing 16 MiB to a peer that does not read (timeout 1)\n');
fp = conn();
stream_set_timeout(fp, 1);
const n = fwrite(fp, 'y'.repeat(16 << 20));
echo('fwrite: ', typeof n === 'number' && n > 0 && n < 16 << 20 ? 'a partial count' : var_export(n, true), '; ', meta(fp), '\n');
fclose(fp);
peer_says(p);

echo('== writing 4 MB to a peer that reads\n');
fp = conn();
echo('fwrite: ', var_export(fwrite(fp, 'y'.repeat(4 << 20)), true), '\n');
stream_socket_shutdown(fp, STREAM_SHUT_WR);
peer_says(p);
fclose(fp);

echo('== raw socket calls on a TLS stream\n');
fp = conn();
usleep(300000);
const raw = stream_socket_recvfrom(fp, 100) as string;
echo('stream_socket_recvfrom: ', raw.length, ' bytes, record type ', Buffer.from(raw.slice(0, 3), 'latin1').toString('hex'), ' (ciphertext)\n');
echo('socket_import_stream: ');
echo(var_export(socket_import_stream(fp), true), '\n');
fclose(fp);
peer_says(p);

echo('== peer killed (FIN without close_notify)\n');
fp = conn();
echo('fgets: ', json_encode(fgets(fp)), '\n');
echo('fgets: ', var_export(fgets(fp), true), '; feof ', var_export(feof(fp), true), '; ', meta(fp), '\n');
echo('fwrite after: ', var_export(fwrite(fp, 'x'), true), '\n');
fclose(fp);
peer_says(p);
