// The name look-ups, as Promises: gethostbyname, gethostbynamel, gethostbyaddr and socket_addrinfo_lookup run the
// sync functions over the probes (driver.ts), whose resolver calls go to libuv's thread pool
// (native getaddrinfoAsync/hostByNameAsync/hostByAddrAsync), so the event loop never waits for DNS.
import { socket_addrinfo_lookup as addrinfoLookupSync } from '../functions/addrinfo.js';
import {
  gethostbyaddr as hostByAddrSync,
  gethostbyname as hostByNameSync,
  gethostbynamel as hostByNameListSync,
} from '../streams/netdb.js';
import { keepFrames } from '../php/caller.js';
import { drive } from './driver.js';
import './probes.js';

/** The async form of a sync function whose only wait is a name look-up. */
function offLoop<A extends unknown[], R>(sync: (...args: A) => R): (...args: A) => Promise<R> {
  const f = (...args: A): Promise<R> => {
    const p = drive(() => sync(...args));
    keepFrames(f);
    return p;
  };
  Object.defineProperty(f, 'name', { value: sync.name });
  return f;
}

/** gethostbyname(), resolving on libuv's thread pool. */
export const gethostbyname = offLoop(hostByNameSync);
/** gethostbynamel(), resolving on libuv's thread pool. */
export const gethostbynamel = offLoop(hostByNameListSync);
/** socket_addrinfo_lookup(), resolving on libuv's thread pool. */
export const socket_addrinfo_lookup = offLoop(addrinfoLookupSync);
/** gethostbyaddr(), resolving on libuv's thread pool. */
export const gethostbyaddr = offLoop(hostByAddrSync);
