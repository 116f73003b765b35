// Side-by-side comparisons with real PHP: the same steps written once in PHP and once in TS, each
// printing one line per step in the same format, so a test can compare the two transcripts.
//
//   step: <value>      bool(true), int(5), float(1.5), NULL, string(3) "abc" (printable ASCII) or
//                      string(3) hex:00ff0a, resource(stream) / resource(closed), object(Socket),
//                      [k => v, ...] for arrays, or <ExceptionClass>: <message>
//     W: <text>        each warning, notice or deprecation the step raised (newlines as \n)
import * as p from '../../lib/index.js';

/** The PHP side: `t('step', fn () => ...)` prints a step (prepend to the PHP snippet). */
export const PHP_PRELUDE = String.raw`
$__W = [];
set_error_handler(function ($no, $str) { global $__W; $__W[] = $str; return true; });
function __d($v) {
  if (is_bool($v)) return 'bool(' . ($v ? 'true' : 'false') . ')';
  if ($v === null) return 'NULL';
  if (is_int($v)) return "int($v)";
  if (is_float($v)) return "float($v)";
  if (is_string($v)) return 'string(' . strlen($v) . ') ' . (preg_match('/^[\x20-\x7e]*\z/', $v) ? '"' . $v . '"' : 'hex:' . bin2hex($v));
  if (is_resource($v)) return 'resource(stream)';
  if (gettype($v) === 'resource (closed)') return 'resource(closed)';
  if ($v instanceof Socket) return 'object(Socket)';
  if (is_array($v)) { $o = []; foreach ($v as $k => $x) $o[] = "$k => " . __d($x); return '[' . implode(', ', $o) . ']'; }
  return gettype($v);
}
function t($label, $f) {
  global $__W;
  $__W = [];
  try { $out = __d($f()); } catch (Throwable $e) { $out = get_class($e) . ': ' . $e->getMessage(); }
  echo "$label: $out\n";
  foreach ($__W as $w) echo "  W: " . addcslashes($w, "\n") . "\n";
}
`;

function dump(v: unknown): string {
  if (typeof v === 'boolean') return `bool(${v})`;
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') return Number.isInteger(v) ? `int(${v})` : `float(${v})`;
  if (typeof v === 'string') {
    const bytes = Buffer.from(v, 'latin1');
    return `string(${bytes.length}) ` + (/^[\x20-\x7e]*$/.test(v) ? `"${v}"` : `hex:${bytes.toString('hex')}`);
  }
  if (v instanceof p.Stream) {
    try {
      p.stream_get_meta_data(v);
      return 'resource(stream)';
    } catch {
      return 'resource(closed)';
    }
  }
  if (v instanceof p.Socket) return 'object(Socket)';
  if (Array.isArray(v)) return '[' + v.map((x, i) => `${i} => ${dump(x)}`).join(', ') + ']';
  if (typeof v === 'object') {
    return '[' + Object.entries(v as object).map(([k, x]) => `${k} => ${dump(x)}`).join(', ') + ']';
  }
  return typeof v;
}

/** The TS side: `tr.t('step', () => ...)`, then compare `tr.text` with PHP's output. */
export class Transcript {
  private lines: string[] = [];

  t(label: string, f: () => unknown): void {
    const warnings: string[] = [];
    p.set_error_handler((_no, str) => {
      warnings.push(str);
      return true;
    });
    let out: string;
    try {
      out = dump(f());
    } catch (e) {
      const err = e as Error;
      out = `${err.name}: ${err.message}`;
    } finally {
      p.restore_error_handler();
    }
    this.lines.push(`${label}: ${out}`);
    for (const w of warnings) this.lines.push(`  W: ${w.replace(/\n/g, '\\n')}`);
  }

  get text(): string {
    return this.lines.map((l) => l + '\n').join('');
  }
}
