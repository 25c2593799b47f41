/**
 * Writing to a PostgreSQL index inside the caller's transaction: stories (their paths locked in
 * one global order), their paragraphs, the distinct texts they share (row-locked reference
 * counts) and the texts' postings, bulk rows with binary COPY (postgres-copy.ts); and removing
 * stories. A new index's bulk load (postgres-bulk.ts) writes its batches through the same
 * writer: while one is open, ids, COPYs and lookups of stored texts go through it.
 */

import type { IndexableParagraph } from '../engine/paragraph-index.js';
import { prefixLength } from '../engine/paragraph-index.js';
import type { AddSummary } from './add-files.js';
import type { IndexSettings } from './index-settings.js';
import { PostgresBulkLoad } from './postgres-bulk.js';
import type { PostgresConnection } from './postgres-connection.js';
import { BinaryRows, copyBinary, postingTuples } from './postgres-copy.js';
import { SCHEMA_LOCK } from './postgres-migrations.js';
import { freshTexts, matchTexts, type TextRow } from './postgres-texts.js';
import type { PreparedStory } from './prepared-story.js';
import { COUNT_AT_ADD, fromBlob, storyChange } from './stored-texts.js';
import { markPrefix, sortByToken, TokenCounts } from './token-counts.js';

/** The writes of one PostgreSQL index object (each inside the caller's transaction). */
export class PostgresWriter {
  private readonly counts = new TokenCounts();
  /**
   * The bulk load open ({@link beginBulk} to {@link endBulk}): one transaction holding every
   * table of the index exclusively, the posting table without its primary key until its end.
   */
  private load: PostgresBulkLoad | null = null;

  /** `bulk`: opened for writing on an index holding no story (prefixes need no stored counts). */
  constructor(
    private readonly c: PostgresConnection,
    private readonly settings: IndexSettings,
    private readonly bulk: boolean,
  ) {}

  /** {@link addPrepared} of distinct paths inside the caller's transaction. */
  async addIn(batch: readonly PreparedStory[]): Promise<AddSummary> {
    if (!this.load) return this.addStories(batch);
    // In a bulk load, the batch's COPYs are only sent: the next batch is made meanwhile.
    return this.load.batch(() => this.addStories(batch));
  }

  /**
   * COPYs `rows()` (binary COPY rows) into `target` (a table and its columns): awaited, or in a
   * bulk load sent after the COPYs sent before it and not awaited (the statements that need an
   * answer wait for them: {@link sql}).
   */
  private async copy(target: string, rows: () => Buffer): Promise<void> {
    const run = () => copyBinary(this.c, `${this.c.q}.${target}`, rows(), this.load !== null);
    if (!this.load) return run();
    this.load.send(run);
  }

  /**
   * In a bulk load: waits for the statements sent; the first error among them is thrown. None
   * open: resolves at once.
   */
  async quiet(): Promise<void> {
    if (this.load) await this.load.quiet();
  }

  /** Runs one statement (in a bulk load, after the COPYs sent before it). */
  private async sql<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<R[]> {
    if (this.load) await this.load.quiet();
    return this.c.sql<R>(text, values);
  }

  /** {@link addIn} of a batch (in a bulk load, its COPYs only sent). */
  private async addStories(batch: readonly PreparedStory[]): Promise<AddSummary> {
    const summary: AddSummary = { added: 0, updated: 0, unchanged: 0, paragraphs: 0 };
    const paths = batch.map((s) => s.path);
    // A bulk load holds the tables exclusively: no other writer of these paths can run, and
    // only a path it wrote before can be stored.
    const load = this.load;
    if (!load) await this.lockPaths(paths);
    const fresh = load !== null && load.newPaths(paths);
    // A path written again: the paragraphs left for later are written before it is replaced.
    if (load && !fresh) await load.writeLater();
    const old = new Map(
      fresh
        ? []
        : (
            await this.sql<{
              id: number;
              path: string;
              hash: string;
              published: string | null;
            }>(
              `SELECT id, path, hash, published FROM ${this.c.q}.story WHERE path = ANY($1::text[])`,
              [paths],
            )
          ).map((r) => [r.path, r] as const),
    );
    const todo: PreparedStory[] = [];
    const replaced: number[] = [];
    const redated: { id: number; story: PreparedStory }[] = [];
    for (const story of batch) {
      const was = old.get(story.path);
      const change = storyChange(was, story, summary);
      if (change === 'redate') redated.push({ id: was!.id, story });
      if (change === 'replace') replaced.push(was!.id);
      if (change === 'replace' || change === 'add') todo.push(story);
    }
    if (redated.length > 0)
      await this.sql(
        `UPDATE ${this.c.q}.story s SET published = u.published, date = coalesce(u.date, s.date)
           FROM unnest($1::int[], $2::text[], $3::bigint[]) AS u(id, published, date)
          WHERE s.id = u.id`,
        [
          redated.map((r) => r.id),
          redated.map((r) => r.story.published ?? null),
          redated.map((r) => r.story.date),
        ],
      );
    if (replaced.length > 0) await this.removeStories(replaced);
    if (todo.length === 0) return summary;
    summary.paragraphs = await this.writeStories(todo);
    return summary;
  }
  /** Locks these story paths for this transaction, in one global order (no deadlock among them). */
  async lockPaths(paths: readonly string[]): Promise<void> {
    await this.sql(
      `SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtextextended(p, ${SCHEMA_LOCK}) AS h
         FROM unnest($1::text[]) AS p) x ORDER BY h`,
      [paths],
    );
  }
  /** Writes new stories, their paragraphs, new texts and their postings; returns paragraphs written. */
  private async writeStories(stories: readonly PreparedStory[]): Promise<number> {
    const storyId = await this.insertStories(stories);
    const paragraphs: IndexableParagraph[] = [];
    const owner: number[] = [];
    for (const story of stories) {
      const id = storyId.get(story.path)!;
      for (const p of story.paragraphs) {
        paragraphs.push(p);
        owner.push(id);
      }
    }
    if (!this.load) {
      await this.writeParagraphs(paragraphs, owner, await this.sharedTexts(paragraphs));
      return paragraphs.length;
    }
    // A bulk load: those that may share a text it wrote are written with the next batch (the
    // client's work and the server's overlap).
    await this.load.writeParagraphs(paragraphs, owner, (p, o, t) => this.writeParagraphs(p, o, t));
    return paragraphs.length;
  }

  /**
   * Writes paragraphs (of the stories `owner` names), each sharing the stored text `textOf` gives
   * or a new one (texts, postings).
   */
  private async writeParagraphs(
    paragraphs: readonly IndexableParagraph[],
    owner: readonly number[],
    textOf: readonly ({ id: number; body: string } | null)[],
  ): Promise<void> {
    if (paragraphs.length === 0) return;
    const { fresh, freshIndex } = freshTexts(paragraphs, textOf);
    const freshIds = this.load
      ? this.load.newTexts(fresh.map((f) => f.paragraph.fingerprint))
      : await this.newTextIds(fresh.length);
    const texts = new BinaryRows();
    fresh.forEach((f, i) => {
      const p = f.paragraph;
      texts
        .row(6)
        .int4(freshIds[i])
        .int8(p.fingerprint)
        .int4(p.shingles.length)
        .bytes(new Uint8Array(p.shingles.buffer, p.shingles.byteOffset, p.shingles.byteLength))
        .text(p.text)
        .int4(f.refs);
    });
    if (texts.rows > 0)
      await this.copy('text (id, key, size, shingles, body, refs)', () => texts.finish());
    // Paragraphs: a paragraph whose text differs from its shared text's body keeps its own.
    const rows = new BinaryRows();
    paragraphs.forEach((p, k) => {
      const shared = textOf[k];
      const text = shared ? shared.id : freshIds[freshIndex[k]];
      const body = shared ? shared.body : fresh[freshIndex[k]].paragraph.text;
      rows
        .row(7)
        .int4(owner[k])
        .int4(p.line)
        .int4(p.endLine)
        .int4(p.index)
        .int4(p.words)
        .int4(text)
        .text(body === p.text ? null : p.text);
    });
    await this.copy('paragraph (story, line, end_line, position, words, text, body)', () =>
      rows.finish(),
    );
    await this.writePostings(
      fresh.map((f, i) => ({ id: freshIds[i], shingles: f.paragraph.shingles })),
    );
  }

  /** `n` new text ids, one `nextval` each. */
  private async newTextIds(n: number): Promise<number[]> {
    if (n === 0) return [];
    const seq = `pg_get_serial_sequence('${this.c.q}.text', 'id')`;
    return (
      await this.sql<{ id: number }>(
        `SELECT nextval(${seq})::int AS id FROM generate_series(1, $1)`,
        [n],
      )
    ).map((r) => r.id);
  }

  /**
   * Starts a bulk load of this index if it holds nothing and no other session uses its tables
   * ({@link PostgresBulkLoad.begin}); returns whether it began (its transaction then open on this
   * connection, every add until {@link endBulk} written into it).
   */
  async beginBulk(): Promise<boolean> {
    this.load = await PostgresBulkLoad.begin(this.c);
    return this.load !== null;
  }

  /**
   * Ends the bulk load {@link beginBulk} started: with `commit`, builds the keys and indexes it
   * dropped and commits; else rolls it back ({@link PostgresBulkLoad.end}). None open: nothing.
   */
  async endBulk(commit: boolean): Promise<void> {
    const load = this.load;
    if (!load) return;
    try {
      await load.end(commit);
    } finally {
      this.load = null;
    }
  }

  /** Inserts the story rows; returns their ids by path. */
  private async insertStories(stories: readonly PreparedStory[]): Promise<Map<string, number>> {
    // A bulk load: ids of its own count, the rows COPYed.
    if (this.load) return this.load.insertStories(stories);
    const now = Date.now();
    const ids = await this.sql<{ id: number; path: string }>(
      `INSERT INTO ${this.c.q}.story (path, hash, date, added, paragraphs, words, published)
         SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::int[], $6::int[],
                              $7::text[])
         RETURNING id, path`,
      [
        stories.map((s) => s.path),
        stories.map((s) => s.hash),
        stories.map((s) => s.date ?? now),
        stories.map(() => now),
        stories.map((s) => s.paragraphs.length),
        stories.map((s) => s.words),
        stories.map((s) => s.published ?? null),
      ],
    );
    return new Map(ids.map((r) => [r.path, r.id]));
  }

  /**
   * The stored text each paragraph shares (same words, same shingle set), its reference count
   * raised, or null: texts with the same words already stored are shared (reference counts,
   * row-locked in id order; a text deleted by a concurrent remove is not returned and is made anew).
   */
  private async sharedTexts(
    paragraphs: readonly IndexableParagraph[],
  ): Promise<Array<{ id: number; body: string } | null>> {
    const keys = [...new Set(paragraphs.map((p) => p.fingerprint))];
    const rows = await this.sql<TextRow>(
      `SELECT id, key, shingles, body FROM ${this.c.q}.text WHERE key = ANY($1::bigint[])`,
      [keys],
    );
    const { textOf, uses } = matchTexts(paragraphs, rows);
    if (uses.size > 0) {
      const order = [...uses.keys()].sort((a, b) => a - b);
      const kept = new Set(
        (
          await this.sql<{ id: number }>(
            `UPDATE ${this.c.q}.text t SET refs = t.refs + u.n
               FROM (SELECT * FROM unnest($1::int[], $2::int[]) AS u(id, n) ORDER BY id) u
              WHERE t.id = u.id RETURNING t.id`,
            [order, order.map((id) => uses.get(id)!)],
          )
        ).map((r) => r.id),
      );
      textOf.forEach((t, i) => {
        if (t && !kept.has(t.id)) textOf[i] = null;
      });
    }
    return textOf;
  }

  /**
   * Full and prefix postings of new texts (each text's rarest shingles its prefix, as in the SQLite
   * index: `markPrefix`), COPYed in token order.
   */
  private async writePostings(fresh: { id: number; shingles: Uint32Array }[]): Promise<void> {
    let total = 0;
    for (const t of fresh) total += t.shingles.length;
    if (total === 0) return;
    let stored: Map<number, number> | null = null;
    if (!this.bulk) {
      for (const t of fresh) this.counts.addAll(t.shingles);
      const distinct = new Set<number>();
      for (const t of fresh) for (const x of t.shingles) distinct.add(x | 0);
      const tokens = [...distinct];
      const counts = await this.sql<{ c: number }>(
        `SELECT (SELECT count(*) FROM (SELECT 1 FROM ${this.c.q}.posting p WHERE p.token = u.t LIMIT ${COUNT_AT_ADD}) x) AS c
           FROM unnest($1::int[]) WITH ORDINALITY AS u(t, k) ORDER BY u.k`,
        [tokens],
      );
      stored = new Map(tokens.map((x, i) => [x, counts[i].c]));
    }
    const floor = this.settings.lowestThreshold;
    const token = new Int32Array(total);
    const prefix = new Uint8Array(total);
    const size = new Uint32Array(total);
    const text = new Uint32Array(total);
    const counts = this.counts;
    const weight = stored
      ? (x: number) => counts.get(x) + (stored.get(x) ?? 0)
      : (x: number) => counts.get(x);
    let r = 0;
    for (const t of fresh) {
      const n = t.shingles.length;
      for (let i = 0; i < n; i++) {
        token[r + i] = t.shingles[i] | 0;
        size[r + i] = n;
        text[r + i] = t.id;
      }
      // Opened empty (no stored counts): each text counted just before its prefix is chosen,
      // while its shingles' counters are still in the cache (the counts of the whole batch
      // would be read back from memory, a miss per shingle: a third of the client's time at
      // 1 M paragraphs). Any prefix is exact; only the counts it is chosen by differ.
      if (!stored) counts.addAll(t.shingles);
      markPrefix(t.shingles, weight, prefixLength(n, floor), prefix, r);
      r += n;
    }
    const order = sortByToken(token);
    await this.copy('posting (token, prefix, size, text)', () =>
      postingTuples(token, prefix, size, text, order),
    );
  }

  /** Removes stories by id: their paragraphs, and texts (with postings) no longer used. */
  async removeStories(ids: readonly number[]): Promise<void> {
    const used = await this.sql<{ text: number; n: number }>(
      `DELETE FROM ${this.c.q}.paragraph WHERE story = ANY($1::int[]) RETURNING text, 1 AS n`,
      [ids],
    );
    const counts = new Map<number, number>();
    for (const u of used) counts.set(u.text, (counts.get(u.text) ?? 0) + 1);
    const order = [...counts.keys()].sort((a, b) => a - b);
    if (order.length > 0) {
      const gone = await this.sql<{ id: number; size: number; shingles: Buffer }>(
        `UPDATE ${this.c.q}.text t SET refs = t.refs - u.n
           FROM (SELECT * FROM unnest($1::int[], $2::int[]) AS u(id, n) ORDER BY id) u
          WHERE t.id = u.id RETURNING t.id, t.refs, t.size, t.shingles`,
        [order, order.map((id) => counts.get(id)!)],
      );
      const dead = (gone as unknown as { id: number; refs: number; shingles: Buffer }[]).filter(
        (t) => t.refs <= 0,
      );
      if (dead.length > 0) {
        const tokens: number[] = [];
        const texts: number[] = [];
        for (const t of dead) {
          for (const s of fromBlob(t.shingles)) {
            tokens.push(s | 0);
            texts.push(t.id);
          }
        }
        await this.sql(
          `DELETE FROM ${this.c.q}.posting p USING unnest($1::int[], $2::int[]) AS u(t, x)
            WHERE p.token = u.t AND p.text = u.x`,
          [tokens, texts],
        );
        await this.sql(`DELETE FROM ${this.c.q}.text WHERE id = ANY($1::int[])`, [
          dead.map((t) => t.id),
        ]);
      }
    }
    await this.sql(`DELETE FROM ${this.c.q}.story WHERE id = ANY($1::int[])`, [ids]);
  }
}
