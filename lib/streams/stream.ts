// PHP's socket stream resource: an opaque Stream object, never constructed by users. Its
// descriptor is closed by fclose(), or by a native finalizer when the object is collected (as PHP
// frees a resource nobody references). The state is PHP's php_stream + php_netstream_data_t: the
// read buffer, the position, the eof flag, blocking mode, timeout and timed_out.
import { isResource, typeError } from '../php/args.js';
import type { StreamContext } from './context.js';
import { native } from '../native.js';
import { setFd as setSocketStateFd, streamFdChanged, type SocketState } from '../socket.js';
import { tlsUnavailable, type StreamTls } from './crypto.js';
import { defaultTimeout } from '../php/ini.js';
import { registerResource, resourceOf } from '../php/resources.js';

/** Which of PHP's socket stream ops a stream has: its stream_type label and datagram-ness. */
export type StreamKind = 'tcp' | 'udp' | 'unix' | 'udg' | 'generic';

const LABELS: Record<StreamKind, string> = {
  // The openssl extension registers tcp:// (so PHP reports its label with "/ssl"); without
  // OpenSSL (label()) it is xp_socket's own "tcp_socket".
  tcp: 'tcp_socket/ssl',
  udp: 'udp_socket',
  unix: 'unix_socket',
  udg: 'udg_socket',
  generic: 'generic_socket',
};

/** A descriptor number no process has: a Socket whose linked stream was fclose()d gets EBADF. */
export const GONE_FD = 0x7fffffff;

/** What lib/streams knows of a stream. */
export interface StreamState {
  /** The socket, or -1 when the stream has none (created without connecting or binding). */
  fd: number;
  /** False once fclose()d (PHP: the resource is freed). */
  open: boolean;
  kind: StreamKind;
  /** The read buffer: bytes [pos, buf.length) are unread. */
  buf: string;
  pos: number;
  /** stream->position: bytes read and written so far (what stream_get_contents' offset counts). */
  position: number;
  eof: boolean;
  /** is_blocked: the stream waits (with its timeout) for data and buffer space. */
  blocked: boolean;
  /** The timeout (struct timeval); tvSec -1 waits forever. */
  tvSec: number;
  tvUsec: number;
  timedOut: boolean;
  /**
   * stream_select reported the stream readable since its last socket read: the next one tries
   * recv before polling (the poll PHP makes first would return at once).
   */
  selected: boolean;
  /** In the list of streams that may have buffered data (noteBuffered()). */
  listed: boolean;
  /** socket_import_stream()/socket_export_stream() and stream_set_read_buffer(s, 0) turn the read buffer off. */
  noBuffer: boolean;
  /** stream->chunk_size: what one read asks for (stream_set_chunk_size; 1 reads unbuffered). */
  chunkSize: number;
  /** The persistent-list key of pfsockopen() / STREAM_CLIENT_PERSISTENT streams. */
  persistentKey: string | null;
  /**
   * PHP_STREAM_FLAG_NO_IO: a listening server stream; its liveness check polls before it peeks,
   * so feof() is false until a connection is pending (then recv's ENOTCONN makes it true).
   */
  noIo: boolean;
  /** Sockets made from or exported as this stream; they share its descriptor. */
  sockets: SocketState[];
  /** Whether the Stream object owns the descriptor (its finalizer closes it; fclose() does). */
  owned: boolean;
  /** stream->ctx: the stream's context (null for none: fsockopen(), stream_socket_pair()). */
  context: StreamContext | null;
  /** TLS (ssl://, tls://, stream_socket_enable_crypto), or null for a plain stream. */
  tls: StreamTls | null;
  /** The PHP function last called on the stream (the prefix of warnings raised deep in a read). */
  fn: string;
}

const TOKEN = Symbol('php-sockets internal');

let stateOf!: (s: Stream) => StreamState;
let isStream!: (v: unknown) => v is Stream;

/**
 * A socket stream, as PHP's stream resource: made by stream_socket_server(),
 * stream_socket_client(), stream_socket_accept(), stream_socket_pair(), fsockopen() and
 * socket_export_stream(), never with `new`. Closed by fclose(); a stream nobody references has its
 * descriptor closed when it is garbage-collected.
 */
export class Stream {
  readonly #s: StreamState;

  /** @internal */
  constructor(token?: unknown, state?: StreamState) {
    if (token !== TOKEN || !state) {
      throw new Error('Cannot directly construct Stream, use stream_socket_client() or fsockopen() instead');
    }
    this.#s = state;
    Object.preventExtensions(this);
  }

  static {
    stateOf = (s) => s.#s;
    isStream = (v): v is Stream => typeof v === 'object' && v !== null && #s in v;
  }

  get [Symbol.toStringTag](): string {
    return 'Stream';
  }

  /** PHP's conversions of a resource: (int)$stream is its id, (string)$stream "Resource id #5". */
  [Symbol.toPrimitive](hint: string): number | string {
    const id = resourceOf(this)?.id ?? 0;
    return hint === 'number' ? id : `Resource id #${id}`;
  }
}
Object.freeze(Stream.prototype);

/** The type name PHP reports for the stream resource: a freed one is "Unknown". */
function typeName(s: StreamState): string {
  if (!s.open) return 'Unknown';
  return s.persistentKey === null ? 'stream' : 'persistent stream';
}

/**
 * A new stream of `kind` on `fd` (-1: none yet), blocking, with default_socket_timeout. It takes
 * the next resource id, unless `resource` is false (an internal stand-in PHP never sees).
 */
export function newStream(fd: number, kind: StreamKind, resource = true): Stream {
  const state: StreamState = {
    fd,
    open: true,
    kind,
    buf: '',
    pos: 0,
    position: 0,
    eof: false,
    blocked: true,
    tvSec: defaultTimeout(),
    tvUsec: 0,
    timedOut: false,
    selected: false,
    listed: false,
    noBuffer: false,
    chunkSize: 8192,
    persistentKey: null,
    noIo: false,
    sockets: [],
    owned: false,
    context: null,
    tls: null,
    fn: '',
  };
  const stream = new Stream(TOKEN, state);
  if (resource) registerResource(stream, () => typeName(state));
  if (fd >= 0) setFd(stream, fd);
  return stream;
}

/** Gives the stream its descriptor; the Stream object owns it from here on. */
export function setFd(stream: Stream, fd: number): void {
  const s = stateOf(stream);
  s.fd = fd;
  streamFdChanged();
  native.own(stream, fd);
  s.owned = true;
}

// The streams that may have buffered data: unread bytes in the read buffer, or active TLS (OpenSSL
// may hold decrypted bytes). Every place that leaves bytes in a buffer, and the TLS handshake,
// lists the stream (noteBuffered); anyBuffered() drops those that have neither. stream_select
// looks at each stream of its read set for buffered data only while a stream is listed, so a
// steady call over streams with empty buffers (the common case) does no per-stream work for it.
const maybeBuffered: StreamState[] = [];
// The list's length after its last clean-up: it is cleaned again once it doubles, so streams
// read by a program that never calls stream_select are not kept for ever.
let cleaned = 0;

function hasBuffered(s: StreamState): boolean {
  return s.pos < s.buf.length || (s.tls !== null && s.tls.active);
}

/** Lists a stream that may now have buffered data (see maybeBuffered). */
export function noteBuffered(s: StreamState): void {
  if (s.listed) return;
  s.listed = true;
  maybeBuffered.push(s);
  if (maybeBuffered.length > 2 * cleaned + 64) anyBuffered();
}

/** Whether any stream may have buffered data; drops from the list those that have none. */
export function anyBuffered(): boolean {
  const list = maybeBuffered;
  if (list.length === 0) return false;
  let j = 0;
  for (let i = 0; i < list.length; i++) {
    const s = list[i]!;
    if (hasBuffered(s)) list[j++] = s;
    else s.listed = false;
  }
  list.length = j;
  cleaned = j;
  return j > 0;
}

/** The stream_type label stream_get_meta_data() reports. */
export function label(s: StreamState): string {
  if (s.kind === 'tcp' && tlsUnavailable() !== null) return 'tcp_socket';
  return LABELS[s.kind];
}

// What another resource (a StreamContext) is to php_stream_from_zval(): not a stream, as a freed
// one is not.
let notAStream: Stream | null = null;

/**
 * zpp's Z_PARAM_RESOURCE: a Stream, open or not. Another resource passes too, as a freed stream
 * (openState() then throws PHP's "supplied resource is not a valid stream resource").
 */
export function resourceArg(v: unknown, fn: string, n = 1, name = 'stream'): Stream {
  if (isStream(v)) return v;
  if (!isResource(v)) throw typeError(fn, n, name, 'resource', v);
  if (!notAStream) {
    notAStream = newStream(-1, 'generic', false);
    stateOf(notAStream).open = false;
  }
  return notAStream;
}

/** php_stream_from_zval(): the state of an open stream, or PHP's TypeError for a freed one. */
export function openState(stream: Stream, fn: string): StreamState {
  const s = stateOf(stream);
  if (!s.open) throw new TypeError(`${fn}(): supplied resource is not a valid stream resource`);
  s.fn = fn;
  return s;
}

/** Both: argument #n must be an open stream. */
export function streamArg(v: unknown, fn: string, n = 1, name = 'stream'): StreamState {
  return openState(resourceArg(v, fn, n, name), fn);
}

const persistent = new Map<string, Stream>();

/** The persistent stream registered under `key`, if any. */
export function persistentStream(key: string): Stream | undefined {
  return persistent.get(key);
}

export function registerPersistent(stream: Stream, key: string): void {
  stateOf(stream).persistentKey = key;
  persistent.set(key, stream);
}

/**
 * Frees the stream (fclose(), socket_close() of a linked Socket, a failed connect): closes its
 * descriptor once and disarms the finalizer. Linked Sockets keep a descriptor number nobody has,
 * so their calls fail with EBADF as in PHP, where they keep the closed number.
 */
export function closeStream(stream: Stream): void {
  const s = stateOf(stream);
  if (!s.open) return;
  s.open = false;
  streamFdChanged();
  if (s.tls !== null) s.tls.active = false;
  s.buf = '';
  s.pos = 0;
  if (s.persistentKey !== null && persistent.get(s.persistentKey) === stream) persistent.delete(s.persistentKey);
  if (s.owned) {
    s.owned = false;
    native.close(s.fd);
  }
  for (const sock of s.sockets) if (sock.fd >= 0) setSocketStateFd(sock, GONE_FD);
  s.sockets = [];
}

export { isStream, stateOf };
