// The only module that loads the addon. Every native function returns a value or a negative
// errno; none throws for an OS error.
import type { BlockingName } from './blocking.js';
import { loadAddon } from './load.js';

/** getaddrinfo()'s arguments: host and service are C strings (a NUL ends them). */
type AddrinfoArgs = [
  host: string | Uint8Array,
  service: string | Uint8Array | null,
  flags: number,
  family: number,
  socktype: number,
  protocol: number,
];
type AddrinfoResult = [number, number, number, number, string | null, Buffer][] | number;

export interface NativeAddon {
  readonly constants: Readonly<Record<string, number>>;
  strerror(code: number): string;

  /** Builds a sockaddr_in/in6: Buffer, or <= -10000 (lookup failure code), or 1 (wrong family). */
  inetAddr(family: number, host: string | Uint8Array, port: number): Buffer | number;
  /** Builds a sockaddr_un of exactly the path's length. */
  unixAddr(path: string | Uint8Array): Buffer;
  /**
   * getsockname/getpeername: [family, address, port] or -errno. A unix name is read as a C string,
   * or with `stream` as PHP's stream layer reads it (an abstract name by its length).
   */
  sockName(fd: number, peer: boolean, stream?: boolean): [number, string, number] | number;
  /** inet_pton(3) as AF_INET6, then AF_INET (no resolver): the sockaddr with `port`, or null. */
  numericAddr(host: string | Uint8Array, port: number): Buffer | null;
  /** A sockaddr held as bytes: [family, address (unix: the path as a C string), port, flowinfo, scope_id]. */
  sockaddrParse(bytes: Uint8Array): [number, string, number, number, number];
  /** A sockaddr_in/in6 with base's address (any when null) and the given port, flowinfo, scope_id. */
  inetSockaddr(family: number, base: Buffer | null, port: number, flowinfo: number, scopeId: number): Buffer;

  /**
   * Ties fd's lifetime to obj: its finalizer closes fd when obj is collected (-EINVAL: not an
   * object). `true` for obj holds fd: owned, with no finalizer until adopt() (lib/socket.ts).
   */
  own(obj: object | true, fd: number): number;
  /** A held fd's owner from now on is `obj` (its finalizer closes fd): 1, or 0 when fd is not held. */
  adopt(obj: object, fd: number): number;
  /** The owner of fd no longer closes it (fd stays open). */
  disown(fd: number): number;
  /** 1 when a Socket, Stream or holder of this thread owns fd (its finalizer closes it), else 0. */
  isOwned(fd: number): number;
  /**
   * The descriptors the addon holds for itself and keeps open: the watchdog's epoll instance (once
   * a Worker has loaded the addon; for the life of the process) and this thread's select epoll
   * set (once a select has used it; until the thread ends). For descriptor accounting in tests.
   */
  internalFds(): number[];
  /** How many descriptors finalizers and reclaim() have closed so far in this thread. */
  closedByFinalizers(): number;
  /**
   * Closes now the descriptors of owners a collection has found unreachable (their finalizers,
   * which run later from the event loop, then do nothing): how many it closed.
   */
  reclaim(): number;
  /** socket(2), close-on-exec; with `owner`, the new fd is owned by it (one call: see own()). */
  socket(domain: number, type: number, protocol: number, owner?: object | true): number;
  socketpair(domain: number, type: number, protocol: number, out: Int32Array, owner0?: object, owner1?: object): number;
  bind(fd: number, sockaddr: Buffer): number;
  connect(fd: number, sockaddr: Buffer): number;
  listen(fd: number, backlog: number): number;
  /** accept4(2), close-on-exec; with `owner`, the new fd is owned by it (see own()). */
  accept(fd: number, owner?: object | true): number;
  shutdown(fd: number, how: number): number;
  /** Disowns fd, stops async polling of it, close(2). */
  close(fd: number): number;
  setNonblock(fd: number, on: boolean): number;
  getsockoptInt(fd: number, level: number, option: number): number;

  recv(fd: number, length: number, flags: number): string | number;
  recvInto(fd: number, target: Uint8Array, offset: number, length: number, flags: number): number;
  /**
   * PHP_NORMAL_READ (PHP's php_read() loop, its end-of-stream rule included): one byte per
   * recv(2) with `flags` until "\n" or "\r" or `length` (at most 16 MiB) bytes; EAGAIN after some
   * bytes returns them.
   */
  readLine(fd: number, length: number, flags?: number): string | number;
  write(fd: number, data: string | Uint8Array, length: number): number;
  send(fd: number, data: string | Uint8Array, length: number, flags: number): number;

  // Send/receive with flags and addresses (io.cc). Reads are capped at 16 MiB a call, except with
  // MSG_WAITALL (the whole length, up to V8's longest string); a string never exceeds `length`.
  /** recv(2): [at most `length` bytes, the kernel's count (with MSG_TRUNC: the real size)]. */
  recvTrunc(fd: number, length: number, flags: number): [string, number] | number;
  /** recvfrom(2), the sender read as a `family` address: [bytes, count, address, port]. */
  recvfrom(fd: number, family: number, length: number, flags: number): [string, number, string, number] | number;
  /** sendto(2) of min(length, byte length of data) bytes to the sockaddr. */
  sendto(fd: number, data: string | Uint8Array, length: number, flags: number, sockaddr: Buffer): number;
  /** sockatmark(3): 1 at the out-of-band mark, 0 not, or -errno. */
  sockatmark(fd: number): number;

  // socket_select (select.cc).
  /**
   * select(2) semantics over ppoll(2) or, for many descriptors, an epoll set kept between calls:
   * fds holds nread + nwrite + nexcept descriptors (the read set, then the write set, then the
   * except set) and is left as it is. On success `out` (room for n + 2) holds [token, r, the r
   * indices of the entries ready for their set, ascending] and the result is select's count;
   * otherwise -errno. sec null waits forever. `token`: the previous call's out[0] when fds holds
   * the same entries as in that call (then the call skips its per-descriptor set-up), else 0.
   */
  select(
    fds: Int32Array,
    nread: number,
    nwrite: number,
    nexcept: number,
    sec: number | null,
    usec: number,
    out: Int32Array,
    token: number,
  ): number;
  /**
   * For tests: from how many distinct descriptors select uses its epoll set, and what an
   * epoll_ctl weighs in descriptors polled (0: always update the set). Negative: the defaults.
   */
  selectConfig(minFds: number, ctlCost: number): void;
  /** For tests: each sync look-up run off a Worker's thread sleeps `ms` first (a resolver that does not answer). */
  lookupTestDelay(ms: number): void;
  /** For tests: [descriptors in the epoll set, epoll_ctl calls, epoll waits, ppoll calls] so far. */
  selectStats(): [number, number, number, number];

  // Messages (msg.cc): sockaddr and cmsg payloads are bytes built and read by lib/messages.
  /** sendmsg(2): one iovec per part; each control item is [level, type, payload]. */
  sendmsg(
    fd: number,
    name: Buffer | null,
    iov: (string | Uint8Array)[],
    control: [number, number, Uint8Array][],
    flags: number,
  ): number;
  /**
   * recvmsg(2) (with MSG_CMSG_CLOEXEC): [count, min(count, bufferSize) bytes, the nameLen-byte
   * name buffer or null, [level, type, cmsg_len, payload][], msg_flags], or -errno. With `owner`,
   * every descriptor received (SCM_RIGHTS) is owned by it from the syscall on.
   */
  recvmsg(
    fd: number,
    nameLen: number,
    bufferSize: number,
    controlLen: number,
    flags: number,
    owner?: object,
  ): [number, string, Buffer | null, [number, number, number, Buffer][], number] | number;
  cmsgSpace(length: number): number;
  cmsgLen(length: number): number;
  /** [st_mode & S_IFMT, nonblocking 0/1, getsockname family (0: not a socket)] or -errno. */
  fdInfo(fd: number): [number, number, number] | number;

  // Address info (addrinfo.cc).
  /** getaddrinfo(3): [ai_flags, ai_family, ai_socktype, ai_protocol, ai_canonname, ai_addr][], or the EAI_* code. */
  getaddrinfo(...args: AddrinfoArgs): AddrinfoResult;
  /** getaddrinfo() on libuv's thread pool: `callback` receives what getaddrinfo() returns. */
  getaddrinfoAsync(...args: [...AddrinfoArgs, callback: (result: AddrinfoResult) => void]): void;

  // Socket options (options.cc). Struct layouts stay native; values are plain.
  setsockoptInt(fd: number, level: number, option: number, value: number): number;
  /** optlen is exactly the data's length. */
  setsockoptBytes(fd: number, level: number, option: number, data: string | Uint8Array): number;
  /** The optlen bytes the kernel wrote (at most maxlen), or -errno. */
  getsockoptBytes(fd: number, level: number, option: number, maxlen: number): Buffer | number;
  setsockoptLinger(fd: number, level: number, option: number, onoff: number, linger: number): number;
  getsockoptLinger(fd: number, level: number, option: number): [number, number] | number;
  setsockoptTimeval(fd: number, level: number, option: number, sec: bigint, usec: bigint): number;
  getsockoptTimeval(fd: number, level: number, option: number): [number, number] | number;
  /** group_req, or group_source_req when source is a Buffer. */
  setsockoptGroup(
    fd: number,
    level: number,
    option: number,
    ifindex: number,
    group: Buffer,
    source: Buffer | null,
  ): number;
  /** The struct in6_pktinfo of addr's (a sockaddr_in6) address and ifindex. */
  pktinfoBytes(addr: Buffer, ifindex: number): Buffer;
  /** An in6_pktinfo held as bytes: [address text, ifindex]. */
  pktinfoParse(bytes: Uint8Array): [string, number];
  getsockoptPktinfo(fd: number, level: number, option: number): [string, number] | number;
  /** if_nametoindex(3): 0 when there is no such interface. */
  ifNameToIndex(name: string | Uint8Array): number;
  /** SIOCGIFNAME + SIOCGIFADDR through fd: the interface's in_addr, or -errno. */
  ifIndexToAddr4(fd: number, index: number): Buffer | number;
  /** [0, index] | [1, errno] (SIOCGIFCONF) | [2, errno] (SIOCGIFINDEX) | [3, 0] (not found). */
  ifAddr4ToIndex(fd: number, addr: Buffer): [number, number];

  // Socket streams (stream.cc). Timeouts are microseconds, negative for none (wait forever);
  // waits are ppoll(2), resumed after a signal for the time left.
  /**
   * Poll for readability first when `wait`, then one recv(2): data ("" at end), null (timed out)
   * or -errno. With `ready` (stream_select just reported the stream readable) a waiting read tries
   * recv first and polls only if it finds nothing.
   */
  streamRecv(fd: number, length: number, flags: number, wait: boolean, timeoutUs: number, ready?: boolean): string | null | number;
  /**
   * send(2) until all min(length, byte length) bytes are sent, polling on EAGAIN when `wait`: the
   * count when all went without waiting, else [count sent, errno, waited 0/1] (errno 0: all sent,
   * or EAGAIN without wait; -1: the wait timed out).
   */
  streamWrite(
    fd: number,
    data: string | Uint8Array,
    length: number,
    flags: number,
    wait: boolean,
    timeoutUs: number,
  ): number | [number, number, number];
  /** Nonblocking connect(2), poll, SO_ERROR (-ETIMEDOUT on timeout); async: -EINPROGRESS while pending. */
  streamConnect(fd: number, sockaddr: Buffer, async: boolean, timeoutUs: number): number;
  /** Poll for a connection (-ETIMEDOUT on timeout), then accept4(2): the new blocking fd or -errno. */
  streamAccept(fd: number, timeoutUs: number, owner?: object): number;
  /** recv(2) of one byte with MSG_PEEK | MSG_DONTWAIT: 1, 0 (end of stream) or -errno. */
  streamPeek(fd: number): number;
  /** recvfrom(2), no wait: [data] when the kernel gave no address, else [data, family, address, port]. */
  streamRecvFrom(fd: number, length: number, flags: number): [string] | [string, number, string, number] | number;
  gaiStrerror(code: number): string;
  /** Whether socket(AF_INET6, SOCK_DGRAM) succeeds (PHP's probe before resolving with AF_UNSPEC). */
  ipv6Usable(): boolean;
  /** gethostbyname_r(3): the IPv4 addresses as dotted quads, or h_errno. */
  hostByName(name: string | Uint8Array): string[] | number;
  /** hostByName() on libuv's thread pool: `callback` receives what hostByName() returns. */
  hostByNameAsync(name: string | Uint8Array, callback: (result: string[] | number) => void): void;
  /** inet_pton(3) (IPv6, then IPv4) + gethostbyaddr_r(3): the name ("" for none), -1 for no address. */
  hostByAddr(ip: string): string | number;
  /** hostByAddr() on libuv's thread pool: `callback` receives what hostByAddr() returns. */
  hostByAddrAsync(ip: string, callback: (result: string | number) => void): void;
  /** getservbyname_r(3): the port, or -1. */
  servByName(name: string | Uint8Array, proto: string | Uint8Array): number;
  /** getservbyport_r(3) with the port cast to 16 bits: the name, or null. */
  servByPort(port: number, proto: string | Uint8Array): string | null;
  /** getprotobyname_r(3): the number, or -1. */
  protoByName(name: string | Uint8Array): number;
  /** getprotobynumber_r(3): the name, or null. */
  protoByNumber(proto: number): string | null;

  // TLS on a stream's descriptor (tls.cc), with the OpenSSL inside the Node process. A failed SSL
  // call reports [SSL_get_error code, errno, first queued reason, the error queue's lines, rc].
  /** null when OpenSSL is usable, else the first function the process lacks. */
  tlsAvailable(): string | null;
  /** A new SSL on fd: 0, 1 (the key does not match the certificate) or the failing step's name. */
  tlsSetup(fd: number, isClient: boolean, opts: Record<string, unknown>): number | string;
  /** The handshake: 1 done, 0 / 2 would block reading / writing (not `blocked`), -1 timed out, or the failure. */
  tlsHandshake(fd: number, blocked: boolean, timeoutUs: number): number | [number, number, number, string, number];
  /** SSL_read: bytes, "" (would block, not `blocked`), null (timed out), -EBADF, or the failure. */
  tlsRead(
    fd: number,
    length: number,
    blocked: boolean,
    timeoutUs: number,
  ): string | null | number | [number, number, number, string, number];
  /** SSL_write of all: the count, or [count, 0 would block | -1 timed out | 1 failed, failure]. */
  tlsWrite(
    fd: number,
    data: string | Uint8Array,
    length: number,
    blocked: boolean,
    timeoutUs: number,
  ): number | [number, number, [number, number, number, string, number]?];
  /** SSL_pending of an active session. */
  tlsPending(fd: number): number;
  /** feof()'s liveness check on an active session. */
  tlsAlive(fd: number): boolean;
  /** close_notify (SSL_shutdown); the session becomes inactive. */
  tlsShutdown(fd: number): void;
  /** [SSL_version, cipher name, bits, cipher version, ALPN protocol | null]. */
  tlsInfo(fd: number): [number, string, number, string, string | null] | null;
  /** [verify result, CN, CN length (-1 none), SANs [type, value, ASN.1 length][] | null, DER, chain DERs, verify text]. */
  tlsPeer(fd: number): [number, string | null, number, [number, string, number][] | null, string, string[], string] | null;
  /** The peer certificate's digest in lowercase hex, or null (unknown algorithm). */
  tlsPeerDigest(fd: number, algo: string): string | null;
  /** SSL_copy_session_id(fd's SSL, fromFd's): 1 or 0. */
  tlsCopySession(fd: number, fromFd: number): number;

  // Waiting in the event loop for php-sockets/async (async.cc): uv_poll, no thread per wait.
  /**
   * Waits until fd is ready for `events` (1 readable, 2 writable, 4 urgent data; 0 or fd < 0: the
   * timer alone) or timeoutMs passes (< 0: never). `done` is called once: 1 ready (or an error
   * on fd), 0 timed out, -EBADF when fd was closed through this addon. Returns the wait's id or
   * -errno (then `done` is never called).
   */
  waitFd(fd: number, events: number, timeoutMs: number, done: (result: number) => void): number;
  /** waitFd over several descriptors (events[i] for fds[i]): settles when any is ready. */
  waitFds(fds: Int32Array, events: Int32Array, timeoutMs: number, done: (result: number) => void): number;
  /** Cancels a pending wait (its `done` is never called): 1, or 0 when it is not pending. */
  cancelWait(id: number): number;
  /** [pending waits, descriptors waited on, open libuv handles besides the idle poll handles]. */
  pendingWaits(): [number, number, number];
  /** Descriptors keeping a poll handle with no wait on them (closed with the descriptor). */
  idleWatches(): number;
  /** 1 when fd has O_NONBLOCK, 0 when not, or -errno. */
  isNonblocking(fd: number): number;
  /**
   * -1 when fd is nonblocking (or fcntl fails), else its SO_RCVTIMEO/SO_SNDTIMEO (`option`) in ms,
   * 0 for none (or option 0); kept for a descriptor that has waited before (no syscall).
   */
  waitMode(fd: number, option: number): number;
  /** poll(2) of fd for `events` (poll's bits) with a zero timeout: revents, or -errno. */
  pollNow(fd: number, events: number): number;
  /**
   * accept4(2) that never waits, whatever the listener's mode: the new blocking fd (owned by
   * `owner` when given, see own(); -EINVAL if it cannot be) or -errno. `first`: the call's first
   * try (no wait before it), which asks poll(2) instead when the listener's last accept waited.
   */
  acceptNb(fd: number, owner?: object | true, first?: boolean): number;
  /**
   * connect(2) that never waits (-EINPROGRESS while connecting), whatever the socket's mode. With
   * `finish`, a blocking socket's EINPROGRESS is followed by a second connect(2) at once, whose
   * outcome is returned when the handshake is already over (EALREADY stays -EINPROGRESS).
   */
  connectNb(fd: number, sockaddr: Buffer, finish?: boolean): number;
}

// A plain copy of the addon's exports: the exports object, filled property by property, is a
// dictionary-mode object, where every `native.x` load is a hash lookup; the copy has fast
// properties.
/** The whole addon, the calls that can wait included: for lib/blocking.ts only. */
export const addon: NativeAddon = { ...(loadAddon() as NativeAddon) };

/**
 * The addon's calls that never wait. The ones that can wait are reached through lib/blocking.ts
 * (the seam php-sockets/async swaps), so they are left out of this type.
 */
export const native: Omit<NativeAddon, BlockingName> = addon;
