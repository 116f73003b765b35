// The package's build and generated parts: both build files agree, the constants table is
// generated and current, and it holds exactly PHP 8.2's constants with PHP's values.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as p from '../lib/index.js';
import { hasPhp, php } from './helpers/php.js';

const root = new URL('..', import.meta.url);
const read = (rel: string) => readFileSync(new URL(rel, root), 'utf8');

describe('build files', () => {
  it('binding.gyp and CMakeLists.txt list the same sources and defines', () => {
    const gyp = JSON.parse(read('binding.gyp')) as {
      targets: { target_name: string; sources: string[]; defines: string[]; cflags_cc: string[] }[];
    };
    const target = gyp.targets[0]!;
    const cmake = read('CMakeLists.txt');
    const sources = /set\(PHP_SOCKETS_SOURCES\s+([^)]*)\)/.exec(cmake)![1]!.split(/\s+/).filter(Boolean);
    const defines = [...cmake.matchAll(/add_definitions\(-D([^)]+)\)/g)].map((m) => m[1]);
    expect(target.sources).toEqual(sources);
    expect(target.defines).toEqual(defines);
    expect(defines).toContain('NODE_ADDON_API_DISABLE_CPP_EXCEPTIONS');
    expect(target.cflags_cc).toContain('-fno-exceptions');
    expect(cmake).toContain('-fno-exceptions');
    expect(target.target_name).toBe(/project\((\w+)/.exec(cmake)![1]);
  });

  it('the addon needs nothing newer than glibc 2.28 and GCC 8\'s libstdc++ (what the prebuilt one must load with)', () => {
    const needed = JSON.parse(
      execFileSync('node', ['scripts/prebuild.mjs', '--versions', 'build/Release/php_sockets.node'], { cwd: root, encoding: 'utf8' }),
    ) as Record<string, string[]>;
    const compare = (a: number[], b: number[]): number => {
      for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
      return 0;
    };
    const highest = (prefix: string): number[] =>
      Object.values(needed)
        .flat()
        .filter((v) => v.startsWith(prefix))
        .map((v) => v.slice(prefix.length).split('.').map(Number))
        .reduce((a, b) => (compare(a, b) >= 0 ? a : b), [0]);
    // glibc's own libraries (ld.so for thread-local storage) and GCC's C++ runtime, nothing else.
    for (const lib of Object.keys(needed)) expect(lib).toMatch(/^(libc\.so\.6|libstdc\+\+\.so\.6|ld-linux-[\w-]+\.so\.\d)$/);
    // The versions were read (a glibc binary always needs some above the baseline).
    expect(compare(highest('GLIBC_'), [2, 2, 5])).toBeGreaterThan(0);
    expect(compare(highest('GLIBC_'), [2, 28])).toBeLessThanOrEqual(0);
    expect(compare(highest('GLIBCXX_'), [3, 4, 25])).toBeLessThanOrEqual(0);
    expect(compare(highest('CXXABI_'), [1, 3, 11])).toBeLessThanOrEqual(0);
  });

  it('the generated constants files are current', () => {
    expect(execFileSync('node', ['scripts/gen-constants.mjs', '--check'], { cwd: root, encoding: 'utf8' })).toMatch(
      /258 constants and 26 internal ones, generated files are current/,
    );
  });
});

describe('constants', () => {
  it('exports the Linux values', () => {
    expect([p.AF_UNIX, p.AF_INET, p.AF_INET6]).toEqual([1, 2, 10]);
    expect([p.SOCK_STREAM, p.SOCK_DGRAM, p.SOCK_RAW, p.SOCK_SEQPACKET, p.SOCK_RDM]).toEqual([1, 2, 3, 5, 4]);
    expect([p.PHP_NORMAL_READ, p.PHP_BINARY_READ, p.MSG_EOF, p.SOL_UDP, p.SKF_AD_OFF]).toEqual([1, 2, 512, 17, -4096]);
    expect([p.SOCKET_EWOULDBLOCK, p.SOCKET_EAGAIN, p.SOCKET_EINPROGRESS]).toEqual([11, 11, 115]);
  });

  it.runIf(hasPhp)("equals PHP 8.2's sockets constants: names, order and values", () => {
    const expected = php('foreach (get_defined_constants(true)["sockets"] as $k => $v) echo "$k=$v\\n";');
    // The list's public part, less the stream constants (ext/standard's; test/streams_netdb.test.ts).
    const listed = read('native/constants.list').split('\n').filter((l) => l && !l.startsWith('#'));
    const names = listed.slice(0, listed.indexOf('@internal')).filter((n) => !n.startsWith('STREAM_'));
    const ours = names.map((n) => `${n}=${(p as unknown as Record<string, number>)[n]}\n`).join('');
    expect(ours).toBe(expected);
    expect(names).toHaveLength(212);
  });
});

describe.runIf(hasPhp)('functions', () => {
  it("exports every function of PHP 8.2's sockets extension, plus socket_atmark", () => {
    const names = php('echo implode("\\n", get_extension_funcs("sockets"));').split('\n');
    expect(names).toHaveLength(36);
    const exported = p as unknown as Record<string, unknown>;
    expect(names.filter((n) => typeof exported[n] !== 'function')).toEqual([]);
    expect(typeof exported.socket_atmark).toBe('function');
  });
});
