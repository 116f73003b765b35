// The control messages PHP 8.2 knows on Linux (its ancillary registry), each with its payload
// size and its conversions both ways: SCM_RIGHTS, SCM_CREDENTIALS, IPV6_PKTINFO, IPV6_HOPLIMIT
// and IPV6_TCLASS.
import { native } from '../native.js';
import { cString } from '../php/bytes.js';
import { isPhpArray, isPhpInt } from '../php/zval.js';
import { closeSocket, isSocket, newSocket, stateOf, type Socket, type SocketState } from '../socket.js';
import { readI32, readU32, writeI32, writeU32 } from './bytes.js';
import type { Ctx } from './context.js';
import { resolveAddr } from './sockaddr.js';
import { get, intField, phpString } from './values.js';
import {
  AF_INET6,
  IPPROTO_IPV6,
  IPV6_HOPLIMIT,
  IPV6_PKTINFO,
  IPV6_TCLASS,
  SCM_CREDENTIALS,
  SCM_RIGHTS,
  SOL_SOCKET,
} from '../constants.js';
import { S_IFSOCK } from '../platform.js';

const UINT_MAX = 4294967295n;

/** Descriptors received in one message: closed unless a Socket took them over. */
export class Received {
  private readonly pending = new Set<number>();
  private readonly sockets: Socket[] = [];

  constructor(control: [number, number, number, Buffer][]) {
    for (const [level, type, , payload] of control) {
      if (level !== SOL_SOCKET || type !== SCM_RIGHTS) continue;
      for (let at = 0; at + 4 <= payload.length; at += 4) this.pending.add(readI32(payload, at));
    }
  }

  adopt(fd: number, family: number, nonblocking: boolean): Socket {
    const sock = newSocket(fd, family);
    stateOf(sock).blocking = !nonblocking;
    this.pending.delete(fd);
    this.sockets.push(sock);
    return sock;
  }

  /** After a failed conversion: PHP frees what it built; we also close what it would leak. */
  discard(): void {
    for (const fd of this.pending) native.close(fd);
    for (const sock of this.sockets) closeSocket(sock);
    this.pending.clear();
  }
}

export interface Entry {
  /** The fixed payload size, and the size of each element of a variable one (SCM_RIGHTS). */
  size: number;
  varElSize: number;
  /** Payload length for `data`, for variable entries; errors are reported at the element. */
  calcSpace?(ctx: Ctx, data: unknown): number;
  write(ctx: Ctx, s: SocketState, data: unknown, payload: Buffer): void;
  read(ctx: Ctx, payload: Buffer, received: Received): unknown;
}

/** Required fields, converted in order; the first missing one is an error at the struct's path. */
function required(ctx: Ctx, arr: unknown, convert: Record<string, (v: unknown) => void>): void {
  if (!isPhpArray(arr)) ctx.fail('expected an array here');
  for (const [key, f] of Object.entries(convert)) {
    const v = get(arr, key);
    if (v === undefined) ctx.fail(`The key '${key}' is required`);
    ctx.at(key, () => f(v));
  }
}

const int: Entry = {
  size: 4,
  varElSize: 0,
  write: (ctx, _s, data, payload) => writeI32(payload, 0, intField(ctx, data, 'int')),
  read: (_ctx, payload) => readI32(payload, 0),
};

const credentials: Entry = {
  size: 12,
  varElSize: 0,
  write: (ctx, _s, data, payload) =>
    required(ctx, data, {
      pid: (v) => writeI32(payload, 0, intField(ctx, v, 'pid_t')),
      uid: (v) => writeU32(payload, 4, intField(ctx, v, 'uid_t')),
      gid: (v) => writeU32(payload, 8, intField(ctx, v, 'uid_t')),
    }),
  read: (_ctx, payload) => ({ pid: readI32(payload, 0), uid: readU32(payload, 4), gid: readU32(payload, 8) }),
};

/** An interface index (an int in 0..UINT_MAX) or, for any other value, an interface name. */
function ifindex(ctx: Ctx, v: unknown): number {
  if (isPhpInt(v)) {
    const n = BigInt(v);
    if (n < 0n || n > UINT_MAX) {
      ctx.fail(`the interface index cannot be negative or larger than ${UINT_MAX}; given ${n}`);
    }
    return Number(n);
  }
  const name = phpString(ctx, v);
  const index = native.ifNameToIndex(name);
  if (index === 0) ctx.fail(`no interface with name "${cString(name)}" could be found`);
  return index;
}

/**
 * An in6_pktinfo from ['addr' => string, 'ifindex' => int|string]: socket_sendmsg()'s IPV6_PKTINFO
 * data, and socket_set_option()'s IPV6_PKTINFO value (PHP converts both with the same code).
 */
export function userPktinfo(ctx: Ctx, s: SocketState, data: unknown): Buffer {
  let addr = null as Buffer | null;
  let index = 0;
  required(ctx, data, {
    addr: (v) => (addr = resolveAddr(ctx, s, v, AF_INET6)),
    ifindex: (v) => (index = ifindex(ctx, v)),
  });
  return native.pktinfoBytes(addr!, index);
}

const pktinfo: Entry = {
  size: 20,
  varElSize: 0,
  write: (ctx, s, data, payload) => void userPktinfo(ctx, s, data).copy(payload),
  read: (_ctx, payload) => {
    const [addr, index] = native.pktinfoParse(payload);
    return { addr, ifindex: index };
  },
};

const rights: Entry = {
  size: 0,
  varElSize: 4,
  calcSpace(ctx: Ctx, data: unknown) {
    if (!isPhpArray(data)) ctx.fail('expected an array here');
    const n = Object.keys(data).length;
    if (n === 0) ctx.fail('expected at least one element in this array');
    return n * 4;
  },
  write(ctx: Ctx, _s: SocketState, data: unknown, payload: Buffer) {
    // Each Socket's own descriptor, in order. (PHP 8.2 writes a Socket one slot too far, so
    // [$socket] sends descriptor 0: a memory-safety bug we do not reproduce.)
    Object.values(data as Record<string, unknown>).forEach((el, i) =>
      ctx.at(`element #${i + 1}`, () => {
        if (!isSocket(el)) ctx.fail('expected a Socket object or a stream resource');
        const fd = stateOf(el).fd;
        if (fd < 0) ctx.fail('socket is already closed');
        writeI32(payload, i * 4, fd);
      }),
    );
  },
  read(ctx: Ctx, payload: Buffer, received: Received) {
    const out: Socket[] = [];
    for (let at = 0; at + 4 <= payload.length; at += 4) {
      const fd = readI32(payload, at);
      const info = native.fdInfo(fd);
      if (typeof info === 'number') {
        ctx.fail(`error creating resource for received file descriptor ${fd}: fstat() call failed with errno ${-info}`);
      }
      const [mode, nonblocking, family] = info;
      if (mode !== S_IFSOCK) {
        ctx.fail(
          `error creating resource for received file descriptor ${fd}: not a socket ` +
            `(stream resources are not supported; the descriptor was closed)`,
        );
      }
      out.push(received.adopt(fd, family < 0 ? 0 : family, nonblocking === 1));
    }
    return out;
  },
};

const registry = new Map<string, Entry>([
  [`${IPPROTO_IPV6}:${IPV6_PKTINFO}`, pktinfo],
  [`${IPPROTO_IPV6}:${IPV6_HOPLIMIT}`, int],
  [`${IPPROTO_IPV6}:${IPV6_TCLASS}`, int],
  [`${SOL_SOCKET}:${SCM_CREDENTIALS}`, credentials],
  [`${SOL_SOCKET}:${SCM_RIGHTS}`, rights],
]);

export function ancillaryEntry(level: number, type: number): Entry | undefined {
  return registry.get(`${level}:${type}`);
}
