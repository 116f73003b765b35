// The CommonJS entry of php-sockets/async (package.json "exports" → "require"): the ES module's
// values as plain data properties, for the reason lib/index.cts gives.
import api = require('./index.js');

export = { ...api };
