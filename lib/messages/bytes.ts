// Host-order integer fields of the C structs lib/messages builds and reads (sa_family_t,
// sin6_flowinfo, ucred, in6_pktinfo.ipi6_ifindex, descriptor arrays). Ports are network order.
import { endianness } from 'node:os';

const LE = endianness() === 'LE';

export function writeU16(buf: Buffer, offset: number, v: number): void {
  if (LE) buf.writeUInt16LE(v, offset);
  else buf.writeUInt16BE(v, offset);
}

export function readU16(buf: Buffer, offset: number): number {
  return LE ? buf.readUInt16LE(offset) : buf.readUInt16BE(offset);
}

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

/** `buf` zero-padded to at least `length` bytes. */
export function padded(buf: Buffer, length: number): Buffer {
  if (buf.length >= length) return buf;
  const out = Buffer.alloc(length);
  buf.copy(out);
  return out;
}
