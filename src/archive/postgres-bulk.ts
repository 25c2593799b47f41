/**
 * The bulk load of a new PostgreSQL index (`index add` into a schema whose tables hold nothing;
 * docs/archive-index.md): one transaction that holds the index's four tables exclusively
 * (`LOCK … ACCESS EXCLUSIVE NOWAIT`), drops the posting and paragraph keys and indexes and
 * `text_key`, writes every row with binary `COPY … FREEZE` and ids from its own counters, sends
 * each batch's COPYs without waiting (the next batch is made while the server writes the last),
 * finds the texts it wrote by key in memory ({@link KeyIds}), and at its end builds the keys and
 * indexes again from the definitions read from the catalog, runs `ANALYZE` and commits.
 *
 * The PostgresWriter of postgres-writer.ts writes the batches; while a load is open it takes
 * ids, sends COPYs and looks up stored texts through the {@link PostgresBulkLoad} here.
 */

import type { IndexableParagraph } from '../engine/paragraph-index.js';
import { BinaryRows, copyBinary } from './postgres-copy.js';
import type { PostgresConnection } from './postgres-connection.js';
import { KeyIds, matchTexts, type SharedText, type TextRow } from './postgres-texts.js';
import type { PreparedStory } from './prepared-story.js';

/** Writes paragraphs of the stories `owner` names, each sharing the text `textOf` gives or a new one. */
export type WriteParagraphs = (
  paragraphs: readonly IndexableParagraph[],
  owner: readonly number[],
  textOf: readonly SharedText[],
) => Promise<void>;

/**
 * One bulk load, open on its connection from {@link PostgresBulkLoad.begin} to
 * {@link PostgresBulkLoad.end}: one transaction holding every table of the index exclusively,
 * the posting and paragraph tables without their keys and indexes until its end.
 */
export class PostgresBulkLoad {
  /** The ids of the texts it wrote, by key. */
  private loaded: KeyIds | null = new KeyIds();
  /** The paths of the stories it wrote. */
  private written = new Set<string>();
  /** The paragraphs of the last batch that wait for stored texts. */
  private later: (() => Promise<void>) | null = null;
  /** The last COPY sent (settled). */
  private tail: Promise<void> = Promise.resolve();
  /** The COPYs of the batch being written, sent but not awaited. */
  private sending: Promise<void>[] = [];
  /** The COPYs of the last batches, each batch's as one promise. */
  private inFlight: Promise<unknown>[] = [];
  /** The first error of a COPY not awaited (later statements fail after it). */
  private failure: unknown = null;

  private constructor(
    private readonly c: PostgresConnection,
    /** The statements that build again the keys and indexes the load dropped, in order. */
    private readonly deferred: readonly string[],
    /** The next story and text ids (their sequences set at its end). */
    private readonly next: { story: number; text: number },
  ) {}

  /**
   * Starts a bulk load of an index that holds nothing: one transaction that locks the index's
   * tables exclusively (NOWAIT: when another session uses them, there is no bulk load, and the
   * ordinary path runs), finds them empty, empties them for COPY FREEZE (rows written frozen, no
   * later rewrite) and drops the posting table's primary key, built again by {@link end} in
   * the same transaction: a crash or a lost connection rolls all of it back, primary key
   * included, and a re-run starts from an empty index. Returns the load when it began (its
   * transaction is then open on `c`), else null (and no transaction is).
   */
  static async begin(c: PostgresConnection): Promise<PostgresBulkLoad | null> {
    const q = c.q;
    await c.client.query('BEGIN');
    try {
      try {
        await c.client.query(
          `LOCK TABLE ${q}.story, ${q}.text, ${q}.paragraph, ${q}.posting IN ACCESS EXCLUSIVE MODE NOWAIT`,
        );
      } catch (error) {
        if ((error as { code?: string }).code === '55P03') {
          await c.client.query('ROLLBACK');
          return null;
        }
        throw error;
      }
      const empty = (
        await c.client.query(
          `SELECT NOT EXISTS (SELECT 1 FROM ${q}.story) AND NOT EXISTS (SELECT 1 FROM ${q}.text)
              AND NOT EXISTS (SELECT 1 FROM ${q}.paragraph)
              AND NOT EXISTS (SELECT 1 FROM ${q}.posting) AS empty`,
        )
      ).rows[0].empty as boolean;
      if (!empty) {
        await c.client.query('COMMIT');
        return null;
      }
      await c.client.query(`SET LOCAL maintenance_work_mem = '256MB'`);
      await c.client.query(`SET LOCAL synchronous_commit = off`);
      await c.client.query(`TRUNCATE ${q}.story, ${q}.text, ${q}.paragraph, ${q}.posting`);
      const first = (
        await c.client.query(
          `SELECT nextval(pg_get_serial_sequence('${q}.story', 'id'))::int AS story,
                  nextval(pg_get_serial_sequence('${q}.text', 'id'))::int AS text`,
        )
      ).rows[0] as { story: number; text: number };
      // The posting and paragraph tables' keys and indexes, as the catalog defines them.
      const schema = q.slice(1, -1);
      const keys = await c.client.query(
        `SELECT c.conrelid::regclass::text AS tab, c.conname AS name, pg_get_constraintdef(c.oid) AS def
           FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
           JOIN pg_namespace n ON n.oid = t.relnamespace
          WHERE n.nspname = $1 AND t.relname IN ('posting', 'paragraph') AND c.contype IN ('p', 'u')
          ORDER BY t.relname DESC, c.conname`,
        [schema],
      );
      const indexes = await c.client.query(
        `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
          WHERE i.schemaname = $1 AND i.tablename IN ('posting', 'paragraph', 'text')
            AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                             WHERE c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)
          ORDER BY i.tablename DESC, i.indexname`,
        [schema],
      );
      const deferred: string[] = [];
      for (const k of keys.rows as { tab: string; name: string; def: string }[]) {
        await c.client.query(`ALTER TABLE ${k.tab} DROP CONSTRAINT "${k.name}"`);
        deferred.push(`ALTER TABLE ${k.tab} ADD CONSTRAINT "${k.name}" ${k.def}`);
      }
      for (const i of indexes.rows as { name: string; def: string }[]) {
        await c.client.query(`DROP INDEX ${q}."${i.name}"`);
        deferred.push(i.def);
      }
      return new PostgresBulkLoad(c, deferred, { ...first });
    } catch (error) {
      await c.client.query('ROLLBACK').catch(() => {});
      throw error;
    }
  }

  /**
   * Runs `write` (one batch's statements) with its COPYs only sent: at most two batches' COPYs on
   * their way, the next batch made while the server writes; an error of a COPY sent before is
   * thrown in place of `write`'s own.
   */
  async batch<T>(write: () => Promise<T>): Promise<T> {
    if (this.failure) throw this.failure;
    // At most two batches' COPYs on their way: the next batch is made while the server writes.
    while (this.inFlight.length >= 2) await this.settled(this.inFlight.shift()!);
    try {
      const result = await write();
      const sent = Promise.all(this.sending);
      sent.catch(() => {});
      this.inFlight.push(sent);
      return result;
    } catch (error) {
      throw this.failure ?? error;
    } finally {
      this.sending = [];
    }
  }

  /** Waits for `work`; its error, or the first error of a COPY sent before it. */
  private async settled(work: Promise<unknown>): Promise<void> {
    try {
      await work;
    } catch (error) {
      throw this.failure ?? error;
    }
  }

  /**
   * Sends a COPY: queued after the COPYs sent before it and not awaited (see {@link batch}; the
   * statements that need an answer wait for them: {@link quiet}).
   */
  send(copy: () => Promise<void>): void {
    this.sending.push(this.queued(copy));
  }

  /** Runs `work` after the statements queued before it (see {@link send}). */
  private queued<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(() => {
      if (this.failure) throw this.failure;
      return work();
    });
    result.catch((error) => (this.failure ??= error));
    this.tail = result.then(
      () => {},
      () => {},
    );
    return result;
  }

  /** Waits for the statements sent; the first error among them is thrown. */
  async quiet(): Promise<void> {
    await this.tail;
    if (this.failure) throw this.failure;
  }

  /** Whether none of these story paths was written by this load (then none is stored). */
  newPaths(paths: readonly string[]): boolean {
    return !paths.some((path) => this.written.has(path));
  }

  /**
   * Inserts the story rows with ids of its own count, the rows COPYed (sent); returns their ids
   * by path.
   */
  async insertStories(stories: readonly PreparedStory[]): Promise<Map<string, number>> {
    const now = Date.now();
    const ids = new Map<string, number>();
    const rows = new BinaryRows();
    for (const s of stories) {
      const id = this.next.story++;
      ids.set(s.path, id);
      this.written.add(s.path);
      rows
        .row(8)
        .int4(id)
        .text(s.path)
        .text(s.hash)
        .int8(s.date ?? now)
        .int8(now)
        .int4(s.paragraphs.length)
        .int4(s.words)
        .text(s.published ?? null);
    }
    this.send(() =>
      copyBinary(
        this.c,
        `${this.c.q}.story (id, path, hash, date, added, paragraphs, words, published)`,
        rows.finish(),
        true,
      ),
    );
    return ids;
  }

  /**
   * Ids for new texts of these keys (word fingerprints), one each: the next of the load's own
   * count (the text table locked exclusively: no other writer takes ids meanwhile), remembered
   * by key.
   */
  newTexts(keys: readonly number[]): number[] {
    const first = this.next.text;
    this.next.text += keys.length;
    keys.forEach((key, i) => this.loaded!.add(key, first + i));
    return keys.map((_, i) => first + i);
  }

  /**
   * Writes paragraphs with `write`: those whose key no earlier batch wrote share no stored text
   * and are written at once; the others once the stored texts of their keys are read, which
   * waits for the server to write what came before: that is left to the next batch (or the
   * load's end), after its own first part is sent, so the client's work and the server's overlap.
   */
  async writeParagraphs(
    paragraphs: readonly IndexableParagraph[],
    owner: readonly number[],
    write: WriteParagraphs,
  ): Promise<void> {
    const known = this.loaded!;
    const now: number[] = [];
    const later: number[] = [];
    paragraphs.forEach((p, i) => (known.has(p.fingerprint) ? later : now).push(i));
    const pick = <T>(list: readonly T[], at: number[]) => at.map((i) => list[i]);
    await write(
      pick(paragraphs, now),
      pick(owner, now),
      now.map(() => null),
    );
    await this.writeLater();
    if (later.length > 0) {
      const rest = pick(paragraphs, later);
      const owners = pick(owner, later);
      const shared = this.sharedTexts(rest);
      this.later = async () => write(rest, owners, await shared());
    }
  }

  /** Writes the paragraphs an earlier batch left for later (see {@link writeParagraphs}). */
  async writeLater(): Promise<void> {
    const later = this.later;
    this.later = null;
    if (later) await later();
  }

  /**
   * Asks for the stored texts of these paragraphs' keys (found in memory, read by id: the
   * text_key index is built at the load's end), queued after the COPYs sent before; the returned
   * function waits for them and gives each paragraph's shared text, raising its reference count
   * (no other session removes texts meanwhile).
   */
  private sharedTexts(paragraphs: readonly IndexableParagraph[]): () => Promise<SharedText[]> {
    const known = this.loaded!;
    const ids = [...new Set(paragraphs.map((p) => p.fingerprint))].flatMap((k) => known.ids(k));
    const rows = this.queued(() =>
      this.c.sql<TextRow>(
        `SELECT id, key, shingles, body FROM ${this.c.q}.text WHERE id = ANY($1::int[])`,
        [ids],
      ),
    );
    rows.catch(() => {});
    return async () => {
      const { textOf, uses } = matchTexts(paragraphs, await rows);
      if (uses.size > 0) {
        const order = [...uses.keys()].sort((a, b) => a - b);
        this.send(() =>
          this.c
            .sql(
              `UPDATE ${this.c.q}.text t SET refs = t.refs + u.n
                 FROM unnest($1::int[], $2::int[]) AS u(id, n) WHERE t.id = u.id`,
              [order, order.map((id) => uses.get(id)!)],
            )
            .then(() => {}),
        );
      }
      return textOf;
    };
  }

  /**
   * Ends the bulk load: with `commit`, writes the paragraphs left for later, builds the keys and
   * indexes it dropped (one sort each instead of one B-tree insert per row; the posting table's
   * primary key is most of it), refreshes the planner's statistics and commits; else, or after an
   * error of a COPY sent, rolls everything back (that error thrown when `commit`).
   */
  async end(commit: boolean): Promise<void> {
    const q = this.c.q;
    if (commit && !this.failure) {
      try {
        await this.writeLater();
      } catch (error) {
        this.failure ??= error;
      }
    }
    this.later = null;
    this.loaded = null;
    this.written = new Set();
    this.inFlight = [];
    // Every COPY sent has ended; after an error, the first one's is thrown.
    await this.tail;
    if (this.failure) {
      await this.c.client.query('ROLLBACK').catch(() => {});
      if (commit) throw this.failure;
      return;
    }
    if (!commit) {
      await this.c.client.query('ROLLBACK');
      return;
    }
    try {
      // The sequences continue after the ids the load took.
      await this.c.client.query(
        `SELECT setval(pg_get_serial_sequence('${q}.story', 'id'), $1, false),
                setval(pg_get_serial_sequence('${q}.text', 'id'), $2, false)`,
        [this.next.story, this.next.text],
      );
      for (const statement of this.deferred) await this.c.client.query(statement);
      await this.c.client.query(`ANALYZE ${q}.story, ${q}.text, ${q}.paragraph, ${q}.posting`);
      await this.c.client.query('COMMIT');
      this.c.written = true;
    } catch (error) {
      await this.c.client.query('ROLLBACK').catch(() => {});
      throw error;
    }
  }
}
