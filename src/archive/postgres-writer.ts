/**
 * Writing to a PostgreSQL index inside the caller's transaction: stories (their paths locked in
 * one global order), their paragraphs, the distinct texts they share (row-locked reference
 * counts) and the texts' postings, bulk rows with COPY; and removing stories.
 */

import type { IndexableParagraph } from '../engine/paragraph-index.js';
import { prefixLength } from '../engine/paragraph-index.js';
import type { AddSummary } from './add-files.js';
import type { IndexSettings } from './index-settings.js';
import type { PostgresConnection } from './postgres-connection.js';
import { SCHEMA_LOCK } from './postgres-migrations.js';
import type { PreparedStory } from './prepared-story.js';
import { COUNT_AT_ADD, fromBlob, sameSet, storyChange } from './stored-texts.js';
import { markPrefix, sortByToken, TokenCounts } from './token-counts.js';

/** The signature, flags and header extension that open a binary COPY (PostgreSQL's COPY docs). */
const BINARY_COPY_HEADER = Buffer.concat([
  Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'),
  Buffer.alloc(8),
]);
/** Bytes of one posting tuple: a field count (int16), then int4, bool, int4, int4 each after its length (int32). */
const POSTING_TUPLE = 2 + (4 + 4) + (4 + 1) + (4 + 4) + (4 + 4);

/**
 * Posting rows `order[0]`, `order[1]` … as a binary COPY of (token int4, prefix bool, size int4,
 * text int4): header, tuples, trailer.
 */
export function postingTuples(
  token: Int32Array,
  prefix: Uint8Array,
  size: Uint32Array,
  text: Uint32Array,
  order: Uint32Array,
): Buffer {
  const head = BINARY_COPY_HEADER.length;
  const out = Buffer.alloc(head + order.length * POSTING_TUPLE + 2);
  BINARY_COPY_HEADER.copy(out, 0);
  // Each tuple: the field count (4), then each field's length and value, big-endian, written
  // byte by byte into the zeroed buffer (the zero bytes left as they are).
  let at = head;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    out[at + 1] = 4;
    out[at + 5] = 4;
    out[at + 13] = 1;
    out[at + 18] = 4;
    out[at + 26] = 4;
    const t = token[i];
    out[at + 6] = t >>> 24;
    out[at + 7] = t >>> 16;
    out[at + 8] = t >>> 8;
    out[at + 9] = t;
    out[at + 14] = prefix[i] ? 1 : 0;
    const s = size[i];
    out[at + 19] = s >>> 24;
    out[at + 20] = s >>> 16;
    out[at + 21] = s >>> 8;
    out[at + 22] = s;
    const x = text[i];
    out[at + 27] = x >>> 24;
    out[at + 28] = x >>> 16;
    out[at + 29] = x >>> 8;
    out[at + 30] = x;
    at += POSTING_TUPLE;
  }
  out.writeInt16BE(-1, at);
  return out;
}

/**
 * Rows in PostgreSQL's binary COPY format, built into one growing buffer: no text escaping, no
 * hex for bytea, no string per row.
 */
export class BinaryRows {
  private buf = Buffer.allocUnsafe(1 << 16);
  private at = BINARY_COPY_HEADER.length;
  rows = 0;

  constructor() {
    BINARY_COPY_HEADER.copy(this.buf, 0);
  }

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.at + n));
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }

  /** Starts a row of `fields` fields. */
  row(fields: number): this {
    this.room(2);
    this.buf.writeInt16BE(fields, this.at);
    this.at += 2;
    this.rows++;
    return this;
  }

  int4(value: number): this {
    this.room(8);
    this.buf.writeInt32BE(4, this.at);
    this.buf.writeInt32BE(value | 0, this.at + 4);
    this.at += 8;
    return this;
  }

  /** An int8 field from a whole number of magnitude below 2^53. */
  int8(value: number): this {
    this.room(12);
    const high = Math.floor(value / 4294967296);
    this.buf.writeInt32BE(8, this.at);
    this.buf.writeInt32BE(high | 0, this.at + 4);
    this.buf.writeUInt32BE((value - high * 4294967296) >>> 0, this.at + 8);
    this.at += 12;
    return this;
  }

  bytes(value: Uint8Array): this {
    this.room(4 + value.length);
    this.buf.writeInt32BE(value.length, this.at);
    this.buf.set(value, this.at + 4);
    this.at += 4 + value.length;
    return this;
  }

  /** A text field (UTF-8; NUL dropped, as PostgreSQL's text cannot hold it), or NULL. */
  text(value: string | null): this {
    if (value === null) {
      this.room(4);
      this.buf.writeInt32BE(-1, this.at);
      this.at += 4;
      return this;
    }
    const v = value.includes('\0') ? value.replace(/\0/g, '') : value;
    this.room(4 + 3 * v.length);
    const n = this.buf.write(v, this.at + 4, 'utf8');
    this.buf.writeInt32BE(n, this.at);
    this.at += 4 + n;
    return this;
  }

  /** The rows with the trailer. */
  finish(): Buffer {
    this.room(2);
    this.buf.writeInt16BE(-1, this.at);
    this.at += 2;
    return this.buf.subarray(0, this.at);
  }
}

/** The writes of one PostgreSQL index object (each inside the caller's transaction). */
export class PostgresWriter {
  private readonly counts = new TokenCounts();
  /**
   * Inside a bulk load ({@link beginBulk}): one transaction holding every table of the index
   * exclusively, the posting table without its primary key until {@link endBulk}.
   */
  private loading = false;
  /** In a bulk load: the ids of the texts it wrote, by key. */
  private loaded: KeyIds | null = null;
  /** The statements that build again the keys and indexes a bulk load dropped, in order. */
  private deferred: string[] = [];
  /** In a bulk load: the paths of the stories it wrote. */
  private written = new Set<string>();
  /** In a bulk load: the next story and text ids (their sequences set at its end). */
  private next = { story: 0, text: 0 };
  /** In a bulk load: the paragraphs of the last batch that wait for stored texts. */
  private later: (() => Promise<void>) | null = null;
  /** In a bulk load: the last COPY sent (settled). */
  private tail: Promise<void> = Promise.resolve();
  /** In a bulk load: the COPYs of the batch being written, sent but not awaited. */
  private sending: Promise<void>[] = [];
  /** In a bulk load: the COPYs of the last batches, each batch's as one promise. */
  private inFlight: Promise<unknown>[] = [];
  /** In a bulk load: the first error of a COPY not awaited (later statements fail after it). */
  private failure: unknown = null;

  /** `bulk`: opened for writing on an index holding no story (prefixes need no stored counts). */
  constructor(
    private readonly c: PostgresConnection,
    private readonly settings: IndexSettings,
    private readonly bulk: boolean,
  ) {}

  /** {@link addPrepared} of distinct paths inside the caller's transaction. */
  async addIn(batch: readonly PreparedStory[]): Promise<AddSummary> {
    if (!this.loading) return this.addStories(batch);
    if (this.failure) throw this.failure;
    // At most two batches' COPYs on their way: the next batch is made while the server writes.
    while (this.inFlight.length >= 2) await this.settled(this.inFlight.shift()!);
    try {
      const summary = await this.addStories(batch);
      const sent = Promise.all(this.sending);
      sent.catch(() => {});
      this.inFlight.push(sent);
      return summary;
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
   * Runs a COPY: awaited, or in a bulk load queued after the COPYs sent before it and not awaited
   * (see {@link addIn}; the statements that need an answer wait for them: {@link sql}).
   */
  private async send(copy: () => Promise<void>): Promise<void> {
    if (!this.loading) return copy();
    this.sending.push(this.queued(copy));
  }

  /** In a bulk load: runs `work` after the statements queued before it (see {@link send}). */
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

  /** In a bulk load: waits for the statements sent; the first error among them is thrown. */
  async quiet(): Promise<void> {
    await this.tail;
    if (this.failure) throw this.failure;
  }

  /** Runs one statement (in a bulk load, after the COPYs sent before it). */
  private async sql<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<R[]> {
    if (this.loading) await this.quiet();
    return this.c.sql<R>(text, values);
  }

  /** {@link addIn} of a batch (in a bulk load, its COPYs only sent). */
  private async addStories(batch: readonly PreparedStory[]): Promise<AddSummary> {
    const summary: AddSummary = { added: 0, updated: 0, unchanged: 0, paragraphs: 0 };
    const paths = batch.map((s) => s.path);
    // A bulk load holds the tables exclusively: no other writer of these paths can run, and
    // only a path it wrote before can be stored.
    if (!this.loading) await this.lockPaths(paths);
    const fresh = this.loading && !paths.some((path) => this.written.has(path));
    // A path written again: the paragraphs left for later are written before it is replaced.
    if (this.loading && !fresh) await this.writeLater();
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
    const known = this.loaded;
    if (known === null) {
      await this.writeParagraphs(paragraphs, owner, await this.sharedTexts(paragraphs));
      return paragraphs.length;
    }
    // A bulk load: the paragraphs whose key no earlier batch wrote share no stored text and are
    // written at once; the others once the stored texts of their keys are read, which waits for
    // the server to write what came before: that is left to the next batch (or the load's end),
    // after its own first part is sent, so the client's work and the server's overlap.
    const now: number[] = [];
    const later: number[] = [];
    paragraphs.forEach((p, i) => (known.has(p.fingerprint) ? later : now).push(i));
    const pick = <T>(list: readonly T[], at: number[]) => at.map((i) => list[i]);
    await this.writeParagraphs(
      pick(paragraphs, now),
      pick(owner, now),
      now.map(() => null),
    );
    await this.writeLater();
    if (later.length > 0) {
      const rest = pick(paragraphs, later);
      const owners = pick(owner, later);
      const shared = this.bulkSharedTexts(rest);
      this.later = async () => this.writeParagraphs(rest, owners, await shared());
    }
    return paragraphs.length;
  }

  /** In a bulk load: writes the paragraphs an earlier batch left for later (see writeStories). */
  private async writeLater(): Promise<void> {
    const later = this.later;
    this.later = null;
    if (later) await later();
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
    const freshIds = await this.newTextIds(fresh.length);
    if (this.loaded)
      fresh.forEach((f, i) => this.loaded!.add(f.paragraph.fingerprint, freshIds[i]));
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
      await this.send(() =>
        this.copyBinary(`${this.c.q}.text (id, key, size, shingles, body, refs)`, texts.finish()),
      );
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
    await this.send(() =>
      this.copyBinary(
        `${this.c.q}.paragraph (story, line, end_line, position, words, text, body)`,
        rows.finish(),
      ),
    );
    await this.writePostings(
      fresh.map((f, i) => ({ id: freshIds[i], shingles: f.paragraph.shingles })),
    );
  }

  /**
   * `n` new text ids: one `nextval` each, or in a bulk load (the text table locked exclusively:
   * no other writer takes ids meanwhile) the next of its own count, the sequence set at its end.
   */
  private async newTextIds(n: number): Promise<number[]> {
    if (n === 0) return [];
    const seq = `pg_get_serial_sequence('${this.c.q}.text', 'id')`;
    if (this.loading) {
      const first = this.next.text;
      this.next.text += n;
      return Array.from({ length: n }, (_, i) => first + i);
    }
    return (
      await this.sql<{ id: number }>(
        `SELECT nextval(${seq})::int AS id FROM generate_series(1, $1)`,
        [n],
      )
    ).map((r) => r.id);
  }

  /**
   * Starts a bulk load of an index that holds nothing: one transaction that locks the index's
   * tables exclusively (NOWAIT: when another session uses them, there is no bulk load, and the
   * ordinary path runs), finds them empty, empties them for COPY FREEZE (rows written frozen, no
   * later rewrite) and drops the posting table's primary key, built again by {@link endBulk} in
   * the same transaction: a crash or a lost connection rolls all of it back, primary key
   * included, and a re-run starts from an empty index. Returns whether the load began (its
   * transaction is then open on this connection; else none is).
   */
  async beginBulk(): Promise<boolean> {
    const q = this.c.q;
    await this.c.client.query('BEGIN');
    try {
      try {
        await this.c.client.query(
          `LOCK TABLE ${q}.story, ${q}.text, ${q}.paragraph, ${q}.posting IN ACCESS EXCLUSIVE MODE NOWAIT`,
        );
      } catch (error) {
        if ((error as { code?: string }).code === '55P03') {
          await this.c.client.query('ROLLBACK');
          return false;
        }
        throw error;
      }
      const empty = (
        await this.c.client.query(
          `SELECT NOT EXISTS (SELECT 1 FROM ${q}.story) AND NOT EXISTS (SELECT 1 FROM ${q}.text)
              AND NOT EXISTS (SELECT 1 FROM ${q}.paragraph)
              AND NOT EXISTS (SELECT 1 FROM ${q}.posting) AS empty`,
        )
      ).rows[0].empty as boolean;
      if (!empty) {
        await this.c.client.query('COMMIT');
        return false;
      }
      await this.c.client.query(`SET LOCAL maintenance_work_mem = '256MB'`);
      await this.c.client.query(`SET LOCAL synchronous_commit = off`);
      await this.c.client.query(`TRUNCATE ${q}.story, ${q}.text, ${q}.paragraph, ${q}.posting`);
      const first = (
        await this.c.client.query(
          `SELECT nextval(pg_get_serial_sequence('${q}.story', 'id'))::int AS story,
                  nextval(pg_get_serial_sequence('${q}.text', 'id'))::int AS text`,
        )
      ).rows[0] as { story: number; text: number };
      this.next = { ...first };
      // The posting and paragraph tables' keys and indexes, as the catalog defines them.
      const schema = q.slice(1, -1);
      const keys = await this.c.client.query(
        `SELECT c.conrelid::regclass::text AS tab, c.conname AS name, pg_get_constraintdef(c.oid) AS def
           FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
           JOIN pg_namespace n ON n.oid = t.relnamespace
          WHERE n.nspname = $1 AND t.relname IN ('posting', 'paragraph') AND c.contype IN ('p', 'u')
          ORDER BY t.relname DESC, c.conname`,
        [schema],
      );
      const indexes = await this.c.client.query(
        `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
          WHERE i.schemaname = $1 AND i.tablename IN ('posting', 'paragraph', 'text')
            AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                             WHERE c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)
          ORDER BY i.tablename DESC, i.indexname`,
        [schema],
      );
      this.deferred = [];
      for (const k of keys.rows as { tab: string; name: string; def: string }[]) {
        await this.c.client.query(`ALTER TABLE ${k.tab} DROP CONSTRAINT "${k.name}"`);
        this.deferred.push(`ALTER TABLE ${k.tab} ADD CONSTRAINT "${k.name}" ${k.def}`);
      }
      for (const i of indexes.rows as { name: string; def: string }[]) {
        await this.c.client.query(`DROP INDEX ${q}."${i.name}"`);
        this.deferred.push(i.def);
      }
      this.loading = true;
      this.loaded = new KeyIds();
      this.written = new Set();
      this.failure = null;
      this.later = null;
      this.inFlight = [];
      this.sending = [];
      return true;
    } catch (error) {
      await this.c.client.query('ROLLBACK').catch(() => {});
      throw error;
    }
  }

  /**
   * Ends the bulk load: with `commit`, builds the posting table's primary key (one sort of all
   * postings instead of one B-tree insert per row), refreshes the planner's statistics and
   * commits; else rolls everything back.
   */
  async endBulk(commit: boolean): Promise<void> {
    if (!this.loading) return;
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
      this.loading = false;
      await this.c.client.query('ROLLBACK').catch(() => {});
      if (commit) throw this.failure;
      return;
    }
    this.loading = false;
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
    } catch (error) {
      await this.c.client.query('ROLLBACK').catch(() => {});
      throw error;
    }
  }

  /** Inserts the story rows; returns their ids by path. */
  private async insertStories(stories: readonly PreparedStory[]): Promise<Map<string, number>> {
    const now = Date.now();
    if (this.loading) {
      // A bulk load: ids of its own count, the rows COPYed.
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
      await this.send(() =>
        this.copyBinary(
          `${this.c.q}.story (id, path, hash, date, added, paragraphs, words, published)`,
          rows.finish(),
        ),
      );
      return ids;
    }
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
   * In a bulk load: asks for the stored texts of these paragraphs' keys (found in memory, read by
   * id: the text_key index is built at the load's end), queued after the COPYs sent before; the
   * returned function waits for them and gives each paragraph's shared text, raising its
   * reference count (no other session removes texts meanwhile).
   */
  private bulkSharedTexts(
    paragraphs: readonly IndexableParagraph[],
  ): () => Promise<Array<{ id: number; body: string } | null>> {
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
        await this.send(() =>
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

  /** Runs a `COPY … FROM STDIN` statement, sending `pieces` in order (waiting when the socket is full). */
  private async copyIn(sql: string, pieces: Iterator<string | Buffer>): Promise<void> {
    const { from } = await import('pg-copy-streams');
    const stream = this.c.client.query(from(sql));
    await new Promise<void>((resolve, reject) => {
      stream.on('error', reject);
      stream.on('finish', () => resolve());
      const write = () => {
        for (let next = pieces.next(); !next.done; next = pieces.next()) {
          if (!stream.write(next.value)) {
            stream.once('drain', write);
            return;
          }
        }
        stream.end();
      };
      write();
    });
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
    await this.send(() =>
      this.copyBinary(
        `${this.c.q}.posting (token, prefix, size, text)`,
        postingTuples(token, prefix, size, text, order),
      ),
    );
  }

  /** COPY rows already in PostgreSQL's binary COPY format (see {@link postingTuples}). */
  private async copyBinary(target: string, data: Buffer): Promise<void> {
    const CHUNK = 1 << 20;
    const pieces = function* () {
      for (let at = 0; at < data.length; at += CHUNK) yield data.subarray(at, at + CHUNK);
    };
    await this.copyIn(
      `COPY ${target} FROM STDIN (FORMAT binary${this.loading ? ', FREEZE' : ''})`,
      pieces(),
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

/** A stored text as the writer reads it. */
interface TextRow {
  id: number;
  key: number;
  shingles: Buffer;
  body: string;
}

/** Each paragraph's text among `rows` (same key, same shingle set) or null, and uses per text. */
function matchTexts(
  paragraphs: readonly IndexableParagraph[],
  rows: readonly TextRow[],
): { textOf: Array<{ id: number; body: string } | null>; uses: Map<number, number> } {
  const stored = new Map<number, { id: number; shingles: Uint32Array; body: string }[]>();
  for (const row of rows) {
    const entry = { id: row.id, shingles: fromBlob(row.shingles), body: row.body };
    const list = stored.get(row.key);
    if (list) list.push(entry);
    else stored.set(row.key, [entry]);
  }
  const uses = new Map<number, number>();
  const textOf = paragraphs.map((p) => {
    for (const t of stored.get(p.fingerprint) ?? []) {
      if (sameSet(t.shingles, p.shingles)) {
        uses.set(t.id, (uses.get(t.id) ?? 0) + 1);
        return t;
      }
    }
    return null;
  });
  return { textOf, uses };
}

/**
 * The new texts of the paragraphs that share none (`textOf[i]` null): one per distinct word set,
 * with its reference count, and each paragraph's index into them (-1: it shares a stored text).
 */
function freshTexts(
  paragraphs: readonly IndexableParagraph[],
  textOf: readonly ({ id: number; body: string } | null)[],
): { fresh: { paragraph: IndexableParagraph; refs: number }[]; freshIndex: number[] } {
  const fresh: { paragraph: IndexableParagraph; refs: number }[] = [];
  const freshOf = new Map<number, { index: number; shingles: Uint32Array }[]>();
  const freshIndex: number[] = paragraphs.map((p, i) => {
    if (textOf[i]) return -1;
    for (const f of freshOf.get(p.fingerprint) ?? []) {
      if (sameSet(f.shingles, p.shingles)) {
        fresh[f.index].refs++;
        return f.index;
      }
    }
    const index = fresh.length;
    fresh.push({ paragraph: p, refs: 1 });
    const list = freshOf.get(p.fingerprint);
    if (list) list.push({ index, shingles: p.shingles });
    else freshOf.set(p.fingerprint, [{ index, shingles: p.shingles }]);
    return index;
  });
  return { fresh, freshIndex };
}

/**
 * Text ids by key (53-bit whole numbers), several per key: an open-addressing table of typed
 * arrays (16 bytes a slot, at most half full), for the texts a bulk load wrote.
 */
export class KeyIds {
  private keys = new Float64Array(1 << 16).fill(-1);
  private values = new Int32Array(1 << 16);
  private size = 0;

  private slot(key: number, mask: number): number {
    return (Math.imul((key % 4294967296) ^ Math.floor(key / 4294967296), 0x9e3779b1) >>> 0) & mask;
  }

  add(key: number, id: number): void {
    if (2 * (this.size + 1) > this.keys.length) this.grow();
    const mask = this.keys.length - 1;
    let i = this.slot(key, mask);
    while (this.keys[i] !== -1) i = (i + 1) & mask;
    this.keys[i] = key;
    this.values[i] = id;
    this.size++;
  }

  /** Whether an id was added under `key`. */
  has(key: number): boolean {
    const mask = this.keys.length - 1;
    for (let i = this.slot(key, mask); this.keys[i] !== -1; i = (i + 1) & mask)
      if (this.keys[i] === key) return true;
    return false;
  }

  /** The ids added under `key` (none: an empty array). */
  ids(key: number): number[] {
    const out: number[] = [];
    const mask = this.keys.length - 1;
    for (let i = this.slot(key, mask); this.keys[i] !== -1; i = (i + 1) & mask)
      if (this.keys[i] === key) out.push(this.values[i]);
    return out;
  }

  private grow(): void {
    const keys = this.keys;
    const values = this.values;
    this.keys = new Float64Array(2 * keys.length).fill(-1);
    this.values = new Int32Array(2 * keys.length);
    this.size = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== -1) this.add(keys[i], values[i]);
  }
}
