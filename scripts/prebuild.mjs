#!/usr/bin/env node
// The prebuilt addon in the package (run by `npm pack` through prepack/postpack).
//   node scripts/prebuild.mjs            copies build/Release/php_sockets.node (just built) to
//                                        prebuilds/<platform>-<arch>/node.napi.<libc>.node, the
//                                        layout lib/load.ts loads first, after checking that a glibc
//                                        binary needs nothing newer than glibc 2.28 and GCC 8's
//                                        libstdc++ (RHEL 8, Debian 10, Ubuntu 20.04)
//   node scripts/prebuild.mjs --clean    removes prebuilds/ (after packing: never committed, and a
//                                        working tree keeps loading what it builds)
//   node scripts/prebuild.mjs --versions FILE   prints the symbol versions FILE needs, as JSON
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The oldest versions a glibc prebuilt must load with: library version prefix -> [major, minor, patch]. */
export const OLDEST = { GLIBC_: [2, 28], GLIBCXX_: [3, 4, 25], CXXABI_: [1, 3, 11] };

/**
 * The symbol versions an ELF64 little-endian shared object needs (its SHT_GNU_verneed section):
 * { 'libc.so.6': ['GLIBC_2.2.5', ...], ... }. What the dynamic linker checks before loading it.
 */
export function neededVersions(file) {
  const b = readFileSync(file);
  if (b.readUInt32BE(0) !== 0x7f454c46 || b[4] !== 2 || b[5] !== 1) throw new Error(`${file}: not an ELF64 LE file`);
  const shoff = Number(b.readBigUInt64LE(0x28));
  const shentsize = b.readUInt16LE(0x3a);
  const section = (i) => {
    const at = shoff + i * shentsize;
    return { type: b.readUInt32LE(at + 4), offset: Number(b.readBigUInt64LE(at + 24)), link: b.readUInt32LE(at + 40), info: b.readUInt32LE(at + 44) };
  };
  const cstr = (at) => b.toString('latin1', at, b.indexOf(0, at));
  const out = {};
  for (let i = 0; i < b.readUInt16LE(0x3c); i++) {
    const s = section(i);
    if (s.type !== 0x6ffffffe) continue; // SHT_GNU_verneed
    const strtab = section(s.link).offset;
    for (let n = 0, vn = s.offset; n < s.info; n++) {
      const versions = (out[cstr(strtab + b.readUInt32LE(vn + 4))] = []);
      for (let k = 0, aux = vn + b.readUInt32LE(vn + 8); k < b.readUInt16LE(vn + 2); k++) {
        versions.push(cstr(strtab + b.readUInt32LE(aux + 8)));
        aux += b.readUInt32LE(aux + 12);
      }
      vn += b.readUInt32LE(vn + 12);
    }
  }
  return out;
}

/** The needed versions newer than OLDEST allows. */
export function tooNew(needed) {
  const bad = [];
  for (const version of Object.values(needed).flat()) {
    for (const [prefix, limit] of Object.entries(OLDEST)) {
      if (!version.startsWith(prefix)) continue;
      const parts = version.slice(prefix.length).split('.').map(Number);
      for (let i = 0; i < Math.max(parts.length, limit.length); i++) {
        const d = (parts[i] ?? 0) - (limit[i] ?? 0);
        if (d > 0) bad.push(version);
        if (d !== 0) break;
      }
    }
  }
  return bad;
}

function libc() {
  if (process.platform !== 'linux') return '';
  return process.report.getReport().header.glibcVersionRuntime ? '.glibc' : '.musl';
}

const [mode, arg] = process.argv.slice(2);
if (import.meta.url !== pathToFileURL(process.argv[1] ?? '').href) {
  // imported, not run
} else if (mode === '--versions') {
  process.stdout.write(`${JSON.stringify(neededVersions(arg))}\n`);
} else if (mode === '--clean') {
  rmSync(`${root}/prebuilds`, { recursive: true, force: true });
} else if (mode === undefined) {
  const built = `${root}/build/Release/php_sockets.node`;
  const tag = libc();
  if (tag === '.glibc') {
    const bad = tooNew(neededVersions(built));
    if (bad.length > 0) {
      process.stderr.write(`prebuild: ${built} needs ${bad.join(', ')}: it would not load on glibc 2.28 / GCC 8's libstdc++\n`);
      process.exit(1);
    }
  }
  const dir = `${root}/prebuilds/${process.platform}-${process.arch}`;
  mkdirSync(dir, { recursive: true });
  copyFileSync(built, `${dir}/node.napi${tag}.node`);
} else {
  process.stderr.write('usage: prebuild.mjs [--clean | --versions FILE]\n');
  process.exit(2);
}
