// Ping-pong written the plain way a user would port the PHP program: TypeScript run with the tsx
// command, `import ... from 'php-sockets'` (in this repository tsconfig.json maps that to lib/, so
// tsx compiles the sources as it loads them), strings, socket_read/socket_write, and no warm-up:
// every round trip is timed, the first ones included. The bench's "plain port (tsx)" column
// (bench/run.mjs), so what such a program pays beyond bench/node/php-sockets.mjs stays measured.
//
//   tsx bench/node/plain.ts pingpong server tcp|unix <port 0 | path> <size>
//   tsx bench/node/plain.ts pingpong client tcp|unix <port | path> <size> <warm-up, ignored> <count>
import {
  AF_INET,
  AF_UNIX,
  SOCK_STREAM,
  SOL_TCP,
  ref,
  socket_accept,
  socket_bind,
  socket_close,
  socket_connect,
  socket_create,
  socket_getsockname,
  socket_last_error,
  socket_listen,
  socket_read,
  socket_strerror,
  socket_write,
  type Socket,
} from 'php-sockets';

function fail(what: string): never {
  throw new Error(`${what}: ${socket_strerror(socket_last_error())}`);
}

function server(family: string, where: string, size: number): void {
  const unix = family === 'unix';
  const listener = socket_create(unix ? AF_UNIX : AF_INET, SOCK_STREAM, unix ? 0 : SOL_TCP);
  if (!listener) fail('socket_create');
  if (!socket_bind(listener, unix ? where : '127.0.0.1', unix ? 0 : Number(where))) fail('socket_bind');
  if (!socket_listen(listener, 128)) fail('socket_listen');
  if (unix) {
    console.log(`READY ${where}`);
  } else {
    const addr = ref<string>();
    const port = ref<number>();
    socket_getsockname(listener, addr, port);
    console.log(`READY ${port.value}`);
  }
  const conn = socket_accept(listener);
  if (!conn) fail('socket_accept');
  for (;;) {
    const data = socket_read(conn, size);
    if (data === false) fail('socket_read');
    if (data === '') break;
    let sent = 0;
    while (sent < data.length) {
      const n = socket_write(conn, sent === 0 ? data : data.substring(sent));
      if (n === false) fail('socket_write');
      sent += n;
    }
  }
  socket_close(conn);
  socket_close(listener);
}

function client(family: string, where: string, size: number, count: number): void {
  const unix = family === 'unix';
  const sock: Socket | false = socket_create(unix ? AF_UNIX : AF_INET, SOCK_STREAM, unix ? 0 : SOL_TCP);
  if (!sock) fail('socket_create');
  if (!(unix ? socket_connect(sock, where) : socket_connect(sock, '127.0.0.1', Number(where)))) fail('socket_connect');
  const message = 'x'.repeat(size);
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    if (socket_write(sock, message) !== size) fail('socket_write');
    let reply = '';
    while (reply.length < size) {
      const data = socket_read(sock, size - reply.length);
      if (data === false) fail('socket_read');
      if (data === '') fail('early end of stream');
      reply += data;
    }
  }
  const seconds = (performance.now() - start) / 1000;
  socket_close(sock);
  console.log(`RESULT ${count} ${seconds.toFixed(9)}`);
}

const [workload, role, family, where, size, , count] = process.argv.slice(2);
if (workload === 'pingpong' && role === 'server') server(family!, where!, Number(size));
else if (workload === 'pingpong' && role === 'client') client(family!, where!, Number(size), Number(count));
else fail(`unknown ${workload} ${role}`);
