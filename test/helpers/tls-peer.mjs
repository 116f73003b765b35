// A TLS peer for the tests, in its own process (the client under test blocks its thread): Node's
// own tls server on 127.0.0.1, port chosen by the kernel, printed as "PORT n" first.
// Usage: node tls-peer.mjs MODE [CERT]   (CERT: a name in test/fixtures/tls, default "server")
//   echo    each line read is written back
//   big     writes one 16000-byte record ("x" * 16000), then echoes
//   alpn    echo, offering the ALPN protocols h2 and http/1.1
//   sink    never reads (the client's writes fill the buffers)
//   notify  writes "bye\n", then closes with close_notify; once the close_notify and the FIN have
//           been handed to the kernel, prints "ENDED p" (p: the client's port)
//   sni     writes the SNI name the client sent (JSON: a string, or false for none), then closes
//   fin     writes "bye\n", then destroys the socket without close_notify (a bare FIN)
//   silent  a plain TCP server that accepts and never answers (handshake timeout)
//   plain   a plain TCP server that answers "hello\n" (not TLS)
//   close   a plain TCP server that closes each connection at once
// It exits when stdin closes (the test ends) or, as a safety net, after 300 s (a loaded machine
// or a sanitizer build runs the 2000-handshake test past 60 s).
import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';

const [mode, certName = 'server'] = process.argv.slice(2);
const dir = new URL('../fixtures/tls/', import.meta.url);
const key = readFileSync(new URL(`${certName}.key`, dir));
const cert = readFileSync(new URL(`${certName}.pem`, dir));
const sockets = new Set();

function onTls(sock) {
  sockets.add(sock);
  sock.on('close', () => sockets.delete(sock));
  sock.on('error', () => {});
  if (mode === 'big') sock.write('x'.repeat(16000));
  if (mode === 'sink') return sock.pause();
  if (mode === 'notify') {
    // 'finish' comes after the TLS close_notify is written and the TCP shutdown is done.
    const client = sock.remotePort;
    sock.on('finish', () => process.stdout.write(`ENDED ${client}\n`));
    return sock.end('bye\n');
  }
  if (mode === 'sni') return sock.end(`${JSON.stringify(sock.servername)}\n`);
  if (mode === 'fin') {
    sock.write('bye\n', () => setTimeout(() => sock.destroy(), 50));
    return;
  }
  let acc = '';
  sock.on('data', (d) => {
    acc += d.toString('latin1');
    let i;
    while ((i = acc.indexOf('\n')) >= 0) {
      sock.write(acc.slice(0, i + 1), 'latin1');
      acc = acc.slice(i + 1);
    }
  });
}

function onPlain(sock) {
  sockets.add(sock);
  sock.on('close', () => sockets.delete(sock));
  sock.on('error', () => {});
  if (mode === 'plain') sock.write('hello\n');
  if (mode === 'close') sock.end();
}

const plain = ['silent', 'plain', 'close'].includes(mode);
const ALPNProtocols = mode === 'alpn' ? ['h2', 'http/1.1'] : undefined;
const server = plain ? net.createServer(onPlain) : tls.createServer({ key, cert, ALPNProtocols }, onTls);
server.listen(0, '127.0.0.1', () => process.stdout.write(`PORT ${server.address().port}\n`));
const end = () => process.exit(0);
process.stdin.on('end', end);
process.stdin.on('close', end);
process.stdin.resume();
setTimeout(end, 300000).unref();
