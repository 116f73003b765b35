// The probes: each stands in for a call of the seam (lib/blocking.ts) during an async run
// (driver.ts); `probes` is typed Blocking, so there is one for each. It makes the same syscall without waiting (MSG_DONTWAIT, or the nonblocking accept
// and connect of async.cc) and returns what the blocking call would return when that needs no
// wait. When the blocking call would wait, it throws Pending, unless the wait is over: the
// socket's SO_RCVTIMEO/SO_SNDTIMEO (or the stream's timeout) has passed, and it returns what the
// blocking call returns then. A nonblocking socket never waits, as in the sync call.
import { waiting, type Blocking } from '../blocking.js';
import { native, type NativeAddon } from '../native.js';
import { Pending, READABLE, URGENT, WRITABLE, current, setProbes, type Call } from './driver.js';
import {
  MSG_DONTWAIT,
  MSG_NOSIGNAL,
  MSG_PEEK,
  MSG_TRUNC,
  MSG_WAITALL,
  SO_ERROR,
  SO_RCVTIMEO,
  SO_SNDTIMEO,
  SOL_SOCKET,
} from '../constants.js';
import { latin1 } from '../php/bytes.js';
import {
  EAGAIN,
  EALREADY,
  EINPROGRESS,
  ETIMEDOUT,
  MAX_CHUNK,
  POLLERR,
  POLLHUP,
  POLLIN,
  POLLOUT,
} from '../platform.js';

const POLL_READABLE = POLLIN | POLLERR | POLLHUP; // PHP_POLLREADABLE

/**
 * Whether the descriptor is in blocking mode (the sync call would wait); cached per call. With
 * `option` (SO_RCVTIMEO or SO_SNDTIMEO) the same native call also answers the timeout the wait
 * will need (callDeadline): one Node-API call per wait rather than two.
 */
function blockingMode(c: Call, fd: number, option = 0): boolean {
  if (c.blocking === undefined) {
    const ms = native.waitMode(fd, option);
    c.blocking = ms >= 0;
    if (option !== 0 && ms >= 0) {
      c.timeoutOption = option;
      c.timeoutMs = ms;
    }
  }
  return c.blocking;
}

/** socketDeadline, with the timeout blockingMode read for this call when it has it. */
function callDeadline(c: Call, fd: number, option: number): number | null {
  if (c.timeoutOption !== option) return socketDeadline(fd, option);
  return c.timeoutMs > 0 ? performance.now() + c.timeoutMs : null;
}

/** The socket's SO_RCVTIMEO/SO_SNDTIMEO as a deadline from now (null: none). */
function socketDeadline(fd: number, option: number): number | null {
  const ms = native.waitMode(fd, option);
  return ms > 0 ? performance.now() + ms : null;
}

/**
 * Waits for fd unless the socket timeout has passed (then returns): throws Pending, or in a soft
 * call (driver.ts, Call.soft) records it, and the caller returns what it returns on a timeout.
 */
function waitSocket(c: Call, fd: number, events: number, option: number): void {
  if (c.deadline === undefined) c.deadline = callDeadline(c, fd, option);
  if (c.timedOut()) return;
  const p = new Pending([fd], [events], c.deadline);
  if (!c.soft) throw p;
  c.pending = p;
}

/** Asks for the wait `p`: throws it, or in a soft call records it and returns `value` (what the syscall returned). */
function ask(c: Call, p: Pending, value: number): number {
  if (!c.soft) throw p;
  c.pending = p;
  return value;
}

/** A receive: the syscall with MSG_DONTWAIT; EAGAIN on a blocking socket waits. */
function receive<T>(fd: number, flags: number, attempt: (flags: number) => T | number): T | number {
  const r = attempt(flags | MSG_DONTWAIT);
  if (r !== -EAGAIN || flags & MSG_DONTWAIT) return r;
  const c = current;
  if (!blockingMode(c, fd, SO_RCVTIMEO)) return r;
  waitSocket(c, fd, READABLE, SO_RCVTIMEO);
  return r;
}

function waitallUnsupported(): never {
  throw new Error(
    'php-sockets/async: MSG_WAITALL on a blocking socket is supported by socket_recv and ' +
      'socket_read_into only, without MSG_PEEK or MSG_TRUNC',
  );
}

/** Whether a MSG_WAITALL receive needs the accumulating loop (a blocking socket). */
function waitall(fd: number, flags: number): boolean {
  return (flags & MSG_WAITALL) !== 0 && (flags & MSG_DONTWAIT) === 0 && blockingMode(current, fd, SO_RCVTIMEO);
}

/**
 * MSG_WAITALL on a blocking socket: receives until `length` bytes, end of stream, an error or
 * the timeout, as the kernel's blocking call does (a partial count wins over a later error).
 * `step` receives up to n more bytes at `got`: the count, 0 at end of stream, or -errno.
 */
function receiveAll(fd: number, length: number, flags: number, step: (n: number, flags: number) => number): number {
  const c = current;
  if (flags & (MSG_PEEK | MSG_TRUNC)) waitallUnsupported();
  const f = (flags & ~MSG_WAITALL) | MSG_DONTWAIT;
  for (;;) {
    if (c.count >= length) return c.count;
    const n = step(Math.min(length - c.count, MAX_CHUNK), f);
    if (n > 0) {
      c.count += n;
      c.progressed = true;
      continue;
    }
    if (n === 0) return c.count;
    if (n === -EAGAIN && !c.timedOut()) waitSocket(c, fd, READABLE, SO_RCVTIMEO);
    return c.count > 0 ? c.count : n;
  }
}

function byteLength(data: string | Uint8Array): number {
  return typeof data === 'string' ? data.length : data.byteLength;
}

function bytesOf(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
}

/**
 * A send on a blocking socket sends everything (a stream socket may take it in parts), waiting
 * for buffer space, until the SO_SNDTIMEO deadline: then the count sent, or EAGAIN if none; an
 * error after some bytes is the count. `once` is the first syscall (repeated while nothing has
 * gone: a datagram goes whole or not at all); the rest goes with send(2).
 */
function sendAll(fd: number, total: number, flags: number, rest: () => Uint8Array, once: (flags: number) => number): number {
  if (flags & MSG_DONTWAIT) return once(flags);
  const c = current;
  for (;;) {
    const n = c.sent > 0 ? waiting.send(fd, rest().subarray(c.sent, total), total - c.sent, flags | MSG_DONTWAIT) : once(flags | MSG_DONTWAIT);
    if (n > 0) {
      c.sent += n;
      c.progressed = true;
      if (c.sent >= total || !blockingMode(c, fd, SO_SNDTIMEO)) return c.sent;
      continue;
    }
    if (n === 0) return c.sent;
    if (n !== -EAGAIN || !blockingMode(c, fd, SO_SNDTIMEO)) return c.sent > 0 ? c.sent : n;
    waitSocket(c, fd, WRITABLE, SO_SNDTIMEO);
    return c.sent > 0 ? c.sent : n;
  }
}

function restOf(data: string | Uint8Array): () => Uint8Array {
  return () => (current.bytes ??= bytesOf(data));
}

/** A look-up's answer when this call has it; else starts it off the loop and waits (Pending). */
function lookup<T>(args: unknown[], start: (done: (result: T) => void) => void): T {
  const c = current;
  const key = JSON.stringify(args.map((a) => (a instanceof Uint8Array ? latin1(a) : a)));
  const lookups = (c.lookups ??= new Map());
  if (lookups.has(key)) {
    c.progressed = true;
    return lookups.get(key) as T;
  }
  const until = new Promise<void>((resolve) =>
    start((result) => {
      lookups.set(key, result);
      resolve();
    }),
  );
  throw new Pending([], [], null, false, until);
}

/** One probe per blocking call (lib/blocking.ts): the compiler checks there is one for each. */
export const probes: Blocking = {
  // The nonblocking accept owns the new descriptor to `owner` in the same native call, as the
  // sync accept does.
  accept(fd: number, owner?: object): number {
    // The call's first try is the one before any wait (waitSocket sets the deadline).
    const first = current.deadline === undefined;
    return receive(fd, 0, () => native.acceptNb(fd, owner, first));
  },

  // connect(2) of a blocking socket, made nonblocking: EINPROGRESS, then connect(2) again at once
  // (the first run: over loopback the handshake is already over, and the call needs no wait) and
  // after each wake, as the kernel's own wait does: EALREADY while the handshake goes on, then 0
  // or the error (which that call collects, leaving the socket as a blocking connect leaves it).
  // SO_SNDTIMEO passing is EINPROGRESS, the handshake going on, as for the blocking call. A
  // connect of a socket whose handshake still goes on (an earlier connect's SO_SNDTIMEO passed)
  // gets EALREADY at once: the blocking call waits for that handshake the same way (0 or its
  // error), and fails with EALREADY when SO_SNDTIMEO passes again.
  connect(fd: number, sockaddr: Buffer): number {
    const c = current;
    const rc = native.connectNb(fd, sockaddr, c.connecting === 0);
    if (c.connecting === 0) {
      if ((rc !== -EINPROGRESS && rc !== -EAGAIN && rc !== -EALREADY) || !blockingMode(c, fd)) return rc;
      c.connecting = rc;
      c.deadline = socketDeadline(fd, SO_SNDTIMEO);
    } else if (rc !== (c.connecting === -EAGAIN ? -EAGAIN : -EALREADY)) {
      return rc;
    }
    if (c.timedOut()) return c.connecting;
    if (c.connecting === -EAGAIN) {
      // A unix listener with a full backlog: the kernel offers nothing to poll; retry shortly.
      const next = performance.now() + 10;
      return ask(c, new Pending([], [], c.deadline == null ? next : Math.min(next, c.deadline), true), -EINPROGRESS);
    }
    // (A soft call's waiting run returns EINPROGRESS, which socket_connect reports with no warning.)
    return ask(c, new Pending([fd], [WRITABLE], c.deadline ?? null), -EINPROGRESS);
  },

  recv(fd: number, length: number, flags: number): string | number {
    if (waitall(fd, flags)) {
      const c = current;
      const n = receiveAll(fd, length, flags, (want, f) => {
        const r = waiting.recv(fd, want, f);
        if (typeof r === 'number') return r;
        c.text += r;
        return r.length;
      });
      return n < 0 ? n : c.text;
    }
    return receive(fd, flags, (f) => waiting.recv(fd, length, f));
  },

  recvInto(fd: number, target: Uint8Array, offset: number, length: number, flags: number): number {
    if (waitall(fd, flags)) {
      const c = current;
      return receiveAll(fd, length, flags, (want, f) => waiting.recvInto(fd, target, offset + c.count, want, f));
    }
    return receive(fd, flags, (f) => waiting.recvInto(fd, target, offset, length, f));
  },

  recvTrunc(fd: number, length: number, flags: number): [string, number] | number {
    if (waitall(fd, flags)) waitallUnsupported();
    return receive(fd, flags, (f) => waiting.recvTrunc(fd, length, f));
  },

  recvfrom(fd: number, family: number, length: number, flags: number): [string, number, string, number] | number {
    if (waitall(fd, flags)) waitallUnsupported();
    return receive(fd, flags, (f) => waiting.recvfrom(fd, family, length, f));
  },

  recvmsg(
    fd: number,
    nameLen: number,
    bufferSize: number,
    controlLen: number,
    flags: number,
    owner?: object,
  ): ReturnType<NativeAddon['recvmsg']> {
    if (waitall(fd, flags)) waitallUnsupported();
    return receive(fd, flags, (f) => waiting.recvmsg(fd, nameLen, bufferSize, controlLen, f, owner));
  },

  streamRecvFrom(fd: number, length: number, flags: number): ReturnType<NativeAddon['streamRecvFrom']> {
    return receive(fd, flags, (f) => waiting.streamRecvFrom(fd, length, f));
  },

  // PHP_NORMAL_READ: io.cc's readLine (PHP's loop and its end-of-stream rule), with
  // MSG_DONTWAIT; a blocking socket waits here between calls. SO_RCVTIMEO applies to each recv,
  // so the deadline restarts after each byte.
  readLine(fd: number, length: number): string | number {
    const c = current;
    if (!blockingMode(c, fd, SO_RCVTIMEO)) return waiting.readLine(fd, length);
    const max = Math.min(length, MAX_CHUNK);
    const r = waiting.readLine(fd, max - c.text.length, MSG_DONTWAIT);
    if (typeof r === 'number') {
      // An error drops a partial line, as the blocking call does; EAGAIN waits.
      if (r !== -EAGAIN) return r;
      waitSocket(c, fd, READABLE, SO_RCVTIMEO);
      return c.text.length > 0 ? c.text : r;
    }
    c.text += r;
    const last = r[r.length - 1];
    if (r.length === 0 || last === '\n' || last === '\r' || c.text.length >= max) return c.text;
    // EAGAIN after some bytes: wait for the rest of the line.
    c.progressed = true;
    c.deadline = undefined;
    c.wake = 1;
    waitSocket(c, fd, READABLE, SO_RCVTIMEO);
    return c.text;
  },

  write(fd: number, data: string | Uint8Array, length: number): number {
    const total = Math.min(length, byteLength(data));
    return sendAll(fd, total, 0, restOf(data), (f) => waiting.send(fd, data, length, f));
  },

  send(fd: number, data: string | Uint8Array, length: number, flags: number): number {
    const total = Math.min(length, byteLength(data));
    return sendAll(fd, total, flags, restOf(data), (f) => waiting.send(fd, data, length, f));
  },

  sendto(fd: number, data: string | Uint8Array, length: number, flags: number, sockaddr: Buffer): number {
    const total = Math.min(length, byteLength(data));
    return sendAll(fd, total, flags, restOf(data), (f) => waiting.sendto(fd, data, length, f, sockaddr));
  },

  sendmsg(
    fd: number,
    name: Buffer | null,
    iov: (string | Uint8Array)[],
    control: [number, number, Uint8Array][],
    flags: number,
  ): number {
    let total = 0;
    for (const part of iov) total += byteLength(part);
    const rest = (): Uint8Array => (current.bytes ??= Buffer.concat(iov.map(bytesOf)));
    return sendAll(fd, total, flags, rest, (f) => waiting.sendmsg(fd, name, iov, control, f));
  },

  // select(2) semantics: answered now with a zero timeout; when nothing is ready, wait for any of
  // the descriptors until the timeout, then answer again.
  select(
    fds: Int32Array,
    nread: number,
    nwrite: number,
    nexcept: number,
    sec: number | null,
    usec: number,
    out: Int32Array,
    token: number,
  ): number {
    if (sec !== null && (sec < 0 || usec < 0 || usec >= 1e6)) {
      return waiting.select(fds, nread, nwrite, nexcept, sec, usec, out, token);
    }
    const rc = waiting.select(fds, nread, nwrite, nexcept, 0, 0, out, token);
    if (rc !== 0) return rc;
    const c = current;
    if (c.deadline === undefined) c.deadline = sec === null ? null : performance.now() + sec * 1000 + usec / 1000;
    if (c.timedOut()) return 0;
    const list = Array.from(fds.subarray(0, nread + nwrite + nexcept));
    const events = list.map((_, i) => (i < nread ? READABLE : i < nread + nwrite ? WRITABLE : URGENT));
    throw new Pending(list, events, c.deadline);
  },

  // Socket streams (stream.cc): the wait is part of the native call; here it is the loop's.
  streamRecv(fd: number, length: number, flags: number, wait: boolean, timeoutUs: number): string | null | number {
    if (!wait) return waiting.streamRecv(fd, length, flags | MSG_DONTWAIT, false, 0);
    const c = current;
    if (c.inWait && c.wake === 0) return null;
    const rev = native.pollNow(fd, POLL_READABLE);
    if (rev !== 0) {
      // Ready (a poll failure is ignored, as PHP ignores it): one recv. A stream with no timeout
      // does a blocking recv there, so EAGAIN (readiness gone) means waiting again.
      const r = waiting.streamRecv(fd, length, flags | MSG_DONTWAIT, false, 0);
      if (r !== -EAGAIN || flags & MSG_DONTWAIT) return r;
    } else if (timeoutUs === 0) {
      return null;
    }
    if (c.deadline === undefined) c.deadline = timeoutUs < 0 ? null : performance.now() + timeoutUs / 1000;
    if (c.timedOut()) return null;
    c.inWait = true;
    throw new Pending([fd], [READABLE], c.deadline);
  },

  // stream.cc's streamWrite loop: send until all is sent; EAGAIN on a waiting stream polls for
  // buffer space up to the timeout (afresh for each wait), a timeout ends it with errno -1.
  streamWrite(
    fd: number,
    data: string | Uint8Array,
    length: number,
    flags: number,
    wait: boolean,
    timeoutUs: number,
  ): number | [number, number, number] {
    if (!wait) return waiting.streamWrite(fd, data, length, flags | MSG_DONTWAIT, false, timeoutUs);
    const c = current;
    const total = Math.min(length, byteLength(data));
    const bytes = (c.bytes ??= bytesOf(data));
    let err = 0;
    // c.count: 1 once a wait was part of the sync call (only with MSG_DONTWAIT: without it the
    // kernel waits inside send(2) and the native call never sees EAGAIN).
    while (c.sent < total) {
      if (c.inWait && c.wake === 0) {
        err = -1;
        break;
      }
      c.inWait = false;
      const n = waiting.send(fd, bytes.subarray(c.sent, total), total - c.sent, flags | MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) {
        c.sent += n;
        c.progressed = true;
        continue;
      }
      err = n === 0 ? 0 : -n;
      if (n === -EAGAIN) {
        if (flags & MSG_DONTWAIT) c.count = 1;
        c.inWait = true;
        throw new Pending([fd], [WRITABLE], timeoutUs < 0 ? null : performance.now() + timeoutUs / 1000);
      }
      break;
    }
    if (c.sent === total && c.count === 0) return total;
    return [c.sent, c.sent === total ? 0 : err, c.count];
  },

  // php_network_connect_socket() (stream.cc's streamConnect): a nonblocking connect(2), then a wait
  // for writability up to the timeout (ETIMEDOUT when it passes) and SO_ERROR; the socket keeps its
  // blocking mode. An asynchronous connect never waits: the native call itself.
  streamConnect(fd: number, sockaddr: Buffer, async: boolean, timeoutUs: number): number {
    if (async) return waiting.streamConnect(fd, sockaddr, true, timeoutUs);
    const c = current;
    if (c.connecting === 0) {
      const rc = native.connectNb(fd, sockaddr);
      if (rc !== -EINPROGRESS && rc !== -EAGAIN) return rc;
      c.connecting = rc;
      c.deadline = timeoutUs < 0 ? null : performance.now() + timeoutUs / 1000;
    } else if (c.connecting === -EAGAIN) {
      // A unix listener with a full backlog: nothing to poll; connect(2) again shortly.
      const rc = native.connectNb(fd, sockaddr);
      if (rc !== -EAGAIN) return rc;
    }
    if (c.connecting === -EINPROGRESS && native.pollNow(fd, POLLOUT | POLLERR | POLLHUP) > 0) {
      const err = native.getsockoptInt(fd, SOL_SOCKET, SO_ERROR);
      return err < 0 ? err : -err;
    }
    if (c.timedOut()) return -ETIMEDOUT;
    if (c.connecting === -EAGAIN) {
      const next = performance.now() + 10;
      throw new Pending([], [], c.deadline == null ? next : Math.min(next, c.deadline), true);
    }
    throw new Pending([fd], [WRITABLE], c.deadline ?? null);
  },

  // The resolver (getaddrinfo(3), gethostbyname_r(3)) on libuv's thread pool: the first run starts
  // the look-up and waits for it; the next run gets its answer.
  getaddrinfo(...args: Parameters<NativeAddon['getaddrinfo']>): ReturnType<NativeAddon['getaddrinfo']> {
    return lookup(['getaddrinfo', ...args], (done) => native.getaddrinfoAsync(...args, done));
  },

  hostByName(name: string | Uint8Array): ReturnType<NativeAddon['hostByName']> {
    return lookup(['hostByName', name], (done) => native.hostByNameAsync(name, done));
  },

  hostByAddr(ip: string): ReturnType<NativeAddon['hostByAddr']> {
    return lookup(['hostByAddr', ip], (done) => native.hostByAddrAsync(ip, done));
  },

  // php_network_accept_incoming: poll for a connection up to the timeout (whatever the server's
  // mode; ETIMEDOUT when it passes), then accept.
  streamAccept(fd: number, timeoutUs: number, owner?: object): number {
    const c = current;
    if (c.deadline === undefined) c.deadline = timeoutUs < 0 ? null : performance.now() + timeoutUs / 1000;
    const rev = fd < 0 ? 0 : native.pollNow(fd, POLL_READABLE);
    if (rev < 0) return rev;
    if (rev > 0) {
      // Owned at once, as the sync call owns it in the same native call.
      const r = native.acceptNb(fd, owner);
      if (r !== -EAGAIN) return r;
    }
    if (c.timedOut()) return -ETIMEDOUT;
    throw new Pending(fd < 0 ? [] : [fd], [READABLE], c.deadline);
  },

  // TLS (tls.cc): the natives' own waits become the loop's. A read never waits while OpenSSL holds
  // data: SSL_read returns that without touching the socket, so "would block" means the socket
  // itself must be read.
  tlsHandshake(fd: number, blocked: boolean, timeoutUs: number): ReturnType<NativeAddon['tlsHandshake']> {
    const c = current;
    if (c.deadline === undefined) c.deadline = timeoutUs < 0 ? null : performance.now() + timeoutUs / 1000;
    const r = waiting.tlsHandshake(fd, false, -1);
    if (!blocked || (r !== 0 && r !== 2)) return r;
    if (c.timedOut()) return -1;
    throw new Pending([fd], [r === 2 ? WRITABLE : READABLE], c.deadline);
  },

  tlsRead(fd: number, length: number, blocked: boolean, timeoutUs: number): ReturnType<NativeAddon['tlsRead']> {
    const c = current;
    if (c.inWait && c.wake === 0) return null;
    const r = waiting.tlsRead(fd, length, false, -1);
    if (!blocked || r !== '') return r;
    if (c.deadline === undefined) c.deadline = timeoutUs < 0 ? null : performance.now() + timeoutUs / 1000;
    if (c.timedOut()) return null;
    c.inWait = true;
    throw new Pending([fd], [READABLE], c.deadline);
  },

  // tls.cc's write loop: SSL_write until all is written; would-block on a blocking stream waits
  // for room up to the timeout (afresh for each wait), a timeout ends it.
  tlsWrite(
    fd: number,
    data: string | Uint8Array,
    length: number,
    blocked: boolean,
    timeoutUs: number,
  ): ReturnType<NativeAddon['tlsWrite']> {
    if (!blocked) return waiting.tlsWrite(fd, data, length, false, -1);
    const c = current;
    const total = Math.min(length, byteLength(data));
    const bytes = (c.bytes ??= bytesOf(data));
    while (c.sent < total) {
      if (c.inWait && c.wake === 0) return [c.sent, -1];
      c.inWait = false;
      const r = waiting.tlsWrite(fd, bytes.subarray(c.sent, total), total - c.sent, false, -1);
      if (typeof r === 'number') {
        if (r < 0) return r;
        c.sent += r;
        c.progressed = true;
        continue;
      }
      const [n, outcome, detail] = r;
      c.sent += n;
      if (n > 0) c.progressed = true;
      if (outcome !== 0) return detail ? [c.sent, outcome, detail] : [c.sent, outcome];
      c.inWait = true;
      throw new Pending([fd], [WRITABLE], timeoutUs < 0 ? null : performance.now() + timeoutUs / 1000);
    }
    return total;
  },
};

setProbes(probes);

