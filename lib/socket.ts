// PHP's opaque Socket: not constructible by users, closed by socket_close() (later use throws),
// and its descriptor closed by a native finalizer when the object is collected (from the event loop
// after the collection; a loop that drops Sockets without closing them and never yields gets its
// descriptors back through lib/descriptors.ts when they run out).
import { typeError } from './php/args.js';
import type { ErrorSlot } from './last_error.js';
import { native } from './native.js';
import { newObjectId, ownObjectId } from './php/resources.js';

/** What lib/ knows of a socket. `fd` is -1 once closed; it changes only through setFd(). */
export interface SocketState extends ErrorSlot {
  readonly fd: number;
  /** The address family (PHP's php_sock->type): AF_UNIX, AF_INET or AF_INET6. */
  family: number;
  blocking: boolean;
  /**
   * The stream socket_import_stream()/socket_export_stream() linked to this socket: it owns the
   * descriptor, and socket_close() closes it (lib/streams/bridge.ts).
   */
  link?: { close(): void } | undefined;
}

const TOKEN = Symbol('php-sockets internal');

let stateOf!: (s: Socket) => SocketState;
let isSocket!: (v: unknown) => v is Socket;

/**
 * A socket, as PHP's `Socket` class: made by socket_create(), socket_accept() and the other
 * creating functions, never with `new`. Two Socket objects are never equal; a Socket is never
 * cloned or serialised.
 */
export class Socket {
  readonly #s: SocketState;
  /** PHP's object handle (spl_object_id), given when the Socket is made, as PHP numbers objects. */
  readonly #id: number;

  /** @internal */
  constructor(token?: unknown, state?: SocketState) {
    if (token !== TOKEN || !state) {
      throw new Error('Cannot directly construct Socket, use socket_create() instead');
    }
    this.#s = state;
    this.#id = newObjectId();
    Object.preventExtensions(this);
  }

  static {
    stateOf = (s) => s.#s;
    isSocket = (v): v is Socket => typeof v === 'object' && v !== null && #s in v;
    ownObjectId((v) => (#id in v ? v.#id : undefined));
  }

  get [Symbol.toStringTag](): string {
    return 'Socket';
  }
}
Object.freeze(Socket.prototype);

/**
 * A new Socket on fd, which it owns from here on (its finalizer closes fd when the Socket is
 * collected) unless `own` is false. With fd -1, a Socket to pass as the owner to the native call
 * that makes its descriptor (native.socket/accept/socketpair own it in the same call), then
 * given it with setSocketFd().
 */
export function newSocket(fd: number, family: number, own = true): Socket {
  const sock = new Socket(TOKEN, { fd, family, error: 0, blocking: true });
  if (own && fd >= 0) native.own(sock, fd);
  return sock;
}

// Held Sockets. The native call that makes a descriptor for socket_create() or socket_accept()
// is given `true` for the owner: the descriptor is owned from that instant (closed at the
// environment's teardown) but has no Node-API reference yet, and its Socket is kept here, strongly,
// until adoptHeld() gives it one (native.adopt: its finalizer then closes the descriptor when the
// Socket is collected). That happens once HELD_MAX Sockets are held, when the event loop next
// runs, and before lib forces a collection (lib/descriptors.ts), so a dropped Socket is still
// closed by a collection. A loop that closes what it makes (the usual case) never pays for the
// reference: adoptHeld() skips closed Sockets.
const HELD_MAX = 64;
// A new array after each adoption (length 0), in the young generation like the Sockets stored in
// it: storing them into an old array would take the write barrier's slow path every time.
const held: Socket[] = [];
let adoptScheduled = false;

/** Gives every held Socket still open (and not a stream's) its reference; the list empties. */
export function adoptHeld(): void {
  for (const sock of held) {
    const s = stateOf(sock);
    if (s.fd >= 0 && s.link === undefined) native.adopt(sock, s.fd);
  }
  held.length = 0;
}

function adoptSoon(): void {
  adoptScheduled = false;
  adoptHeld();
}

/** A new Socket on fd, which a native call has just made and held (given `true` for the owner). */
export function heldSocket(fd: number, family: number): Socket {
  const sock = new Socket(TOKEN, { fd, family, error: 0, blocking: true });
  if (held.push(sock) >= HELD_MAX) {
    adoptHeld();
  } else if (!adoptScheduled) {
    adoptScheduled = true;
    setImmediate(adoptSoon).unref();
  }
  return sock;
}

// Counts changes of any Socket's descriptor, and of any Stream's descriptor or open state:
// socket_select and stream_select trust the descriptors they read from the same Sockets or
// Streams in an earlier call while this has not moved.
let fdEpoch = 0;

/** How many times a Socket's or Stream's descriptor has changed (select's check that its list is current). */
export function socketFdEpoch(): number {
  return fdEpoch;
}

/** Counts a change of a Stream's descriptor or open state (lib/streams/stream.ts, the async guards). */
export function streamFdChanged(): void {
  fdEpoch++;
}

/** Sets a socket's descriptor (the one way to change it, so socketFdEpoch() counts every change). */
export function setFd(s: SocketState, fd: number): void {
  (s as { fd: number }).fd = fd;
  fdEpoch++;
}

/** Gives a Socket from newSocket(-1, …) the descriptor a native call made for it. */
export function setSocketFd(sock: Socket, fd: number): Socket {
  setFd(stateOf(sock), fd);
  return sock;
}

/**
 * zpp's type check of a Socket argument alone, for functions that parse their other parameters
 * before PHP's closed check (socketArg then does that check).
 */
export function socketType(v: unknown, fn: string, n = 1, name = 'socket'): asserts v is Socket {
  if (!isSocket(v)) throw typeError(fn, n, name, 'Socket', v);
}

/** Argument #n ($socket) of type Socket: its state, or PHP's TypeError / closed Error. */
export function socketArg(v: unknown, fn: string, n = 1, name = 'socket'): SocketState {
  socketType(v, fn, n, name);
  const s = stateOf(v);
  if (s.fd < 0) throw new Error(`${fn}(): Argument #${n} ($${name}) has already been closed`);
  return s;
}

/** Argument of type ?Socket: null for null/undefined. */
export function optionalSocketArg(v: unknown, fn: string, n = 1, name = 'socket'): SocketState | null {
  if (v === null || v === undefined) return null;
  if (!isSocket(v)) throw typeError(fn, n, name, '?Socket', v);
  return socketArg(v, fn, n, name);
}

/** Closes the socket's descriptor and marks it closed; the finalizer is disarmed. */
export function closeSocket(sock: Socket): void {
  const s = stateOf(sock);
  const fd = s.fd;
  setFd(s, -1);
  const link = s.link;
  if (link) {
    s.link = undefined;
    link.close();
    return;
  }
  native.close(fd);
}

export { isSocket, stateOf };
