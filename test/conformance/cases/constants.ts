// Port of constants.php.
import * as sockets from 'php-sockets';
import { echo } from 'php-sockets';

const exported = sockets as unknown as Record<string, unknown>;
const names = Object.keys(exported)
  .filter((k) => /^[A-Z][A-Z0-9_]*$/.test(k) && typeof exported[k] === 'number' && !/^(E|STREAM)_/.test(k))
  .sort();
echo(names.length, ' constants\n');
for (const name of names) {
  echo(`${name} = ${exported[name]}\n`);
}
