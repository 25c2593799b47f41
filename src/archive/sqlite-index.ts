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
 */

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Match, ParagraphFindings, QueryResult } from '../engine/corpus.js';
import type { SourceDocument } from '../engine/detect.js';
import { tokenize } from '../engine/normalize.js';
import { fingerprint } from '../engine/shingle.js';
import type { EngineOptions } from '../engine/options.js';
import {
  assembleQueryResult,
  classifyMatch,
  emptyFindings,
  indexableParagraphs,
  prefixLength,
  type IndexableParagraph,
  type IndexStats,
} from '../engine/paragraph-index.js';
import { intersectionSize } from '../engine/similarity.js';
import { DupgrafError } from '../errors.js';
import { TOOL_INFO } from '../tool-info.js';
import {
  prepareArchiveStory,
  type ArchiveDocument,
  type PreparedStory,
  type StoredStory,
} from './prepared-story.js';
import type { AddSummary } from './add-files.js';
import type { ArchiveIndex, OpenIndexOptions } from './archive-index.js';
import {
  checkCompatible,
  newSettings,
  readSettings,
  rebuildHint,
  type ArchivedParagraph,
  type ArchiveStats,
  type IndexSettings,
} from './index-settings.js';
import { markPrefix, sortPostingRows, TokenCounts } from './token-counts.js';
import {
  asIndexError,
  damagedIndexError,
  isFull,
  IncompatibleIndexError,
  IndexFileError,
  isCorruptionCode,
} from './index-errors.js';

type DB = Database.Database;

/** Version of the index's table layout; an index of another version must be rebuilt. */
export const INDEX_FORMAT_VERSION = 3;
/** `PRAGMA application_id` of a dupgraf index ('dgrf'). */
export const INDEX_APPLICATION_ID = 0x64677266;
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
/** Postings counted per shingle when ranking a query's shingles by rarity: first pass, second pass. */
const RARE = 8;
const FREQUENT = 256;
/** Stored postings counted per new shingle when choosing a new text's prefix. */
const COUNT_AT_ADD = 64;
/** Rows per multi-row INSERT when writing postings. */
const ROWS_PER_INSERT = 256;
/** Posting rows sorted in memory at a time when a new index's postings are written. */
const ROWS_PER_PASS = 32_000_000;
/** Secondary indexes a new index builds after its first load (and any writer makes when missing). */
const DEFERRED_INDEXES = ['paragraph_text', 'story_date'];
const DEFERRED_INDEX_SQL = [
  'CREATE INDEX IF NOT EXISTS paragraph_text ON paragraph(text)',
  'CREATE INDEX IF NOT EXISTS story_date ON story(date)',
];
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

export type { StoredStory } from './prepared-story.js';

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
  PRIMARY KEY (story, line)) WITHOUT ROWID;
CREATE INDEX paragraph_text ON paragraph(text);
CREATE TABLE posting (token INTEGER NOT NULL, prefix INTEGER NOT NULL, size INTEGER NOT NULL,
  text INTEGER NOT NULL, PRIMARY KEY (token, prefix, size, text)) WITHOUT ROWID;
`;

function toBlob(shingles: Uint32Array): Buffer {
  return Buffer.from(shingles.buffer, shingles.byteOffset, shingles.byteLength);
}

function fromBlob(blob: Buffer): Uint32Array {
  const out = new Uint32Array(blob.length >>> 2);
  new Uint8Array(out.buffer).set(blob);
  return out;
}

function sameSet(a: Uint32Array, b: Uint32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Looks at the first bytes of `file` without opening it as a database: `missing` (no file),
 * `blank` (an empty file: a new index may be made there) or `sqlite`. Throws
 * {@link IndexFileError} for anything that is not an SQLite database (left untouched).
 */
function checkHeader(file: string): 'missing' | 'blank' | 'sqlite' {
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
function inspectDatabase(db: DB, file: string, readonly: boolean): 'blank' | 'older' | 'index' {
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
    );
  }
  if (version < INDEX_FORMAT_VERSION) return 'older';
  return 'index';
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
  if (head !== 'sqlite') checkCompatible(file, requested, options);
  let db: DB;
  try {
    db = new Database(file, { readonly });
  } catch (error) {
    throw asIndexError(error, file);
  }
  try {
    db.pragma('busy_timeout = 30000');
    let state = inspectDatabase(db, file, readonly);
    if (state === 'blank') {
      if (!create || readonly) throw missing();
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
    // Everything is checked before the first write (switching to WAL mode writes the header).
    const index = new SqliteIndex(db, file, options);
    if (state === 'index' && !readonly) {
      if (options.quickCheck ?? true) quickCheck(db, file);
      db.pragma('journal_mode = WAL');
      index.ensureIndexes();
    }
    return index;
  } catch (error) {
    db.close();
    throw asIndexError(error, file, file);
  }
}

/**
 * Steps from one index format to the next, applied in order by `dupgraf index migrate` (or
 * `openIndex(file, { migrate: true })`): format 1 → 2 gave each paragraph its own text where it
 * differs from the shared text of the same words (NULL: the same; format 1's rows keep NULL);
 * 2 → 3 gave each story its publication date (NULL: undated; older rows stay undated until
 * `index add` meets their files again).
 */
const SQLITE_MIGRATIONS: { to: number; sql: string }[] = [
  { to: 2, sql: 'ALTER TABLE paragraph ADD COLUMN body TEXT' },
  { to: 3, sql: 'ALTER TABLE story ADD COLUMN published TEXT' },
];

/** Brings an older index up to {@link INDEX_FORMAT_VERSION}, one write transaction per step. */
function migrateSqlite(db: DB, file: string): void {
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
  removeStaleBuilds(file);
  const temp = `${file}.build-${process.pid}-${Date.now().toString(36)}`;
  const index = openSqliteIndex(temp, { ...options, create: true, deferPostings: true });
  const cleanup = () => {
    for (const f of [temp, `${temp}-journal`, `${temp}-wal`, `${temp}-shm`, `${temp}-load`])
      fs.rmSync(f, { force: true });
  };
  let result: T;
  try {
    result = await load(index);
    index.finishLoad();
    // A write lost without an error (no journal: a full disk can leave holes) is found here,
    // before anything is published.
    index.guardedQuickCheck();
    index.close();
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
    if (error instanceof IndexFileError)
      throw new IndexFileError(error.message.replaceAll(temp, file), error.code);
    throw error;
  }
  try {
    fs.linkSync(temp, file);
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

/** `PRAGMA quick_check`: throws the damaged-index error when the file is not sound. */
function quickCheck(db: DB, file: string): void {
  const rows = db.pragma('quick_check') as { quick_check: string }[];
  const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
  if (problems.length > 0)
    throw damagedIndexError(
      file,
      `quick_check: ${problems[0]}${problems.length > 1 ? ` and ${problems.length - 1} more` : ''}`,
    );
}

/**
 * Makes the tables of a new index in `db` (blank when opened), in one write transaction: a
 * second process creating the same index waits for the first and then finds it made.
 */
function createSchema(db: DB, file: string, settings: IndexSettings, wal = true): void {
  if (wal) db.pragma('journal_mode = WAL');
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

/** A stored text as an add batch shares it. */
interface SharedText {
  id: number;
  shingles: Uint32Array;
  body: string;
}

interface BodyRow {
  id: number;
  key: number;
  body: string;
}

/** A location for classifying by counts alone. */
const NOWHERE = { path: '', line: 0, endLine: 0, paragraph: 0, text: '' };

/** The key a text is stored under: the fingerprint of its normalized words. */
function textKey(text: string): number {
  return fingerprint(tokenize(text).hashes);
}

/** Posting rows in columns, and the order to write them in. */
interface PostingRows {
  token: Int32Array;
  prefix: Uint8Array;
  size: Uint32Array;
  text: Float64Array;
  order: Uint32Array;
}

interface TextRow {
  size: number;
  shingles: Buffer;
}

/** The SQLite archive index; obtain one with `openIndex`. */
export class SqliteIndex implements ArchiveIndex {
  /** The options queries use (thresholds from the caller, shingle size and min words from the index). */
  readonly options: EngineOptions;
  /** The settings the index was built with. */
  readonly settings: IndexSettings;
  /** The index file. */
  readonly file: string;
  private readonly db: DB;
  private readonly meta: Record<string, string>;
  private readonly s;
  /** Opened for writing on an index holding no story: this connection's adds are a bulk load. */
  private readonly bulk: boolean;
  /** A new index built in a file of its own: postings are written by {@link finishLoad}. */
  private readonly deferPostings: boolean;
  private bulkStarted = false;
  /** Shingles this connection has written (for choosing prefixes). */
  private readonly counts = new TokenCounts();

  /**
   * Use `openIndex`. `handle` is an open better-sqlite3 database, typed `object` so the published
   * types do not need better-sqlite3's (a consumer compiling with `skipLibCheck: false` has none).
   */
  constructor(handle: object, file: string, options: OpenIndexOptions) {
    const db = handle as DB;
    this.db = db;
    this.file = file;
    const rows = db.prepare('SELECT key, value FROM meta').all() as {
      key: string;
      value: string;
    }[];
    this.meta = Object.fromEntries(rows.map((r) => [r.key, r.value]));
    this.settings = readSettings(this.meta, file, INDEX_FORMAT_VERSION);
    this.options = checkCompatible(file, this.settings, options);
    this.bulk =
      !db.readonly && db.prepare('SELECT NOT EXISTS (SELECT 1 FROM story)').pluck().get() === 1;
    this.deferPostings = this.bulk && options.deferPostings === true;
    this.s = {
      storyByPath: db.prepare('SELECT id, hash, published FROM story WHERE path = ?'),
      insertStory: db.prepare(
        'INSERT INTO story (path, hash, date, added, paragraphs, words, published) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      redate: db.prepare('UPDATE story SET published = ?, date = coalesce(?, date) WHERE id = ?'),
      deleteStory: db.prepare('DELETE FROM story WHERE id = ?'),
      textsOfStory: db.prepare('SELECT text FROM paragraph WHERE story = ?').pluck(),
      deleteParagraphs: db.prepare('DELETE FROM paragraph WHERE story = ?'),
      insertParagraph: db.prepare(
        'INSERT INTO paragraph (story, line, end_line, position, words, text, body) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      textsByKeys: db.prepare(
        'SELECT id, key, size, shingles, body FROM text WHERE key IN (SELECT value FROM json_each(?))',
      ),
      insertText: db.prepare(
        'INSERT INTO text (key, size, shingles, body, refs) VALUES (?, ?, ?, ?, 1)',
      ),
      refText: db.prepare('UPDATE text SET refs = refs + 1 WHERE id = ?'),
      unrefText: db.prepare('UPDATE text SET refs = refs - 1 WHERE id = ? RETURNING refs').pluck(),
      textById: db.prepare('SELECT size, shingles FROM text WHERE id = ?'),
      deleteText: db.prepare('DELETE FROM text WHERE id = ?'),
      insertPosting: db.prepare(
        'INSERT INTO posting (token, prefix, size, text) VALUES (?, ?, ?, ?)',
      ),
      deletePosting: db.prepare(
        'DELETE FROM posting WHERE token = ? AND prefix IN (0, 1) AND size = ? AND text = ?',
      ),
      countPostingsOf: db
        .prepare(
          'SELECT (SELECT count(*) FROM (SELECT 1 FROM posting WHERE token = j.value ' +
            `LIMIT ${COUNT_AT_ADD})) FROM json_each(?) j ORDER BY j.key`,
        )
        .pluck(),
      insertPostings: db.prepare(
        `INSERT INTO posting (token, prefix, size, text) VALUES ${Array(ROWS_PER_INSERT).fill('(?, ?, ?, ?)').join(', ')}`,
      ),
      probePrefix: db
        .prepare(
          'SELECT p.text FROM json_each(@tokens) j JOIN posting p ' +
            'ON p.token = j.value AND p.prefix = 1 AND p.size <= @size',
        )
        .pluck(),
      countUpTo: db
        .prepare(
          'SELECT (SELECT count(*) FROM (SELECT 1 FROM posting WHERE token = j.value ' +
            'AND prefix IN (0, 1) AND size >= @size LIMIT @cap)) FROM json_each(@tokens) j ORDER BY j.key',
        )
        .pluck(),
      probePostings: db
        .prepare(
          'SELECT p.text FROM json_each(@tokens) j JOIN posting p ' +
            'ON p.token = j.value AND p.prefix IN (0, 1) AND p.size >= @size',
        )
        .pluck(),
      textsById: db.prepare(
        'SELECT id, size, shingles FROM text WHERE id IN (SELECT value FROM json_each(?))',
      ),
      occurrences: db.prepare(
        'SELECT s.path AS path, p.line AS line, p.end_line AS endLine, p.position AS paragraph, ' +
          'p.words AS words, t.id AS id, t.key AS key, coalesce(p.body, t.body) AS body ' +
          'FROM paragraph p JOIN story s ON s.id = p.story JOIN text t ON t.id = p.text WHERE p.text = ?',
      ),
      paragraphText: db.prepare(
        'SELECT t.id AS id, t.key AS key, coalesce(p.body, t.body) AS body FROM story s ' +
          'JOIN paragraph p ON p.story = s.id JOIN text t ON t.id = p.text WHERE s.path = ? AND p.line = ?',
      ),
      storiesBefore: db.prepare('SELECT path FROM story WHERE date < ? ORDER BY path').pluck(),
    };
  }

  /** Adds or replaces one document (one transaction). */
  add(document: ArchiveDocument): AddSummary {
    return this.addMany([document]);
  }

  /**
   * Adds documents in one transaction: new paths are added, changed ones replace their old
   * paragraphs, unchanged ones (same content hash) are skipped, or only given their new
   * publication date when that changed (counted as updated). A path given twice keeps the last.
   */
  addMany(documents: readonly ArchiveDocument[]): AddSummary {
    return this.addPrepared(documents.map((d) => prepareArchiveStory(d, this.options)));
  }

  /**
   * {@link addMany} for stories already prepared (e.g. on worker threads, see
   * src/parallel/archive-files.ts), with this index's shingle size and minimum words.
   */
  addPrepared(stories: readonly PreparedStory[]): AddSummary {
    return this.guard(() => {
      const last = new Map<string, PreparedStory>();
      for (const story of stories) last.set(story.path, story);
      const summary: AddSummary = { added: 0, updated: 0, unchanged: 0, paragraphs: 0 };
      this.db
        .transaction(() => {
          if (this.bulk && !this.bulkStarted) {
            // A new index: the secondary indexes are built after the load (see close()).
            this.bulkStarted = true;
            for (const name of DEFERRED_INDEXES) this.db.exec(`DROP INDEX IF EXISTS ${name}`);
          }
          const now = Date.now();
          const todo: PreparedStory[] = [];
          for (const story of last.values()) {
            const old = this.s.storyByPath.get(story.path) as
              { id: number; hash: string; published: string | null } | undefined;
            if (old && old.hash === story.hash) {
              // Same text: at most a new publication date (an index migrated from format 2,
              // another --date-from), written in place.
              if ((old.published ?? undefined) === story.published) summary.unchanged++;
              else {
                this.s.redate.run(story.published ?? null, story.date, old.id);
                summary.updated++;
              }
              continue;
            }
            if (old) {
              this.removeStory(old.id);
              summary.updated++;
            } else summary.added++;
            todo.push(story);
          }
          const texts = this.storedTexts(todo);
          const fresh: { id: number; shingles: Uint32Array }[] = [];
          for (const story of todo) {
            const id = Number(
              this.s.insertStory.run(
                story.path,
                story.hash,
                story.date ?? now,
                now,
                story.paragraphs.length,
                story.words,
                story.published ?? null,
              ).lastInsertRowid,
            );
            for (const p of story.paragraphs) {
              const text = this.textFor(p, texts, fresh);
              // The paragraph's own text when it differs from the shared text's (punctuation, case).
              const body = text.body === p.text ? null : p.text;
              this.s.insertParagraph.run(id, p.line, p.endLine, p.index, p.words, text.id, body);
              summary.paragraphs++;
            }
          }
          this.writePostings(fresh);
        })
        .immediate();
      return summary;
    });
  }

  /**
   * The stored texts with the keys (word fingerprints) of these stories' paragraphs: key → texts
   * (id and shingles), read in one statement per 1,000 keys. Texts made by this batch join them.
   */
  private storedTexts(stories: readonly PreparedStory[]): Map<number, SharedText[]> {
    const out = new Map<number, SharedText[]>();
    const keys = [...new Set(stories.flatMap((s) => s.paragraphs.map((p) => p.fingerprint)))];
    for (let k = 0; k < keys.length; k += 1000) {
      for (const row of this.s.textsByKeys.all(JSON.stringify(keys.slice(k, k + 1000))) as {
        id: number;
        key: number;
        size: number;
        shingles: Buffer;
        body: string;
      }[]) {
        const entry = {
          id: row.id,
          shingles: this.shinglesOf(row.id, row.size, row.shingles),
          body: row.body,
        };
        const list = out.get(row.key);
        if (list) list.push(entry);
        else out.set(row.key, [entry]);
      }
    }
    return out;
  }

  /** The stored text with the same normalized words, or a new one (kept in `fresh`). */
  private textFor(
    p: IndexableParagraph,
    texts: Map<number, SharedText[]>,
    fresh: { id: number; shingles: Uint32Array }[],
  ): SharedText {
    const same = texts.get(p.fingerprint);
    for (const t of same ?? []) {
      if (sameSet(t.shingles, p.shingles)) {
        this.s.refText.run(t.id);
        return t;
      }
    }
    const id = Number(
      this.s.insertText.run(p.fingerprint, p.shingles.length, toBlob(p.shingles), p.text)
        .lastInsertRowid,
    );
    const entry = { id, shingles: p.shingles, body: p.text };
    fresh.push(entry);
    if (same) same.push(entry);
    else texts.set(p.fingerprint, [entry]);
    return entry;
  }

  /**
   * Writes full and prefix postings of new texts; a prefix takes the text's rarest shingles by
   * what is known now: the shingles this connection has written (counted in {@link TokenCounts},
   * this batch's included), plus, in an index that was not new, the stored postings (counted up to
   * {@link COUNT_AT_ADD}). Rows are written in token order, so a batch touches each B-tree page
   * about once.
   */
  private writePostings(fresh: { id: number; shingles: Uint32Array }[]): void {
    for (const t of fresh) this.counts.addAll(t.shingles);
    if (this.deferPostings) return;
    let stored: Map<number, number> | null = null;
    if (!this.bulk) {
      const distinct = new Set<number>();
      for (const t of fresh) for (const x of t.shingles) distinct.add(x | 0);
      const tokens = [...distinct].sort((a, b) => a - b);
      const counts = this.storedCounts(tokens);
      stored = new Map(tokens.map((x, i) => [x, counts[i]]));
    }
    this.insertPostings(
      this.postingRows(fresh, stored),
      this.s.insertPostings,
      this.s.insertPosting,
    );
  }

  /**
   * The posting rows of texts (token, prefix flag, size, text id), in token order; a text's
   * prefix is its size − ⌈f·size⌉ + 1 rarest shingles by {@link TokenCounts} (plus `stored`).
   */
  private postingRows(
    texts: readonly { id: number; shingles: Uint32Array }[],
    stored: Map<number, number> | null,
  ): PostingRows {
    let total = 0;
    for (const t of texts) total += t.shingles.length;
    const floor = this.settings.lowestThreshold;
    const token = new Int32Array(total);
    const prefix = new Uint8Array(total);
    const size = new Uint32Array(total);
    const text = new Float64Array(total);
    const weight = (s: number) => this.counts.get(s) + (stored?.get(s) ?? 0);
    let r = 0;
    for (const t of texts) {
      const n = t.shingles.length;
      markPrefix(t.shingles, weight, prefixLength(n, floor), prefix, r);
      for (let k = 0; k < n; k++) {
        token[r + k] = t.shingles[k] | 0;
        size[r + k] = n;
        text[r + k] = t.id;
      }
      r += n;
    }
    return { token, prefix, size, text, order: sortPostingRows(token, prefix, size) };
  }

  /** Inserts rows in their order, {@link ROWS_PER_INSERT} a statement. */
  private insertPostings(
    rows: PostingRows,
    many: Database.Statement,
    one: Database.Statement,
  ): void {
    const { token, prefix, size, text, order } = rows;
    const total = order.length;
    const values = new Array<number>(4 * ROWS_PER_INSERT);
    let k = 0;
    for (; k + ROWS_PER_INSERT <= total; k += ROWS_PER_INSERT) {
      for (let j = 0; j < ROWS_PER_INSERT; j++) {
        const i = order[k + j];
        values[4 * j] = token[i];
        values[4 * j + 1] = prefix[i];
        values[4 * j + 2] = size[i];
        values[4 * j + 3] = text[i];
      }
      many.run(values);
    }
    for (; k < total; k++) {
      const i = order[k];
      one.run(token[i], prefix[i], size[i], text[i]);
    }
  }

  /**
   * Ends the load of a new index built with `deferPostings` (see `buildSqliteIndex`): every
   * text's prefix is chosen by the counts of the whole load, then the postings are sorted in
   * memory and appended to the posting table in key order (a B-tree built by appending), one
   * range of shingles at a time (at most `ROWS_PER_PASS` rows), and the secondary indexes
   * are made.
   */
  finishLoad(): void {
    this.guard(() => {
      const total = this.db
        .prepare('SELECT coalesce(sum(size), 0) FROM text')
        .pluck()
        .get() as number;
      const read = this.db.prepare('SELECT id, size, shingles FROM text ORDER BY id');
      const texts = () => read.iterate() as Iterable<TextRow & { id: number }>;
      // Which shingles are prefixes, one flag per posting in text order.
      const flags = new Uint8Array(total);
      const floor = this.settings.lowestThreshold;
      let at = 0;
      for (const row of texts()) {
        const set = this.shinglesOf(row.id, row.size, row.shingles);
        markPrefix(set, (s) => this.counts.get(s), prefixLength(set.length, floor), flags, at);
        at += set.length;
      }
      const passes = Math.max(1, Math.ceil(total / ROWS_PER_PASS));
      this.db.transaction(() => {
        for (let pass = 0; pass < passes; pass++) {
          // Unsigned shingles (token ^ 2^31) in [lo, hi): token order across passes.
          const lo = Math.floor((pass * 2 ** 32) / passes);
          const hi = Math.floor(((pass + 1) * 2 ** 32) / passes);
          const rows = {
            token: new Int32Array(Math.ceil((total / passes) * 1.25) + 1024),
            prefix: new Uint8Array(0),
            size: new Uint32Array(0),
            text: new Float64Array(0),
          };
          rows.prefix = new Uint8Array(rows.token.length);
          rows.size = new Uint32Array(rows.token.length);
          rows.text = new Float64Array(rows.token.length);
          let r = 0;
          let f = 0;
          for (const row of texts()) {
            const set = this.shinglesOf(row.id, row.size, row.shingles);
            for (let k = 0; k < set.length; k++, f++) {
              const u = (set[k] ^ 0x80000000) >>> 0;
              if (u < lo || u >= hi) continue;
              if (r === rows.token.length) {
                const grow = <T extends Int32Array | Uint8Array | Uint32Array | Float64Array>(
                  a: T,
                ): T => {
                  const b = new (a.constructor as new (n: number) => T)(a.length * 2);
                  b.set(a);
                  return b;
                };
                rows.token = grow(rows.token);
                rows.prefix = grow(rows.prefix);
                rows.size = grow(rows.size);
                rows.text = grow(rows.text);
              }
              rows.token[r] = set[k] | 0;
              rows.prefix[r] = flags[f];
              rows.size[r] = set.length;
              rows.text[r] = row.id;
              r++;
            }
          }
          const part = {
            token: rows.token.subarray(0, r),
            prefix: rows.prefix.subarray(0, r),
            size: rows.size.subarray(0, r),
            text: rows.text.subarray(0, r),
          };
          this.insertPostings(
            { ...part, order: sortPostingRows(part.token, part.prefix, part.size) },
            this.s.insertPostings,
            this.s.insertPosting,
          );
        }
        for (const sql of DEFERRED_INDEX_SQL) this.db.exec(sql);
      })();
    });
  }

  /** Stored postings of each token, counted up to {@link COUNT_AT_ADD} (same order as `tokens`). */
  private storedCounts(tokens: number[]): number[] {
    const out: number[] = [];
    for (let k = 0; k < tokens.length; k += 1000) {
      const chunk = JSON.stringify(tokens.slice(k, k + 1000));
      for (const n of this.s.countPostingsOf.all(chunk) as number[]) out.push(n);
    }
    return out;
  }

  private removeStory(story: number): void {
    const texts = this.s.textsOfStory.all(story) as number[];
    this.s.deleteParagraphs.run(story);
    for (const text of texts) {
      const refs = this.s.unrefText.get(text) as number;
      if (refs > 0) continue;
      const row = this.s.textById.get(text) as TextRow | undefined;
      if (!row)
        throw damagedIndexError(this.file, `a paragraph names text ${text}, which is not stored`);
      const size = row.size;
      for (const s of this.shinglesOf(text, size, row.shingles)) {
        this.s.deletePosting.run(s | 0, size, text);
      }
      this.s.deleteText.run(text);
    }
    this.s.deleteStory.run(story);
  }

  /** Removes the story stored under `path` (one transaction); returns whether there was one. */
  remove(path: string): boolean {
    return this.removeMany([path]) === 1;
  }

  /** Removes the stories stored under these paths in one transaction; returns how many there were. */
  removeMany(paths: readonly string[]): number {
    return this.guard(() => {
      let removed = 0;
      this.db
        .transaction(() => {
          for (const path of paths) {
            const old = this.s.storyByPath.get(path) as { id: number } | undefined;
            if (!old) continue;
            this.removeStory(old.id);
            removed++;
          }
        })
        .immediate();
      return removed;
    });
  }

  /** Removes every story dated before `before` (ms since the epoch), in one transaction. */
  prune(before: number): string[] {
    return this.guard(() => {
      let paths: string[] = [];
      this.db
        .transaction(() => {
          paths = this.s.storiesBefore.all(before) as string[];
          for (const path of paths) {
            const old = this.s.storyByPath.get(path) as { id: number };
            this.removeStory(old.id);
          }
        })
        .immediate();
      return paths;
    });
  }

  /** Stored path of every story, sorted. */
  paths(): string[] {
    return this.guard(() => {
      return this.db.prepare('SELECT path FROM story ORDER BY path').pluck().all() as string[];
    });
  }

  /**
   * The text of the stored paragraph at `path`, first line `line` (1-based), white space
   * collapsed (the text of the first stored copy of the same normalized words); undefined when
   * there is none.
   */
  paragraphText(path: string, line: number): string | undefined {
    return this.guard(() => {
      const row = this.s.paragraphText.get(path, line) as BodyRow | undefined;
      return row && this.checkedBody(row);
    });
  }

  /**
   * The story stored under `path` with its stored paragraphs (by line), for `GET
   * /v1/stories/{id}`; undefined when there is none.
   */
  story(path: string): StoredStory | undefined {
    return this.guard(() => {
      const row = this.db
        .prepare('SELECT id, path, hash, date, added, words FROM story WHERE path = ?')
        .get(path) as (Omit<StoredStory, 'paragraphs'> & { id: number }) | undefined;
      if (!row) return undefined;
      const paragraphs = this.db
        .prepare(
          'SELECT p.position AS paragraph, p.line AS line, p.end_line AS endLine, p.words AS words, ' +
            'coalesce(p.body, t.body) AS text FROM paragraph p JOIN text t ON t.id = p.text WHERE p.story = ? ORDER BY p.line',
        )
        .all(row.id) as StoredStory['paragraphs'];
      const { path: stored, hash, date, added, words } = row;
      return { path: stored, hash, date, added, words, paragraphs };
    });
  }

  /** Stories stored (one count over the smallest index: milliseconds even for millions). */
  storyCount(): number {
    return this.guard(() => this.db.prepare('SELECT count(*) FROM story').pluck().get() as number);
  }

  /**
   * Counts and dates without {@link describe}'s scans of every text: stories, paragraphs, the
   * earliest and latest story date (ms since the epoch; null when empty), in one read.
   */
  summary(): IndexStats & { oldest: number | null; newest: number | null } {
    return this.guard(() =>
      this.db.transaction(() => {
        const row = this.db
          .prepare(
            'SELECT count(*) AS stories, coalesce(sum(paragraphs), 0) AS paragraphs FROM story',
          )
          .get() as IndexStats;
        const one = (sql: string) => this.db.prepare(sql).pluck().get() as number | null;
        return {
          stories: row.stories,
          paragraphs: row.paragraphs,
          oldest: one('SELECT min(date) FROM story'),
          newest: one('SELECT max(date) FROM story'),
        };
      })(),
    );
  }

  /** The stored date (ms since the epoch) of each of these paths that is stored. */
  storyDates(paths: readonly string[]): Map<string, number> {
    return this.storyColumn<number>('date', paths);
  }

  /**
   * The publication date (ISO 8601, as the sources found it) of each of these paths that is
   * stored and dated; undated and unknown paths are left out.
   */
  publishedDates(paths: readonly string[]): Map<string, string> {
    return this.storyColumn<string>('published', paths);
  }

  /** A column of the stories stored under these paths, by path, where it is not NULL. */
  private storyColumn<T>(column: 'date' | 'published', paths: readonly string[]): Map<string, T> {
    const out = new Map<string, T>();
    if (paths.length === 0) return out;
    const rows = this.guard(
      () =>
        this.db
          .prepare(
            `SELECT path, ${column} AS value FROM story WHERE ${column} IS NOT NULL AND path IN (SELECT value FROM json_each(?))`,
          )
          .all(JSON.stringify([...new Set(paths)])) as { path: string; value: T }[],
    );
    for (const r of rows) out.set(r.path, r.value);
    return out;
  }

  /** A value of the index's `meta` table (e.g. `approvals`), read now; undefined when unset. */
  metaValue(key: string): string | undefined {
    return this.guard(
      () =>
        this.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) as
          string | undefined,
    );
  }

  /**
   * Runs `fn` in one transaction: `write` (default; BEGIN IMMEDIATE, so a second writer waits its
   * turn) or `read` (one consistent view for several queries). Queries, adds, removes and
   * {@link updateMeta} inside it are seen by other connections all at once or not at all. An
   * error `fn` throws rolls it back and is thrown as it is (SQLite's as an IndexFileError).
   */
  transaction<T>(fn: () => T, mode: 'read' | 'write' = 'write'): T {
    const t = this.db.transaction(fn);
    try {
      return mode === 'write' ? t.immediate() : t();
    } catch (error) {
      throw asIndexError(error, this.file, this.file);
    }
  }

  /**
   * Replaces the `meta` value `key` with `update(current)` in one write transaction (so two
   * writers never lose each other's change); returns the new value.
   */
  updateMeta(key: string, update: (current: string | undefined) => string): string {
    return this.transaction(() => {
      const value = update(this.metaValue(key));
      this.guard(() =>
        this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(key, value),
      );
      return value;
    });
  }

  /** Whether a story is stored under `path`. */
  hasPath(path: string): boolean {
    return this.guard(() => {
      return this.s.storyByPath.get(path) !== undefined;
    });
  }

  /** Whether a story with this path and content hash is stored. */
  has(path: string, hash: string): boolean {
    return this.guard(() => {
      const row = this.s.storyByPath.get(path) as { hash: string } | undefined;
      return row?.hash === hash;
    });
  }

  /**
   * Text ids of the stored distinct paragraphs that may duplicate or partly reuse `x` (a superset
   * of the true matches; see the module comment for why it misses none). Each step is one SQL
   * statement over all of x's shingles (passed as a JSON array).
   */
  private candidates(x: Uint32Array): Set<number> {
    const n = x.length;
    const out = new Set<number>();
    const signed = Array.from(x, (s) => s | 0);
    // |y| ≤ |x|: y's prefix holds a shingle of x.
    for (const id of this.s.probePrefix.all({
      tokens: JSON.stringify(signed),
      size: n,
    }) as number[])
      out.add(id);
    // |y| ≥ |x|: x's g-prefix, its rarest shingles (counted up to a cap, then further if needed).
    const g = Math.min(this.options.threshold, this.options.containment);
    const take = prefixLength(n, g);
    const tokens = JSON.stringify(signed);
    let counts = this.s.countUpTo.all({ tokens, size: n, cap: RARE }) as number[];
    const rare = counts.filter((c) => c < RARE).length;
    if (rare < take) {
      counts = this.s.countUpTo.all({ tokens, size: n, cap: FREQUENT }) as number[];
    }
    const order = signed.map((_, i) => i);
    order.sort((a, b) => counts[a] - counts[b] || signed[a] - signed[b]);
    const chosen = order
      .slice(0, take)
      .filter((i) => counts[i] > 0)
      .map((i) => signed[i]);
    if (chosen.length > 0) {
      for (const id of this.s.probePostings.all({
        tokens: JSON.stringify(chosen),
        size: n,
      }) as number[])
        out.add(id);
    }
    return out;
  }

  /** Verified matches of one paragraph: text id → intersection, for texts passing a predicate. */
  private verified(
    x: Uint32Array,
    cache: Map<number, Uint32Array>,
  ): { text: number; intersection: number; size: number }[] {
    const out: { text: number; intersection: number; size: number }[] = [];
    const ids = [...this.candidates(x)];
    const missing = ids.filter((id) => !cache.has(id));
    if (missing.length > 0) {
      for (const row of this.s.textsById.all(JSON.stringify(missing)) as (TextRow & {
        id: number;
      })[]) {
        cache.set(row.id, this.shinglesOf(row.id, row.size, row.shingles));
      }
    }
    for (const id of ids) {
      const y = cache.get(id);
      if (y === undefined)
        throw damagedIndexError(this.file, `a posting names text ${id}, which is not stored`);
      const inter = intersectionSize(x, y);
      if (classifyMatch(inter, x.length, y.length, NOWHERE, this.options))
        out.push({ text: id, intersection: inter, size: y.length });
    }
    return out;
  }

  /**
   * The stored paragraphs each paragraph of `document` duplicates or partly reuses, without
   * adding it: the same result as `Corpus.query` over the same stored documents. Runs in
   * one read transaction, so a concurrent add is seen entirely or not at all.
   */
  query(document: SourceDocument): QueryResult {
    return this.guard(() => {
      const { paragraphs, words } = indexableParagraphs(document, this.options);
      const findings: ParagraphFindings[] = [];
      const cache = new Map<number, Uint32Array>();
      this.db.transaction(() => {
        for (const p of paragraphs) {
          const f = emptyFindings(p);
          for (const v of this.verified(p.shingles, cache)) {
            for (const at of this.occurrencesOf(v.text)) {
              if (at.path === document.path) continue;
              const c = classifyMatch(v.intersection, p.shingles.length, v.size, at, this.options);
              if (!c) continue;
              (c.kind === 'duplicate' ? f.duplicates : f.partials).push(c.match as Match);
            }
          }
          findings.push(f);
        }
      })();
      return assembleQueryResult(document.path, words, findings);
    });
  }

  /**
   * Every stored paragraph (all copies) that duplicates or partly reuses some paragraph of these
   * documents, except those stored under the documents' own paths, sorted by path then line.
   * This is what `scan --index` puts beside the scanned stories.
   */
  archiveParagraphsMatching(documents: readonly SourceDocument[]): ArchivedParagraph[] {
    return this.guard(() => {
      const skip = new Set(documents.map((d) => d.path));
      const texts = new Set<number>();
      const cache = new Map<number, Uint32Array>();
      const out: ArchivedParagraph[] = [];
      this.db.transaction(() => {
        for (const d of documents) {
          for (const p of indexableParagraphs(d, this.options).paragraphs) {
            for (const v of this.verified(p.shingles, cache)) texts.add(v.text);
          }
        }
        for (const id of [...texts].sort((a, b) => a - b)) {
          for (const at of this.occurrencesOf(id)) if (!skip.has(at.path)) out.push(at);
        }
      })();
      return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
    });
  }

  /** Counts of stored stories and paragraphs (quick; see {@link describe} for more). */
  stats(): IndexStats {
    return this.guard(() => {
      let result!: IndexStats;
      this.db.transaction(() => {
        const row = this.db
          .prepare(
            'SELECT count(*) AS stories, coalesce(sum(paragraphs), 0) AS paragraphs FROM story',
          )
          .get() as IndexStats;
        result = { stories: row.stories, paragraphs: row.paragraphs };
      })();
      return result;
    });
  }

  /** Counts, size on disk, dates and settings (`dupgraf index stats`). */
  describe(): ArchiveStats {
    return this.guard(() => {
      const one = (sql: string) => this.db.prepare(sql).pluck().get() as number | null;
      let bytes = 0;
      for (const f of [this.file, `${this.file}-wal`]) {
        try {
          bytes += fs.statSync(f).size;
        } catch {
          // no WAL file
        }
      }
      let result!: ArchiveStats;
      this.db.transaction(() => {
        result = {
          stories: one('SELECT count(*) FROM story') ?? 0,
          paragraphs: one('SELECT coalesce(sum(paragraphs), 0) FROM story') ?? 0,
          distinctParagraphs: one('SELECT count(*) FROM text') ?? 0,
          postings: one('SELECT coalesce(sum(size), 0) FROM text') ?? 0,
          prefixPostings: this.expectedPrefixRows(),
          bytes,
          oldest: one('SELECT min(date) FROM story'),
          newest: one('SELECT max(date) FROM story'),
          settings: this.settings,
          createdBy: this.meta.createdBy ?? '',
          createdAt: this.meta.createdAt ?? '',
        };
      })();
      return result;
    });
  }

  private expectedPrefixRows(): number {
    const sizes = this.db.prepare('SELECT size, count(*) AS n FROM text GROUP BY size').all() as {
      size: number;
      n: number;
    }[];
    let total = 0;
    for (const { size, n } of sizes) total += n * prefixLength(size, this.settings.lowestThreshold);
    return total;
  }

  /**
   * Checks the file (`PRAGMA integrity_check`) and the index's own invariants (every paragraph's
   * text exists, reference counts, story paragraph counts, one posting per shingle, prefix
   * lengths, blob sizes). Returns the problems found; empty when the index is sound.
   */
  verify(): string[] {
    return this.guard(() => {
      const problems: string[] = [];
      const integrity = this.db.pragma('integrity_check') as { integrity_check: string }[];
      for (const row of integrity) {
        if (row.integrity_check !== 'ok') problems.push(`integrity_check: ${row.integrity_check}`);
      }
      if (problems.length > 0) return problems;
      const one = (sql: string) => (this.db.prepare(sql).pluck().get() as number | null) ?? 0;
      this.db.transaction(() => {
        const checks: [string, string][] = [
          [
            'paragraphs pointing at a missing text',
            'SELECT count(*) FROM paragraph p LEFT JOIN text t ON t.id = p.text WHERE t.id IS NULL',
          ],
          [
            'paragraphs of a missing story',
            'SELECT count(*) FROM paragraph p LEFT JOIN story s ON s.id = p.story WHERE s.id IS NULL',
          ],
          [
            'texts whose reference count is wrong',
            'SELECT count(*) FROM text t WHERE t.refs <> (SELECT count(*) FROM paragraph p WHERE p.text = t.id)',
          ],
          [
            'stories whose paragraph count is wrong',
            'SELECT count(*) FROM story s WHERE s.paragraphs <> (SELECT count(*) FROM paragraph p WHERE p.story = s.id)',
          ],
          [
            'texts whose shingle blob has the wrong length',
            'SELECT count(*) FROM text WHERE length(shingles) <> 4 * size OR size = 0',
          ],
          [
            'postings of a missing text',
            'SELECT count(*) FROM posting p LEFT JOIN text t ON t.id = p.text WHERE t.id IS NULL',
          ],
          [
            "postings whose size is not their text's",
            'SELECT count(*) FROM posting p JOIN text t ON t.id = p.text WHERE t.size <> p.size',
          ],
        ];
        for (const [what, sql] of checks) {
          const n = one(sql);
          if (n > 0) problems.push(`${n} ${what}`);
        }
        const postings = one('SELECT count(*) FROM posting');
        const expected = one('SELECT coalesce(sum(size), 0) FROM text');
        if (postings !== expected) {
          problems.push(`${postings} postings stored, ${expected} expected (one per shingle)`);
        }
        const prefixes = one('SELECT count(*) FROM posting WHERE prefix = 1');
        const expectedPrefixes = this.expectedPrefixRows();
        if (prefixes !== expectedPrefixes) {
          problems.push(`${prefixes} prefix postings stored, ${expectedPrefixes} expected`);
        }
      })();
      return problems;
    });
  }

  /**
   * Closes the database. Opened for writing, and when no other connection has it open, the index
   * is left in rollback-journal mode (its WAL folded in), so that a user who may only read it (a
   * read-only folder or mount) can open it; the next writer switches it back to WAL.
   */
  close(): void {
    if (!this.db.open) return;
    if (!this.db.readonly) {
      // The indexes a new index's load left out (see addPrepared; finishLoad makes them).
      if (this.bulkStarted && !this.deferPostings) this.guard(() => this.ensureIndexes());
      try {
        this.db.pragma('busy_timeout = 0');
        this.db.pragma('journal_mode = DELETE');
      } catch {
        // Another connection has it open: it stays in WAL mode.
      }
    }
    this.db.close();
  }

  /** `PRAGMA quick_check` of the whole file; throws the damaged-index (or disk-full) error. */
  guardedQuickCheck(): void {
    this.guard(() => {
      try {
        quickCheck(this.db, this.file);
      } catch (error) {
        if (isFull(this.file))
          throw new IndexFileError(`disk full: cannot write ${this.file}`, 'INDEX_DISK_FULL');
        throw error;
      }
    });
  }

  /** Makes the secondary indexes a bulk load (or a writer killed during one) left out. */
  ensureIndexes(): void {
    this.db
      .transaction(() => {
        for (const sql of DEFERRED_INDEX_SQL) this.db.exec(sql);
      })
      .immediate();
  }

  /** Runs `work`, turning what a damaged, full or locked file throws into an IndexFileError. */
  private guard<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw this.explain(error);
    }
  }

  /**
   * The error to report for `error`: SQLite's errors as an {@link IndexFileError}; a JavaScript
   * error while reading rows (nonsense rows come from a damaged file) as the damaged-index
   * error when `PRAGMA quick_check` finds damage; anything else as it is.
   */
  private explain(error: unknown): unknown {
    if (error instanceof DupgrafError) return error;
    const mapped = asIndexError(error, this.file, this.file);
    if (mapped !== error || !this.db.open) return mapped;
    try {
      quickCheck(this.db, this.file);
    } catch (damaged) {
      return asIndexError(damaged, this.file);
    }
    return error;
  }

  /** The shingle set of a stored text; throws the damaged-index error when the blob is not one. */
  private shinglesOf(id: number, size: number, blob: Buffer): Uint32Array {
    const set = blob.length === 4 * size && size > 0 ? fromBlob(blob) : null;
    if (set) for (let i = 1; i < set.length; i++) if (set[i - 1] >= set[i]) return this.damaged(id);
    return set ?? this.damaged(id);
  }

  /** Every stored copy of a text (its paragraphs' places and own texts, checked). */
  private occurrencesOf(text: number): ArchivedParagraph[] {
    return (this.s.occurrences.all(text) as (ArchivedParagraph & BodyRow)[]).map((row) => ({
      path: row.path,
      line: row.line,
      endLine: row.endLine,
      paragraph: row.paragraph,
      words: row.words,
      text: this.checkedBody(row),
    }));
  }

  /** A stored text's body, checked against its key (the fingerprint of its words). */
  private checkedBody(row: BodyRow): string {
    if (typeof row?.body !== 'string' || textKey(row.body) !== row.key)
      throw damagedIndexError(this.file, `stored text ${row?.id} does not match its fingerprint`);
    return row.body;
  }

  private damaged(id: number): never {
    throw damagedIndexError(this.file, `the shingles of stored text ${id} are not a sorted set`);
  }
}
