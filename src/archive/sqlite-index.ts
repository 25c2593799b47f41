/**
 * The persistent archive index on SQLite (better-sqlite3): stories and their paragraphs, stored so
 * that one new story is checked against millions of archived paragraphs in milliseconds, with
 * exactly the answer the in-memory {@link Corpus} (and so a full scan) gives.
 *
 * What is stored (format version {@link INDEX_FORMAT_VERSION}; the README explains why):
 * - `story`: path (as shown in reports), content hash, date (ms since the epoch, what `prune`
 *   goes by), publication date (ISO 8601 as the sources find it; NULL when undated), counts;
 * - `text`: each distinct paragraph once (same normalized words), with its shingle set (a blob of
 *   little-endian uint32, ascending), its text (white space collapsed) and a reference count;
 * - `paragraph`: every stored paragraph: story, 1-based line, end line, position, words, text id;
 * - `posting`: (shingle, prefix flag, set size, text id) for EVERY shingle of every distinct text;
 *   the flag is 1 for the size − ⌈f·size⌉ + 1 rarest shingles of the text (rarest when it was
 *   added), f = the index's lowest threshold: its *prefix*.
 *
 * A query paragraph x finds every stored y with Jaccard ≥ t or containment ≥ c (either way):
 * both imply |x∩y| ≥ ⌈g·min(|x|,|y|)⌉ with g = min(t, c) ≥ f. If |y| ≤ |x|, y's stored prefix
 * holds a shingle of x (all of x is probed against the flagged postings). If |y| ≥ |x|, x's
 * g-prefix (its rarest shingles now; any subset of that size would do) holds a shingle of y
 * (probed against all postings). Every candidate is verified on the full sets with the scan's predicates.
 *
 * Every add/remove/prune batch is one write transaction (BEGIN IMMEDIATE, so a second writer
 * waits its turn); the database runs in WAL mode, so readers see
 * the index as it was before a batch or after it, never between, and a killed writer loses at most
 * the batch it was writing.
 *
 * This file opens, builds and migrates an index; the parts: sqlite-schema.ts (the tables, what a
 * file holds, migrations), sqlite-archive.ts (the {@link SqliteIndex} class), sqlite-writer.ts
 * (adds, removes, a new index's load), sqlite-query.ts (queries and reads), sqlite-verify.ts
 * (stats and checks), stored-texts.ts (what the SQLite and PostgreSQL stores share).
 */

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { checkCompatible, newSettings, rebuildHint } from './index-settings.js';
import type { OpenIndexOptions } from './archive-index.js';
import {
  asIndexError,
  IncompatibleIndexError,
  IndexFileError,
  renamedIndexError,
} from './index-errors.js';
import { SqliteIndex } from './sqlite-archive.js';
import { INDEX_FORMAT_VERSION } from './sqlite-format.js';
import {
  checkHeader,
  createSchema,
  inspectDatabase,
  migrateSqlite,
  quickCheck,
  switchToWal,
  type DB,
} from './sqlite-schema.js';

export { SqliteIndex } from './sqlite-archive.js';
export { INDEX_FORMAT_VERSION, INDEX_APPLICATION_ID } from './sqlite-format.js';
export { DEFAULT_LOWEST_THRESHOLD } from './index-defaults.js';
export { contentHash, type ArchiveDocument } from './prepared-story.js';
export type { AddSummary } from './add-files.js';
export {
  checkCompatible,
  type ArchivedParagraph,
  type ArchiveStats,
  type IndexSettings,
} from './index-settings.js';
export type { OpenIndexOptions } from './archive-index.js';
export type { StoredStory } from './prepared-story.js';

/**
 * Throws the index error for a new index at `file` whose folder is missing or not writable by
 * this user (`name`: how messages show it); SQLite would say only "cannot open".
 */
function checkFolder(file: string, name: string): void {
  const folder = path.dirname(path.resolve(file));
  if (!fs.existsSync(folder))
    throw new IndexFileError(`cannot create ${name}: its folder does not exist`, 'INDEX_MISSING');
  try {
    fs.accessSync(folder, fs.constants.W_OK);
  } catch {
    throw new IndexFileError(
      `cannot create ${name}: its folder is read-only for this user`,
      'INDEX_READ_ONLY',
    );
  }
}

/**
 * Opens (and by default creates) a dupgraf archive index in one SQLite file. Engine options set
 * the thresholds queries use; `shingleSize`/`minWords`/`lowestThreshold` given for an existing
 * index must match the ones it was built with. A new index is made under the database's write
 * lock, so two processes creating the same index at once both succeed; nothing is ever deleted.
 * Opened for writing, an existing index is checked first (`PRAGMA quick_check`, unless
 * `quickCheck: false`). Throws {@link IndexFileError} (missing when `create` is false, foreign,
 * damaged, read-only, disk full: a foreign or damaged file is never modified) and
 * {@link IncompatibleIndexError}.
 */
export function openSqliteIndex(file: string, options: OpenIndexOptions = {}): SqliteIndex {
  const create = options.create ?? true;
  const readonly = options.readonly ?? false;
  // The settings a new index would get (and a --lowest-threshold asked for) are checked before
  // anything is written.
  const requested = newSettings(options);
  const missing = () =>
    new IndexFileError(
      `no index at ${file}; create one with \`dupgraf index add <paths..> --index ${file}\``,
      'INDEX_MISSING',
    );
  const head = checkHeader(file);
  if (head !== 'sqlite' && (!create || readonly)) throw missing();
  if (head !== 'sqlite') {
    checkCompatible(file, requested, options);
    if (!fs.existsSync(file)) checkFolder(file, file);
  }
  let db: DB;
  try {
    db = new Database(file, { readonly });
  } catch (error) {
    throw asIndexError(error, file);
  }
  // Whether this open has written to the file yet: a damage found after that is not reported as
  // having left the file untouched.
  let written = false;
  try {
    db.pragma('busy_timeout = 30000');
    let state = inspectDatabase(db, file, readonly);
    if (state === 'blank') {
      if (!create || readonly) throw missing();
      written = true;
      createSchema(db, file, requested, !options.deferPostings);
    }
    if (state === 'older') {
      const version = db.pragma('user_version', { simple: true }) as number;
      if (!options.migrate || readonly)
        throw new IncompatibleIndexError(
          `${file} has index format ${version}; this dupgraf uses format ${INDEX_FORMAT_VERSION}: run \`dupgraf index migrate --index ${file}\` (or ${rebuildHint(file)})`,
          'INDEX_OLDER',
        );
      if (options.quickCheck ?? true) quickCheck(db, file);
      written = true;
      migrateSqlite(db, file);
      state = 'index';
    }
    if (options.deferPostings) {
      // A file of its own, discarded if the load fails: a rollback journal (pages appended to
      // the file need none), no syncs, one lock for the whole build.
      db.pragma('synchronous = OFF');
      db.pragma('locking_mode = EXCLUSIVE');
    } else db.pragma('synchronous = NORMAL');
    db.pragma(`cache_size = -${(options.cacheMegabytes ?? 256) * 1024}`);
    if (!options.deferPostings) db.pragma('mmap_size = 1073741824');
    db.pragma('wal_autocheckpoint = 10000');
    // Everything is checked before the first write (switching to WAL mode writes the header);
    // with `quickCheck: false` the damage may be found only after it (or by a later write).
    const index = new SqliteIndex(db, file, options);
    if (state === 'index' && !readonly) {
      if (options.quickCheck ?? true) quickCheck(db, file);
      written = true;
      switchToWal(db);
      index.ensureIndexes();
    }
    return index;
  } catch (error) {
    db.close();
    throw asIndexError(error, file, file, written);
  }
}

/**
 * Builds a NEW SQLite index at `file` (which must be missing) the fast way: `load` fills an index
 * in a file of its own beside it (`<file>.build-<pid>-<n>`, no journal), whose postings are then
 * written in key order in one go (`finishLoad`), and the finished file is published at `file`
 * with a hard link, which fails if `file` appeared meanwhile (another process made an index
 * there): then nothing is published (`published: false`) and the caller adds its stories to
 * that index the ordinary way. Readers never see a half-built index: until the link there is
 * none. A build killed midway leaves only its build file, removed by the next build.
 */
export async function buildSqliteIndex<T>(
  file: string,
  options: OpenIndexOptions,
  load: (index: SqliteIndex) => Promise<T>,
): Promise<{ result: T; published: boolean }> {
  checkFolder(file, file);
  removeStaleBuilds(file);
  const temp = `${file}.build-${process.pid}-${Date.now().toString(36)}`;
  let index: SqliteIndex;
  try {
    index = openSqliteIndex(temp, { ...options, create: true, deferPostings: true });
  } catch (error) {
    throw renamedIndexError(error, temp, file);
  }
  const cleanup = () => {
    for (const f of [temp, `${temp}-journal`, `${temp}-wal`, `${temp}-shm`, `${temp}-load`])
      fs.rmSync(f, { force: true });
  };
  let result: T;
  try {
    result = await load(index);
    index.finishLoad();
    index.close();
    // The build ran without syncs: its pages reach the disk here, before anything is published
    // (a write the system could not complete, such as on a full disk, fails here).
    syncFile(temp);
  } catch (error) {
    try {
      index.close();
    } catch {
      // the first error is the one to report
    }
    cleanup();
    const code = (error as { code?: unknown }).code;
    if (code === 'INDEX_DISK_FULL')
      throw new IndexFileError(
        `disk full: cannot build ${file} (no space left beside it); nothing was written`,
        'INDEX_DISK_FULL',
      );
    throw renamedIndexError(error, temp, file);
  }
  try {
    fs.linkSync(temp, file);
    syncFolder(path.dirname(file));
    return { result, published: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { result, published: false };
    throw new IndexFileError(
      `cannot create ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      (error as NodeJS.ErrnoException).code === 'ENOSPC' ? 'INDEX_DISK_FULL' : 'INDEX_IO',
    );
  } finally {
    cleanup();
  }
}

/**
 * `fsync` of a file; a failure (ENOSPC, EIO: writes the system could not complete) is the index
 * error for `file` (disk full, or an I/O error).
 */
function syncFile(file: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    fs.fsyncSync(fd);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    if (code === 'ENOSPC' || code === 'EDQUOT')
      throw new IndexFileError(`disk full: cannot write ${file}`, 'INDEX_DISK_FULL');
    throw new IndexFileError(`cannot write ${file} (${code})`, 'INDEX_IO');
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * `fsync` of a folder, so that a name just made in it lasts; where the file system cannot sync a
 * folder, nothing is done (the name is there either way).
 */
function syncFolder(folder: string): void {
  try {
    const fd = fs.openSync(folder, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // EINVAL, EISDIR on some file systems
  }
}

/** Removes build files of `file` left by builds whose process is gone. */
function removeStaleBuilds(file: string): void {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.build-`;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1]);
    if (!name.startsWith(prefix) || !Number.isInteger(pid)) continue;
    try {
      process.kill(pid, 0);
      continue; // still running
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') continue;
    }
    fs.rmSync(path.join(dir, name), { force: true });
  }
}

/**
 * Brings the SQLite index `file` up to this dupgraf's format (`dupgraf index migrate`), after
 * checking it (`PRAGMA quick_check`); returns the formats before and after.
 */
export function migrateSqliteIndex(file: string): { from: number; to: number } {
  let from = INDEX_FORMAT_VERSION;
  if (checkHeader(file) === 'sqlite') {
    try {
      const db = new Database(file, { readonly: true, fileMustExist: true });
      try {
        from = db.pragma('user_version', { simple: true }) as number;
      } finally {
        db.close();
      }
    } catch (error) {
      throw asIndexError(error, file, file);
    }
  }
  openSqliteIndex(file, { create: false, migrate: true }).close();
  return { from, to: INDEX_FORMAT_VERSION };
}
