// The stream functions that can block, as Promises of what the sync call returns. fread, fgetc,
// fwrite, fputs, stream_socket_accept, stream_socket_recvfrom and stream_socket_sendto run the
// sync function over the probes (driver.ts); fgets, stream_get_contents and stream_copy_to_stream,
// which read (and write) many times, run the sync function's own steps (lib/streams/file.ts: the
// argument checks, then lib/streams/core.ts's loops) with each socket read or write a step over
// the probes. One operation at a time per stream and direction.
import type { Steps } from '../streams/core.js';
import {
  copyToStreamSteps,
  fgetc as fgetcSync,
  fgetsSteps,
  fputs as fputsSync,
  fread as freadSync,
  fwrite as fwriteSync,
  getContentsSteps,
  getLineRecordSteps,
} from '../streams/file.js';
import { openSteps, type fsockopen as fsockopenSync } from '../streams/fsockopen.js';
import { enableCryptoSteps } from '../streams/stream_crypto.js';
import {
  acceptSteps,
  clientSteps,
  type stream_socket_client as clientSync,
  stream_socket_recvfrom as recvfromSync,
  stream_socket_sendto as sendtoSync,
} from '../streams/stream_socket.js';
import { isStream, stateOf, type Stream, type StreamState } from '../streams/stream.js';
import { atSite, entered, keepFrames } from '../php/caller.js';
import type { Ref } from '../php/ref.js';
import { drive, lane } from './driver.js';
import { StreamScope } from './guards.js';
import './probes.js';

type Fn = (...args: any[]) => any;
type Async<F extends Fn> = (...args: Parameters<F>) => Promise<ReturnType<F>>;

function keyOf(v: unknown): StreamState | null {
  return isStream(v) ? stateOf(v) : null;
}

/** The async form of a sync stream function whose first argument is the stream. */
function onStream<F extends Fn>(sync: F, dir: 0 | 1): Async<F> {
  const f = (...args: Parameters<F>): Promise<ReturnType<F>> => {
    const p = lane(keyOf(args[0]), dir, () => drive(() => sync(...args) as ReturnType<F>, new StreamScope([args[0]], true)));
    keepFrames(f);
    return p;
  };
  Object.defineProperty(f, 'name', { value: sync.name });
  return f;
}

/** fread(), waiting in the event loop (up to the stream's timeout) when the socket must be read. */
export const fread = onStream(freadSync, 0);
/** fgetc(). */
export const fgetc = onStream(fgetcSync, 0);
/** fwrite(): a blocking stream waits in the event loop for room, up to its timeout. */
export const fwrite = onStream(fwriteSync, 1);
/** fputs(): fwrite(). */
export const fputs = onStream(fputsSync, 1);
/**
 * stream_socket_accept(), waiting in the event loop for a connection up to `timeout` (and, on an
 * ssl:// server, for the handshake).
 */
export function stream_socket_accept(
  socket: Stream,
  timeout: number | null = null,
  peer_name?: Ref<unknown> | null,
): Promise<Stream | false> {
  return stepped([[socket, 0]], acceptSteps(arguments.length, socket, timeout, peer_name), true);
}

/** stream_socket_enable_crypto(): the handshake waits in the event loop. */
export function stream_socket_enable_crypto(
  stream: Stream,
  enable: boolean,
  crypto_method: number | null = null,
  session_stream: Stream | null = null,
): Promise<boolean | number> {
  const steps = enableCryptoSteps(arguments.length, stream, enable, crypto_method, session_stream);
  return stepped(
    [
      [stream, 0],
      [stream, 1],
    ],
    steps,
  );
}
/** stream_socket_recvfrom(). */
export const stream_socket_recvfrom = onStream(recvfromSync, 0);
/** stream_socket_sendto(). */
export const stream_socket_sendto = onStream(sendtoSync, 1);

/**
 * Runs a stream function given as steps (its argument checks, then its reads and writes, or a
 * stream-making call's look-up and connects) in its streams' lanes, each read, write or connect a
 * step that may wait in the event loop. `streams`: each stream with its lane's direction (none for
 * a call that makes its stream); `rollback`: undo a step's changes to their state when it waits
 * (guards.ts).
 */
function stepped<T>(streams: [unknown, 0 | 1][], steps: Steps<T>, rollback = false): Promise<T> {
  const p = entered((at) => {
    // The steps' code runs with the call's site (lib/php/caller.ts), so a warning raised after a
    // wait names the line of the call; it is kept before the first await.
    const body = async (): Promise<T> => {
      const scope = new StreamScope(
        streams.map(([v]) => v),
        rollback,
      );
      scope.begin();
      try {
        let r = steps.next();
        while (!r.done) {
          const step = r.value;
          const wait = atSite(at, () => scope.run(step));
          at.keep();
          const value = await wait;
          r = atSite(at, () => steps.next(value));
        }
        return r.value;
      } finally {
        scope.end();
      }
    };
    const inLanes = streams.reduceRight<() => Promise<T>>((op, [v, dir]) => () => lane(keyOf(v), dir, op), body);
    return inLanes();
  });
  keepFrames(stepped);
  return p;
}


/**
 * stream_socket_client(): the name look-up on libuv's thread pool and each connect waiting in the
 * event loop, the addresses tried in turn within one timeout, as the sync call does.
 */
export function stream_socket_client(...args: Parameters<typeof clientSync>): Promise<ReturnType<typeof clientSync>> {
  return stepped([], clientSteps(args.length, ...args));
}

/** fsockopen(), as stream_socket_client() (no context). */
export function fsockopen(...args: Parameters<typeof fsockopenSync>): Promise<ReturnType<typeof fsockopenSync>> {
  return stepped([], openSteps('fsockopen', args.length, ...args));
}

/** pfsockopen(), as fsockopen(); a live persistent stream is returned without waiting. */
export function pfsockopen(...args: Parameters<typeof fsockopenSync>): Promise<ReturnType<typeof fsockopenSync>> {
  return stepped([], openSteps('pfsockopen', args.length, ...args));
}

/** fgets(): a line, reading (and waiting in the event loop) until "\n", length - 1 bytes, end of stream or a timeout. */
export function fgets(stream: Stream, length: number | null = null): Promise<string | false> {
  return stepped([[stream, 0]], fgetsSteps(arguments.length, stream, length));
}

/** stream_get_line(): a record up to `ending` (or `length` bytes), waiting in the event loop. */
export function stream_get_line(stream: Stream, length: number, ending: string = ''): Promise<string | false> {
  return stepped([[stream, 0]], getLineRecordSteps(arguments.length, stream, length, ending));
}

/** stream_get_contents(): the rest of the stream (or `length` bytes), waiting in the event loop. */
export function stream_get_contents(
  stream: Stream,
  length: number | null = null,
  offset: number = -1,
): Promise<string | false> {
  return stepped([[stream, 0]], getContentsSteps(arguments.length, stream, length, offset));
}

/** stream_copy_to_stream(): copies in chunks of up to 8192 bytes, waiting in the event loop. */
export function stream_copy_to_stream(
  from: Stream,
  to: Stream,
  length: number | null = null,
  offset: number = 0,
): Promise<number | false> {
  return stepped(
    [
      [from, 0],
      [to, 1],
    ],
    copyToStreamSteps(arguments.length, from, to, length, offset),
  );
}
