// Our extension, not in PHP: reading straight into a caller's Buffer (zero-copy). Writing needs
// nothing new: socket_write and socket_send use a Uint8Array in place.
import { arity, phpType, toInt, toIntOrNull } from '../php/args.js';
import { ValueError } from '../php/errors.js';
import { socketError } from '../last_error.js';
import { blocking } from '../blocking.js';
import { socketArg, type Socket } from '../socket.js';

/**
 * socket_read_into() (php-sockets extension): one recv(2) of up to `length` bytes into `buffer`
 * at `offset`, with no string and no copy; shaped like Node's
 * `fs.readSync(fd, buffer, offset, length)`. `length` defaults to the rest of the buffer, `flags`
 * are recv(2)'s (`MSG_PEEK`, `MSG_WAITALL`, `MSG_DONTWAIT`, ...). Returns the count of bytes
 * read, 0 at end of stream (or for `length` 0, without a syscall), or false as socket_read does:
 * without a warning for EAGAIN (code 11 set), else with "unable to read from socket".
 */
export function socket_read_into(
  socket: Socket,
  buffer: Uint8Array,
  offset: number = 0,
  length: number | null = null,
  flags: number = 0,
): number | false {
  const fn = 'socket_read_into';
  arity(fn, arguments.length, 2, 5);
  const s = socketArg(socket, fn);
  if (!(buffer instanceof Uint8Array)) {
    // Not a PHP function: it asks for a JS type, so another binary type is named as JS names it.
    const binary = (buffer as unknown) instanceof ArrayBuffer || ArrayBuffer.isView(buffer);
    const given = binary ? (buffer as object).constructor.name : phpType(buffer);
    throw new TypeError(`${fn}(): Argument #2 ($buffer) must be of type Uint8Array, ${given} given`);
  }
  const size = buffer.byteLength;
  offset = toInt(offset, fn, 3, 'offset');
  if (offset < 0 || offset > size) {
    throw new ValueError(`${fn}(): Argument #3 ($offset) must be between 0 and ${size}`);
  }
  let len = toIntOrNull(length, fn, 4, 'length');
  if (len === null) len = size - offset;
  else if (len < 0 || len > size - offset) {
    throw new ValueError(`${fn}(): Argument #4 ($length) must be between 0 and ${size - offset}`);
  }
  flags = toInt(flags, fn, 5, 'flags');
  if (len === 0) return 0;
  const n = blocking.recvInto(s.fd, buffer, offset, len, flags);
  if (n < 0) return socketError(s, fn, 'unable to read from socket', -n);
  return n;
}
