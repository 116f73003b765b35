// Port of var_dump_values.php.
import { AF_INET, SOCK_STREAM, SOL_TCP, echo, print_r, socket_create, var_dump, var_export } from 'php-sockets';

const s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
var_dump(null, true, false, 0, -7, 42, 2 ** 53 - 1, -(2 ** 53 - 1));
for (const f of [1.5, -0.25, 12345678901234.5, 1234567890123.25, 5e-324, 0.1 + 0.2, 1 / 3, 1e100, 2.5e-300, 1.5e-5, 0.0001, 1e-5, 1.23456789e20, 1e19, -1e300, -0, NaN, Infinity, -Infinity]) {
  var_dump(f);
  echo(f, ' | ');
  print_r(f);
  echo(' | ');
  var_export(f);
  echo('\n');
}
var_dump('', 'hello', 'a\0b\r\n', '\xff\xfe', Buffer.from('é'));
// A plain object lists integer keys first (JS's order); a Map keeps insertion order like PHP.
var_dump([], [1, 2, 3], new Map<unknown, unknown>([['a', 1], ['b', [true, null]], [5, 'five'], ['-3', 'neg'], ['07', 'str']]));
var_dump({ a: 1, 5: 'five', 7: 'seven' });
var_dump(s, [s, s], { sock: s });
print_r({ 0: 1, 5: null, a: [2, 'x'], e: [], f: false, g: 1.5 });
echo('\n');
print_r(s);
print_r([s]);
echo(print_r([1, [2]], true), '|\n');
var_export({ 0: 1, 5: null, a: [2, "x'\\"], 'n\0ul': true, e: [] });
echo('\n');
var_export(s);
echo('\n');
var_export([s]);
echo('\n');
echo(var_export('str', true), '|\n');
echo('echo: ', 1, ' ', 2.5, ' ', true, ' ', false, ' ', null, ' ', 'bytes\xe9', '\n');
