<?php
// Every constant the sockets extension defines, with its value, sorted by name. The TS port
// prints the package's numeric upper-case exports, leaving out PHP's core error-level constants
// (E_*) and stream constants (STREAM_*), which are not the extension's.
$constants = get_defined_constants(true)['sockets'];
ksort($constants);
echo count($constants), " constants\n";
foreach ($constants as $name => $value) {
    echo "$name = $value\n";
}
