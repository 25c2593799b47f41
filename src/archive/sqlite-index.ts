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
import Database from 'better-sqlite3';
import type { Match, ParagraphFindings, QueryResult } from '../engine/corpus.js';
import type { SourceDocument } from '../engine/detect.js';
import { NORMALIZATION_VERSION } from '../engine/normalize.js';
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
} from '../engine/paragraph-index.js';
import { intersectionSize } from '../engine/similarity.js';
import { TOOL_INFO } from '../tool-info.js';
import { DEFAULT_LOWEST_THRESHOLD } from './index-defaults.js';
import { IncompatibleIndexError, IndexFileError } from './index-errors.js';

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
 * Checks that `file` is a dupgraf index without writing to it. Returns false when the file is
 * missing or empty (a new index may be created there); throws {@link IndexFileError} for anything
 * else that is not a readable dupgraf index.
 */
function inspectFile(file: string): boolean {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return false;
  }
  if (!stat.isFile()) throw new IndexFileError(`${file} is not a file`);
  if (stat.size === 0) return false;
  const head = Buffer.alloc(16);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, 16, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (!head.equals(SQLITE_HEADER)) {
    throw new IndexFileError(
      `${file} is not a dupgraf index (not an SQLite database); it was left untouched`,
    );
  }
  let db: DB | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const appId = db.pragma('application_id', { simple: true }) as number;
    if (appId !== INDEX_APPLICATION_ID) {
      throw new IndexFileError(
        `${file} is an SQLite database but not a dupgraf index; it was left untouched`,
      );
    }
    db.prepare('SELECT value FROM meta WHERE key = ?').get('format');
  } catch (error) {
    if (error instanceof IndexFileError) throw error;
    throw new IndexFileError(
      `${file} is damaged or not a dupgraf index (${(error as Error).message}); it was left untouched`,
    );
  } finally {
    db?.close();
  }
  return true;
}

/**
 * Opens (and by default creates) a dupgraf archive index in one SQLite file. Engine options set
 * the thresholds queries use; `shingleSize`/`minWords` given for an existing index must match
 * the ones it was built with. Throws {@link IndexFileError} (missing when `create` is false,
 * foreign or damaged file: never modified) and {@link IncompatibleIndexError}.
 */
export function openIndex(file: string, options: OpenIndexOptions = {}): SqliteIndex {
  const wasThere = fs.existsSync(file);
  const exists = inspectFile(file);
  const create = options.create ?? true;
  if (!exists && (!create || options.readonly)) {
    throw new IndexFileError(
      `no index at ${file}; create one with \`dupgraf index add <paths..> --index ${file}\``,
    );
  }
  // A new index: check every setting before anything is written.
  const settings = exists ? null : newSettings(options);
  if (settings) checkCompatible(file, settings, options);
  let db: DB;
  try {
    db = new Database(file, { readonly: options.readonly ?? false });
  } catch (error) {
    throw new IndexFileError(`cannot open ${file}: ${(error as Error).message}`);
  }
  try {
    if (settings) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 30000');
    db.pragma(`cache_size = -${(options.cacheMegabytes ?? 256) * 1024}`);
    db.pragma('mmap_size = 1073741824');
    db.pragma('wal_autocheckpoint = 10000');
    if (settings) createSchema(db, settings);
    return new SqliteIndex(db, file, options);
  } catch (error) {
    db.close();
    if (settings) {
      // Leave no half-made index behind: the file was missing or empty before.
      for (const f of [`${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
      if (wasThere) fs.writeFileSync(file, '');
      else fs.rmSync(file, { force: true });
    }
    if (error instanceof IndexFileError || error instanceof IncompatibleIndexError) throw error;
    if ((error as { code?: string }).code?.startsWith('SQLITE_')) {
      throw new IndexFileError(
        `${file} is damaged or not a dupgraf index (${(error as Error).message})`,
      );
    }
    throw error;
  }
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

function createSchema(db: DB, settings: IndexSettings): void {
  db.transaction(() => {
    db.exec(SCHEMA);
    const put = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
    put.run('format', String(INDEX_FORMAT_VERSION));
    put.run('settings', JSON.stringify(settings));
    put.run('createdBy', `${TOOL_INFO.name} ${TOOL_INFO.version}`);
    put.run('createdAt', new Date().toISOString());
    db.pragma(`application_id = ${INDEX_APPLICATION_ID}`);
    db.pragma(`user_version = ${INDEX_FORMAT_VERSION}`);
  })();
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

  /** Use {@link openIndex}. */
  constructor(db: DB, file: string, options: OpenIndexOptions) {
    this.db = db;
    this.file = file;
    const rows = db.prepare('SELECT key, value FROM meta').all() as {
      key: string;
      value: string;
    }[];
    this.meta = Object.fromEntries(rows.map((r) => [r.key, r.value]));
    if (this.meta.format !== String(INDEX_FORMAT_VERSION) || !this.meta.settings) {
      throw new IncompatibleIndexError(
        `${file} has index format ${this.meta.format ?? '?'}; this dupgraf reads format ${INDEX_FORMAT_VERSION}; ${rebuildHint(file)}`,
      );
    }
    this.settings = JSON.parse(this.meta.settings) as IndexSettings;
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
      body: db.prepare('SELECT body FROM text WHERE id = ?').pluck(),
      paragraphText: db
        .prepare(
          'SELECT t.body FROM story s JOIN paragraph p ON p.story = s.id JOIN text t ON t.id = p.text ' +
            'WHERE s.path = ? AND p.line = ?',
        )
        .pluck(),
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
      const row = this.s.textById.get(text) as TextRow;
      const size = row.size;
      for (const s of fromBlob(row.shingles)) {
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
  }

  /** Removes every story dated before `before` (ms since the epoch), in one transaction. */
  prune(before: number): string[] {
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
  }

  /** Stored path of every story, sorted. */
  paths(): string[] {
    return this.db.prepare('SELECT path FROM story ORDER BY path').pluck().all() as string[];
  }

  /**
   * The text of the stored paragraph at `path`, first line `line` (1-based), white space
   * collapsed (the text of the first stored copy of the same normalized words); undefined when
   * there is none.
   */
  paragraphText(path: string, line: number): string | undefined {
    return this.s.paragraphText.get(path, line) as string | undefined;
  }

  /** Whether a story is stored under `path`. */
  hasPath(path: string): boolean {
    return this.s.storyByPath.get(path) !== undefined;
  }

  /** Whether a story with this path and content hash is stored. */
  has(path: string, hash: string): boolean {
    const row = this.s.storyByPath.get(path) as { hash: string } | undefined;
    return row?.hash === hash;
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
        cache.set(row.id, fromBlob(row.shingles));
      }
    }
    for (const id of ids) {
      const y = cache.get(id)!;
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
  }

  /**
   * Every stored paragraph (all copies) that duplicates or partly reuses some paragraph of these
   * documents, except those stored under the documents' own paths, sorted by path then line.
   * This is what `scan --index` puts beside the scanned stories.
   */
  archiveParagraphsMatching(documents: readonly SourceDocument[]): ArchivedParagraph[] {
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
        const body = this.s.body.get(id) as string;
        for (const at of this.s.occurrences.all(id) as ArchivedParagraph[]) {
          if (!skip.has(at.path)) out.push({ ...at, text: body });
        }
      }
    })();
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
  }

  /** Counts of stored stories and paragraphs (quick; see {@link describe} for more). */
  stats(): IndexStats {
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
  }

  /** Counts, size on disk, dates and settings (`dupgraf index stats`). */
  describe(): ArchiveStats {
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
  }

  /** Closes the database (checkpointing its WAL). The object is unusable afterwards. */
  close(): void {
    if (this.db.open) this.db.close();
  }
}

/**
 * The engine options a query against an index built with `settings` uses; throws
 * {@link IncompatibleIndexError} when the requested ones cannot be answered exactly.
 */
export function checkCompatible(
  file: string,
  settings: IndexSettings,
  requested: Partial<EngineOptions>,
): EngineOptions {
  const problems: string[] = [];
  if (settings.normalizationVersion !== NORMALIZATION_VERSION) {
    problems.push(
      `it was built with normalization version ${settings.normalizationVersion}, this dupgraf uses ${NORMALIZATION_VERSION}`,
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
      `the index ${file} cannot answer this run: ${problems.join('; ')}. Use the index's settings, or ${rebuildHint(file)}${
        problems.some((p) => p.includes('thresholds')) ? ' (and --lowest-threshold)' : ''
      }`,
    );
  }
  return options;
}
