// socket_addrinfo_lookup, socket_addrinfo_bind, socket_addrinfo_connect, socket_addrinfo_explain,
// and PHP's opaque AddressInfo.
import { familyError, parseSockaddr } from '../address.js';
import { arity, objectString, toStr, typeError } from '../php/args.js';
import { ValueError } from '../php/errors.js';
import { globalError, socketError } from '../last_error.js';
import { blocking } from '../blocking.js';
import { native } from '../native.js';
import { objectId } from '../php/resources.js';
import { cInt, isPhpArray, zvalGetLong } from '../php/zval.js';
import { exhausted } from '../descriptors.js';
import { newSocket, type Socket } from '../socket.js';
import { AF_INET, AF_INET6, AF_UNIX } from '../constants.js';
import { AF_UNSPEC } from '../platform.js';

/** One getaddrinfo() result, as PHP keeps it. */
interface AddrInfoData {
  flags: number;
  family: number;
  socktype: number;
  protocol: number;
  canonname: string | null;
  addr: Buffer;
}

const TOKEN = Symbol('php-sockets internal');

let dataOf!: (a: AddressInfo) => AddrInfoData;
let isAddressInfo!: (v: unknown) => v is AddressInfo;

/**
 * One result of socket_addrinfo_lookup(), as PHP's `AddressInfo` class: opaque, never made with
 * `new`; read it with socket_addrinfo_explain(), use it with socket_addrinfo_bind()/_connect().
 */
export class AddressInfo {
  readonly #ai: AddrInfoData;

  /** @internal */
  constructor(token?: unknown, data?: AddrInfoData) {
    if (token !== TOKEN || !data) {
      throw new Error('Cannot directly construct AddressInfo, use socket_addrinfo_lookup() instead');
    }
    this.#ai = data;
    Object.preventExtensions(this);
  }

  static {
    dataOf = (a) => a.#ai;
    isAddressInfo = (v): v is AddressInfo => typeof v === 'object' && v !== null && #ai in v;
  }

  get [Symbol.toStringTag](): string {
    return 'AddressInfo';
  }
}
Object.freeze(AddressInfo.prototype);

const HINTS = ['ai_flags', 'ai_socktype', 'ai_protocol', 'ai_family'] as const;
type Hint = (typeof HINTS)[number];

// A PHP array key that is an integer (PHP stores "5" as int 5); hints ignore those.
const INT_KEY = /^(0|-?[1-9]\d{0,18})$/;

/** The hints, as PHP 8.2 reads them: packed lists ignored, values through zval_get_long. */
function hintsArg(fn: string, hints: unknown): Record<Hint, number> {
  if (!isPhpArray(hints)) throw typeError(fn, 3, 'hints', 'array', hints);
  const out: Record<Hint, number> = { ai_flags: 0, ai_socktype: 0, ai_protocol: 0, ai_family: 0 };
  if (Array.isArray(hints)) return out;
  for (const [key, value] of Object.entries(hints)) {
    if (INT_KEY.test(key) && BigInt(key) <= 9223372036854775807n && BigInt(key) >= -9223372036854775808n) continue;
    if (!(HINTS as readonly string[]).includes(key)) {
      throw new ValueError(
        `${fn}(): Argument #3 ($hints) must only contain array keys "ai_flags", "ai_socktype", "ai_protocol", or "ai_family"`,
      );
    }
    out[key as Hint] = cInt(zvalGetLong(value));
  }
  return out;
}

/**
 * socket_addrinfo_lookup(): getaddrinfo(3). `hints` may set `ai_flags` (AI_*), `ai_socktype`,
 * `ai_protocol` and `ai_family`. Returns a list of AddressInfo, or false when getaddrinfo()
 * fails: no warning, and socket_last_error() is not touched.
 *
 * @example socket_addrinfo_lookup('localhost', '80', { ai_socktype: SOCK_STREAM })
 */
export function socket_addrinfo_lookup(
  host: string,
  service: string | null = null,
  hints: Record<string, unknown> = {},
): AddressInfo[] | false {
  const fn = 'socket_addrinfo_lookup';
  arity(fn, arguments.length, 1, 3);
  host = toStr(host, fn, 1, 'host');
  if (service !== null && service !== undefined) {
    if (typeof service === 'object' && objectString(service) === null && !((service as unknown) instanceof Uint8Array)) {
      throw typeError(fn, 2, 'service', '?string', service);
    }
    service = toStr(service, fn, 2, 'service');
  }
  const h = hintsArg(fn, hints);
  const r = blocking.getaddrinfo(host, service ?? null, h.ai_flags, h.ai_family, h.ai_socktype, h.ai_protocol);
  if (typeof r === 'number') return false;
  return r
    .filter((e) => e[1] !== AF_UNSPEC)
    .map(([flags, family, socktype, protocol, canonname, addr]) => {
      const ai = new AddressInfo(TOKEN, { flags, family, socktype, protocol, canonname, addr });
      objectId(ai); // numbered when created, as PHP numbers objects
      return ai;
    });
}

function addressArg(fn: string, v: unknown): AddrInfoData {
  if (!isAddressInfo(v)) throw typeError(fn, 1, 'address', 'AddressInfo', v);
  return dataOf(v);
}

/** socket() of the entry's family/type/protocol, then bind(2) or connect(2) to its address. */
function open(fn: string, ai: AddrInfoData, connect: boolean): Socket | false {
  // Owned from the syscall on (a holder until the Socket exists): a Worker terminated in the
  // blocking connect leaves nothing open.
  const holder = {};
  let fd = native.socket(ai.family, ai.socktype, ai.protocol, holder);
  if (fd < 0 && exhausted(fd)) fd = native.socket(ai.family, ai.socktype, ai.protocol, holder);
  if (fd < 0) return globalError(fn, 'Unable to create socket', -fd);
  if (ai.family === AF_UNIX) {
    // PHP refuses AF_UNIX entries here, silently.
    native.close(fd);
    return false;
  }
  if (ai.family !== AF_INET && ai.family !== AF_INET6) {
    native.close(fd);
    if (connect) {
      throw new ValueError(`${fn}(): Argument #1 ($address) socket type must be one of AF_UNIX, AF_INET, or AF_INET6`);
    }
    throw familyError(fn, 1, 'address');
  }
  const rc = connect ? blocking.connect(fd, ai.addr) : native.bind(fd, ai.addr);
  if (rc < 0) {
    native.close(fd);
    // PHP records the code on the new Socket, which it then frees: only the global code stays.
    return socketError({ error: 0 }, fn, connect ? 'Unable to connect address' : 'Unable to bind address', -rc);
  }
  return newSocket(fd, ai.family);
}

/**
 * socket_addrinfo_bind(): a new blocking Socket of the entry's family, type and protocol, bound
 * to its address. false with "Unable to create socket" / "Unable to bind address [errno]"
 * (global code only); false silently for an AF_UNIX entry.
 */
export function socket_addrinfo_bind(address: AddressInfo): Socket | false {
  const fn = 'socket_addrinfo_bind';
  arity(fn, arguments.length, 1, 1);
  return open(fn, addressArg(fn, address), false);
}

/**
 * socket_addrinfo_connect(): a new blocking Socket connected to the entry's address. false with
 * "Unable to create socket" / "Unable to connect address [errno]" (global code only).
 */
export function socket_addrinfo_connect(address: AddressInfo): Socket | false {
  const fn = 'socket_addrinfo_connect';
  arity(fn, arguments.length, 1, 1);
  return open(fn, addressArg(fn, address), true);
}

/** The `ai_addr` of socket_addrinfo_explain(). */
export type ExplainedAddr = { sin_port: number; sin_addr: string } | { sin6_port: number; sin6_addr: string } | Record<string, never>;

/** What socket_addrinfo_explain() returns, keys in PHP's order. */
export interface ExplainedAddressInfo {
  ai_flags: number;
  ai_family: number;
  ai_socktype: number;
  ai_protocol: number;
  ai_canonname?: string;
  ai_addr: ExplainedAddr;
}

/**
 * socket_addrinfo_explain(): the entry as `{ ai_flags, ai_family, ai_socktype, ai_protocol,
 * [ai_canonname,] ai_addr }`, `ai_addr` being `{ sin_port, sin_addr }` or
 * `{ sin6_port, sin6_addr }`; `ai_canonname` only when the resolver gave one (AI_CANONNAME).
 */
export function socket_addrinfo_explain(address: AddressInfo): ExplainedAddressInfo {
  const fn = 'socket_addrinfo_explain';
  arity(fn, arguments.length, 1, 1);
  const ai = addressArg(fn, address);
  const out: ExplainedAddressInfo = {
    ai_flags: ai.flags,
    ai_family: ai.family,
    ai_socktype: ai.socktype,
    ai_protocol: ai.protocol,
  } as ExplainedAddressInfo;
  if (ai.canonname !== null) out.ai_canonname = ai.canonname;
  let addr: ExplainedAddr = {};
  if (ai.family === AF_INET || ai.family === AF_INET6) {
    const { address, port } = parseSockaddr(ai.addr);
    addr = ai.family === AF_INET ? { sin_port: port, sin_addr: address } : { sin6_port: port, sin6_addr: address };
  }
  out.ai_addr = addr;
  return out;
}
