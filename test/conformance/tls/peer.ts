// Port of peer.php: the peers the TLS conformance cases' TS sides start (modes: see peer.php).
import { fileURLToPath } from 'node:url';
import {
  fclose, fgets, fread, fwrite, ref, set_error_handler, stream_context_create, stream_get_meta_data,
  stream_set_timeout, stream_socket_accept, stream_socket_client, stream_socket_enable_crypto, stream_socket_get_name,
  stream_socket_server, var_export, STREAM_CLIENT_CONNECT, STREAM_CRYPTO_METHOD_TLS_CLIENT, STREAM_CRYPTO_METHOD_TLS_SERVER, STREAM_SERVER_BIND,
  STREAM_SERVER_LISTEN, type Stream,
} from 'php-sockets';

process.chdir(fileURLToPath(new URL('../../fixtures/tls/', import.meta.url)));
set_error_handler((_no: number, str: string) => {
  out(`Warning: ${str}\n`);
  return true;
});
function out(...s: unknown[]): void {
  process.stdout.write(s.map(String).join(''));
}
const sleep = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};
/** PHP's json_encode() for the strings, booleans, null and flat objects printed here. */
const json_encode = (v: unknown): string => JSON.stringify(v).replace(/\//g, '\\/');
const stripcslashes = (s: string) => s.replace(/\\n/g, '\n').replace(/\\r/g, '\r').replace(/\\t/g, '\t');

const [mode = '', ...args] = process.argv.slice(2);
function main(): void {
  if (mode.startsWith('client-')) {
    const port = args[0]!;
    const ssl = args[1] !== undefined ? (JSON.parse(args[1]) as Record<string, unknown>) : { cafile: 'ca.pem' };
    const t = mode === 'client-tls' ? 'ssl' : 'tcp';
    const errno = ref<number>();
    const fp = stream_socket_client(`${t}://127.0.0.1:${port}`, errno, null, 5, STREAM_CLIENT_CONNECT, stream_context_create({ ssl }));
    out('client: connect ', fp === false ? `false errno=${errno.value}` : 'ok', '\n');
    if (fp && mode === 'client-silent') {
      stream_set_timeout(fp, 8);
      fread(fp, 100); // until the server gives up
    }
    else if (fp) {
      if (args[2] !== undefined) sleep(500); // "late": the server has given up before the write comes
      out('client: fwrite ', var_export(fwrite(fp, 'hello\n'), true), '\n');
      stream_set_timeout(fp, 3);
      out('client: fgets ');
      out(json_encode(fgets(fp)), '\n');
    }
    out('END\n');
    return;
  }
  if (mode === 'starttls-client') {
    const fp = stream_socket_client(`tcp://127.0.0.1:${args[0]}`, null, null, 5, STREAM_CLIENT_CONNECT, stream_context_create({ ssl: { cafile: 'ca.pem' } })) as Stream;
    stream_set_timeout(fp, 5);
    fwrite(fp, 'STARTTLS\n');
    out('client: plain reply ', json_encode(fgets(fp)), '\n');
    out('client: meta before: crypto ', stream_get_meta_data(fp).crypto !== undefined ? 'yes' : 'no', '\n');
    out('client: stream_socket_enable_crypto ', var_export(stream_socket_enable_crypto(fp, true, STREAM_CRYPTO_METHOD_TLS_CLIENT), true), '\n');
    out('client: crypto ', json_encode(stream_get_meta_data(fp).crypto ?? null), '\n');
    fwrite(fp, 'secret\n');
    out('client: tls reply ', json_encode(fgets(fp)), '\n');
    out('client: enable_crypto(false) ', var_export(stream_socket_enable_crypto(fp, false), true), '\n');
    out('client: crypto after ', json_encode(stream_get_meta_data(fp).crypto ?? null), '\n');
    sleep(300);
    const x = String(fread(fp, 100));
    // the peer's close_notify as a raw TLS record (its header; the rest is ciphertext), then plain text
    const len = x.length >= 5 ? 5 + ((x.charCodeAt(3) << 8) | x.charCodeAt(4)) : 0;
    out('client: read after disabling: record ', Buffer.from(x.slice(0, 5), 'latin1').toString('hex'), ' then ', json_encode(x.slice(len)), '\n');
    fclose(fp);
    out('END\n');
    return;
  }
  const srv = stream_socket_server('tcp://127.0.0.1:0', null, null, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    stream_context_create({ ssl: { local_cert: 'server.pem', local_pk: 'server.key' } })) as Stream;
  const name = stream_socket_get_name(srv, false) as string;
  out('PORT ', name.slice(name.lastIndexOf(':') + 1), '\n');
  for (const script of args.join('\0').split('\0--\0')) {
    const c = stream_socket_accept(srv, 10);
    if (c === false) process.exit(1);
    for (const step of script.split('\0')) {
      const i = step.indexOf(':');
      const op = i < 0 ? step : step.slice(0, i);
      const arg = i < 0 ? '' : step.slice(i + 1);
      if (op === 'tls') stream_socket_enable_crypto(c, true, STREAM_CRYPTO_METHOD_TLS_SERVER);
      else if (op === 'w') fwrite(c, stripcslashes(arg));
      else if (op === 'big') fwrite(c, 'x'.repeat(Number(arg)));
      else if (op === 'sleep') sleep(Number(arg));
      else if (op === 'read') out('server read: ', json_encode(fgets(c)), '\n');
      else if (op === 'fread') fread(c, 65536);
      else if (op === 'drain' || op === 'discard') {
        let n = 0;
        stream_set_timeout(c, 5);
        let x: string | false;
        while ((x = fread(c, 65536)) !== false && x !== '') n += x.length;
        if (op === 'drain') out(`server drained ${n} bytes\n`);
      } else if (op === 'kill') {
        out('END\n');
        process.kill(process.pid, 'SIGKILL');
      }
    }
    fclose(c);
    out('END\n');
  }
}
main();
