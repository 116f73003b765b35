// Port of 1935-server.php (the Chinese tutorial's server), statement for statement.
//   node --import tsx examples/1935-server.ts [port]
/*
 +-------------------------------
 *    @socket通信整个过程
 +-------------------------------
 *    @socket_create
 *    @socket_bind
 *    @socket_listen
 *    @socket_accept
 *    @socket_read
 *    @socket_write
 *    @socket_close

 */
import {
  AF_INET,
  SOCK_STREAM,
  SOL_TCP,
  echo,
  ref,
  socket_accept,
  socket_bind,
  socket_close,
  socket_create,
  socket_getsockname,
  socket_listen,
  socket_read,
  socket_strerror,
  socket_write,
  type Socket,
} from 'php-sockets';
import { argv, intval, strval } from './php-runtime.js';

// header("Content-Type: text/html; charset=UTF-8");  no effect: the CLI sends no headers
// set_time_limit(0);//确保在连接客户端时不会超时      Node has no time limit

const ip = '127.0.0.1';
const port = intval(argv[1] ?? 0); // was: $port = 1935;

// The tutorial tests results with `< 0`, as C does. In PHP 8 a Socket, true or false is never
// < 0, so these branches never run; Number(x) < 0 is never true either (NaN, 1 or 0). The
// `as Socket` casts stand for PHP going on with whatever came back, and `as never` for PHP
// passing a non-int to socket_strerror(), which converts it as PHP does (or throws its TypeError).

//使用socket_creat()函数创建一个Socket了—这个函数返回一个Socket句柄,这个句柄将用在以后所有的函数中.
/*
 * 使用socket_creat()函数创建一个Socket了—这个函数返回一个Socket句柄,这个句柄将用在以后所有的函数中.
 * param1：指定哪个协议用在当前套接字上。第一个参数"AF_INET"用来指定域名;
 * param2：第二个参数"SOCK_STREM"告诉函数将创建一个什么类型的Socket(在这个例子中是TCP类型)
 */
let sock: Socket, ret: boolean;
if (Number((sock = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket)) < 0) {
  echo('socket_create() 失败的原因是:' + socket_strerror(sock as never) + '\n');
}

if (Number((ret = socket_bind(sock, ip, port))) < 0) {
  echo('socket_bind() 失败的原因是:' + socket_strerror(ret as never) + '\n');
}

if (Number((ret = socket_listen(sock, 4))) < 0) {
  echo('socket_listen() 失败的原因是:' + socket_strerror(ret as never) + '\n');
}

// Added: say where we listen.
const boundIp = ref<string>(), boundPort = ref<number>();
socket_getsockname(sock, boundIp, boundPort);
echo(`Listening on ${boundIp.value}:${boundPort.value}\n`);

let count = 0;

do {
  //你的服务器除了等待来自客户端的连接请求外基本上什么也没有做.一旦一个客户端的连接被收到,socket_accept()函数便开始起作用了,它接收连接请求并调用另一个子Socket来处理客户端–服务器间的信息
  let msgsock: Socket;
  if (Number((msgsock = socket_accept(sock) as Socket)) < 0) {
    echo('socket_accept() failed: reason: ' + socket_strerror(msgsock as never) + '\n');
    break;
  } else {
    //socker_read的第2个参数用以指定读入的字节数,你可以通过它来限制从客户端获取数据的大小.
    //注意:socket_read函数会一直读取壳户端数据,直到遇见\n,\t或者\0字符.PHP脚本把这写字符看做是输入的结束符.
    echo('success..\n');
    const buf = socket_read(msgsock, 8192);

    const talkback = `receive:${strval(buf)}\n`;
    echo(talkback);

    //socket发回一个数据流到客户端
    const msg = 'success\n';
    socket_write(msgsock, msg, msg.length);

    //接受5次信号就跳出循环
    if (++count >= 5) {
      break;
    }
  }
  socket_close(msgsock);
} while (true);

socket_close(sock);
