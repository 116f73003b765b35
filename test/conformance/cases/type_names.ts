// Port of type_names.php. A Buffer stands for a PHP string, a plain object for an array, and a
// class with its own toString() for one with __toString().
import {
  AF_INET, SOCK_STREAM, STREAM_PF_UNIX, STREAM_SOCK_STREAM, type Stream, echo, fclose, fread, fwrite,
  gethostbyname, gethostbynamel, getprotobyname, getservbyname, getservbyport, socket_close, socket_create,
  socket_read, socket_set_block, socket_strerror, stream_socket_client, stream_socket_pair, stream_socket_server,
  var_dump,
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
const s = stream_socket_server('tcp://127.0.0.1:0');
const closed = stream_socket_server('tcp://127.0.0.1:0') as Stream;
fclose(closed);
t('stream for Socket', () => loose(socket_read)(s, 1));
t('closed stream for Socket', () => loose(socket_read)(closed, 1));
t('closed stream for resource', () => fread(closed, 1));
t('Socket for resource', () => loose(fread)(socket_create(AF_INET, SOCK_STREAM, 0), 1));
t('string for Socket', () => loose(socket_close)(Buffer.from('abc')));
t('array for Socket', () => loose(socket_close)({ a: 1 }));
t('anonymous object', () => loose(socket_strerror)(new (class {})()));
t('closure', () => loose(socket_set_block)(() => 1));
class Service {
  toString(): string {
    return 'http';
  }
}
t('__toString for string', () => loose(getservbyname)(new Service(), 'tcp'));
t('__toString for int', () => loose(socket_strerror)(new Service()));
t('__toString as data', () => {
  const [a, b] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0) as Stream[];
  loose(fwrite)(a, new Service());
  return fread(b!, 10);
});
t('gethostbyname', () => gethostbyname('localhost\0.example.com'));
t('gethostbynamel', () => gethostbynamel('localhost\0.example.com'));
t('getprotobyname', () => getprotobyname('tcp\0x'));
t('getservbyname', () => getservbyname('http', 'tcp\0x'));
t('getservbyname service', () => getservbyname('http\0', 'tcp'));
t('getservbyport', () => getservbyport(80, 'tcp\0x'));
t('stream_socket_client', () => stream_socket_client('tcp://127.0.0.1\0:80'));
