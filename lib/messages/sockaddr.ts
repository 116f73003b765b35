// The `name` of a message: PHP's sockaddr arrays ['family', 'addr', 'port', 'flowinfo',
// 'scope_id'] / ['family', 'path'] to sockaddr bytes and back, as conversions.c does it.
import { inetSockaddr, inetSockaddrOf, parseSockaddr } from '../address.js';
import { native } from '../native.js';
import { cString } from '../php/bytes.js';
import { isPhpArray } from '../php/zval.js';
import type { SocketState } from '../socket.js';
import type { Ctx } from './context.js';
import { get, intField, phpString } from './values.js';
import { AF_INET, AF_INET6, AF_UNIX } from '../constants.js';

// The sizes of sockaddr_in, sockaddr_in6 and sockaddr_un (what recvmsg is given room for), and of
// sun_path. The layouts themselves are sockaddr.cc's, through lib/address.ts.
const SOCKADDR_IN = 16;
const SOCKADDR_IN6 = 28;
const SOCKADDR_UN = 110;
const SUN_PATH = 108;

/** The name's family: its 'family' unless missing or null, else the socket's; checked. */
function nameFamily(ctx: Ctx, s: SocketState, name: unknown): number {
  if (!isPhpArray(name)) ctx.fail('expected an array here');
  const given = get(name, 'family');
  const family = given === undefined || given === null ? s.family : ctx.at('family', () => intField(ctx, given, 'int'));
  switch (family) {
    case AF_INET:
      if (s.family !== AF_INET && s.family !== AF_INET6) {
        ctx.fail(`the specified family (number ${family}) is not supported on this socket`);
      }
      break;
    case AF_INET6:
      if (s.family !== AF_INET6) ctx.fail('the specified family (AF_INET6) is not supported on this socket');
      break;
    case AF_UNIX:
      if (s.family !== AF_UNIX) ctx.fail('the specified family (AF_UNIX) is not supported on this socket');
      break;
    default:
      ctx.fail('the only families currently supported are AF_INET, AF_INET6 and AF_UNIX');
  }
  return family;
}

/**
 * Resolves 'addr' (numeric, then the resolver, with PHP's "Host lookup failed" warnings): a
 * sockaddr of `family` holding the address.
 */
export function resolveAddr(ctx: Ctx, s: SocketState, value: unknown, family: number): Buffer {
  const text = phpString(ctx, value);
  const sa = inetSockaddr(s, ctx.fn, text, 0, family);
  const name = family === AF_INET6 ? 'AF_INET6' : 'AF_INET';
  if (sa === false) ctx.fail(`could not resolve address '${cString(text)}' to get an ${name} address`);
  return sa;
}

/** Optional fields, converted in the order given, each at its own path. */
function fields(ctx: Ctx, arr: Record<string, unknown>, convert: Record<string, (v: unknown) => void>): void {
  for (const [key, f] of Object.entries(convert)) {
    const v = get(arr, key);
    if (v !== undefined) ctx.at(key, () => f(v));
  }
}

/** socket_sendmsg()'s name: sockaddr bytes of the length PHP passes to the kernel. */
export function userName(ctx: Ctx, s: SocketState, name: unknown): Buffer {
  const family = nameFamily(ctx, s, name);
  const arr = name as Record<string, unknown>;
  const saFamily = (v: unknown) => void intField(ctx, v, 'sa_family');
  if (family === AF_UNIX) {
    let path = '';
    fields(ctx, arr, {
      family: saFamily,
      path: (v) => {
        path = phpString(ctx, v);
        if (path.length === 0) ctx.fail('the path is cannot be empty');
        if (path.length >= SUN_PATH) {
          ctx.fail(`the path is too long, the maximum permitted length is ${SUN_PATH - 1}`);
        }
      },
    });
    // PHP measures the path with strlen(), after a leading NUL for an abstract name.
    const end = path.indexOf('\0', 1);
    return native.unixAddr(path === '' ? '\0' : end < 0 ? path : path.slice(0, end));
  }
  let addr: Buffer | null = null;
  let port = 0;
  let flowinfo = 0;
  let scopeId = 0;
  fields(ctx, arr, {
    family: saFamily,
    addr: (v) => (addr = resolveAddr(ctx, s, v, family)),
    port: (v) => (port = intField(ctx, v, 'uint16')),
    ...(family === AF_INET6 && {
      flowinfo: (v: unknown) => (flowinfo = intField(ctx, v, 'uint32')),
      scope_id: (v: unknown) => (scopeId = intField(ctx, v, 'uint32')),
    }),
  });
  return inetSockaddrOf(family, addr, port, flowinfo, scopeId);
}

/** socket_recvmsg()'s name: only the family counts; the size of the buffer to receive into. */
export function userNameLength(ctx: Ctx, s: SocketState, name: unknown): number {
  const family = nameFamily(ctx, s, name);
  return family === AF_INET ? SOCKADDR_IN : family === AF_INET6 ? SOCKADDR_IN6 : SOCKADDR_UN;
}

/** A received name: null when none was asked for or the kernel left the family 0. */
export function nativeName(ctx: Ctx, buf: Buffer | null): Record<string, unknown> | null {
  if (buf === null) return null;
  const { family, address, port, flowinfo, scopeId } = parseSockaddr(buf);
  if (family === 0) return null;
  if (family === AF_INET) return { family, addr: address, port };
  if (family === AF_INET6) return { family, addr: address, port, flowinfo, scope_id: scopeId };
  if (family === AF_UNIX) {
    // The path is read as a C string within sun_path: all of it means no NUL was found.
    if (address.length >= SUN_PATH) return ctx.at('path', () => ctx.fail('could not find a NUL in the path'));
    return { family, path: address };
  }
  return ctx.fail(`cannot read struct sockaddr with family ${family}; not supported`);
}
