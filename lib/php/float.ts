// PHP's float-to-string conversions, shared by var_dump() and the argument parsers. A leaf module
// (no imports), so anything may use it without an import cycle.

/** The exact decimal expansion of a finite positive double: digits (no leading zeros) and the
 * position of the decimal point (value = 0.DIGITS x 10^decpt). */
function exactDigits(f: number): { digits: string; decpt: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, f);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & 0xfffffffffffffn;
  let exp2 = biased - 1075;
  if (biased === 0) exp2 = -1074;
  else mant |= 1n << 52n;
  let digits: string;
  let decpt: number;
  if (exp2 >= 0) {
    digits = (mant << BigInt(exp2)).toString();
    decpt = digits.length;
  } else {
    // mant / 2^k = mant * 5^k / 10^k
    const scaled = (mant * 5n ** BigInt(-exp2)).toString();
    decpt = scaled.length + exp2;
    digits = scaled;
  }
  const trimmed = digits.replace(/0+$/, '');
  const lead = trimmed.length - trimmed.replace(/^0+/, '').length;
  return { digits: trimmed.slice(lead), decpt: decpt - lead };
}

/** Rounds the exact digits to `n` significant digits, ties to even (as zend_dtoa mode 2). */
function roundDigits(f: number, n: number): { digits: string; decpt: number } {
  let { digits, decpt } = exactDigits(f);
  if (digits.length > n) {
    const rest = digits.slice(n);
    let keep = digits.slice(0, n);
    const up = rest[0]! > '5' || (rest[0] === '5' && (/[1-9]/.test(rest.slice(1)) || Number(keep[n - 1]) % 2 === 1));
    if (up) {
      const bumped = (BigInt(keep) + 1n).toString();
      if (bumped.length > n) decpt++;
      keep = bumped.slice(0, n);
    }
    digits = keep.replace(/0+$/, '');
  }
  return { digits, decpt };
}

/**
 * A float as PHP prints it: `precision` 17 is serialize_precision -1 (var_dump, var_export: the
 * shortest repr that round-trips), 14 is `precision` (echo, print_r, string conversion; rounded
 * half to even). Exponential form when the decimal exponent is < -4 or >= precision: 1.0E+25.
 */
export function phpFloatString(f: number, precision: 14 | 17 = 17): string {
  if (Number.isNaN(f)) return 'NAN';
  if (f === Infinity) return 'INF';
  if (f === -Infinity) return '-INF';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const sign = f < 0 ? '-' : '';
  let digits: string;
  let exp: number;
  if (precision === 17) {
    // toExponential() gives the shortest digits that round-trip, as zend_dtoa mode 0 does.
    const m = /^-?(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(f.toExponential())!;
    digits = (m[1]! + (m[2] ?? '')).replace(/0+$/, '') || '0';
    exp = Number(m[3]);
  } else {
    const r = roundDigits(Math.abs(f), precision);
    digits = r.digits;
    exp = r.decpt - 1;
  }
  if (exp < -4 || exp >= precision) {
    const mant = digits.length === 1 ? `${digits}.0` : `${digits[0]}.${digits.slice(1)}`;
    return `${sign}${mant}E${exp < 0 ? '-' : '+'}${Math.abs(exp)}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return sign + digits + '0'.repeat(exp + 1 - digits.length);
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}
