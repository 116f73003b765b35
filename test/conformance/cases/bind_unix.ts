// Port of bind_unix.php.
import { existsSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename } from 'node:path';
import {
  AF_UNIX, SOCK_DGRAM, SOCK_STREAM, type Socket, echo, ref, socket_bind, socket_create,
  socket_getsockname, socket_last_error, var_dump,
} from 'php-sockets';

const dir = tmpdir();
const path = `${dir}/bind.sock`;
const s = socket_create(AF_UNIX, SOCK_STREAM, 0) as Socket;
var_dump(socket_bind(s, path), existsSync(path));
const name = ref<string>();
var_dump(socket_getsockname(s, name), name.value === path);
const port = ref<number>(-1);
var_dump(socket_getsockname(s, name, port), port.value);
const t = socket_create(AF_UNIX, SOCK_STREAM, 0) as Socket;
var_dump(socket_bind(t, path), socket_last_error(t));
var_dump(socket_bind(t, `${dir}/no/such/dir.sock`), socket_last_error(t));
const abstract = socket_create(AF_UNIX, SOCK_DGRAM, 0) as Socket;
const unique = `\0php-sockets-conformance-${basename(dir)}`;
const aname = ref<string>();
var_dump(socket_bind(abstract, unique), socket_getsockname(abstract, aname), aname.value);
const clash = socket_create(AF_UNIX, SOCK_DGRAM, 0) as Socket;
var_dump(socket_bind(clash, unique), socket_last_error(clash));
const unbound = socket_create(AF_UNIX, SOCK_STREAM, 0) as Socket;
const uname = ref<string>();
var_dump(socket_getsockname(unbound, uname), uname.value);
// Autobind: an empty path.
const auto = socket_create(AF_UNIX, SOCK_DGRAM, 0) as Socket;
const autoname = ref<string>();
var_dump(socket_bind(auto, ''), socket_getsockname(auto, autoname), autoname.value);
try {
  socket_bind(t, 'x'.repeat(108));
} catch (e) {
  echo((e as Error).name, ': ', (e as Error).message, '\n');
}
var_dump(socket_bind(t, `${dir}/${'y'.repeat(107 - `${dir}/`.length)}`));
unlinkSync(path);
