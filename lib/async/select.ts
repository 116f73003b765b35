// socket_select and stream_select: answered at once when something is ready (or the timeout is
// zero); otherwise every descriptor in the sets is polled in the event loop until one is ready or
// the timeout passes, and the sync function answers again, filtering the sets in place.
import { socket_select as socketSelectSync, type SocketSet } from '../functions/select.js';
import { stream_select as streamSelectSync, type StreamSet } from '../streams/select.js';
import { keepFrames } from '../php/caller.js';
import { drive } from './driver.js';
import './probes.js';

/**
 * socket_select() without blocking: resolves with what the sync call returns (the count, 0 on
 * timeout, or false) once a socket is ready or the timeout passes; the sets are filtered in place
 * then. A socket closed during the wait makes it reject as the sync call would throw for it.
 */
export function socket_select(
  read: SocketSet | undefined,
  write: SocketSet | undefined,
  except: SocketSet | undefined,
  seconds: number | null,
  microseconds?: number,
): Promise<number | false> {
  const args = [read, write, except, seconds, microseconds].slice(0, arguments.length) as Parameters<
    typeof socketSelectSync
  >;
  const p = drive(() => socketSelectSync(...args));
  keepFrames(socket_select);
  return p;
}

/** stream_select() without blocking: as socket_select() above, with stream_select's rules. */
export function stream_select(
  read: StreamSet | undefined,
  write: StreamSet | undefined,
  except: StreamSet | undefined,
  seconds: number | null,
  microseconds?: number | null,
): Promise<number | false> {
  const args = [read, write, except, seconds, microseconds].slice(0, arguments.length) as Parameters<
    typeof streamSelectSync
  >;
  const p = drive(() => streamSelectSync(...args));
  keepFrames(stream_select);
  return p;
}
