// PHP's message arrays <-> struct msghdr parts: socket_sendmsg()'s ['name', 'iov', 'control'],
// socket_recvmsg()'s ['name', 'buffer_size', 'controllen'] in and ['name', 'control', 'iov',
// 'flags'] out. Conversion errors throw ConversionError with PHP's path.
import { native } from '../native.js';
import { isPhpArray } from '../php/zval.js';
import type { SocketState } from '../socket.js';
import { ancillaryEntry, Received } from './ancillary.js';
import type { Ctx } from './context.js';
import { nativeName, userName, userNameLength } from './sockaddr.js';
import { get, integerCommon, intField, phpBytes } from './values.js';

const DEFAULT_BUFFER_SIZE = 8192;
const MAX_BUFFER_SIZE = 104857600;

export interface SendParts {
  name: Buffer | null;
  iov: (string | Uint8Array)[];
  control: [number, number, Uint8Array][];
}

export interface RecvParts {
  nameLen: number;
  bufferSize: number;
  controlLen: number;
}

export type NativeRecv = [number, string, Buffer | null, [number, number, number, Buffer][], number];

/** The elements of a PHP array in order, after PHP's "expected an array here" check. */
function elements(ctx: Ctx, v: unknown): unknown[] {
  if (!isPhpArray(v)) ctx.fail('expected an array here');
  return Object.values(v);
}

function userCmsg(ctx: Ctx, s: SocketState, cmsg: unknown): [number, number, Uint8Array] {
  if (!isPhpArray(cmsg)) ctx.fail('expected an array here');
  // A missing level or type is an uninitialised int in PHP 8.2; we use 0.
  const int = (key: string) => {
    const v = get(cmsg, key);
    return v === undefined ? 0 : ctx.at(key, () => intField(ctx, v, 'int'));
  };
  const level = int('level');
  const type = int('type');
  const entry = ancillaryEntry(level, type);
  if (!entry) ctx.fail(`cmsghdr with level ${level} and type ${type} not supported`);
  const data = get(cmsg, 'data');
  let length = entry.size;
  if (entry.calcSpace) {
    if (data === undefined) ctx.fail("cmsghdr should have a 'data' element here");
    length = entry.calcSpace(ctx, data);
  }
  const payload = Buffer.alloc(length);
  if (data !== undefined) ctx.at('data', () => entry.write(ctx, s, data, payload));
  return [level, type, payload];
}

/** socket_sendmsg()'s message: every key optional, unknown keys ignored. */
export function userSendMsg(ctx: Ctx, s: SocketState, msg: Record<string, unknown>): SendParts {
  const parts: SendParts = { name: null, iov: [], control: [] };
  const name = get(msg, 'name');
  if (name !== undefined) parts.name = ctx.at('name', () => userName(ctx, s, name));
  const iov = get(msg, 'iov');
  if (iov !== undefined) {
    ctx.at('iov', () =>
      elements(ctx, iov).forEach((el, i) => parts.iov.push(ctx.at(`element #${i + 1}`, () => phpBytes(ctx, el)))),
    );
  }
  const control = get(msg, 'control');
  if (control !== undefined) {
    ctx.at('control', () =>
      elements(ctx, control).forEach((el, i) =>
        parts.control.push(ctx.at(`element #${i}`, () => userCmsg(ctx, s, el))),
      ),
    );
  }
  return parts;
}

/** socket_recvmsg()'s message: 'controllen' required; 'name' asks for the sender's address. */
export function userRecvMsg(ctx: Ctx, s: SocketState, msg: Record<string, unknown>): RecvParts {
  const parts: RecvParts = { nameLen: 0, bufferSize: DEFAULT_BUFFER_SIZE, controlLen: 0 };
  const name = get(msg, 'name');
  if (name !== undefined) parts.nameLen = ctx.at('name', () => userNameLength(ctx, s, name));
  const size = get(msg, 'buffer_size');
  if (size !== undefined) {
    parts.bufferSize = ctx.at('buffer_size', () => {
      const n = integerCommon(ctx, size);
      if (n < 0n || n > BigInt(MAX_BUFFER_SIZE)) {
        ctx.fail(`the buffer size must be between 1 and ${MAX_BUFFER_SIZE}; given ${n}`);
      }
      return Number(n);
    });
  }
  const controllen = get(msg, 'controllen');
  if (controllen === undefined) ctx.fail("The key 'controllen' is required");
  parts.controlLen = ctx.at('controllen', () => {
    const n = intField(ctx, controllen, 'uint32');
    if (n === 0) ctx.fail('controllen cannot be 0');
    return n;
  });
  return parts;
}

function nativeCmsg(ctx: Ctx, item: [number, number, number, Buffer], received: Received): unknown {
  const [level, type, cmsgLen, payload] = item;
  const entry = ancillaryEntry(level, type);
  if (!entry) ctx.fail(`cmsghdr with level ${level} and type ${type} not supported`);
  const least = native.cmsgLen(entry.size);
  if (least > cmsgLen) {
    ctx.fail(`the cmsghdr structure is unexpectedly small; expected a length of at least ${least}, but got ${cmsgLen}`);
  }
  return entry.read(ctx, payload, received);
}

/**
 * What recvmsg() got, as PHP's ['name', 'control', 'iov', 'flags']. On a conversion error every
 * descriptor received is closed (Sockets made from them included) before the error propagates.
 */
export function nativeRecvMsg(ctx: Ctx, r: NativeRecv): Record<string, unknown> {
  const [count, data, name, control, flags] = r;
  const received = new Received(control);
  try {
    return {
      name: ctx.at('name', () => nativeName(ctx, name)),
      control: ctx.at('control', () =>
        control.map((item, i) =>
          ctx.at(`element #${i + 1}`, () => ({
            level: item[0],
            type: item[1],
            data: ctx.at('data', () => nativeCmsg(ctx, item, received)),
          })),
        ),
      ),
      iov: count > 0 ? [data] : [],
      flags,
    };
  } catch (e) {
    received.discard();
    throw e;
  }
}
