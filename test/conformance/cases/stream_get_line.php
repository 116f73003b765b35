<?php
// stream_get_line() (the line protocols reader) blocking, nonblocking and at end of stream, and
// what stream_set_chunk_size() and stream_set_read_buffer() change.
function t($l, $f) { try { $r = $f(); echo "$l: "; var_dump($r); } catch (Throwable $e) { echo "$l: ", get_class($e), ": ", $e->getMessage(), "\n"; } }
[$a, $b] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
stream_set_timeout($b, 0, 200000);
fwrite($a, "one\r\ntwo\r\nthree");
foreach ([[100, "\r\n"], [2, "\r\n"], [100, ""], [0, "\r\n"], [100, "\r\n"]] as [$l, $e]) t("get_line $l", fn() => stream_get_line($b, $l, $e));
t('timed_out', fn() => stream_get_meta_data($b)['timed_out']);
t('negative', fn() => stream_get_line($b, -1));
t('arity', fn() => stream_get_line($b));
t('ending array', fn() => stream_get_line($b, 1, []));
fwrite($a, "abcXYdefXY");
t('XY 0', fn() => stream_get_line($b, 0, "XY"));
t('XY 4', fn() => stream_get_line($b, 4, "XY"));
t('XY 100', fn() => stream_get_line($b, 100, "XY"));
stream_set_blocking($b, false);
fwrite($a, "+OK\r\n\$5\r\nhel");
t('nb line', fn() => stream_get_line($b, 1024, "\r\n"));
t('nb line 2', fn() => stream_get_line($b, 1024, "\r\n"));
t('nb partial', fn() => stream_get_line($b, 1024, "\r\n"));
fwrite($a, "lo\r\n");
t('nb rest', fn() => stream_get_line($b, 1024, "\r\n"));
stream_set_blocking($b, true);
fwrite($a, "tail");
fclose($a);
t('eof 1', fn() => stream_get_line($b, 100, "\n"));
t('eof 2', fn() => stream_get_line($b, 100, "\n"));
t('feof', fn() => feof($b));
[$c, $d] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
t('chunk', fn() => stream_set_chunk_size($d, 4));
fwrite($c, "abcdefghij\nklm\n");
t('fread', fn() => fread($d, 100));
t('fgets', fn() => fgets($d));
t('unread', fn() => stream_get_meta_data($d)['unread_bytes']);
t('fread 2', fn() => fread($d, 100));
t('chunk 1', fn() => stream_set_chunk_size($d, 1));
fwrite($c, "xyz");
t('fgetc', fn() => fgetc($d));
t('unread 2', fn() => stream_get_meta_data($d)['unread_bytes']);
t('read buffer 0', fn() => stream_set_read_buffer($d, 0));
t('chunk back', fn() => stream_set_chunk_size($d, 8192));
fwrite($c, "hello\nworld\n");
t('fread nobuf', fn() => fread($d, 3));
t('unread 3', fn() => stream_get_meta_data($d)['unread_bytes']);
t('fgets nobuf', fn() => fgets($d));
t('unread 4', fn() => stream_get_meta_data($d)['unread_bytes']);
