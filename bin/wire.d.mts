// Types for wire.mjs (the recording proxy of php-sockets-compare --wire).
import type { WireConnection } from './compare.mjs';

export type ProxyAddress = { host: string; port: number } | { path: string };
export interface Proxy {
  address: ProxyAddress;
  /** The live log, filled as traffic flows (see wireLog). */
  connections: unknown[];
  close(): Promise<void>;
}
export function startProxy(transport: 'tcp' | 'unix' | 'udp', listen: ProxyAddress, target: () => ProxyAddress): Promise<Proxy>;
export function wireLog(connections: unknown[]): WireConnection[];
export function byteDiff(a: Buffer, b: Buffer, labels?: { labelA?: string; labelB?: string }): string;
export function wireDiff(a: WireConnection[], b: WireConnection[], labels?: { labelA?: string; labelB?: string }): string;
export function escapeBytes(bytes: Uint8Array): string;
export function formatWire(log: WireConnection[]): string;
