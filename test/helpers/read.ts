import * as p from '../../lib/index.js';

/** Reads with socket_read until `n` bytes have arrived, end of stream, or a failure (bounded). */
export function readExactly(s: p.Socket, n: number): string {
  let out = '';
  for (let i = 0; i < 10000 && out.length < n; i++) {
    const chunk = p.socket_read(s, n - out.length);
    if (chunk === false || chunk === '') break;
    out += chunk;
  }
  return out;
}
