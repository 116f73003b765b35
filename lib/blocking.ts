// The seam between the PHP functions and php-sockets/async: every native call that can wait
// (block the thread) is reached through `blocking`, never through `native` (lib/native.ts leaves
// these names out of its type, so the compiler refuses `native.recv(...)`). The sync functions
// call `blocking.x(...)` at call time; php-sockets/async runs the same sync functions with
// `blocking` rebound, for that run only, to the probes, which make the syscall without waiting
// (lib/async/probes.ts, typed `Blocking`, so the compiler demands a probe for every entry here).
// A new kind of blocking call (a TLS handshake, a TLS read) is one more name in BLOCKING and its
// probe; docs/internals.md ("The async seam") has the recipe.
import { addon, type NativeAddon } from './native.js';

/** The native calls that can wait: one entry each. */
export const BLOCKING = [
  'accept',
  'connect',
  'getaddrinfo',
  'hostByAddr',
  'hostByName',
  'readLine',
  'recv',
  'recvInto',
  'recvTrunc',
  'recvfrom',
  'recvmsg',
  'select',
  'send',
  'sendmsg',
  'sendto',
  'streamAccept',
  'streamConnect',
  'streamRecv',
  'streamRecvFrom',
  'streamWrite',
  'tlsHandshake',
  'tlsRead',
  'tlsWrite',
  'write',
] as const satisfies readonly (keyof NativeAddon)[];

export type BlockingName = (typeof BLOCKING)[number];

/** The calls that can wait, with the native signatures: what a probe must stand in for. */
export type Blocking = Pick<NativeAddon, BlockingName>;

function pick(names: readonly BlockingName[]): Blocking {
  const out: Partial<Blocking> = {};
  for (const name of names) Object.assign(out, { [name]: addon[name] });
  // A copy: `out`, filled by keyed stores, is a dictionary-mode object, where each `blocking.x`
  // load is a hash lookup (~100 instructions on the hot path); the spread copy has fast properties.
  return { ...(out as Blocking) };
}

/** The native functions themselves (they wait): never swapped. The probes make their syscalls with these. */
export const waiting: Readonly<Blocking> = Object.freeze(pick(BLOCKING));

/** The real calls as the sync functions see them outside an async run (mutable: tests wrap entries). */
const real: Blocking = pick(BLOCKING);

/**
 * What the PHP functions call: `real` (the waiting functions), or during an async run the probes.
 * A live binding (`export let`): the driver swaps the whole object with `useBlocking`, one
 * assignment per run rather than one per entry.
 */
export let blocking: Blocking = real;

/** Makes `blocking` the given calls (the probes, for one async run); null puts the real calls back. */
export function useBlocking(calls: Blocking | null): void {
  blocking = calls ?? real;
}
