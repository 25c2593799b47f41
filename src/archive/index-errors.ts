/** Errors of the archive index; all end a CLI run with exit code 2 (see DupgrafError). */

import { DupgrafError } from '../errors.js';

/** The file given as an index is missing, not a dupgraf index, or damaged. It is left untouched. */
export class IndexFileError extends DupgrafError {
  override name = 'IndexFileError';
}

/** The index was built with settings that this run cannot use; the message says how to rebuild. */
export class IncompatibleIndexError extends DupgrafError {
  override name = 'IncompatibleIndexError';
}

/**
 * Turns an SQLite error met while using the index `file` (a damaged page, a full disk, a locked
 * file) into an {@link IndexFileError} with a one-line message; other errors pass through.
 */
export function asIndexError(error: unknown, file: string): unknown {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && code.startsWith('SQLITE_')) {
    return new IndexFileError(`${file}: ${(error as Error).message} (${code})`);
  }
  return error;
}
