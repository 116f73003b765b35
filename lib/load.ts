// Which native addon to load, in order: the prebuilt binary the package carries for this platform,
// architecture and C library (node-gyp-build's layout: prebuilds/<platform>-<arch>/
// node.napi.<libc>.node, built for stable Node-API when the package was packed), then the one built
// here (build/Release/php_sockets.node, by the install script with cmake-js, or by node-gyp); else
// an error that says what to do. lib/native.ts loads it; scripts/install.mjs asks whether the
// prebuilt one loads before it compiles anything.
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The package's root: this file is lib/load.ts, or dist/load.js once built. */
const ROOT = new URL('..', import.meta.url);
const LOCAL = 'build/Release/php_sockets.node';
/** ELF's program-header type for the interpreter's path (the same on every architecture). */
const INTERPRETER_HEADER = 3;
const require = createRequire(import.meta.url);

/**
 * The C library this process runs on (Linux only, else null): the ELF interpreter of the node
 * binary (ld-linux-* is glibc, ld-musl-* musl), as detect-libc reads it first, else what Node's
 * diagnostic report says.
 */
export function libcFamily(): 'glibc' | 'musl' | null {
  if (process.platform !== 'linux') return null;
  let head: Buffer;
  try {
    const fd = openSync('/proc/self/exe', 'r');
    try {
      head = Buffer.alloc(4096);
      head = head.subarray(0, readSync(fd, head, 0, head.length, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return fromReport();
  }
  // A little-endian ELF64 file: the PT_INTERP program header names the interpreter.
  if (head.length < 64 || head.readUInt32BE(0) !== 0x7f454c46 || head[4] !== 2 || head[5] !== 1) return fromReport();
  const phoff = Number(head.readBigUInt64LE(0x20));
  const phentsize = head.readUInt16LE(0x36);
  for (let i = 0, at = phoff; i < head.readUInt16LE(0x38) && at + 56 <= head.length; i++, at += phentsize) {
    if (head.readUInt32LE(at) !== INTERPRETER_HEADER) continue;
    const offset = Number(head.readBigUInt64LE(at + 8));
    const path = head.toString('latin1', offset, Math.min(offset + Number(head.readBigUInt64LE(at + 32)), head.length));
    if (path.includes('/ld-musl-')) return 'musl';
    if (path.includes('/ld-linux')) return 'glibc';
  }
  return fromReport();
}

/** Node's diagnostic report names the glibc it runs on (slower: only when the binary did not tell). */
function fromReport(): 'glibc' | 'musl' | null {
  try {
    const header = (process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header;
    return header?.glibcVersionRuntime ? 'glibc' : 'musl';
  } catch {
    return null;
  }
}

/** Where the prebuilt binary for this system would be, relative to the package's root. */
export function prebuiltFile(): string {
  const libc = libcFamily() ?? 'glibc';
  return `prebuilds/${process.platform}-${process.arch}/node.napi${process.platform === 'linux' ? `.${libc}` : ''}.node`;
}

/** The file (relative to the package's root) loadAddon() loaded, once it has. */
export let addonFile: string | null = null;

function tryLoad(file: string, tried: string[]): unknown {
  const path = fileURLToPath(new URL(file, ROOT));
  if (!existsSync(path)) {
    tried.push(`${file}: not there`);
    return null;
  }
  try {
    const addon = require(path) as unknown;
    addonFile = file;
    return addon;
  } catch (e) {
    tried.push(`${file}: ${(e as Error).message.split('\n')[0]}`);
    return null;
  }
}

/** The prebuilt addon for this system, or null when there is none or it does not load here. */
export function loadPrebuilt(tried: string[] = []): unknown {
  return tryLoad(prebuiltFile(), tried);
}

/** The addon: prebuilt, else built here; throws what to do when neither loads. */
export function loadAddon(): unknown {
  const tried: string[] = [];
  const addon = loadPrebuilt(tried) ?? tryLoad(LOCAL, tried);
  if (addon !== null) return addon;
  const system = `${process.platform}-${process.arch}${process.platform === 'linux' ? `, ${libcFamily() ?? 'unknown libc'}` : ''}`;
  throw new Error(
    [
      `php-sockets: no native addon loads on this system (${system}, Node ${process.version}). Tried:`,
      ...tried.map((t) => `  ${t}`),
      'The package carries a prebuilt addon for Linux x64 with glibc 2.28 or later; elsewhere on Linux',
      '(arm64, musl/Alpine) its install script builds one. To build it:',
      '  1. install cmake (3.15+), make and a C++17 compiler',
      '     (Debian/Ubuntu: apt-get install cmake make g++; Alpine: apk add cmake make g++ linux-headers);',
      '  2. run `npm rebuild php-sockets`.',
      'Package managers that skip install scripts need them approved first: pnpm 10 (`pnpm approve-builds`),',
      'npm 11 (`npm install-scripts approve php-sockets`), Bun (`bun pm trust php-sockets`).',
      'Only Linux is supported; macOS and Windows are not supported yet (see "Troubleshooting" in the README).',
    ].join('\n'),
  );
}
