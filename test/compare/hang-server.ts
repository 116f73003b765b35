// Port of hang-server.php (a fixture of test/compare.test.ts).
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AF_INET, SOCK_STREAM, SOL_TCP, echo, socket_bind, socket_create, socket_listen, type Socket } from 'php-sockets';

const child = spawn('sleep', ['60'], { stdio: 'ignore' });
writeFileSync(join(process.env.PIDS_DIR!, String(process.pid)), '');
writeFileSync(join(process.env.PIDS_DIR!, String(child.pid)), '');
let server: Socket | null = null;
if ((process.argv[2] ?? '') === 'listen') {
  server = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
  socket_bind(server, '127.0.0.1', Number(process.env.PHP_SOCKETS_COMPARE_PORT));
  socket_listen(server);
}
echo('up\n');
setTimeout(() => void server, 60000); // keeps the listening socket referenced

