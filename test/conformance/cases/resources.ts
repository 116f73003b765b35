// Port of resources.php.
import {
  AF_INET, SOCK_STREAM, SOL_TCP, STREAM_CLIENT_CONNECT, STREAM_CLIENT_PERSISTENT, STREAM_PF_UNIX, STREAM_SOCK_STREAM,
  type Socket, type Stream, echo, fclose, fsockopen, get_resource_id, get_resource_type, pfsockopen, print_r, ref, silence,
  socket_create, socket_export_stream, spl_object_id, stream_socket_accept, stream_socket_client, stream_socket_get_name,
  stream_socket_pair, stream_socket_server, var_dump,
} from 'php-sockets';

// Ids are printed relative to the first stream's: the harness prepends a file, which takes an id.
const a = stream_socket_server('tcp://127.0.0.1:0') as Stream;
const base = get_resource_id(a);
var_dump(Number(a) === base, get_resource_type(a), String(a) === `Resource id #${base}`);
const name = stream_socket_get_name(a, false) as string;
const b = stream_socket_client(`tcp://${name}`) as Stream;
const c = stream_socket_accept(a) as Stream;
var_dump(get_resource_id(b) - base, get_resource_id(c) - base);
fclose(b);
var_dump(get_resource_type(b), get_resource_id(b) - base, 'resource (closed)');
const pair = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0) as Stream[];
var_dump(get_resource_id(pair[0]) - base, get_resource_id(pair[1]) - base);
var_dump(silence(() => stream_socket_client('tcp://127.0.0.1:1')));
const port = Number(name.slice(name.lastIndexOf(':') + 1));
const e = fsockopen('127.0.0.1', port) as Stream;
var_dump(get_resource_id(e) - base);
const p = pfsockopen('127.0.0.1', port) as Stream;
var_dump(get_resource_id(p) - base, get_resource_type(p));
var_dump(p);
print_r(p); echo('\n');
const errno = ref<number>(), errstr = ref<string>();
const p2 = stream_socket_client(`tcp://${name}`, errno, errstr, 5, STREAM_CLIENT_CONNECT | STREAM_CLIENT_PERSISTENT) as Stream;
var_dump(get_resource_type(p2), p2 === pfsockopen('127.0.0.1', port));
const s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
const x = socket_export_stream(s) as Stream;
var_dump(get_resource_id(x) - base, get_resource_type(x));
const clients: Record<number, string> = {};
clients[+c - base] = 'c';
clients[get_resource_id(e) - base] = 'e';
var_dump(clients);
fclose(p);
var_dump(get_resource_type(p));
for (const v of ['x', [], null, 5]) {
  for (const f of [get_resource_id, get_resource_type, spl_object_id] as ((v: unknown) => unknown)[]) {
    try { f(v); } catch (t) { if (!(t instanceof TypeError)) throw t; echo(t.message, '\n'); }
  }
}
try { spl_object_id(a); } catch (t) { if (!(t instanceof TypeError)) throw t; echo(t.message, '\n'); }
const s2 = socket_create(AF_INET, SOCK_STREAM, SOL_TCP) as Socket;
var_dump(spl_object_id(s2) === spl_object_id(s2), spl_object_id(s2) !== spl_object_id(s));
