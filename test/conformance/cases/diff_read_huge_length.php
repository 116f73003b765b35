<?php
// DELIBERATE DIFFERENCE (docs/differences.md): a huge socket_read() length. PHP 8.2 allocates the
// whole length up front, so 2**62 is a fatal out-of-memory error; php-sockets reads what is
// queued (at most 16 MiB per call) and returns it. The expected TS transcript is in
// diff_read_huge_length.expected-ts.txt.
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
socket_write($p[0], 'small');
echo "reading\n";
var_dump(socket_read($p[1], 2 ** 62));
echo "done\n";
