// Port of stream_contexts.php.
import {
  AF_INET, SOCK_STREAM, SOL_TCP, STREAM_CLIENT_CONNECT, STREAM_CLIENT_PERSISTENT, STREAM_PF_UNIX, STREAM_SERVER_BIND, STREAM_SERVER_LISTEN,
  STREAM_SOCK_STREAM, type Stream, type StreamContext, echo, fclose, fgets, fread, fsockopen, fwrite, get_resource_id, get_resource_type, ref, socket_bind,
  socket_create, stream_context_create, stream_context_get_default, stream_context_get_options,
  stream_context_get_params, stream_context_set_default, stream_context_set_option, stream_context_set_params,
  stream_socket_accept, stream_socket_client, stream_socket_get_name, stream_socket_pair, stream_socket_server,
  var_dump,
} from 'php-sockets';

function t(label: string, f: () => unknown): void {
  echo(`${label}: `);
  try {
    var_dump(f());
  } catch (e) {
    echo((e as Error).name, ': ', (e as Error).message, '\n');
  }
}
// Calls with arguments PHP's signatures refuse, as a PHP script can make them.
// (any: these calls pass what the typed signatures refuse.)
const loose = (f: unknown) => f as (...args: any[]) => unknown;
const e1 = ref();
const e2 = ref();

echo('== stream_context_create\n');
const c = stream_context_create();
t('create()', () => c);
t('type', () => get_resource_type(c));
t('(int) and (string)', () => [Number(c) === get_resource_id(c), String(c) === 'Resource id #' + get_resource_id(c)]);
t('options of a new context', () => stream_context_get_options(c));
t('params of a new context', () => stream_context_get_params(c));
t('create(null, null)', () => stream_context_get_options(stream_context_create(null, null)));
t('create(options)', () => stream_context_get_options(stream_context_create({ ssl: { verify_peer: false, cafile: 'certs/ca.pem' }, socket: { tcp_nodelay: true } })));
t('create(["ssl" => 1])', () => stream_context_create({ ssl: 1 }));
t('create([1 => ["a" => 1]])', () => stream_context_create({ 1: { a: 1 } }));
t('create(["ssl" => [0 => "x"]]) (a list: ignored)', () => stream_context_get_options(stream_context_create({ ssl: ['x'] })));
t('create(["ssl" => ["a" => 1, 5 => 2]]) (int keys dropped)', () => stream_context_get_options(stream_context_create({ ssl: { a: 1, 5: 2 } })));
t('create("x")', () => loose(stream_context_create)('x'));
t('create([], 1)', () => loose(stream_context_create)([], 1));
t('create([], [], 1)', () => loose(stream_context_create)([], [], 1));
t('create([], ["options" => 5])', () => stream_context_create([], { options: 5 }));
t('create([], ["notification" => "strlen"]) params', () => stream_context_get_params(stream_context_create([], { notification: 'strlen' })));
t('option names end at a NUL', () => stream_context_get_options(stream_context_create({ 'a\0b': { 'c\0d': 1 } })));
t('params options merged over options', () => stream_context_get_options(stream_context_create({ ssl: { a: 1, b: 2 } }, { options: { ssl: { a: 3, c: 4 } } })));
t('values are copied', () => {
  const a = { x: 1 };
  const c = stream_context_create({ ssl: { arr: a } });
  a.x = 2;
  const o = stream_context_get_options(c) as { ssl: { arr: { x: number } } };
  o.ssl.arr.x = 3;
  return stream_context_get_options(c);
});

echo('== stream_context_set_option\n');
t('set(ctx, "ssl", "verify_peer", false)', () => stream_context_set_option(c, 'ssl', 'verify_peer', false));
t('set(ctx, array)', () => stream_context_set_option(c, { socket: { bindto: '127.0.0.1:0' } }));
t('options now', () => stream_context_get_options(c));
t('set(ctx, array, "x")', () => stream_context_set_option(c, { ssl: [] }, 'x'));
t('set(ctx, array, null, 1)', () => stream_context_set_option(c, { ssl: [] }, null, 1));
t('set(ctx, array, null)', () => stream_context_set_option(c, { ssl: [] }, null));
t('set(ctx, "ssl")', () => stream_context_set_option(c, 'ssl'));
t('set(ctx, "ssl", "x")', () => stream_context_set_option(c, 'ssl', 'x'));
t('set(ctx, "ssl", null, 1)', () => stream_context_set_option(c, 'ssl', null, 1));
t('set(ctx, "ssl", [], 1)', () => loose(stream_context_set_option)(c, 'ssl', [], 1));
t('set(ctx, ["ssl" => 1])', () => stream_context_set_option(c, { ssl: 1 }));
t('set(ctx, ["w1" => ["a" => 1], "w2" => 5])', () => stream_context_set_option(c, { w1: { a: 1 }, w2: 5 }));
t('w1 was set before the error', () => stream_context_get_options(c)['w1']);
t('set(ctx)', () => loose(stream_context_set_option)(c));
t('set(ctx, "a", "b", 1, 2)', () => loose(stream_context_set_option)(c, 'a', 'b', 1, 2));
t('set("x", "ssl", "a", 1)', () => loose(stream_context_set_option)('x', 'ssl', 'a', 1));
t('get_options("x")', () => loose(stream_context_get_options)('x'));
t('get_options()', () => loose(stream_context_get_options)());
const sock = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
t('get_options(Socket)', () => loose(stream_context_get_options)(sock));
t('set_params(Socket, [])', () => loose(stream_context_set_params)(sock, []));
const srv = stream_socket_server('tcp://127.0.0.1:0') as Stream;
const fp = stream_socket_client('tcp://' + stream_socket_get_name(srv, false)) as Stream;
t('options of a stream made without a context (the default context)', () => stream_context_get_options(fp));
t('set an option on that stream', () => stream_context_set_option(fp, 'ssl', 'peer_name', 'via-stream'));
t('the default context now', () => stream_context_get_options(stream_context_get_default()));
t("an accepted stream shares the server's (default) context", () => stream_context_get_options(stream_socket_accept(srv) as Stream));
fclose(fp);
t('get_options(closed stream)', () => stream_context_get_options(fp));
t('set_option(closed stream)', () => stream_context_set_option(fp, 'a', 'b', 1));
t('get_params(closed stream)', () => stream_context_get_params(fp));
t('a context where a stream is expected', () => loose(fread)(c, 1));
t('a context where a Socket is expected', () => loose(socket_bind)(c, '127.0.0.1'));
t('a stream where a context is expected', () => loose(stream_socket_client)('tcp://127.0.0.1:1', e1, e2, 1, STREAM_CLIENT_CONNECT, srv));
t('a Socket where a context is expected', () => loose(stream_socket_server)('tcp://127.0.0.1:0', e1, e2, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, sock));

echo('== streams without a context\n');
const fs = fsockopen('127.0.0.1', Number((stream_socket_get_name(srv, false) as string).slice(10))) as Stream;
t('fsockopen(): a fresh context, not the default', () => stream_context_get_options(fs));
t('set on it', () => stream_context_set_option(fs, 'x', 'y', 2));
t('kept on the stream', () => stream_context_get_options(fs));
const pair = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0) as [Stream, Stream];
t('stream_socket_pair()', () => stream_context_get_options(pair[0]));
const ctx = stream_context_create({ socket: { q: 1 } });
const srv2 = stream_socket_server('tcp://127.0.0.1:0', e1, e2, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, ctx) as Stream;
stream_socket_client('tcp://' + stream_socket_get_name(srv2, false));
const acc = stream_socket_accept(srv2) as Stream;
stream_context_set_option(acc, 'socket', 'r', 2);
t("set through an accepted stream: the server's context", () => stream_context_get_options(ctx));
const pn = stream_socket_get_name(srv2, false);
const pa = stream_socket_client(`tcp://${pn}`, e1, e2, 1, STREAM_CLIENT_CONNECT | STREAM_CLIENT_PERSISTENT, stream_context_create({ x: { a: 1 } })) as Stream;
const pb = stream_socket_client(`tcp://${pn}`, e1, e2, 1, STREAM_CLIENT_CONNECT | STREAM_CLIENT_PERSISTENT, stream_context_create({ x: { b: 2 } })) as Stream;
t('a persistent stream reused keeps its first context', () => [pa === pb, stream_context_get_options(pb)]);
fclose(pa);

echo('== default context\n');
const d1 = stream_context_get_default();
const d2 = stream_context_get_default();
t('get_default() twice: same resource', () => d1 === d2);
t('get_default(["ssl" => ["x" => 1]])', () => stream_context_get_options(stream_context_get_default({ ssl: { x: 1 } })));
t('set_default(["socket" => ["tcp_nodelay" => true]]) returns the default', () => stream_context_set_default({ socket: { tcp_nodelay: true } }) === d1);
t('options now (merged, not replaced)', () => stream_context_get_options(d1));
t('get_default("x")', () => loose(stream_context_get_default)('x'));
t('get_default(null)', () => stream_context_get_default(null) === d1);
t('set_default(null)', () => loose(stream_context_set_default)(null));
t('set_default(["ssl" => 1])', () => stream_context_set_default({ ssl: 1 }));

echo('== params\n');
const p: StreamContext = stream_context_create();
t('set_params(options)', () => stream_context_set_params(p, { options: { ssl: { a: 1 } } }));
t('set_params(notification)', () => stream_context_set_params(p, { notification: () => echo('notified\n') }));
t('set_params(unknown key)', () => stream_context_set_params(p, { foo: 1 }));
t('set_params(options = 1)', () => stream_context_set_params(p, { options: 1 }));
t('set_params(ctx, "x")', () => loose(stream_context_set_params)(p, 'x'));
t('get_params', () => Object.keys(stream_context_get_params(p)));
t('get_params options', () => stream_context_get_params(p)['options']);
t('notification null is kept', () => {
  stream_context_set_params(p, { notification: null });
  return stream_context_get_params(p);
});
let n = 0;
const nctx = stream_context_create([], { notification: () => n++ });
const nsrv = stream_socket_server('tcp://127.0.0.1:0', e1, e2, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, nctx) as Stream;
const ncl = stream_socket_client('tcp://' + stream_socket_get_name(nsrv, false), e1, e2, 5, STREAM_CLIENT_CONNECT, nctx) as Stream;
const nacc = stream_socket_accept(nsrv) as Stream;
fwrite(ncl, 'abc\n');
fgets(nacc);
fclose(ncl);
echo(`notifications: ${n}\n`);
