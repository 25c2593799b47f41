/** Errors of the archive index; all end a CLI run with exit code 2 (see DupgrafError). */

import fs from 'node:fs';
import path from 'node:path';
import { DupgrafError } from '../errors.js';

/**
 * Kinds of {@link IndexFileError} (its `code`):
 * - `INDEX_MISSING`: no index there (and this command does not create one);
 * - `INDEX_FOREIGN`: the file or database is something else (never modified);
 * - `INDEX_DAMAGED`: the index is damaged (`index verify` lists problems; left untouched when
 *   found before this run wrote to it, see {@link IndexFileError.written});
 * - `INDEX_DISK_FULL`: no space left to write the index (what was committed is kept);
 * - `INDEX_READ_ONLY`: the index cannot be written (or, in WAL mode, read) by this user;
 * - `INDEX_LOCKED`: another process held the index locked for too long;
 * - `INDEX_IO`: another I/O error of the file system or the database connection.
 */
export type IndexErrorCode =
  | 'INDEX_MISSING'
  | 'INDEX_FOREIGN'
  | 'INDEX_DAMAGED'
  | 'INDEX_DISK_FULL'
  | 'INDEX_READ_ONLY'
  | 'INDEX_LOCKED'
  | 'INDEX_IO';

/**
 * The index given is missing, not a dupgraf index, damaged, or cannot be read or written; its
 * `code` says which ({@link IndexErrorCode}). A damaged or foreign index is left untouched.
 */
export class IndexFileError extends DupgrafError {
  override name = 'IndexFileError';
  declare readonly code: IndexErrorCode;
  /** What was found, without the advice (a damaged index: SQLite's message and code). */
  readonly detail?: string;
  /**
   * A damaged index found after this run had written to it (an SQLite index opened for writing
   * is switched to WAL mode, which writes its header, then takes batches): the message says so
   * instead of "left untouched".
   */
  readonly written?: boolean;
  constructor(
    message: string,
    code: IndexErrorCode = 'INDEX_DAMAGED',
    detail?: string,
    written?: boolean,
  ) {
    super(message, code);
    if (detail !== undefined) this.detail = detail;
    if (written) this.written = true;
  }
}

/**
 * What a damaged-index error says was found (its `detail`, else its message), for `index
 * verify`'s list of problems; undefined for any other error. Told by the error's code
 * (`INDEX_DAMAGED`), so an error re-made elsewhere (renamed, re-wrapped) is still one.
 */
export function damageFound(error: unknown): string | undefined {
  if (!(error instanceof DupgrafError) || error.code !== 'INDEX_DAMAGED') return undefined;
  const detail = (error as { detail?: unknown }).detail;
  return typeof detail === 'string' && detail !== '' ? detail : error.message;
}

/**
 * `error` with its index name `from` replaced by `to` (a build file by the index it builds),
 * its code, detail and the rest kept; other errors as they are.
 */
export function renamedIndexError(error: unknown, from: string, to: string): unknown {
  if (!(error instanceof IndexFileError)) return error;
  return new IndexFileError(
    error.message.replaceAll(from, to),
    error.code,
    error.detail?.replaceAll(from, to),
    error.written,
  );
}

/**
 * The index was built with settings (or by a dupgraf version) that this run cannot use; the
 * message says what to do. `code`: `INDEX_INCOMPATIBLE` (other settings: rebuild or use them),
 * `INDEX_NEWER` (made by a newer dupgraf: upgrade), `INDEX_OLDER` (an older layout: migrate or
 * rebuild).
 */
export class IncompatibleIndexError extends DupgrafError {
  override name = 'IncompatibleIndexError';
  declare readonly code: 'INDEX_INCOMPATIBLE' | 'INDEX_NEWER' | 'INDEX_OLDER';
  constructor(
    message: string,
    code: 'INDEX_INCOMPATIBLE' | 'INDEX_NEWER' | 'INDEX_OLDER' = 'INDEX_INCOMPATIBLE',
  ) {
    super(message, code);
  }
}

/** The SQLite result codes (better-sqlite3's `code`) of a damaged database file. */
export function isCorruptionCode(code: unknown): boolean {
  return typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB)/.test(code);
}

/**
 * Turns an SQLite error met while using the index `name` (a damaged page, a full disk, a locked
 * or read-only file) into an {@link IndexFileError} with a one-line message that says which it
 * is; other errors pass through. `written`: this run had written to the file before the error
 * (a damaged-index error, SQLite's or dupgraf's own, then says so instead of "left untouched").
 */
export function asIndexError(
  error: unknown,
  name: string,
  file?: string,
  written = false,
): unknown {
  const code = (error as { code?: unknown })?.code;
  if (written && error instanceof IndexFileError && code === 'INDEX_DAMAGED' && !error.written)
    return damagedIndexError(name, damageFound(error)!, true);
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return error;
  const detail = `${(error as Error).message} (${code})`;
  if (isCorruptionCode(code)) return damagedIndexError(name, detail, written);
  // SQLite says SQLITE_FULL when a write finds no space; growing its -shm or -wal file on a full
  // disk fails with an I/O error instead: the file system's free space tells them apart.
  if (code === 'SQLITE_FULL' || (code.startsWith('SQLITE_IOERR') && file && isFull(file)))
    return new IndexFileError(
      `disk full: cannot write ${name} (${detail}); free some space and run again (what was committed is kept)`,
      'INDEX_DISK_FULL',
    );
  if (code.startsWith('SQLITE_READONLY'))
    return new IndexFileError(
      `cannot write ${name}: it, its folder or its file system is read-only for this user (${detail})`,
      'INDEX_READ_ONLY',
    );
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
    return new IndexFileError(
      `${name} is locked by another process (waited 30 s): ${detail}`,
      'INDEX_LOCKED',
    );
  if (code.startsWith('SQLITE_CANTOPEN'))
    return new IndexFileError(`cannot open ${name} (${detail})`, 'INDEX_IO');
  return new IndexFileError(`${name}: ${detail}`, 'INDEX_IO');
}

/**
 * The index error for `error` (see {@link asIndexError}), its message naming the index as the
 * user gave it (`where.shown`: a file as typed, a URL without its password) rather than the
 * resolved path `where.location`.
 */
export function shownIndexError(
  error: unknown,
  where: { location: string; shown: string },
): unknown {
  const mapped = asIndexError(error, where.shown);
  if (mapped instanceof DupgrafError && where.location !== where.shown)
    mapped.message = mapped.message.replaceAll(where.location, where.shown);
  return mapped;
}

/** Whether the file system holding `file` has (next to) no space left for this user. */
export function isFull(file: string): boolean {
  try {
    const fsStats = fs.statfsSync(path.dirname(file));
    return fsStats.bavail * fsStats.bsize < 64 * 1024;
  } catch {
    return false;
  }
}

/** What an SQLite writer had written when it met damage (see {@link damagedIndexError}). */
const SQLITE_WRITTEN =
  'this run had already written to the file ' +
  '(its header, when it switched to WAL mode, and any batches committed before, which are kept)';

/**
 * The error for a damaged index (see {@link IndexFileError}); `detail` says what was found.
 * `written`: found after this run had written to the index (see {@link IndexFileError.written}),
 * which the message then says, rather than that the index was left untouched: that the
 * transaction that met it was rolled back, but `wrote` (what the run had written: by default an
 * SQLite writer's header and batches; a PostgreSQL writer's batches, postgres-connection.ts).
 */
export function damagedIndexError(
  name: string,
  detail: string,
  written = false,
  wrote = SQLITE_WRITTEN,
): IndexFileError {
  const found = detail.replace(/\s+/g, ' ');
  const state = written
    ? `the transaction that met it was rolled back, but ${wrote}`
    : 'it was left untouched';
  return new IndexFileError(
    `${name} is damaged (${found}); ${state}. ` +
      `\`dupgraf index verify --index ${name}\` lists the problems; rebuild it with \`dupgraf index add\` into a new index`,
    'INDEX_DAMAGED',
    found,
    written,
  );
}
