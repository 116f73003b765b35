<?php
// The socket_* aliases of the stream functions, stream_is_local, stream_get_transports, the buffer
// and chunk sizes, gethostbyaddr and gethostname.
function t($l, $f) { try { $r = $f(); echo "$l: "; var_dump($r); } catch (Throwable $e) { echo "$l: ", get_class($e), ": ", $e->getMessage(), "\n"; } }
[$a, $b] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
t('socket_get_status', fn() => socket_get_status($b));
t('socket_get_status x', fn() => socket_get_status('x'));
t('socket_get_status 0', fn() => socket_get_status());
t('socket_set_timeout', fn() => socket_set_timeout($b, 0, 100000));
t('socket_set_timeout x', fn() => socket_set_timeout('x', 1));
t('socket_set_timeout arity', fn() => socket_set_timeout($b));
t('socket_set_blocking', fn() => socket_set_blocking($b, true));
t('socket_set_blocking x', fn() => socket_set_blocking('x', true));
t('socket_set_blocking null', fn() => socket_set_blocking($b, null));
fclose($a);
t('closed', fn() => socket_get_status($a));
t('closed2', fn() => socket_set_timeout($a, 1));
t('closed3', fn() => socket_set_blocking($a, false));
t('stream_get_transports', fn() => stream_get_transports());
t('stream_is_local', fn() => stream_is_local($b));
t('stream_is_local url', fn() => stream_is_local('tcp://127.0.0.1:80'));
t('stream_is_local file', fn() => stream_is_local('/tmp/x'));
t('stream_is_local http', fn() => stream_is_local('http://example.com'));
t('stream_is_local unix', fn() => stream_is_local('unix:///tmp/x'));
t('stream_is_local int', fn() => stream_is_local(5));
t('stream_is_local arr', fn() => stream_is_local([]));
$l = stream_socket_server('tcp://127.0.0.1:0');
t('stream_is_local tcp', fn() => stream_is_local($l));
t('stream_is_local closed', fn() => stream_is_local($a));
t('write_buffer', fn() => stream_set_write_buffer($b, 0));
t('write_buffer 8192', fn() => stream_set_write_buffer($b, 8192));
t('write_buffer -1', fn() => stream_set_write_buffer($b, -1));
t('read_buffer', fn() => stream_set_read_buffer($b, 0));
t('read_buffer 8192', fn() => stream_set_read_buffer($b, 8192));
t('read_buffer -1', fn() => stream_set_read_buffer($b, -1));
t('chunk', fn() => stream_set_chunk_size($b, 100));
t('chunk2', fn() => stream_set_chunk_size($b, 8192));
t('chunk 0', fn() => stream_set_chunk_size($b, 0));
t('chunk -1', fn() => stream_set_chunk_size($b, -1));
t('chunk big', fn() => stream_set_chunk_size($b, PHP_INT_MAX));
t('chunk closed', fn() => stream_set_chunk_size($a, 5));
t('gethostname', fn() => gethostname() === php_uname('n'));
t('gethostbyaddr', fn() => gethostbyaddr('127.0.0.1'));
t('gethostbyaddr bad', fn() => gethostbyaddr('x'));
t('gethostbyaddr empty', fn() => gethostbyaddr(''));
t('gethostbyaddr nul', fn() => gethostbyaddr("127.0.0.1\0"));
t('gethostbyaddr int', fn() => gethostbyaddr(5));
