// The CommonJS entry (package.json "exports" → "require"): the ES module's values, as plain data
// properties of one object. Plain `node` loads the ES module itself here (require(esm)), so a
// program that both imports and requires php-sockets shares one copy of it. What this is for: a
// TypeScript port run by tsx from a project whose package.json has no "type": "module" is compiled
// to CommonJS, and so are php-sockets' modules as tsx loads them; a name taken from their exports
// is then two getters around a megamorphic keyed load (about 540 instructions per call of
// socket_read/socket_write, callgrind), where a data property is one load.
import api = require('./index.js');

export = { ...api };
