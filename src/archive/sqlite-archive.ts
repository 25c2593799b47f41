/**
 * The SQLite archive index's operations on an open database ({@link SqliteIndex}; opened by
 * `openSqliteIndex` in sqlite-index.ts, which explains what is stored and why queries miss
 * nothing): adds and removes (sqlite-writer.ts), queries (sqlite-query.ts), stats and checks
 * (sqlite-verify.ts), reads of stories and meta values, and the guard that turns what a damaged,
 * full or locked file throws into index errors.
 */

import type { QueryResult } from '../engine/corpus.js';
import type { SourceDocument } from '../engine/detect.js';
import type { EngineOptions } from '../engine/options.js';
import type { IndexStats } from '../engine/paragraph-index.js';
import { DupgrafError } from '../errors.js';
import type { AddSummary } from './add-files.js';
import type { ArchiveIndex, OpenIndexOptions } from './archive-index.js';
import { asIndexError } from './index-errors.js';
import {
  checkCompatible,
  readSettings,
  type ArchivedParagraph,
  type ArchiveStats,
  type IndexSettings,
} from './index-settings.js';
import {
  prepareArchiveStory,
  type ArchiveDocument,
  type PreparedStory,
  type StoredStory,
} from './prepared-story.js';
import {
  querySqlite,
  sqliteParagraphsMatching,
  sqliteSummary,
  storedStory,
  storyColumn,
} from './sqlite-query.js';
import { APPROVALS_META_KEY, INDEX_FORMAT_VERSION } from './sqlite-format.js';
import { DEFERRED_INDEX_SQL, quickCheck, type DB } from './sqlite-schema.js';
import {
  prepareStatements,
  type BodyRow,
  type SqliteHandle,
  type Statements,
} from './sqlite-statements.js';
import { describeSqlite, verifySqlite } from './sqlite-verify.js';
import { SqliteWriter } from './sqlite-writer.js';
import { checkedBody } from './stored-texts.js';

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
  private readonly s: Statements;
  /** What the writer, the queries and the checks share. */
  private readonly h: SqliteHandle;
  private readonly writer: SqliteWriter;

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
    // Opened for writing on an index holding no story: this connection's adds are a bulk load;
    // a new index built in a file of its own has its postings written by finishLoad.
    const bulk =
      !db.readonly && db.prepare('SELECT NOT EXISTS (SELECT 1 FROM story)').pluck().get() === 1;
    this.s = prepareStatements(db);
    this.h = { db, file, s: this.s, settings: this.settings, options: this.options };
    this.writer = new SqliteWriter(this.h, bulk, bulk && options.deferPostings === true);
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
      return this.writer.addStories(last.values());
    });
  }

  /**
   * How many shingles (posting rows) the next transaction of a large add (`addFiles` without a
   * `batchSize`) should hold: about as many as the index holds, 1 to 4 million (so a large add
   * rewrites the posting B-tree a few times, not once per 500 files); undefined for a new
   * index's own load.
   */
  shinglesPerBatch(): number | undefined {
    return this.guard(() => this.writer.shinglesPerBatch());
  }

  /**
   * Ends the load of a new index built with `deferPostings` (see `buildSqliteIndex`): every
   * text's prefix is chosen by the counts of the whole load, then the postings are sorted in
   * memory and appended to the posting table in key order (a B-tree built by appending), one
   * range of shingles at a time (at most `ROWS_PER_PASS` rows), and the secondary indexes
   * are made.
   */
  finishLoad(): void {
    this.guard(() => this.writer.finishLoad());
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
            this.writer.removeStory(old.id);
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
            this.writer.removeStory(old.id);
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
      return row && checkedBody(this.file, row.id, row.key, row.body);
    });
  }

  /**
   * The story stored under `path` with its stored paragraphs (by line), for `GET
   * /v1/stories/{id}`; undefined when there is none.
   */
  story(path: string): StoredStory | undefined {
    return this.guard(() => storedStory(this.h, path));
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
    return this.guard(() => sqliteSummary(this.h));
  }

  /**
   * The publication date (ISO 8601, as the sources found it) of each of these paths that is
   * stored and dated; undated and unknown paths are left out.
   */
  publishedDates(paths: readonly string[]): Map<string, string> {
    return this.guard(() => storyColumn<string>(this.h, 'published', paths));
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
   * The approved boilerplate registry stored with the index (the `meta` value `approvals`, JSON
   * as `dupgraf serve` writes it), or undefined before the first approval.
   */
  approvalRegistry(): string | undefined {
    return this.metaValue(APPROVALS_META_KEY);
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
      throw asIndexError(error, this.file, this.file, this.written);
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
   * The stored paragraphs each paragraph of `document` duplicates or partly reuses, without
   * adding it: the same result as `Corpus.query` over the same stored documents. Runs in
   * one read transaction, so a concurrent add is seen entirely or not at all.
   */
  query(document: SourceDocument): QueryResult {
    return this.guard(() => querySqlite(this.h, document));
  }

  /**
   * Every stored paragraph (all copies) that duplicates or partly reuses some paragraph of these
   * documents, except those stored under the documents' own paths, sorted by path then line.
   * This is what `scan --index` puts beside the scanned stories.
   */
  archiveParagraphsMatching(documents: readonly SourceDocument[]): ArchivedParagraph[] {
    return this.guard(() => sqliteParagraphsMatching(this.h, documents));
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
    return this.guard(() => describeSqlite(this.h, this.meta));
  }

  /**
   * Checks the file (`PRAGMA integrity_check`) and the index's own invariants (every paragraph's
   * text exists, reference counts, story paragraph counts, one posting per shingle, prefix
   * lengths, blob sizes). Returns the problems found; empty when the index is sound.
   */
  verify(): string[] {
    return this.guard(() => verifySqlite(this.h));
  }

  /**
   * Closes the database. Opened for writing, and when no other connection has it open, the index
   * is left in rollback-journal mode (its WAL folded in), so that a user who may only read it (a
   * read-only folder or mount) can open it; the next writer switches it back to WAL.
   */
  close(): void {
    if (!this.db.open) return;
    this.writer.releaseLoad();
    if (!this.db.readonly) {
      // The indexes a new index's load left out (see addPrepared; finishLoad makes them).
      if (this.writer.bulkStarted && !this.writer.deferPostings)
        this.guard(() => this.ensureIndexes());
      try {
        this.db.pragma('busy_timeout = 0');
        this.db.pragma('journal_mode = DELETE');
      } catch {
        // Another connection has it open: it stays in WAL mode.
      }
    }
    this.db.close();
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
    if (error instanceof DupgrafError)
      return asIndexError(error, this.file, this.file, this.written);
    const mapped = asIndexError(error, this.file, this.file, this.written);
    if (mapped !== error || !this.db.open) return mapped;
    try {
      quickCheck(this.db, this.file);
    } catch (damaged) {
      return asIndexError(damaged, this.file, this.file, this.written);
    }
    return error;
  }

  /**
   * Whether this connection has written to the file: opened for writing, it was switched to WAL
   * mode (which writes the header) before any use, so a damage found later is not reported as
   * having left the file untouched.
   */
  private get written(): boolean {
    return !this.db.readonly;
  }
}
