// fsockopen, pfsockopen.
import { arity, toFloatOrNull, toInt, toStr } from '../php/args.js';
import { ValueError, warn } from '../php/errors.js';
import { optionalRef, type Ref } from '../php/ref.js';
import { defaultTimeout } from '../php/ini.js';
import type { Stream } from './stream.js';
import { cString } from '../php/bytes.js';
import { run, type Steps } from './core.js';
import { pollUs, xportCreateSteps } from './transport.js';

// PHP_TIMEOUT_ULL_MAX / 1000000.0, the largest timeout fsockopen() accepts.
const MAX_TIMEOUT = 18446744073709.551615;

/**
 * fsockopen()/pfsockopen() as steps (core.ts's Steps: the name look-up and each connect), so that
 * php-sockets/async runs this same code. `given` is the number of arguments passed; undefined
 * arguments take their defaults.
 */
export function* openSteps(
  fn: 'fsockopen' | 'pfsockopen',
  given: number,
  hostname: unknown,
  port: unknown = -1,
  error_code?: unknown,
  error_message?: unknown,
  timeout: unknown = null,
): Steps<Stream | false> {
  const persistent = fn === 'pfsockopen';
  const errnoRef = optionalRef(error_code, fn, 3, 'error_code');
  const errstrRef = optionalRef(error_message, fn, 4, 'error_message');
  arity(fn, given, 1, 5);
  const host = toStr(hostname, fn, 1, 'hostname');
  const portNumber = toInt(port, fn, 2, 'port');
  let seconds = toFloatOrNull(timeout, fn, 5, 'timeout');
  if (seconds === null) seconds = defaultTimeout();
  const key = persistent ? `pfsockopen__${host}:${portNumber}` : null;
  const name = portNumber > 0 ? `${host}:${portNumber}` : host;
  if (seconds !== -1 && !(seconds >= 0 && seconds <= MAX_TIMEOUT)) {
    // PHP prints this bound with a format that reads a double as an integer (so a garbage number);
    // this prints the bound meant.
    throw new ValueError(`${fn}(): Argument #6 must be -1 or between 0 and 18446744073709`);
  }
  // -1: no timeval, so default_socket_timeout.
  const us = seconds === -1 ? defaultTimeout() * 1e6 : Math.trunc(seconds * 1e6);
  if (errnoRef) errnoRef.value = 0;
  // PHP passes no context (so no `socket` options, and not the default context).
  const r = yield* xportCreateSteps(fn, name, { server: false, context: null, connect: true, timeout: pollUs(us), persistentKey: key });
  if (r.stream) {
    if (errstrRef) errstrRef.value = '';
    return r.stream;
  }
  // A failure without a text (socket() failed: out of descriptors) leaves $error_message as it was.
  warn(fn, `Unable to connect to ${cString(host)}:${portNumber} (${r.errstr === null ? 'Unknown error' : r.errstr})`);
  if (errnoRef) errnoRef.value = r.errno;
  if (errstrRef && r.errstr !== null) errstrRef.value = r.errstr;
  return false;
}

/**
 * fsockopen(): a client socket stream connected to `hostname` ("example.com", "127.0.0.1",
 * "[::1]", or with a transport: "udp://127.0.0.1", "unix:///path") at `port` (appended as
 * ":port" when above 0), within `timeout` seconds (default: default_socket_timeout). On failure
 * false, warning "Unable to connect to HOSTNAME:PORT (REASON)", error_code.value the errno and
 * error_message.value the reason. Same as stream_socket_client("HOSTNAME:PORT").
 */
export function fsockopen(
  hostname: string,
  port: number = -1,
  error_code?: Ref<unknown> | null,
  error_message?: Ref<unknown> | null,
  timeout: number | null = null,
): Stream | false {
  return run(openSteps('fsockopen', arguments.length, hostname, port, error_code, error_message, timeout));
}

/**
 * pfsockopen(): fsockopen() whose stream is persistent: a later pfsockopen() of the same host and
 * port gets the same stream back while the peer has not closed it (fclose() ends it).
 */
export function pfsockopen(
  hostname: string,
  port: number = -1,
  error_code?: Ref<unknown> | null,
  error_message?: Ref<unknown> | null,
  timeout: number | null = null,
): Stream | false {
  return run(openSteps('pfsockopen', arguments.length, hostname, port, error_code, error_message, timeout));
}
