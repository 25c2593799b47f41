/**
 * The persistent archive index on SQLite (better-sqlite3): stories and their paragraphs, stored so
 * that one new story is checked against millions of archived paragraphs in milliseconds, with
 * exactly the answer the in-memory {@link Corpus} (and so a full scan) gives.
 *
 * What is stored (format version {@link INDEX_FORMAT_VERSION}; the README explains why):
 * - `story`: path (as shown in reports), content hash, date (ms since the epoch), counts;
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

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Match, ParagraphFindings, QueryResult } from '../engine/corpus.js';
import type { SourceDocument } from '../engine/detect.js';
import { NORMALIZATION_VERSION, tokenize } from '../engine/normalize.js';
import { fingerprint } from '../engine/shingle.js';
import { resolveEngineOptions, type EngineOptions } from '../engine/options.js';
import {
  assembleQueryResult,
  classifyMatch,
  emptyFindings,
  indexableParagraphs,
  prefixLength,
  type IndexableParagraph,
  type IndexStats,
  type ParagraphStore,
  type StoredParagraph,
} from '../engine/paragraph-index.js';
import { intersectionSize } from '../engine/similarity.js';
import { DupgrafError } from '../errors.js';
import { TOOL_INFO } from '../tool-info.js';
import { DEFAULT_LOWEST_THRESHOLD } from './index-defaults.js';
import {
  asIndexError,
  damagedIndexError,
  IncompatibleIndexError,
  IndexFileError,
  isCorruptionCode,
} from './index-errors.js';

type DB = Database.Database;

/** Version of the index's table layout; an index of another version must be rebuilt. */
export const INDEX_FORMAT_VERSION = 1;
/** `PRAGMA application_id` of a dupgraf index ('dgrf'). */
export const INDEX_APPLICATION_ID = 0x64677266;
export { DEFAULT_LOWEST_THRESHOLD } from './index-defaults.js';
/** Postings counted per shingle when ranking a query's shingles by rarity: first pass, second pass. */
const RARE = 8;
const FREQUENT = 256;
/** Stored postings counted per new shingle when choosing a new text's prefix. */
const COUNT_AT_ADD = 64;
/** Rows per multi-row INSERT when writing postings. */
const ROWS_PER_INSERT = 100;
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Settings an index is built with; queries must use the same (thresholds ≥ the lowest). */
export interface IndexSettings {
  /** Words per shingle. */
  shingleSize: number;
  /** Paragraphs with fewer words are not stored. */
  minWords: number;
  /** NORMALIZATION_VERSION of the dupgraf that built it. */
  normalizationVersion: number;
  /** Lowest Jaccard or containment threshold a query may use, in (0, 1]. */
  lowestThreshold: number;
}

/** Options of {@link openIndex}. */
export interface OpenIndexOptions extends Partial<EngineOptions> {
  /** Create the index when the file is missing (or empty). Default true. */
  create?: boolean;
  /** Open read-only (queries, stats, verify). Default false. */
  readonly?: boolean;
  /** When creating: the lowest threshold queries may use, (0, 1]. Default 0.5. */
  lowestThreshold?: number;
  /** SQLite page cache of this connection, in MiB. Default 256. */
  cacheMegabytes?: number;
  /**
   * Opened for writing, check an existing index first (`PRAGMA quick_check`, about 0.5 s per
   * 100 MB) and refuse a damaged one before anything is written. Default true.
   */
  quickCheck?: boolean;
}

/** A document to archive: a {@link SourceDocument} with what the archive records about it. */
export interface ArchiveDocument extends SourceDocument {
  /** The story's date, ms since the epoch (for `prune`). Default: now. */
  date?: number;
  /** Content hash; an unchanged hash skips the document. Default: SHA-256 of `text`. */
  hash?: string;
}

/** What one add batch did. */
export interface AddSummary {
  /** Documents new to the index. */
  added: number;
  /** Documents whose content changed (old paragraphs replaced). */
  updated: number;
  /** Documents skipped because their content hash is unchanged. */
  unchanged: number;
  /** Paragraphs stored by this batch. */
  paragraphs: number;
}

/** Counts and settings of an index (`dupgraf index stats`). */
export interface ArchiveStats extends IndexStats {
  /** Distinct paragraph texts stored. */
  distinctParagraphs: number;
  /** Shingle postings stored (one per shingle of each distinct text). */
  postings: number;
  /** Prefix postings stored. */
  prefixPostings: number;
  /** Bytes on disk: the database file plus its WAL. */
  bytes: number;
  /** Earliest and latest story date, ms since the epoch (null when empty). */
  oldest: number | null;
  newest: number | null;
  settings: IndexSettings;
  /** dupgraf version that created the index, and when (ISO 8601). */
  createdBy: string;
  createdAt: string;
}

/** A stored story and its stored paragraphs (see `SqliteIndex.story`). */
export interface StoredStory {
  path: string;
  /** Content hash (see {@link contentHash}). */
  hash: string;
  /** The story's date and when it was added, ms since the epoch. */
  date: number;
  added: number;
  /** Word tokens in the whole story (short paragraphs included). */
  words: number;
  /** The paragraphs stored (those with at least min-words words), by line. */
  paragraphs: StoredParagraph[];
}

/** An archived paragraph, for reports (see `archiveParagraphsMatching`). */
export interface ArchivedParagraph {
  path: string;
  /** First line, 1-based. */
  line: number;
  /** Last line, 1-based. */
  endLine: number;
  /** Position in its story, 1-based. */
  paragraph: number;
  words: number;
  /** Text, white space collapsed (of the first stored copy of the same normalized words). */
  text: string;
}

const SCHEMA = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE story (
  id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, hash TEXT NOT NULL, date INTEGER NOT NULL,
  added INTEGER NOT NULL, paragraphs INTEGER NOT NULL, words INTEGER NOT NULL);
CREATE INDEX story_date ON story(date);
CREATE TABLE text (
  id INTEGER PRIMARY KEY, key INTEGER NOT NULL, size INTEGER NOT NULL, shingles BLOB NOT NULL,
  body TEXT NOT NULL, refs INTEGER NOT NULL);
CREATE INDEX text_key ON text(key);
CREATE TABLE paragraph (
  story INTEGER NOT NULL, line INTEGER NOT NULL, end_line INTEGER NOT NULL,
  position INTEGER NOT NULL, words INTEGER NOT NULL, text INTEGER NOT NULL,
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

/** SHA-256 (hex) of a document's text: the content hash that decides "unchanged". */
export function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function rebuildHint(file: string): string {
  return `rebuild it: delete ${file} and run \`dupgraf index add <paths..> --index ${file}\` with the settings you want`;
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
 * made in it) or `index` (a dupgraf index of this format). Throws {@link IndexFileError} for a
 * foreign or damaged database and {@link IncompatibleIndexError} for another format.
 */
function inspectDatabase(db: DB, file: string, readonly: boolean): 'blank' | 'index' {
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
  if (version < INDEX_FORMAT_VERSION) {
    throw new IncompatibleIndexError(
      `${file} has index format ${version}; this dupgraf reads format ${INDEX_FORMAT_VERSION}; ${rebuildHint(file)}`,
      'INDEX_OLDER',
    );
  }
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
export function openIndex(file: string, options: OpenIndexOptions = {}): SqliteIndex {
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
    const state = inspectDatabase(db, file, readonly);
    if (state === 'blank') {
      if (!create || readonly) throw missing();
      createSchema(db, file, requested);
    }
    db.pragma('synchronous = NORMAL');
    db.pragma(`cache_size = -${(options.cacheMegabytes ?? 256) * 1024}`);
    db.pragma('mmap_size = 1073741824');
    db.pragma('wal_autocheckpoint = 10000');
    // Everything is checked before the first write (switching to WAL mode writes the header).
    const index = new SqliteIndex(db, file, options);
    if (state === 'index' && !readonly) {
      if (options.quickCheck ?? true) quickCheck(db, file);
      db.pragma('journal_mode = WAL');
    }
    return index;
  } catch (error) {
    db.close();
    throw asIndexError(error, file, file);
  }
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

/** The settings of a new index from the options (validated; throws on a bad value). */
function newSettings(options: OpenIndexOptions): IndexSettings {
  const engine = resolveEngineOptions(options);
  const lowest = options.lowestThreshold ?? DEFAULT_LOWEST_THRESHOLD;
  if (!(typeof lowest === 'number' && lowest > 0 && lowest <= 1)) {
    throw new IncompatibleIndexError(
      `the lowest threshold must be a number in (0, 1] (got ${JSON.stringify(lowest)})`,
    );
  }
  return {
    shingleSize: engine.shingleSize,
    minWords: engine.minWords,
    normalizationVersion: NORMALIZATION_VERSION,
    lowestThreshold: lowest,
  };
}

/**
 * Makes the tables of a new index in `db` (blank when opened), in one write transaction: a
 * second process creating the same index waits for the first and then finds it made.
 */
function createSchema(db: DB, file: string, settings: IndexSettings): void {
  db.pragma('journal_mode = WAL');
  db.transaction(() => {
    // Under the write lock: another process may have made the index since we looked.
    if (inspectDatabase(db, file, false) === 'index') return;
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

/** The settings recorded in an index's `meta` rows; throws the damaged-index error when unreadable. */
function readSettings(meta: Record<string, string>, file: string): IndexSettings {
  if (meta.format !== String(INDEX_FORMAT_VERSION))
    throw damagedIndexError(
      file,
      `its meta table says format ${JSON.stringify(meta.format ?? null)}, its header ${INDEX_FORMAT_VERSION}`,
    );
  let settings: unknown;
  try {
    settings = JSON.parse(meta.settings ?? '');
  } catch {
    throw damagedIndexError(file, 'its settings are not valid JSON');
  }
  const s = settings as Record<string, unknown> | null;
  const number = (k: string) => typeof s?.[k] === 'number' && Number.isFinite(s[k]);
  if (!['shingleSize', 'minWords', 'normalizationVersion', 'lowestThreshold'].every(number))
    throw damagedIndexError(file, `its settings lack a number: ${meta.settings}`);
  return settings as IndexSettings;
}

interface BodyRow {
  id: number;
  key: number;
  body: string;
}

/** The key a text is stored under: the fingerprint of its normalized words. */
function textKey(text: string): number {
  return fingerprint(tokenize(text).hashes);
}

interface TextRow {
  size: number;
  shingles: Buffer;
}

/** The SQLite archive index; obtain one with {@link openIndex}. */
export class SqliteIndex implements ParagraphStore {
  /** The options queries use (thresholds from the caller, shingle size and min words from the index). */
  readonly options: EngineOptions;
  /** The settings the index was built with. */
  readonly settings: IndexSettings;
  /** The index file. */
  readonly file: string;
  private readonly db: DB;
  private readonly meta: Record<string, string>;
  private readonly s;

  /**
   * Use {@link openIndex}. `handle` is an open better-sqlite3 database, typed `object` so the published
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
    this.settings = readSettings(this.meta, file);
    this.options = checkCompatible(file, this.settings, options);
    this.s = {
      storyByPath: db.prepare('SELECT id, hash FROM story WHERE path = ?'),
      insertStory: db.prepare(
        'INSERT INTO story (path, hash, date, added, paragraphs, words) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      deleteStory: db.prepare('DELETE FROM story WHERE id = ?'),
      textsOfStory: db.prepare('SELECT text FROM paragraph WHERE story = ?').pluck(),
      deleteParagraphs: db.prepare('DELETE FROM paragraph WHERE story = ?'),
      insertParagraph: db.prepare(
        'INSERT INTO paragraph (story, line, end_line, position, words, text) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      textsByKey: db.prepare('SELECT id, shingles FROM text WHERE key = ?'),
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
          'p.words AS words FROM paragraph p JOIN story s ON s.id = p.story WHERE p.text = ?',
      ),
      body: db.prepare('SELECT id, key, body FROM text WHERE id = ?'),
      paragraphText: db.prepare(
        'SELECT t.id AS id, t.key AS key, t.body AS body FROM story s JOIN paragraph p ON p.story = s.id ' +
          'JOIN text t ON t.id = p.text WHERE s.path = ? AND p.line = ?',
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
   * paragraphs, unchanged ones (same content hash) are skipped. A path given twice keeps the last.
   */
  addMany(documents: readonly ArchiveDocument[]): AddSummary {
    return this.guard(() => {
      const last = new Map<string, ArchiveDocument>();
      for (const d of documents) last.set(d.path, d);
      const summary: AddSummary = { added: 0, updated: 0, unchanged: 0, paragraphs: 0 };
      const prepared = [...last.values()].map((d) => ({
        document: d,
        hash: d.hash ?? contentHash(d.text),
        ...indexableParagraphs(d, this.options),
      }));
      this.db
        .transaction(() => {
          const fresh: { id: number; shingles: Uint32Array }[] = [];
          const now = Date.now();
          for (const item of prepared) {
            const old = this.s.storyByPath.get(item.document.path) as
              { id: number; hash: string } | undefined;
            if (old && old.hash === item.hash) {
              summary.unchanged++;
              continue;
            }
            if (old) {
              this.removeStory(old.id);
              summary.updated++;
            } else summary.added++;
            const story = Number(
              this.s.insertStory.run(
                item.document.path,
                item.hash,
                Math.round(item.document.date ?? now),
                now,
                item.paragraphs.length,
                item.words,
              ).lastInsertRowid,
            );
            for (const p of item.paragraphs) {
              const text = this.textFor(p, fresh);
              this.s.insertParagraph.run(story, p.line, p.endLine, p.index, p.words, text);
              summary.paragraphs++;
            }
          }
          this.writePostings(fresh);
        })
        .immediate();
      return summary;
    });
  }

  /** The id of the stored text with the same normalized words, or a new one (kept in `fresh`). */
  private textFor(p: IndexableParagraph, fresh: { id: number; shingles: Uint32Array }[]): number {
    for (const row of this.s.textsByKey.all(p.fingerprint) as { id: number; shingles: Buffer }[]) {
      if (sameSet(fromBlob(row.shingles), p.shingles)) {
        this.s.refText.run(row.id);
        return row.id;
      }
    }
    const id = Number(
      this.s.insertText.run(p.fingerprint, p.shingles.length, toBlob(p.shingles), p.text)
        .lastInsertRowid,
    );
    fresh.push({ id, shingles: p.shingles });
    return id;
  }

  /**
   * Writes full and prefix postings of new texts; prefixes take the rarest shingles known now.
   * Rows are written in key order, so a batch touches each B-tree page once.
   */
  private writePostings(fresh: { id: number; shingles: Uint32Array }[]): void {
    const frequency = new Map<number, number>();
    for (const t of fresh) {
      for (const s of t.shingles) frequency.set(s | 0, (frequency.get(s | 0) ?? 0) + 1);
    }
    const tokens = [...frequency.keys()].sort((a, b) => a - b);
    const stored = this.storedCounts(tokens);
    tokens.forEach((s, i) => {
      if (stored[i] > 0) frequency.set(s, frequency.get(s)! + stored[i]);
    });
    const floor = this.settings.lowestThreshold;
    let total = 0;
    for (const t of fresh) total += t.shingles.length;
    const rows = new Float64Array(total * 4);
    let r = 0;
    for (const t of fresh) {
      const size = t.shingles.length;
      const signed = Array.from(t.shingles, (s) => s | 0);
      signed.sort((a, b) => frequency.get(a)! - frequency.get(b)! || a - b);
      const take = prefixLength(size, floor);
      signed.forEach((s, i) => {
        rows[r++] = s;
        rows[r++] = i < take ? 1 : 0;
        rows[r++] = size;
        rows[r++] = t.id;
      });
    }
    this.insertSorted(rows);
  }

  /** Inserts (token, prefix, size, text) rows in key order, {@link ROWS_PER_INSERT} a statement. */
  private insertSorted(rows: Float64Array): void {
    const n = rows.length / 4;
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((x, y) => {
      for (let c = 0; c < 4; c++) {
        const d = rows[4 * x + c] - rows[4 * y + c];
        if (d !== 0) return d;
      }
      return 0;
    });
    const values = new Array<number>(4 * ROWS_PER_INSERT);
    let k = 0;
    for (; k + ROWS_PER_INSERT <= n; k += ROWS_PER_INSERT) {
      for (let j = 0; j < ROWS_PER_INSERT; j++) {
        const i = order[k + j];
        for (let c = 0; c < 4; c++) values[4 * j + c] = rows[4 * i + c];
      }
      this.s.insertPostings.run(values);
    }
    for (; k < n; k++) {
      const i = order[k];
      this.s.insertPosting.run(rows[4 * i], rows[4 * i + 1], rows[4 * i + 2], rows[4 * i + 3]);
    }
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
            't.body AS text FROM paragraph p JOIN text t ON t.id = p.text WHERE p.story = ? ORDER BY p.line',
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
    const out = new Map<string, number>();
    if (paths.length === 0) return out;
    const rows = this.guard(
      () =>
        this.db
          .prepare('SELECT path, date FROM story WHERE path IN (SELECT value FROM json_each(?))')
          .all(JSON.stringify([...new Set(paths)])) as { path: string; date: number }[],
    );
    for (const r of rows) out.set(r.path, r.date);
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
      if (classifyMatch(inter, x.length, y.length, { path: '', line: 0, endLine: 0 }, this.options))
        out.push({ text: id, intersection: inter, size: y.length });
    }
    return out;
  }

  /**
   * The stored paragraphs each paragraph of `document` duplicates or partly reuses, without
   * adding it: the same result as {@link Corpus.query} over the same stored documents. Runs in
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
            for (const at of this.s.occurrences.all(v.text) as ArchivedParagraph[]) {
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
          const body = this.checkedBody(this.s.body.get(id) as BodyRow);
          for (const at of this.s.occurrences.all(id) as ArchivedParagraph[]) {
            if (!skip.has(at.path)) out.push({ ...at, text: body });
          }
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
      try {
        this.db.pragma('busy_timeout = 0');
        this.db.pragma('journal_mode = DELETE');
      } catch {
        // Another connection has it open: it stays in WAL mode.
      }
    }
    this.db.close();
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

/**
 * The engine options a query against an index built with `settings` uses; throws
 * {@link IncompatibleIndexError} when the requested ones cannot be answered exactly.
 */
export function checkCompatible(
  file: string,
  settings: IndexSettings,
  requested: Partial<EngineOptions> & { lowestThreshold?: number },
): EngineOptions {
  const problems: string[] = [];
  if (
    requested.lowestThreshold !== undefined &&
    requested.lowestThreshold !== settings.lowestThreshold
  ) {
    problems.push(
      `it was built with --lowest-threshold ${settings.lowestThreshold}, this run asks for ${requested.lowestThreshold} (the lowest threshold is chosen when an index is made)`,
    );
  }
  const otherWords = settings.normalizationVersion !== NORMALIZATION_VERSION;
  if (otherWords) {
    problems.push(
      `it was built with normalization version ${settings.normalizationVersion}, this dupgraf uses ${NORMALIZATION_VERSION} (it reads text into words differently)`,
    );
  }
  if (requested.shingleSize !== undefined && requested.shingleSize !== settings.shingleSize) {
    problems.push(
      `it was built with --shingle-size ${settings.shingleSize}, this run asks for ${requested.shingleSize}`,
    );
  }
  if (requested.minWords !== undefined && requested.minWords !== settings.minWords) {
    problems.push(
      `it was built with --min-words ${settings.minWords}, this run asks for ${requested.minWords}`,
    );
  }
  const options = resolveEngineOptions({
    ...requested,
    shingleSize: settings.shingleSize,
    minWords: settings.minWords,
  });
  for (const key of ['threshold', 'containment'] as const) {
    if (options[key] < settings.lowestThreshold) {
      problems.push(
        `it answers thresholds of ${settings.lowestThreshold} and above, this run asks for --${key} ${options[key]}`,
      );
    }
  }
  if (problems.length > 0) {
    throw new IncompatibleIndexError(
      `the index ${file} cannot answer this run: ${problems.join('; ')}. ${
        // No setting brings back another normalization: only a rebuild does.
        otherWords ? 'R' : "Use the index's settings, or r"
      }${rebuildHint(file).slice(1)}${
        problems.some((p) => p.includes('thresholds')) ? ' (and --lowest-threshold)' : ''
      }`,
    );
  }
  return options;
}
