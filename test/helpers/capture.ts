// Collects the warnings raised through set_error_handler while a callback runs.
import { restore_error_handler, set_error_handler } from '../../lib/index.js';

export function captureWarnings<T>(fn: () => T): { result: T; warnings: string[] } {
  const warnings: string[] = [];
  set_error_handler((_no, str) => {
    warnings.push(str);
    return true;
  });
  try {
    return { result: fn(), warnings };
  } finally {
    restore_error_handler();
  }
}

/** What a PHP try/catch prints for a thrown value: "Class: message". */
export function thrown(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    const err = e as Error;
    return `${err.name}: ${err.message}`;
  }
  return 'no exception';
}
