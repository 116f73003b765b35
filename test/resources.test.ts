// get_resource_id, get_resource_type, spl_object_id, (int)/(string) of a stream, and the numbers
// var_dump prints: as php-cli numbers resources for a script that opens the same ones in the same
// order (its first is 4: STDIN, STDOUT and STDERR take 1-3), run as whole processes side by side.
import { afterAll, describe, expect, it } from 'vitest';
import * as p from '../lib/index.js';
import { thrown } from './helpers/capture.js';
import { hasPhp } from './helpers/php.js';
import { removeScripts, runPair } from './helpers/script_pair.js';

afterAll(removeScripts);
const loose = (f: unknown) => f as (...a: unknown[]) => unknown;

describe('get_resource_id / get_resource_type / spl_object_id', () => {
  it('refuse what PHP refuses', () => {
    for (const fn of ['get_resource_id', 'get_resource_type'] as const) {
      expect(thrown(() => loose(p[fn])('x'))).toBe(`TypeError: ${fn}(): Argument #1 ($resource) must be of type resource, string given`);
      expect(thrown(() => loose(p[fn])(p.socket_create(p.AF_INET, p.SOCK_STREAM, 0)))).toBe(
        `TypeError: ${fn}(): Argument #1 ($resource) must be of type resource, Socket given`,
      );
      expect(thrown(() => loose(p[fn])())).toBe(`ArgumentCountError: ${fn}() expects exactly 1 argument, 0 given`);
    }
    for (const v of [null, [], {}, 5, 'x', Buffer.from('x'), p.stream_socket_server('tcp://127.0.0.1:0')]) {
      expect(thrown(() => loose(p.spl_object_id)(v))).toMatch(/^TypeError: spl_object_id\(\): Argument #1 \(\$object\) must be of type object, (null|array|int|string|resource) given$/);
    }
  });

  it('give stable, distinct ids; a stream converts as a PHP resource', () => {
    const a = p.stream_socket_server('tcp://127.0.0.1:0') as p.Stream;
    const id = p.get_resource_id(a);
    expect(Number(a)).toBe(id);
    expect(`${a}`).toBe(`Resource id #${id}`);
    expect(p.print_r(a, true)).toBe(`Resource id #${id}`);
    const b = p.stream_socket_server('tcp://127.0.0.1:0') as p.Stream;
    expect(p.get_resource_id(b)).toBe(id + 1); // the default context took its id before
    p.fclose(a);
    expect([p.get_resource_id(a), p.get_resource_type(a)]).toEqual([id, 'Unknown']);
    const s = p.socket_create(p.AF_INET, p.SOCK_STREAM, 0) as p.Socket;
    const t = p.socket_create(p.AF_INET, p.SOCK_STREAM, 0) as p.Socket;
    expect(p.spl_object_id(t)).toBe(p.spl_object_id(s) + 1);
    expect(p.spl_object_id(s)).toBe(p.spl_object_id(s));
    p.fclose(b);
  });
});

describe.runIf(hasPhp)('numbering against php-cli', () => {
  it('numbers streams, failed connects, persistent streams and Sockets as PHP does', () => {
    const r = runPair(
      'numbering',
      [
        '$p = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);',
        '$l = stream_socket_server("tcp://127.0.0.1:0");',
        '$n = stream_socket_get_name($l, false); $port = (int)substr($n, strrpos($n, ":") + 1);',
        '$c = stream_socket_client("tcp://$n"); $a = stream_socket_accept($l);',
        '$f = @fsockopen("127.0.0.1", 1);',
        '$e = fsockopen("127.0.0.1", $port);',
        '$q = pfsockopen("127.0.0.1", $port);',
        '$s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP); $x = socket_export_stream($s);',
        'fclose($c);',
        'var_dump($p, $l, $c, $a, $e, $q, $x, get_resource_type($q), (int)$e, spl_object_id($s));',
        'print_r($q); echo "\\n", $l, "\\n";',
        '$clients = []; $clients[(int)$a] = "a"; $clients[get_resource_id($e)] = "e"; var_dump($clients);',
      ].join('\n'),
      [
        'const pr = p.stream_socket_pair(p.STREAM_PF_UNIX, p.STREAM_SOCK_STREAM, 0);',
        'const l = p.stream_socket_server("tcp://127.0.0.1:0") as p.Stream;',
        'const n = p.stream_socket_get_name(l, false) as string; const port = Number(n.slice(n.lastIndexOf(":") + 1));',
        'const c = p.stream_socket_client(`tcp://${n}`) as p.Stream; const a = p.stream_socket_accept(l) as p.Stream;',
        'const f = p.silence(() => p.fsockopen("127.0.0.1", 1));',
        'const e = p.fsockopen("127.0.0.1", port) as p.Stream;',
        'const q = p.pfsockopen("127.0.0.1", port) as p.Stream;',
        'const s = p.socket_create(p.AF_INET, p.SOCK_STREAM, p.SOL_TCP) as p.Socket; const x = p.socket_export_stream(s);',
        'p.fclose(c);',
        'p.var_dump(pr, l, c, a, e, q, x, p.get_resource_type(q), Number(e), p.spl_object_id(s));',
        'p.print_r(q); p.echo("\\n", l, "\\n");',
        'const clients: Record<number, string> = {}; clients[+a] = "a"; clients[p.get_resource_id(e)] = "e"; p.var_dump(clients);',
      ].join('\n'),
    );
    expect(r.ts).toBe(r.php);
    expect(r.php).toContain('resource(12) of type (persistent stream)');
  });
});
