// Port of seed_tutorial_1935.php (the Chinese tutorial's 1935 server and client). The `< 0`
// checks become `=== false` checks (which do not fire either); header() and set_time_limit()
// have no equivalent to port.
import { spawn } from 'node:child_process';
import {
  AF_INET, SOCK_STREAM, SOL_TCP, type Socket, echo, ref, socket_accept, socket_bind, socket_close,
  socket_connect, socket_create, socket_getsockname, socket_last_error, socket_listen, socket_read,
  socket_strerror, socket_write,
} from 'php-sockets';

function client(): void {
  for (let round = 0; round < 5; round++) {
    echo('<h2>TCP/IP Connection</h2>\n');

    const port = Number(process.argv[3]);
    const ip = '127.0.0.1';

    const created = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
    if (created === false) {
      echo('socket_create() failed: reason: ' + socket_strerror(socket_last_error()) + '\n');
    } else {
      echo('OK.\n');
    }
    const socket = created as Socket;

    echo(`connect '${ip}' port '${port}'...\n`);
    const result = socket_connect(socket, ip, port);
    if (result === false) {
      echo(`socket_connect() failed.\nReason: (${result}) ` + socket_strerror(socket_last_error(socket)) + '\n');
    } else {
      echo('connectOK\n');
    }

    let input = 'Ho\r\n';
    input += 'first blood\r\n';
    let out: string | false = '';

    if (!socket_write(socket, input, input.length)) {
      echo('socket_write() failed: reason: ' + socket_strerror(socket_last_error(socket)) + '\n');
    } else {
      echo('send success\n');
      echo(`send msg:<font color='red'>${input}</font> <br>`);
    }

    while ((out = socket_read(socket, 8192))) {
      echo('recevie server msg\n');
      echo('receive msg:', out);
    }

    echo(' close SOCKET...\n');
    socket_close(socket);
    echo('close OK\n');
  }
}

async function server(): Promise<void> {
  const ip = ref<string>('127.0.0.1');
  const port = ref<number>(0);

  const created = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
  if (created === false) {
    echo('socket_create() 失败的原因是:' + socket_strerror(socket_last_error()) + '\n');
  }
  const sock = created as Socket;

  if (socket_bind(sock, ip.value!, port.value!) === false) {
    echo('socket_bind() 失败的原因是:' + socket_strerror(socket_last_error(sock)) + '\n');
  }

  if (socket_listen(sock, 4) === false) {
    echo('socket_listen() 失败的原因是:' + socket_strerror(socket_last_error(sock)) + '\n');
  }

  socket_getsockname(sock, ip, port);
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, 'client', String(port.value)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (d: Buffer) => chunks.push(d));
  const exited = new Promise<number | null>((res) => child.on('close', (code) => res(code)));

  let count = 0;
  let msgsock: Socket | false;

  do {
    if ((msgsock = socket_accept(sock)) === false) {
      echo('socket_accept() failed: reason: ' + socket_strerror(socket_last_error(sock)) + '\n');
      break;
    } else {
      echo('success..\n');
      const buf = socket_read(msgsock, 8192);

      const talkback = `receive:${buf}\n`;
      echo(talkback);

      // socket发回一个数据流到客户端
      const msg = 'success\n';
      socket_write(msgsock, msg, msg.length);

      // 接受5次信号就跳出循环
      if (++count >= 5) {
        break;
      }
    }
    socket_close(msgsock);
  } while (true);

  socket_close(sock);
  if (msgsock) socket_close(msgsock);

  const status = await exited;
  echo(`--- client exited with status ${status} and printed:\n`, Buffer.concat(chunks));
}

if (process.argv[2] === 'client') {
  client();
} else {
  await server();
}
