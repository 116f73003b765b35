// The stream functions that can block, as Promises of what the sync call returns. fread, fgetc,
// fwrite, fputs, stream_socket_accept, stream_socket_recvfrom and stream_socket_sendto run the
// sync function over the probes (driver.ts); fgets, stream_get_contents and stream_copy_to_stream,
// which read (and write) many times, run lib/streams/core.ts's loops with each socket read or write
// a sync step over the probes. One operation at a time per stream and direction.
import { arity, toInt, toIntOrNull } from '../php/args.js';
import { atSite, type CallSite, entered } from '../php/caller.js';
import { ValueError, warn } from '../php/errors.js';
import type { Ref } from '../php/ref.js';
import {
  copyToMemSteps,
  copyToStreamSteps,
  getLineSteps,
  seekToSteps,
  streamSeekSteps,
  type Steps,
} from '../streams/core.js';
import {
  fgetc as fgetcSync,
  fputs as fputsSync,
  fread as freadSync,
  fwrite as fwriteSync,
  getRecordCall,
} from '../streams/file.js';
import { enableCryptoSteps } from '../streams/stream_crypto.js';
import { openSteps, type fsockopen as fsockopenSync } from '../streams/fsockopen.js';
import {
  acceptSteps,
  clientSteps,
  type stream_socket_client as clientSync,
  stream_socket_recvfrom as recvfromSync,
  stream_socket_sendto as sendtoSync,
} from '../streams/stream_socket.js';
import { isStream, openState, resourceArg, stateOf, type Stream, type StreamState } from '../streams/stream.js';
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
  const f = (...args: Parameters<F>): Promise<ReturnType<F>> =>
    lane(keyOf(args[0]), dir, () => drive(() => sync(...args) as ReturnType<F>, new StreamScope([args[0]], true)));
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
  const given = arguments.length;
  return lane(keyOf(socket), 0, () => {
    const scope = new StreamScope([socket], true);
    return scoped(scope, () => runSteps(scope, acceptSteps(given, socket, timeout, peer_name)));
  });
}

/** stream_socket_enable_crypto(): the handshake waits in the event loop. */
export function stream_socket_enable_crypto(
  stream: Stream,
  enable: boolean,
  crypto_method: number | null = null,
  session_stream: Stream | null = null,
): Promise<boolean | number> {
  const given = arguments.length;
  return lane(keyOf(stream), 0, () =>
    lane(keyOf(stream), 1, () => {
      const scope = new StreamScope([stream]);
      return scoped(scope, () => runSteps(scope, enableCryptoSteps(given, stream, enable, crypto_method, session_stream)));
    }),
  );
}
/** stream_socket_recvfrom(). */
export const stream_socket_recvfrom = onStream(recvfromSync, 0);
/** stream_socket_sendto(). */
export const stream_socket_sendto = onStream(sendtoSync, 1);

/**
 * Runs one of core.ts's loops, each socket read and write a step that may wait; the loop's code
 * and each step run with the call site of the call that started it (diagnostics name it).
 */
function runSteps<T>(scope: StreamScope, steps: Steps<T>): Promise<T> {
  return entered((at) => stepping(scope, steps, at));
}

async function stepping<T>(scope: StreamScope, steps: Steps<T>, at: CallSite): Promise<T> {
  let r = steps.next();
  while (!r.done) {
    const step = r.value;
    const wait = atSite(at, () => scope.run(step));
    at.keep();
    const value = await wait;
    r = atSite(at, () => steps.next(value));
  }
  return r.value;
}

/** Runs a multi-step call with its streams' closed-while-waiting stand-in in place. */
async function scoped<T>(scope: StreamScope, body: () => Promise<T>): Promise<T> {
  scope.begin();
  try {
    return await body();
  } finally {
    scope.end();
  }
}

/** Runs a stream-making call's steps (name look-up, connects) with nothing to guard yet. */
async function making<T>(steps: () => Steps<T>): Promise<T> {
  return runSteps(new StreamScope([]), steps());
}

/**
 * stream_socket_client(): the name look-up on libuv's thread pool and each connect waiting in the
 * event loop, the addresses tried in turn within one timeout, as the sync call does.
 */
export function stream_socket_client(...args: Parameters<typeof clientSync>): Promise<ReturnType<typeof clientSync>> {
  return making(() => clientSteps(args.length, ...args));
}

/** fsockopen(), as stream_socket_client() (no context). */
export function fsockopen(...args: Parameters<typeof fsockopenSync>): Promise<ReturnType<typeof fsockopenSync>> {
  return making(() => openSteps('fsockopen', args.length, ...args));
}

/** pfsockopen(), as fsockopen(); a live persistent stream is returned without waiting. */
export function pfsockopen(...args: Parameters<typeof fsockopenSync>): Promise<ReturnType<typeof fsockopenSync>> {
  return making(() => openSteps('pfsockopen', args.length, ...args));
}

/** fgets(): a line, reading (and waiting in the event loop) until "\n", length - 1 bytes, end of stream or a timeout. */
export function fgets(stream: Stream, length: number | null = null): Promise<string | false> {
  const given = arguments.length;
  return lane(keyOf(stream), 0, async () => {
    const fn = 'fgets';
    arity(fn, given, 1, 2);
    const res = resourceArg(stream, fn);
    const max = toIntOrNull(length, fn, 2, 'length');
    const s = openState(res, fn);
    if (max !== null && max <= 0) throw new ValueError(`${fn}(): Argument #2 ($length) must be greater than 0`);
    const scope = new StreamScope([stream]);
    const line = await scoped(scope, () => runSteps(scope, getLineSteps(s, max)));
    return line === null ? false : line;
  });
}

/** stream_get_line(): a record up to `ending` (or `length` bytes), waiting in the event loop. */
export function stream_get_line(stream: Stream, length: number, ending: string = ''): Promise<string | false> {
  const given = arguments.length;
  return lane(keyOf(stream), 0, async () => {
    const steps = getRecordCall(given, stream, length, ending);
    const scope = new StreamScope([stream]);
    const line = await scoped(scope, () => runSteps(scope, steps));
    return line === null ? false : line;
  });
}

/** stream_get_contents(): the rest of the stream (or `length` bytes), waiting in the event loop. */
export function stream_get_contents(
  stream: Stream,
  length: number | null = null,
  offset: number = -1,
): Promise<string | false> {
  const given = arguments.length;
  return lane(keyOf(stream), 0, async () => {
    const fn = 'stream_get_contents';
    arity(fn, given, 1, 3);
    const res = resourceArg(stream, fn);
    const max = toIntOrNull(length, fn, 2, 'length');
    const at = toInt(offset, fn, 3, 'offset');
    if (max !== null && max < -1) {
      throw new ValueError(`${fn}(): Argument #2 ($length) must be greater than or equal to -1`);
    }
    const s = openState(res, fn);
    const scope = new StreamScope([stream]);
    // One loop (seek, then read), so all of it runs with the call's site.
    return scoped(scope, () =>
      runSteps(
        scope,
        (function* (): Steps<string | false> {
          if (at >= 0 && !(yield* seekToSteps(s, fn, at))) return false;
          return yield* copyToMemSteps(s, max === null || max === -1 ? null : max);
        })(),
      ),
    );
  });
}

/** stream_copy_to_stream(): copies in chunks of up to 8192 bytes, waiting in the event loop. */
export function stream_copy_to_stream(
  from: Stream,
  to: Stream,
  length: number | null = null,
  offset: number = 0,
): Promise<number | false> {
  const given = arguments.length;
  return lane(keyOf(from), 0, () =>
    lane(keyOf(to), 1, async () => {
      const fn = 'stream_copy_to_stream';
      arity(fn, given, 2, 4);
      const src = resourceArg(from, fn, 1, 'from');
      const dest = resourceArg(to, fn, 2, 'to');
      const max = toIntOrNull(length, fn, 3, 'length');
      const at = toInt(offset, fn, 4, 'offset');
      const s = openState(src, fn);
      const d = openState(dest, fn);
      const scope = new StreamScope([from, to]);
      return scoped(scope, () =>
        runSteps(
          scope,
          (function* (): Steps<number | false> {
            if (at > 0 && !(yield* streamSeekSteps(s, fn, at, false))) {
              warn(fn, `Failed to seek to position ${at} in the stream`);
              return false;
            }
            return yield* copyToStreamSteps(s, d, fn, max === null || max < 0 ? null : max);
          })(),
        ),
      );
    }),
  );
}
