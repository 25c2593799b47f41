/**
 * The SQLite index file's layout and its life before the first query: the tables
 * ({@link INDEX_FORMAT_VERSION}), what a file holds (checked before anything is written), the
 * creation of a new index under the write lock, the migrations of older formats, and the quick
 * check of a file's soundness.
 */

import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { TOOL_INFO } from '../tool-info.js';
import { INDEX_APPLICATION_ID, INDEX_FORMAT_VERSION } from './sqlite-format.js';
import type { IndexSettings } from './index-settings.js';
import {
  damagedIndexError,
  IncompatibleIndexError,
  IndexFileError,
  isCorruptionCode,
} from './index-errors.js';

/** An open better-sqlite3 database. */
export type DB = Database.Database;

/** Secondary indexes a new index builds after its first load (and any writer makes when missing). */
export const DEFERRED_INDEXES = ['paragraph_text', 'story_date'];
/** The statements that make {@link DEFERRED_INDEXES}. */
export const DEFERRED_INDEX_SQL = [
  'CREATE INDEX IF NOT EXISTS paragraph_text ON paragraph(text)',
  'CREATE INDEX IF NOT EXISTS story_date ON story(date)',
];
/** The index of texts by key, which a new index's own load makes at its end (see SqliteWriter). */
export const TEXT_KEY_INDEX_SQL = 'CREATE INDEX IF NOT EXISTS text_key ON text(key)';
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

const SCHEMA = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE story (
  id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, hash TEXT NOT NULL, date INTEGER NOT NULL,
  added INTEGER NOT NULL, paragraphs INTEGER NOT NULL, words INTEGER NOT NULL, published TEXT);
CREATE INDEX story_date ON story(date);
CREATE TABLE text (
  id INTEGER PRIMARY KEY, key INTEGER NOT NULL, size INTEGER NOT NULL, shingles BLOB NOT NULL,
  body TEXT NOT NULL, refs INTEGER NOT NULL);
CREATE INDEX text_key ON text(key);
CREATE TABLE paragraph (
  story INTEGER NOT NULL, line INTEGER NOT NULL, end_line INTEGER NOT NULL,
  position INTEGER NOT NULL, words INTEGER NOT NULL, text INTEGER NOT NULL, body TEXT,
  PRIMARY KEY (story, position)) WITHOUT ROWID;
CREATE INDEX paragraph_text ON paragraph(text);
CREATE TABLE posting (token INTEGER NOT NULL, prefix INTEGER NOT NULL, size INTEGER NOT NULL,
  text INTEGER NOT NULL, PRIMARY KEY (token, prefix, size, text)) WITHOUT ROWID;
`;

/**
 * Looks at the first bytes of `file` without opening it as a database: `missing` (no file),
 * `blank` (an empty file: a new index may be made there) or `sqlite`. Throws
 * {@link IndexFileError} for anything that is not an SQLite database (left untouched).
 */
export function checkHeader(file: string): 'missing' | 'blank' | 'sqlite' {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw new IndexFileError(
      `cannot open ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      'INDEX_IO',
    );
  }
  if (!stat.isFile()) throw new IndexFileError(`${file} is not a file`, 'INDEX_FOREIGN');
  if (stat.size === 0) return 'blank';
  const head = Buffer.alloc(16);
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new IndexFileError(
      `cannot read ${file} (${code ?? String(error)})${code === 'EACCES' ? ': permission denied for this user' : ''}`,
      code === 'EACCES' ? 'INDEX_READ_ONLY' : 'INDEX_IO',
    );
  }
  try {
    fs.readSync(fd, head, 0, 16, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (!head.equals(SQLITE_HEADER)) {
    throw new IndexFileError(
      `${file} is not a dupgraf index (not an SQLite database); it was left untouched`,
      'INDEX_FOREIGN',
    );
  }
  return 'sqlite';
}

/**
 * What an open database holds, read from its header only: `blank` (no tables: a new index may be
 * made in it), `older` (a dupgraf index of an older format: see {@link SQLITE_MIGRATIONS}) or
 * `index` (a dupgraf index of this format). Throws {@link IndexFileError} for a
 * foreign or damaged database and {@link IncompatibleIndexError} for another format.
 */
export function inspectDatabase(
  db: DB,
  file: string,
  readonly: boolean,
): 'blank' | 'older' | 'index' {
  let appId = 0;
  let version = 0;
  let tables = 0;
  try {
    // One read transaction: the three are of one moment (another process may be creating it).
    db.transaction(() => {
      appId = db.pragma('application_id', { simple: true }) as number;
      version = db.pragma('user_version', { simple: true }) as number;
      tables = db.prepare('SELECT count(*) FROM sqlite_master').pluck().get() as number;
    })();
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (isCorruptionCode(code))
      throw new IndexFileError(
        `${file} is damaged or not a dupgraf index (${(error as Error).message}); it was left untouched`,
        'INDEX_DAMAGED',
        `${(error as Error).message} (${code})`,
      );
    if (readonly && /^SQLITE_(READONLY|CANTOPEN)/.test(code))
      throw new IndexFileError(
        `cannot read ${file} read-only: it is in WAL mode and this user cannot create ${path.basename(file)}-shm ` +
          `beside it (the folder is read-only). Open it once with write access (any \`dupgraf index\` command; ` +
          `an index closed by this dupgraf is left ready for read-only use), or copy it to a writable folder (${code})`,
        'INDEX_READ_ONLY',
      );
    throw error;
  }
  if (appId === 0 && tables === 0) return 'blank';
  if (appId !== INDEX_APPLICATION_ID) {
    throw new IndexFileError(
      `${file} is an SQLite database but not a dupgraf index; it was left untouched`,
      'INDEX_FOREIGN',
    );
  }
  if (version > INDEX_FORMAT_VERSION) {
    throw new IncompatibleIndexError(
      `${file} was made by a newer dupgraf (index format ${version}; this dupgraf reads format ${INDEX_FORMAT_VERSION}); upgrade dupgraf to use it`,
      'INDEX_NEWER',
    );
  }
  if (version < 1) {
    throw new IndexFileError(
      `${file} is damaged or not a dupgraf index (no format version); it was left untouched`,
      'INDEX_DAMAGED',
      'no format version (user_version is 0)',
    );
  }
  if (version < INDEX_FORMAT_VERSION) return 'older';
  return 'index';
}

/**
 * Steps from one index format to the next, applied in order by `dupgraf index migrate` (or
 * `openIndex(file, { migrate: true })`): format 1 → 2 gave each paragraph its own text where it
 * differs from the shared text of the same words (NULL: the same; format 1's rows keep NULL);
 * 2 → 3 gave each story its publication date (NULL: undated; older rows stay undated until
 * `index add` meets their files again); 3 → 4 keys a story's paragraphs by their number instead
 * of their line (two paragraphs may share a line: HTML or JSON on one line).
 */
const SQLITE_MIGRATIONS: { to: number; sql: string }[] = [
  { to: 2, sql: 'ALTER TABLE paragraph ADD COLUMN body TEXT' },
  { to: 3, sql: 'ALTER TABLE story ADD COLUMN published TEXT' },
  {
    to: 4,
    sql: `
CREATE TABLE paragraph_by_position (
  story INTEGER NOT NULL, line INTEGER NOT NULL, end_line INTEGER NOT NULL,
  position INTEGER NOT NULL, words INTEGER NOT NULL, text INTEGER NOT NULL, body TEXT,
  PRIMARY KEY (story, position)) WITHOUT ROWID;
INSERT INTO paragraph_by_position
  SELECT story, line, end_line, position, words, text, body FROM paragraph;
DROP TABLE paragraph;
ALTER TABLE paragraph_by_position RENAME TO paragraph;
CREATE INDEX paragraph_text ON paragraph(text);`,
  },
];

/** Brings an older index up to {@link INDEX_FORMAT_VERSION}, one write transaction per step. */
export function migrateSqlite(db: DB, file: string): void {
  for (const step of SQLITE_MIGRATIONS) {
    db.transaction(() => {
      if ((db.pragma('user_version', { simple: true }) as number) >= step.to) return;
      db.exec(step.sql);
      db.prepare("UPDATE meta SET value = ? WHERE key = 'format'").run(String(step.to));
      db.pragma(`user_version = ${step.to}`);
    }).immediate();
  }
  if ((db.pragma('user_version', { simple: true }) as number) !== INDEX_FORMAT_VERSION)
    throw damagedIndexError(file, 'its format could not be brought up to date');
}

/** `PRAGMA quick_check`: throws the damaged-index error when the file is not sound. */
export function quickCheck(db: DB, file: string): void {
  const rows = db.pragma('quick_check') as { quick_check: string }[];
  const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
  if (problems.length > 0)
    throw damagedIndexError(
      file,
      `quick_check: ${problems[0]}${problems.length > 1 ? ` and ${problems.length - 1} more` : ''}`,
    );
}

/**
 * `PRAGMA journal_mode = WAL`, retried for up to 30 s while another process holds the file:
 * SQLite answers SQLITE_BUSY to the switch at once, without calling the busy handler (seen when
 * two processes create one index together), so `busy_timeout` alone does not wait here.
 */
export function switchToWal(db: DB, waitMs = 30_000): void {
  const until = Date.now() + waitMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (!code.startsWith('SQLITE_BUSY') || Date.now() >= until) throw error;
      Atomics.wait(pause, 0, 0, 10 + Math.floor(Math.random() * 40));
    }
  }
}

/**
 * Makes the tables of a new index in `db` (blank when opened), in one write transaction: a
 * second process creating the same index waits for the first and then finds it made.
 */
export function createSchema(db: DB, file: string, settings: IndexSettings, wal = true): void {
  if (wal) switchToWal(db);
  db.transaction(() => {
    // Under the write lock: another process may have made the index since we looked.
    if (inspectDatabase(db, file, false) !== 'blank') return;
    db.exec(SCHEMA);
    const put = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
    put.run('format', String(INDEX_FORMAT_VERSION));
    put.run('settings', JSON.stringify(settings));
    put.run('createdBy', `${TOOL_INFO.name} ${TOOL_INFO.version}`);
    put.run('createdAt', new Date().toISOString());
    db.pragma(`application_id = ${INDEX_APPLICATION_ID}`);
    db.pragma(`user_version = ${INDEX_FORMAT_VERSION}`);
  }).immediate();
}
