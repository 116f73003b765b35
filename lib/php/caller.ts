// The script file and line PHP names in a diagnostic ("... in /path/script.php on line 3"): here,
// the nearest stack frame outside this package, as Node prints it (source-mapped when the port runs
// under tsx or with --enable-source-maps, so it is the .ts line the user wrote).
import { dirname, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

// This file is lib/php/caller.ts (or dist/php/caller.js); the package's own frames are those under
// lib/ or dist/ (a dist file source-maps back to lib/).
const ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const OWN = [`${ROOT}${sep}lib${sep}`, `${ROOT}${sep}dist${sep}`];

// "    at fn (/path/file.ts:3:5)", "    at /path/file.ts:3:5", "    at async fn (file:///x.mjs:3:5)"
const FRAME = /^\s*at (?:.*?\()?(.+?):(\d+):\d+\)?$/;

export interface Caller {
  file: string;
  line: number;
}

/** The user's frame that led here: PHP's "Unknown" and line 0 when there is none. */
export function caller(): Caller {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 64;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  for (const text of stack.split('\n')) {
    const m = FRAME.exec(text);
    if (!m) continue;
    let file = m[1]!;
    if (file.startsWith('file://')) {
      try {
        file = fileURLToPath(file);
      } catch {
        continue;
      }
    }
    if (!file.startsWith(sep) || OWN.some((dir) => file.startsWith(dir))) continue;
    return { file, line: Number(m[2]) };
  }
  return { file: 'Unknown', line: 0 };
}
