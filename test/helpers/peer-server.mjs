// A misbehaving TCP peer for robustness_peers.test.ts, in its own process so that the sync calls
// under test (which block the test's thread) and PHP scripts can both talk to it. Listens on
// 127.0.0.1, port 0, prints the port, and serves each connection by the mode named in the first
// line the client sends:
//   reset        sends "partial" (no newline), waits 100 ms, resets (SO_LINGER 0 close: RST)
//   reset-now    resets at once
//   line1mb      sends a 1 MB line ("a" x 1048576, "\n"), then "tail", then closes
//   onebyte      sends "hello world\nsecond line\n" one byte per write, 2 ms apart, then closes
//   halfclose    sends "abc", shuts down its write side, then echoes what it reads back
//                (as "got:<bytes>") and closes when the client does
// Exits when stdin closes (the test ends).
import net from 'node:net';

const server = net.createServer({ allowHalfOpen: true }, (sock) => {
  let head = '';
  sock.on('error', () => {});
  const onData = (d) => {
    head += d.toString('latin1');
    const nl = head.indexOf('\n');
    if (nl < 0) return;
    sock.off('data', onData);
    const mode = head.slice(0, nl);
    const rest = head.slice(nl + 1);
    serve(sock, mode, rest);
  };
  sock.on('data', onData);
});

function serve(sock, mode, rest) {
  switch (mode) {
    case 'reset':
      sock.write('partial');
      setTimeout(() => sock.resetAndDestroy(), 100);
      break;
    case 'reset-now':
      sock.resetAndDestroy();
      break;
    case 'line1mb':
      sock.write(Buffer.alloc(1024 * 1024, 'a'));
      sock.write('\ntail');
      sock.end();
      break;
    case 'onebyte': {
      const text = 'hello world\nsecond line\n';
      let i = 0;
      const step = () => {
        if (i === text.length) return void sock.end();
        sock.write(text[i++], () => setTimeout(step, 2));
      };
      step();
      break;
    }
    case 'halfclose': {
      sock.end('abc');
      let got = rest;
      sock.on('data', (d) => (got += d.toString('latin1')));
      sock.on('end', () => sock.destroy());
      // The reply goes nowhere (our write side is shut); `got` is only for debugging.
      void got;
      break;
    }
    default:
      sock.destroy();
  }
}

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${server.address().port}\n`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
