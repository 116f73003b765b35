// The only module that loads the addon. Every native function returns a value or a negative
// errno; none throws for an OS error.
import { createRequire } from 'node:module';

export interface NativeAddon {
  readonly constants: Readonly<Record<string, number>>;
  strerror(code: number): string;

  /** Builds a sockaddr_in/in6: Buffer, or <= -10000 (lookup failure code), or 1 (wrong family). */
  inetAddr(family: number, host: string | Uint8Array, port: number): Buffer | number;
  /** Builds a sockaddr_un of exactly the path's length. */
  unixAddr(path: string | Uint8Array): Buffer;
  /** getsockname/getpeername: [family, address, port] or -errno. */
  sockName(fd: number, peer: boolean): [number, string, number] | number;

  /** Ties fd's lifetime to obj: a finalizer closes it when obj is collected. */
  own(obj: object, fd: number): number;
  /** Disarms own(); closes the fd when closeFd is true. */
  release(obj: object, closeFd: boolean): number;
  socket(domain: number, type: number, protocol: number): number;
  socketpair(domain: number, type: number, protocol: number, out: Int32Array): number;
  bind(fd: number, sockaddr: Buffer): number;
  connect(fd: number, sockaddr: Buffer): number;
  listen(fd: number, backlog: number): number;
  accept(fd: number): number;
  shutdown(fd: number, how: number): number;
  close(fd: number): number;
  setNonblock(fd: number, on: boolean): number;
  getsockoptInt(fd: number, level: number, option: number): number;

  recv(fd: number, length: number, flags: number): string | number;
  recvInto(fd: number, target: Uint8Array, offset: number, length: number, flags: number): number;
  readLine(fd: number, length: number): string | number;
  write(fd: number, data: string | Uint8Array, length: number): number;
  send(fd: number, data: string | Uint8Array, length: number, flags: number): number;
}

const require = createRequire(import.meta.url);

export const native: NativeAddon = require('../build/Release/php_sockets.node') as NativeAddon;
