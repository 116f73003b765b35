<?php
// var_dump / print_r / var_export of the values a socket script prints: the TS port uses the
// package's var_dump, print_r and var_export on the corresponding JS values.
$s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
var_dump(null, true, false, 0, -7, 42, 9007199254740991, -9007199254740991);
foreach ([1.5, -0.25, 12345678901234.5, 1234567890123.25, 5e-324, 0.1 + 0.2, 1 / 3, 1e100, 2.5e-300, 1.5e-5, 0.0001, 1e-5, 1.23456789e20, 1e19, -1e300, -0.0, NAN, INF, -INF] as $f) {
    var_dump($f);
    echo $f, ' | ';
    print_r($f);
    echo ' | ';
    var_export($f);
    echo "\n";
}
var_dump('', 'hello', "a\0b\r\n", "\xff\xfe", 'é');
var_dump([], [1, 2, 3], ['a' => 1, 'b' => [true, null], 5 => 'five', '-3' => 'neg', '07' => 'str']);
var_dump([5 => 'five', 7 => 'seven', 'a' => 1]);
var_dump($s, [$s, $s], ['sock' => $s]);
print_r([1, 5 => null, 'a' => [2, 'x'], 'e' => [], 'f' => false, 'g' => 1.5]);
echo "\n";
print_r($s);
print_r([$s]);
echo print_r([1, [2]], true), "|\n";
var_export([1, 5 => null, 'a' => [2, "x'\\"], "n\0ul" => true, 'e' => []]);
echo "\n";
var_export($s);
echo "\n";
var_export([$s]);
echo "\n";
echo var_export('str', true), "|\n";
echo 'echo: ', 1, ' ', 2.5, ' ', true, ' ', false, ' ', null, ' ', "bytes\xe9", "\n";
