/**
 * The PostgreSQL archive index's operations on an open connection ({@link PostgresIndex};
 * opened by `openPostgresIndex` in postgres-index.ts, which describes the store): adds and
 * removes (postgres-writer.ts; a new index's bulk load: postgres-bulk.ts), queries
 * (postgres-query.ts), stats and checks (postgres-verify.ts), the check of one story
 * `dupgraf serve` runs, reads of stories and the approval registry.
 */

import type { Client } from 'pg';
import type { QueryResult } from '../engine/corpus.js';
import type { SourceDocument } from '../engine/detect.js';
import type { EngineOptions } from '../engine/options.js';
import type { IndexStats } from '../engine/paragraph-index.js';
import type { AddSummary } from './add-files.js';
import type { ArchiveIndex } from './archive-index.js';
import { damagedIndexError } from './index-errors.js';
import type { ArchivedParagraph, ArchiveStats, IndexSettings } from './index-settings.js';
import { PostgresConnection } from './postgres-connection.js';
import { SCHEMA_LOCK } from './postgres-migrations.js';
import { paragraphsMatching, queryIn, queryWithDates, storedStory } from './postgres-query.js';
import { describePostgres, verifyPostgres } from './postgres-verify.js';
import { PostgresWriter } from './postgres-writer.js';
import {
  prepareArchiveStory,
  type ArchiveDocument,
  type PreparedStory,
  type StoredStory,
} from './prepared-story.js';
import { checkedBody } from './stored-texts.js';

/** The transaction of a read that sees every batch whole or not at all. */
const SNAPSHOT = 'ISOLATION LEVEL REPEATABLE READ READ ONLY';

/** The PostgreSQL archive index; obtain one with `openIndex(url)` (`openPostgresIndex`). */
export class PostgresIndex implements ArchiveIndex {
  /** The options queries use (thresholds from the caller, shingle size and min words from the index). */
  readonly options: EngineOptions;
  /** The settings the index was built with. */
  readonly settings: IndexSettings;
  /** The index as shown in messages and reports: its URL without the password. */
  readonly file: string;
  private readonly q: string;
  private readonly c: PostgresConnection;
  private readonly writer: PostgresWriter;
  /** Inside a bulk load ({@link beginBulkLoad}): adds write into its open transaction. */
  private bulkOpen = false;

  /**
   * Use `openPostgresIndex`. `client` is an open node-postgres client, typed `object` so
   * the published types do not need pg's (a consumer compiling with `skipLibCheck: false` has none).
   */
  constructor(
    client: object,
    private readonly schema: string,
    shown: string,
    settings: IndexSettings,
    options: EngineOptions,
    private readonly meta: Record<string, string>,
    /** Opened for writing on an index holding no story: prefixes need no stored counts. */
    private readonly bulk: boolean,
    private readonly link: { lost: Error | null },
  ) {
    this.file = shown;
    this.settings = settings;
    this.options = options;
    this.q = `"${schema}"`;
    this.c = new PostgresConnection(client as Client, this.q, shown, link);
    this.writer = new PostgresWriter(this.c, settings, bulk);
  }

  /** Runs `work` alone on this connection, turning what `pg` throws into index errors. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    // In a bulk load, after the COPYs its adds have sent.
    return this.c.exclusive(async () => {
      if (this.bulkOpen) await this.writer.quiet();
      return work();
    });
  }

  /** Runs `work` in a transaction, retried after a deadlock or serialization failure. */
  private transaction<T>(mode: string, work: () => Promise<T>): Promise<T> {
    return this.c.transaction(mode, work);
  }

  /** Runs one statement as a prepared statement of this connection. */
  private sql<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<R[]> {
    return this.c.sql<R>(text, values);
  }

  /** Adds or replaces one document (one transaction). */
  add(document: ArchiveDocument): Promise<AddSummary> {
    return this.addMany([document]);
  }

  /**
   * Adds documents in one transaction: new paths are added, changed ones replace their old
   * paragraphs, unchanged ones (same content hash) are skipped, or only given their new
   * publication date when that changed (counted as updated). A path given twice keeps the last.
   */
  addMany(documents: readonly ArchiveDocument[]): Promise<AddSummary> {
    return this.addPrepared(documents.map((d) => prepareArchiveStory(d, this.options)));
  }

  /** {@link addMany} for stories already prepared (e.g. on worker threads). */
  addPrepared(stories: readonly PreparedStory[]): Promise<AddSummary> {
    const last = new Map<string, PreparedStory>();
    for (const story of stories) last.set(story.path, story);
    const batch = [...last.values()];
    // In a bulk load, the batch's COPYs are only sent (the next batch is made meanwhile).
    return this.c.exclusive(() =>
      this.bulkOpen
        ? this.writer.addIn(batch)
        : this.transaction('', () => this.writer.addIn(batch)),
    );
  }

  /**
   * Starts a bulk load when this object was opened on an index holding no story (`addFiles`
   * calls it before its first batch): every add until {@link endBulkLoad} goes into one
   * transaction that holds the index's tables exclusively, the posting table's primary key built
   * once at its end. Resolves to false (and the adds are ordinary transactions) when the index is
   * not empty or another session is using its tables. Meanwhile this object's other calls run
   * inside that transaction, and other sessions wait for it.
   */
  beginBulkLoad(): Promise<boolean> {
    if (!this.bulk || this.bulkOpen) return Promise.resolve(false);
    return this.exclusive(async () => (this.bulkOpen = await this.writer.beginBulk()));
  }

  /**
   * Ends the bulk load {@link beginBulkLoad} started: with `commit`, builds the keys and indexes
   * it dropped and commits every add made since (one transaction); without, rolls them back.
   */
  endBulkLoad(commit: boolean): Promise<void> {
    if (!this.bulkOpen) return Promise.resolve();
    return this.c.exclusive(async () => {
      this.bulkOpen = false;
      await this.writer.endBulk(commit);
    });
  }

  /** Removes the story stored under `path` (one transaction); resolves to whether there was one. */
  async remove(path: string): Promise<boolean> {
    return (await this.removeMany([path])) === 1;
  }

  /** Removes the stories stored under these paths in one transaction; resolves to how many. */
  removeMany(paths: readonly string[]): Promise<number> {
    return this.exclusive(() =>
      this.transaction('', async () => {
        await this.writer.lockPaths(paths);
        const ids = (
          await this.sql<{ id: number }>(
            `SELECT id FROM ${this.q}.story WHERE path = ANY($1::text[])`,
            [paths],
          )
        ).map((r) => r.id);
        if (ids.length > 0) await this.writer.removeStories(ids);
        return ids.length;
      }),
    );
  }

  /** Removes every story dated before `before` (ms since the epoch), in one transaction. */
  prune(before: number): Promise<string[]> {
    return this.exclusive(() =>
      this.transaction('', async () => {
        const rows = await this.sql<{ id: number; path: string }>(
          `SELECT id, path FROM ${this.q}.story WHERE date < $1 ORDER BY path`,
          [before],
        );
        await this.writer.lockPaths(rows.map((r) => r.path));
        if (rows.length > 0) await this.writer.removeStories(rows.map((r) => r.id));
        return rows.map((r) => r.path);
      }),
    );
  }

  /** Stored path of every story, sorted (code-unit order, as the SQLite index sorts). */
  paths(): Promise<string[]> {
    return this.exclusive(async () =>
      (await this.sql<{ path: string }>(`SELECT path FROM ${this.q}.story`))
        .map((r) => r.path)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    );
  }

  /** Whether a story is stored under `path`. */
  hasPath(path: string): Promise<boolean> {
    return this.exclusive(
      async () =>
        (await this.sql(`SELECT 1 FROM ${this.q}.story WHERE path = $1`, [path])).length > 0,
    );
  }

  /**
   * Whether this object's connection was lost (the server stopped or restarted, the network
   * failed): every call fails with an index error from then on; open a new one.
   */
  get connectionLost(): boolean {
    return this.link.lost !== null;
  }

  /** Resolves when the server answers on this connection (`/readyz`); rejects otherwise. */
  ping(): Promise<void> {
    return this.exclusive(async () => {
      await this.sql('SELECT 1');
    });
  }

  /**
   * What `dupgraf serve` asks per check, in one transaction: the query of `document` (as
   * {@link query}), the date (ms since the epoch) and publication date (when known) of every story
   * it matched and, with `add`, the
   * document stored under its path after the query. With `add`, the path is locked before the
   * transaction's snapshot is taken, so no other writer of that path commits in between.
   */
  checkStory(
    document: ArchiveDocument,
    add: boolean,
  ): Promise<{
    result: QueryResult;
    dates: Map<string, number>;
    published: Map<string, string>;
    added?: AddSummary;
  }> {
    const prepared = add ? prepareArchiveStory(document, this.options) : null;
    return this.exclusive(async () => {
      const key = `hashtextextended($1, ${SCHEMA_LOCK})`;
      if (prepared) await this.sql(`SELECT pg_advisory_lock(${key})`, [prepared.path]);
      try {
        return await this.transaction(
          `ISOLATION LEVEL REPEATABLE READ${prepared ? '' : ' READ ONLY'}`,
          async () => {
            const { result, dates, published } = await queryWithDates(
              this.c,
              this.options,
              document,
            );
            if (!prepared) return { result, dates, published };
            return { result, dates, published, added: await this.writer.addIn([prepared]) };
          },
        );
      } finally {
        if (prepared && !this.link.lost)
          await this.sql(`SELECT pg_advisory_unlock(${key})`, [prepared.path]).catch(() => {});
      }
    });
  }

  /**
   * The story stored under `path` with its stored paragraphs (by line, each with its own text),
   * for `GET /v1/stories/{id}`; undefined when there is none.
   */
  story(path: string): Promise<StoredStory | undefined> {
    return this.exclusive(() => this.transaction(SNAPSHOT, () => storedStory(this.c, path)));
  }

  /** Stories stored. */
  storyCount(): Promise<number> {
    return this.exclusive(
      async () =>
        (await this.sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${this.q}.story`))[0].n,
    );
  }

  /**
   * Counts and dates without {@link describe}'s scans of every text: stories, paragraphs, the
   * earliest and latest story date (ms since the epoch; null when empty), in one statement.
   */
  summary(): Promise<IndexStats & { oldest: number | null; newest: number | null }> {
    return this.exclusive(
      async () =>
        (
          await this.sql<IndexStats & { oldest: number | null; newest: number | null }>(
            `SELECT count(*)::int AS stories, coalesce(sum(paragraphs), 0)::int AS paragraphs,
                    min(date) AS oldest, max(date) AS newest FROM ${this.q}.story`,
          )
        )[0],
    );
  }

  /**
   * The approved boilerplate registry stored with the index (JSON as `dupgraf serve` writes it),
   * or undefined before the first approval.
   */
  approvalRegistry(): Promise<string | undefined> {
    return this.exclusive(async () => {
      const rows = await this.sql<{ registry: string | null }>(
        `SELECT registry FROM ${this.q}.approval_registry`,
      );
      return rows[0]?.registry ?? undefined;
    });
  }

  /**
   * Replaces the stored registry with `update(current)` in one transaction, the row locked: two
   * writers (in any process) never lose each other's change. Returns the new value; an error
   * `update` throws rolls back and is thrown as it is.
   */
  async updateApprovalRegistry(update: (current: string | undefined) => string): Promise<string> {
    const failed: { error?: unknown } = {};
    try {
      return await this.exclusive(() =>
        this.transaction('', async () => {
          const rows = await this.sql<{ registry: string | null }>(
            `SELECT registry FROM ${this.q}.approval_registry FOR UPDATE`,
          );
          if (rows.length === 0)
            throw damagedIndexError(this.file, 'its approval_registry table has no row');
          let value: string;
          try {
            value = update(rows[0].registry ?? undefined);
          } catch (error) {
            failed.error = error;
            throw error;
          }
          await this.sql(`UPDATE ${this.q}.approval_registry SET registry = $1, updated = $2`, [
            value,
            Date.now(),
          ]);
          return value;
        }),
      );
    } catch (error) {
      throw 'error' in failed ? failed.error : error;
    }
  }

  /**
   * The text of the stored paragraph at `path`, first line `line` (1-based), white space
   * collapsed; undefined when there is none.
   */
  paragraphText(path: string, line: number): Promise<string | undefined> {
    return this.exclusive(async () => {
      const row = (
        await this.sql<{ body: string | null; textBody: string; key: number; id: number }>(
          `SELECT p.body, t.body AS "textBody", t.key, t.id FROM ${this.q}.story s
             JOIN ${this.q}.paragraph p ON p.story = s.id JOIN ${this.q}.text t ON t.id = p.text
            WHERE s.path = $1 AND p.line = $2`,
          [path, line],
        )
      )[0];
      return row && (row.body ?? checkedBody(this.file, row.id, row.key, row.textBody));
    });
  }

  /**
   * The stored paragraphs each paragraph of `document` duplicates or partly reuses, without
   * adding it: the same result as `Corpus.query` over the same stored documents, in one
   * REPEATABLE READ transaction (a concurrent add is seen entirely or not at all).
   */
  query(document: SourceDocument): Promise<QueryResult> {
    return this.exclusive(() =>
      this.transaction(SNAPSHOT, () => queryIn(this.c, this.options, document)),
    );
  }

  /**
   * Every stored paragraph (all copies) that duplicates or partly reuses some paragraph of these
   * documents, except those stored under the documents' own paths, sorted by path then line.
   */
  archiveParagraphsMatching(documents: readonly SourceDocument[]): Promise<ArchivedParagraph[]> {
    return this.exclusive(() =>
      this.transaction(SNAPSHOT, () => paragraphsMatching(this.c, this.options, documents)),
    );
  }

  /**
   * The publication date (ISO 8601, as the sources found it) of each of these paths that is
   * stored and dated; undated and unknown paths are left out.
   */
  publishedDates(paths: readonly string[]): Promise<Map<string, string>> {
    return this.exclusive(async () => {
      const out = new Map<string, string>();
      if (paths.length === 0) return out;
      for (const r of await this.sql<{ path: string; published: string }>(
        `SELECT path, published FROM ${this.q}.story
          WHERE published IS NOT NULL AND path = ANY($1::text[])`,
        [[...new Set(paths)]],
      ))
        out.set(r.path, r.published);
      return out;
    });
  }

  /** Counts of stored stories and paragraphs. */
  stats(): Promise<IndexStats> {
    return this.exclusive(async () => {
      const row = (
        await this.sql<IndexStats>(
          `SELECT count(*)::int AS stories, coalesce(sum(paragraphs), 0)::int AS paragraphs FROM ${this.q}.story`,
        )
      )[0];
      return { stories: row.stories, paragraphs: row.paragraphs };
    });
  }

  /** Counts, size on the server, dates and settings (`dupgraf index stats`). */
  describe(): Promise<ArchiveStats> {
    return this.exclusive(() =>
      this.transaction(SNAPSHOT, () =>
        describePostgres(this.c, this.schema, this.settings, this.meta),
      ),
    );
  }

  /**
   * Checks the index's invariants (every paragraph's text exists, reference counts, story
   * paragraph counts, one posting per shingle, prefix lengths, blob sizes) in one snapshot.
   * Returns the problems found; empty when the index is sound.
   */
  verify(): Promise<string[]> {
    return this.exclusive(() =>
      this.transaction(SNAPSHOT, () => verifyPostgres(this.c, this.settings)),
    );
  }

  /** Closes the connection. The object is unusable afterwards. */
  async close(): Promise<void> {
    await this.c.end();
  }
}
