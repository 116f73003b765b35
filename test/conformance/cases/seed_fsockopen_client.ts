// Port of seed_fsockopen_client.php.
import {
  type Stream, echo, fclose, feof, fgets, fsockopen, fwrite, ref, stream_socket_accept, stream_socket_get_name,
  stream_socket_server,
} from 'php-sockets';

const errno = ref<number>();
const errstr = ref<string>();
const server = stream_socket_server('tcp://127.0.0.1:0', errno, errstr) as Stream;
const name = stream_socket_get_name(server, false) as string;
const port = Number(name.slice(name.lastIndexOf(':') + 1));

let fp = fsockopen('127.0.0.1', port, errno, errstr, 30);
if (!fp) {
  echo(`${errstr.value} (${errno.value})<br />\n`);
} else {
  let out = 'GET / HTTP/1.1\r\n';
  out += 'Host: www.example.com\r\n';
  out += 'Connection: Close\r\n\r\n';
  fwrite(fp, out);

  // The responder: read the request up to its blank line, answer, close.
  const conn = stream_socket_accept(server) as Stream;
  let request = '';
  let line: string | false;
  while ((line = fgets(conn)) !== false && line !== '\r\n') {
    request += line;
  }
  echo('responder got: ', JSON.stringify(request), '\n');
  fwrite(conn, 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n' + 'a long line of text, '.repeat(10) + '\nbye\n');
  fclose(conn);

  while (!feof(fp)) {
    echo(fgets(fp, 128));
  }
  fclose(fp);
}

fclose(server);
fp = fsockopen('127.0.0.1', port, errno, errstr, 30);
if (!fp) {
  echo(`${errstr.value} (${errno.value})<br />\n`);
}
