// socket_sendmsg, socket_recvmsg, socket_cmsg_space.
import { put, remove } from '../php/ref.js';
import { arity, toInt, typeError } from '../php/args.js';
import { ValueError } from '../php/errors.js';
import { globalError, socketError } from '../last_error.js';
import { ancillaryEntry } from '../messages/ancillary.js';
import { Ctx, convert } from '../messages/context.js';
import { nativeRecvMsg, userRecvMsg, userSendMsg } from '../messages/msghdr.js';
import { blocking } from '../blocking.js';
import { native } from '../native.js';
import { isPhpArray } from '../php/zval.js';
import { socketArg, socketType, type Socket } from '../socket.js';

/** A control buffer larger than any kernel fills (PHP allocates whatever controllen says). */
const MAX_CONTROL = 1 << 20;

function intRange(fn: string, n: number, name: string, v: number): number {
  if (v < -2147483648 || v > 2147483647) {
    throw new ValueError(`${fn}(): Argument #${n} ($${name}) must be between -2147483648 and 2147483647`);
  }
  return v;
}

/** A sendmsg/recvmsg message: a plain object or array holding PHP's keys. */
export type Message = Record<string, unknown>;

/**
 * socket_sendmsg(): sendmsg(2). `message` may hold `name` (a sockaddr array: `['addr' =>,
 * 'port' =>]`, `['path' =>]`, with optional `family`, `flowinfo`, `scope_id`), `iov` (a list of
 * byte strings or Uint8Arrays, sent as one message) and `control` (a list of `['level' =>,
 * 'type' =>, 'data' =>]`: SCM_RIGHTS with a list of Sockets, SCM_CREDENTIALS with
 * `['pid','uid','gid']`, IPV6_PKTINFO with `['addr','ifindex']`, IPV6_HOPLIMIT/IPV6_TCLASS with an
 * int). Returns the byte count; false with "error converting user data (path: ...)" for a
 * malformed message, or with "Error in sendmsg [errno]" (socket and global code; EAGAIN silent).
 */
export function socket_sendmsg(socket: Socket, message: Message, flags: number = 0): number | false {
  const fn = 'socket_sendmsg';
  arity(fn, arguments.length, 2, 3);
  socketType(socket, fn);
  if (!isPhpArray(message)) throw typeError(fn, 2, 'message', 'array', message);
  flags = intRange(fn, 3, 'flags', toInt(flags, fn, 3, 'flags'));
  const s = socketArg(socket, fn);
  const parts = convert(fn, () => userSendMsg(new Ctx(fn, 'user', 'msghdr'), s, message));
  if (!parts) return false;
  const n = blocking.sendmsg(s.fd, parts.name, parts.iov, parts.control, flags);
  if (n < 0) return socketError(s, fn, 'Error in sendmsg', -n);
  return n;
}

/**
 * socket_recvmsg(): recvmsg(2). `message` (changed in place) must hold `controllen` (> 0, e.g.
 * from socket_cmsg_space()) and may hold `buffer_size` (default 8192) and `name` (`[]`: report
 * the sender). On success its keys are replaced by `name` (null or a sockaddr array), `control`
 * (received control messages; SCM_RIGHTS descriptors arrive as Socket objects), `iov` (`[data]`,
 * or `[]` for 0 bytes) and `flags` (MSG_TRUNC, MSG_CTRUNC, ...), and the byte count is returned.
 * A malformed message: warning and false, `message` untouched. A recvmsg() failure: "Error in
 * recvmsg [errno]", always a warning (EAGAIN too), only the global code set, false.
 */
export function socket_recvmsg(socket: Socket, message: Message, flags: number = 0): number | false {
  const fn = 'socket_recvmsg';
  arity(fn, arguments.length, 2, 3);
  socketType(socket, fn);
  if (message === null || typeof message !== 'object') {
    throw new Error(`${fn}(): Argument #2 ($message) cannot be passed by reference`);
  }
  if (!isPhpArray(message)) throw typeError(fn, 2, 'message', 'array', message);
  // A frozen (non-extensible) array cannot take the result: refused before anything is received.
  if (!Object.isExtensible(message)) {
    throw new Error(`${fn}(): Argument #2 ($message) cannot be passed by reference`);
  }
  flags = intRange(fn, 3, 'flags', toInt(flags, fn, 3, 'flags'));
  const s = socketArg(socket, fn);
  const parts = convert(fn, () => userRecvMsg(new Ctx(fn, 'user', 'msghdr'), s, message));
  if (!parts) return false;
  // Received descriptors are the holder's until Sockets adopt them (or they are closed).
  const holder = {};
  const r = blocking.recvmsg(s.fd, parts.nameLen, parts.bufferSize, Math.min(parts.controlLen, MAX_CONTROL), flags, holder);
  if (typeof r === 'number') return globalError(fn, 'Error in recvmsg', -r);
  const result = convert(fn, () => nativeRecvMsg(new Ctx(fn, 'native', 'msghdr'), r));
  // PHP assigns the result (or false, which an object cannot become: it is left empty).
  const arg = { fn, n: 2, name: 'message' };
  for (const key of Object.keys(message)) remove(message, key, arg);
  if (Array.isArray(message)) put(message, 'length', 0, arg);
  if (result) for (const key of Object.keys(result)) put(message, key, result[key], arg);
  return r[0];
}

/**
 * socket_cmsg_space(): CMSG_SPACE() of the payload of `num` elements of a control message type
 * (SCM_RIGHTS: `num` descriptors), the `controllen` to give socket_recvmsg(). ValueError for an
 * unsupported level/type pair (PHP's "Pair level %d and/or type %d is not supported").
 */
export function socket_cmsg_space(level: number, type: number, num: number = 0): number {
  const fn = 'socket_cmsg_space';
  arity(fn, arguments.length, 2, 3);
  level = toInt(level, fn, 1, 'level');
  type = toInt(type, fn, 2, 'type');
  num = toInt(num, fn, 3, 'num');
  intRange(fn, 1, 'level', level);
  intRange(fn, 2, 'type', type);
  intRange(fn, 3, 'num', num);
  if (num < 0) throw new ValueError(`${fn}(): Argument #3 ($num) must be greater than or equal to 0`);
  const entry = ancillaryEntry(level, type);
  if (!entry) throw new ValueError(`Pair level ${level} and/or type ${type} is not supported`);
  // PHP also refuses a `num` whose size overflows a zend_long: unreachable for a 32-bit num.
  return native.cmsgSpace(entry.size + num * entry.varElSize);
}
