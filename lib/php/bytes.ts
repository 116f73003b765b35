// Strings are bytes: one char per byte (char codes 0-255, Node's 'latin1'), so .length is PHP's
// strlen and writing a string back sends the same bytes. A leaf module (no imports).

// On a one-byte (Latin-1) string V8 rejects this without scanning.
const NOT_A_BYTE = /[^\x00-\xff]/;

/** True when `s` holds a char above U+00FF, which no byte stands for (so it is text, not bytes). */
export function hasNonByte(s: string): boolean {
  // A short string is checked char by char: entering the regexp engine costs about 210
  // instructions whatever the length, a char about 26 (callgrind, flat one-byte strings: 4 chars
  // 131 against 211, 8 chars 235 against 210, 16 chars 442 against 211).
  if (s.length <= 6) {
    for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) return true;
    return false;
  }
  return NOT_A_BYTE.test(s);
}

/**
 * The TypeError for a JS string that is not a byte string: PHP strings are bytes, and a char
 * above U+00FF has no byte to stand for, so it is refused rather than silently truncated.
 */
export function notBytesError(fn: string, n: number, name: string): TypeError {
  return new TypeError(
    `${fn}(): Argument #${n} ($${name}) must be a byte string (one char per byte, codes 0-255); ` +
      `it contains a char above U+00FF. Encode text first, e.g. Buffer.from(text, 'utf8'), ` +
      `and pass the Buffer (or its .toString('latin1'))`,
  );
}

/** A Uint8Array's bytes as a byte string (one char per byte), without copying them first. */
export function latin1(v: Uint8Array): string {
  // A view of a detached ArrayBuffer has no bytes (and Buffer.from would throw on it).
  if (v.byteLength === 0) return '';
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('latin1');
}

/** A C string's view of a byte string: everything before the first NUL (what "%s" prints). */
export function cString(s: string): string {
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}
