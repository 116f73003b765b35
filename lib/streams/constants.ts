// The stream constants PHP 8.2 defines (ext/standard), values from native/stream.cc: the
// platform's (SHUT_*, PF_*, SOCK_*, IPPROTO_*) and PHP's own flag values.
import { native } from '../native.js';

const c = native.streamConstants;

export const STREAM_CLIENT_PERSISTENT: number = c.STREAM_CLIENT_PERSISTENT!;
export const STREAM_CLIENT_ASYNC_CONNECT: number = c.STREAM_CLIENT_ASYNC_CONNECT!;
export const STREAM_CLIENT_CONNECT: number = c.STREAM_CLIENT_CONNECT!;
export const STREAM_SHUT_RD: number = c.STREAM_SHUT_RD!;
export const STREAM_SHUT_WR: number = c.STREAM_SHUT_WR!;
export const STREAM_SHUT_RDWR: number = c.STREAM_SHUT_RDWR!;
export const STREAM_PF_INET: number = c.STREAM_PF_INET!;
export const STREAM_PF_INET6: number = c.STREAM_PF_INET6!;
export const STREAM_PF_UNIX: number = c.STREAM_PF_UNIX!;
export const STREAM_IPPROTO_IP: number = c.STREAM_IPPROTO_IP!;
export const STREAM_IPPROTO_TCP: number = c.STREAM_IPPROTO_TCP!;
export const STREAM_IPPROTO_UDP: number = c.STREAM_IPPROTO_UDP!;
export const STREAM_IPPROTO_ICMP: number = c.STREAM_IPPROTO_ICMP!;
export const STREAM_IPPROTO_RAW: number = c.STREAM_IPPROTO_RAW!;
export const STREAM_SOCK_STREAM: number = c.STREAM_SOCK_STREAM!;
export const STREAM_SOCK_DGRAM: number = c.STREAM_SOCK_DGRAM!;
export const STREAM_SOCK_RAW: number = c.STREAM_SOCK_RAW!;
export const STREAM_SOCK_SEQPACKET: number = c.STREAM_SOCK_SEQPACKET!;
export const STREAM_SOCK_RDM: number = c.STREAM_SOCK_RDM!;
export const STREAM_PEEK: number = c.STREAM_PEEK!;
export const STREAM_OOB: number = c.STREAM_OOB!;
export const STREAM_SERVER_BIND: number = c.STREAM_SERVER_BIND!;
export const STREAM_SERVER_LISTEN: number = c.STREAM_SERVER_LISTEN!;
