// Port of tls_fsockopen_ini.php: the run with openssl.cafile set gets PHP_SOCKETS_OPENSSL_CAFILE.
import {
  echo, fclose, fgets, fsockopen, fwrite, get_resource_type, ini_get, ini_set, set_error_handler,
  stream_context_get_options, var_export,
} from 'php-sockets';
import { peer, peer_says, start } from '../tls/lib.js';

// (an empty PHP array encodes as [])
const json_encode = (v: unknown): string => (v && typeof v === 'object' && Object.keys(v).length === 0 ? '[]' : JSON.stringify(v));
if (process.argv[2] === 'child') {
  set_error_handler((_no: number, str: string) => {
    echo(`Warning: ${str}\n`);
    return true;
  });
  const port = Number(process.argv[3]);
  echo('openssl.cafile: ', ini_get('openssl.cafile'), '\n');
  echo('ini_set: ', var_export(ini_set('openssl.cafile', 'other-ca.pem'), true), '\n');
  const fp = fsockopen('ssl://localhost', port, null, null, 5);
  echo('fsockopen: ', fp === false ? 'false' : get_resource_type(fp), '\n');
  if (fp) {
    fwrite(fp, 'hello\n');
    echo('fgets: ', json_encode(fgets(fp)), '\n');
    echo('options of an fsockopen stream: ', json_encode(stream_context_get_options(fp)), '\n');
    fclose(fp);
  }
  echo('END\n');
} else {
  echo('openssl.cafile here: ', json_encode(ini_get('openssl.cafile')), '\n');
  const srv = peer('server', ['tls', 'read', 'w:olleh\\n']);
  const child = start([process.execPath, ...process.execArgv, process.argv[1]!, 'child', String(srv.port)], /^/, false, {
    PHP_SOCKETS_OPENSSL_CAFILE: 'ca.pem',
  });
  peer_says(child);
  peer_says(srv);
}
