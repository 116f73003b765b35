// Host-order integer fields of the control-message payloads lib/messages builds and reads (ucred,
// IPV6_HOPLIMIT/IPV6_TCLASS ints, descriptor arrays). sockaddr and in6_pktinfo layouts are native.
import { endianness } from 'node:os';

const LE = endianness() === 'LE';

export function writeU32(buf: Buffer, offset: number, v: number): void {
  if (LE) buf.writeUInt32LE(v, offset);
  else buf.writeUInt32BE(v, offset);
}

export function readU32(buf: Buffer, offset: number): number {
  return LE ? buf.readUInt32LE(offset) : buf.readUInt32BE(offset);
}

export function writeI32(buf: Buffer, offset: number, v: number): void {
  if (LE) buf.writeInt32LE(v, offset);
  else buf.writeInt32BE(v, offset);
}

export function readI32(buf: Buffer, offset: number): number {
  return LE ? buf.readInt32LE(offset) : buf.readInt32BE(offset);
}
