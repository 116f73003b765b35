// The few PHP built-ins the example ports use that php-sockets does not export (it has `echo`):
// `$argv`, `(int)`, `trim()`, string conversion and PHP's truthiness. They are here so that each
// ported line can stay the PHP line.

/** PHP's `$argv`: the script path, then its arguments, as byte strings (one char per byte). */
export const argv: string[] = process.argv.slice(1).map((a) => Buffer.from(a, 'utf8').toString('latin1'));

/** PHP's `(int)` cast of a string: its leading number, or 0. */
export function intval(v: string | number): number {
  if (typeof v === 'number') return Math.trunc(v);
  const m = /^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(v);
  return m ? Math.trunc(Number(m[0])) : 0;
}

/** PHP's `trim()` with its default characters: " \t\n\r\0\x0B" (JS's trim() strips others). */
export function trim(s: string): string {
  return s.replace(/^[ \t\n\r\0\x0B]+|[ \t\n\r\0\x0B]+$/g, '');
}

/** PHP's string conversion, as in "($result)": false and null give "", true gives "1". */
export function strval(v: unknown): string {
  if (v === false || v === null || v === undefined) return '';
  if (v === true) return '1';
  return String(v);
}

/** PHP's boolean conversion: false, null, 0, "" and "0" are false ("0" is true in JS). */
export function truthy(v: unknown): boolean {
  return !(v === false || v === null || v === undefined || v === 0 || v === '' || v === '0');
}
