// socket_import_stream, socket_export_stream: a Socket and a stream sharing one descriptor, with
// PHP's lifetimes. The stream owns the descriptor; the Socket holds the stream (so the stream
// lives while the Socket does), socket_close() closes the stream, and fclose() leaves the Socket
// open on a descriptor that is gone (its calls fail with EBADF).
import { arity } from '../php/args.js';
import { socketError } from '../last_error.js';
import { warn } from '../php/errors.js';
import { native } from '../native.js';
import { newSocket, socketArg, stateOf as socketState, type Socket, type SocketState } from '../socket.js';
import { unread } from './core.js';
import { defaultTimeout } from '../php/ini.js';
import { closeStream, label, newStream, openState, resourceArg, setFd, stateOf, type Stream, type StreamKind } from './stream.js';
import { AF_INET, AF_INET6, AF_UNIX, SO_TYPE, SOCK_DGRAM, SOCK_STREAM, SOL_SOCKET } from '../constants.js';
import { IPPROTO_TCP, SO_DOMAIN, SO_PROTOCOL } from '../platform.js';


/** The link a Socket keeps to its stream. */
class StreamLink {
  constructor(readonly stream: Stream) {}

  /** socket_close(): closes the stream, which must still be open. */
  close(): void {
    if (!stateOf(this.stream).open) {
      throw new TypeError('socket_close(): supplied resource is not a valid stream resource');
    }
    closeStream(this.stream);
  }
}

function link(sock: SocketState, stream: Stream): void {
  sock.link = new StreamLink(stream);
  const s = stateOf(stream);
  s.sockets.push(sock);
  s.noBuffer = true;
}

/**
 * socket_import_stream(): a Socket on the stream's socket (a new Socket each call). The stream's
 * read buffer is turned off from then on; bytes already in it stay readable with fread() (PHP
 * still warns "N bytes of buffered data lost during stream conversion!"). socket_close() of the
 * Socket closes the stream too; fclose() of the stream leaves the Socket failing with EBADF.
 */
export function socket_import_stream(stream: Stream): Socket | false {
  const fn = 'socket_import_stream';
  arity(fn, arguments.length, 1, 1);
  const res = resourceArg(stream, fn);
  const s = openState(res, fn);
  // php_openssl_sockop_cast(): an active TLS stream has no plain descriptor to give.
  if (s.tls !== null && s.tls.active) {
    warn(fn, `Cannot represent a stream of type ${label(s)} as a Socket Descriptor`);
    return false;
  }
  const buffered = unread(s);
  if (buffered > 0) warn(fn, `${buffered} bytes of buffered data lost during stream conversion!`);
  const family = native.getsockoptInt(s.fd, SOL_SOCKET, SO_DOMAIN);
  if (family < 0) return socketError({ error: 0 }, fn, 'Unable to obtain socket family', -family);
  const info = native.fdInfo(s.fd);
  if (typeof info === 'number') return socketError({ error: 0 }, fn, 'Unable to obtain blocking state', -info);
  // The stream keeps owning the descriptor.
  const sock = newSocket(s.fd, family, false);
  const state = socketState(sock);
  state.blocking = info[1] === 0;
  link(state, res);
  return sock;
}

function kindOf(fd: number, family: number): StreamKind {
  const type = native.getsockoptInt(fd, SOL_SOCKET, SO_TYPE);
  if (family === AF_INET || family === AF_INET6) {
    if (type === SOCK_STREAM) return native.getsockoptInt(fd, SOL_SOCKET, SO_PROTOCOL) === IPPROTO_TCP ? 'tcp' : 'generic';
    return type === SOCK_DGRAM ? 'udp' : 'generic';
  }
  if (family === AF_UNIX) return type === SOCK_STREAM ? 'unix' : type === SOCK_DGRAM ? 'udg' : 'generic';
  return 'generic';
}

/**
 * socket_export_stream(): the Socket as a stream ("tcp_socket/ssl", "udp_socket", "unix_socket",
 * "udg_socket" or "generic_socket"), unbuffered, with the Socket's blocking mode and
 * default_socket_timeout. Every call returns the same Stream; for a Socket from
 * socket_import_stream(), the stream it came from.
 */
export function socket_export_stream(socket: Socket): Stream | false {
  const fn = 'socket_export_stream';
  arity(fn, arguments.length, 1, 1);
  const s = socketArg(socket, fn);
  if (s.link instanceof StreamLink) return s.link.stream;
  const stream = newStream(-1, kindOf(s.fd, s.family));
  // The descriptor moves from the Socket to the stream.
  native.disown(s.fd);
  setFd(stream, s.fd);
  const st = stateOf(stream);
  st.blocked = s.blocking;
  st.tvSec = defaultTimeout();
  st.tvUsec = 0;
  link(s, stream);
  return stream;
}
