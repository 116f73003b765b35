// Side-by-side transcripts for the stream tests: the same steps written in PHP (after PHP_STREAMS
// below) and in TS (with StreamTranscript), one line per step, values dumped alike:
//   step: <value>      bool(true), int(5), float(1.5), NULL, string(3) "abc" (printable ASCII) or
//                      string(3) hex:00ff0a, resource(stream) / resource(closed), object(Socket),
//                      [k => v, ...] for arrays, or <ExceptionClass>: <message>
//     W: <text>        each warning, notice or deprecation the step raised
// Ephemeral ports are replaced by PORT so runs compare.
import { PHP_PRELUDE, Transcript } from './transcript.js';
import { php } from './php.js';

/** The PHP prelude (see transcript.ts). */
export const PHP_STREAMS = PHP_PRELUDE;

/** Transcript with ephemeral ports normalised. */
export class StreamTranscript extends Transcript {
  override get text(): string {
    return normalise(super.text);
  }
}

/** Ephemeral ports (after an address) become PORT; string lengths that include them are dropped. */
export function normalise(text: string): string {
  return text
    .replace(/(127\.0\.0\.1|\[::1\]|localhost):\d{4,5}/g, '$1:PORT')
    .replace(/string\(\d+\) "([^"\n]*PORT[^"\n]*)"/g, 'string(N) "$1"');
}

/** Runs the PHP steps (with the prelude) and returns the normalised transcript. */
export function phpTranscript(code: string): string {
  return normalise(php(PHP_STREAMS + code));
}
