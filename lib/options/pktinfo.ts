// IPV6_PKTINFO (RFC 3542) for socket_set_option/socket_get_option: ['addr' => string, 'ifindex' =>
// int|string], converted by socket_sendmsg's in6_pktinfo converter (as PHP does), with its
// "error converting user data (path: in6_pktinfo > ...)" warnings.
import { socketError } from '../last_error.js';
import { userPktinfo } from '../messages/ancillary.js';
import { Ctx, convert } from '../messages/context.js';
import { native } from '../native.js';
import type { SocketState } from '../socket.js';

/**
 * socket_set_option(IPPROTO_IPV6, IPV6_PKTINFO). PHP 8.2 crashes when a non-string addr fails to
 * resolve (GH-21161: it prints the unconverted value); we report the converted string, as later
 * PHP does, after the "Host lookup failed" warning.
 */
export function setPktinfo(
  s: SocketState,
  fn: string,
  level: number,
  option: number,
  value: unknown,
): boolean {
  const info = convert(fn, () => userPktinfo(new Ctx(fn, 'user', 'in6_pktinfo', '#4 ($value)'), s, value));
  if (info === undefined) return false;
  const rc = native.setsockoptBytes(s.fd, level | 0, option | 0, info);
  if (rc < 0) return socketError(s, fn, 'Unable to set socket option', -rc);
  return true;
}

/** socket_get_option(IPPROTO_IPV6, IPV6_PKTINFO): Linux refuses it ([92]), with PHP's lower case. */
export function getPktinfo(
  s: SocketState,
  fn: string,
  level: number,
  option: number,
): { addr: string; ifindex: number } | false {
  const r = native.getsockoptPktinfo(s.fd, level | 0, option | 0);
  if (typeof r === 'number') return socketError(s, fn, 'unable to get socket option', -r);
  return { addr: r[0], ifindex: r[1] };
}
