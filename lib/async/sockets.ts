// The socket_* functions that can block, as Promises of what the sync call returns. Each runs the
// sync function over the probes (driver.ts), in its socket's lane: one operation at a time per
// socket and direction (accept and receives read; connect and sends write), in call order.
import { socket_accept as acceptSync, socket_connect as connectSync } from '../functions/connection.js';
import { socket_read_into as readIntoSync } from '../functions/buffers.js';
import { socket_read as readSync, socket_write as writeSync } from '../functions/io.js';
import { socket_recvmsg as recvmsgSync, socket_sendmsg as sendmsgSync } from '../functions/messages.js';
import {
  socket_recv as recvSync,
  socket_recvfrom as recvfromSync,
  socket_send as sendSync,
  socket_sendto as sendtoSync,
} from '../functions/sendrecv.js';
import { isSocket, stateOf } from '../socket.js';
import { framesWanted, KEPT, keptFrames } from '../php/caller.js';
import { drive, lane } from './driver.js';
import { SocketScope } from './guards.js';
import './probes.js';

type Fn = (...args: any[]) => any;
type Async<F extends Fn> = (...args: Parameters<F>) => Promise<ReturnType<F>>;

/**
 * The async form of a sync socket function whose first argument is the Socket. `soft`: the sync
 * function's would-block path changes only the error codes, so its probes need not throw
 * (driver.ts, Call.soft).
 */
function onSocket<F extends Fn>(sync: F, dir: 0 | 1, soft = false): Async<F> {
  const run = (args: Parameters<F>): Promise<ReturnType<F>> => {
    const sock = args[0];
    const key = isSocket(sock) ? stateOf(sock) : null;
    // The arguments go on as given: the sync function counts them as PHP does.
    return lane(key, dir, () => drive(() => sync(...args) as ReturnType<F>, new SocketScope(key), soft));
  };
  // The capture of the caller's frames is in this function's own body (lib/php/caller.ts:
  // framesWanted), so that the walk meets no frame of ours but this one.
  const f = (...args: Parameters<F>): Promise<ReturnType<F>> => {
    const p = run(args);
    if (framesWanted()) {
      const frames = {};
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = KEPT;
      Error.captureStackTrace(frames, f);
      Error.stackTraceLimit = limit;
      keptFrames(frames);
    }
    return p;
  };
  Object.defineProperty(f, 'name', { value: sync.name });
  return f;
}

/** socket_accept(), waiting in the event loop for a connection (SO_RCVTIMEO applies). */
export const socket_accept = onSocket(acceptSync, 0, true);
/** socket_connect(), waiting in the event loop for the handshake (SO_SNDTIMEO applies). */
export const socket_connect = onSocket(connectSync, 1, true);
/** socket_read(), binary or PHP_NORMAL_READ, waiting in the event loop for data. */
export const socket_read = onSocket(readSync, 0, true);
/** socket_write(): a blocking socket sends everything, waiting in the event loop for room. */
export const socket_write = onSocket(writeSync, 1, true);
/** socket_recv(); MSG_WAITALL (without MSG_PEEK) waits for all `length` bytes. */
export const socket_recv = onSocket(recvSync, 0);
/** socket_recvfrom(). */
export const socket_recvfrom = onSocket(recvfromSync, 0);
/** socket_send(). */
export const socket_send = onSocket(sendSync, 1, true);
/** socket_sendto(). */
export const socket_sendto = onSocket(sendtoSync, 1);
/** socket_recvmsg(). */
export const socket_recvmsg = onSocket(recvmsgSync, 0);
/** socket_sendmsg(). */
export const socket_sendmsg = onSocket(sendmsgSync, 1);
/** socket_read_into() (php-sockets extension); MSG_WAITALL waits for all `length` bytes. */
export const socket_read_into = onSocket(readIntoSync, 0, true);
