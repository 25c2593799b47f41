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
import { sortByToken, TokenCounts } from './token-counts.js';

/** A value for COPY's text format (tabs, newlines and backslashes escaped; NUL dropped). */
function copyText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\t/g, '\\t')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\0/g, '');
}

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
  const out = Buffer.allocUnsafe(head + order.length * POSTING_TUPLE + 2);
  BINARY_COPY_HEADER.copy(out, 0);
  let at = head;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    out.writeInt16BE(4, at);
    out.writeInt32BE(4, at + 2);
    out.writeInt32BE(token[i], at + 6);
    out.writeInt32BE(1, at + 10);
    out[at + 14] = prefix[i] ? 1 : 0;
    out.writeInt32BE(4, at + 15);
    out.writeInt32BE(size[i], at + 19);
    out.writeInt32BE(4, at + 23);
    out.writeInt32BE(text[i], at + 27);
    at += POSTING_TUPLE;
  }
  out.writeInt16BE(-1, at);
  return out;
}

/** The writes of one PostgreSQL index object (each inside the caller's transaction). */
export class PostgresWriter {
  private readonly counts = new TokenCounts();

  /** `bulk`: opened for writing on an index holding no story (prefixes need no stored counts). */
  constructor(
    private readonly c: PostgresConnection,
    private readonly settings: IndexSettings,
    private readonly bulk: boolean,
  ) {}

  /** {@link addPrepared} of distinct paths inside the caller's transaction. */
  async addIn(batch: readonly PreparedStory[]): Promise<AddSummary> {
    const summary: AddSummary = { added: 0, updated: 0, unchanged: 0, paragraphs: 0 };
    const paths = batch.map((s) => s.path);
    await this.lockPaths(paths);
    const old = new Map(
      (
        await this.c.sql<{ id: number; path: string; hash: string; published: string | null }>(
          `SELECT id, path, hash, published FROM ${this.c.q}.story WHERE path = ANY($1::text[])`,
          [paths],
        )
      ).map((r) => [r.path, r]),
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
      await this.c.sql(
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
    await this.c.sql(
      `SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtextextended(p, ${SCHEMA_LOCK}) AS h
         FROM unnest($1::text[]) AS p) x ORDER BY h`,
      [paths],
    );
  }
  /** Writes new stories, their paragraphs, new texts and their postings; returns paragraphs written. */
  private async writeStories(stories: readonly PreparedStory[]): Promise<number> {
    const storyId = await this.insertStories(stories);
    const paragraphs = stories.flatMap((s) => s.paragraphs);
    const textOf = await this.sharedTexts(paragraphs);
    const { fresh, freshIndex } = freshTexts(paragraphs, textOf);
    const freshIds =
      fresh.length === 0
        ? []
        : (
            await this.c.sql<{ id: number }>(
              `SELECT nextval(pg_get_serial_sequence('${this.c.q}.text', 'id'))::int AS id
                 FROM generate_series(1, $1)`,
              [fresh.length],
            )
          ).map((r) => r.id);
    await this.copy(
      `${this.c.q}.text (id, key, size, shingles, body, refs)`,
      fresh.map(
        (f, i) =>
          `${freshIds[i]}\t${f.paragraph.fingerprint}\t${f.paragraph.shingles.length}\t\\\\x${Buffer.from(
            f.paragraph.shingles.buffer,
            f.paragraph.shingles.byteOffset,
            f.paragraph.shingles.byteLength,
          ).toString('hex')}\t${copyText(f.paragraph.text)}\t${f.refs}\n`,
      ),
    );
    // Paragraphs: a paragraph whose text differs from its shared text's body keeps its own.
    const rows: string[] = [];
    let k = 0;
    for (const story of stories) {
      const id = storyId.get(story.path)!;
      for (const p of story.paragraphs) {
        const shared = textOf[k];
        const text = shared ? shared.id : freshIds[freshIndex[k]];
        const body = shared ? shared.body : fresh[freshIndex[k]].paragraph.text;
        rows.push(
          `${id}\t${p.line}\t${p.endLine}\t${p.index}\t${p.words}\t${text}\t${body === p.text ? '\\N' : copyText(p.text)}\n`,
        );
        k++;
      }
    }
    await this.copy(
      `${this.c.q}.paragraph (story, line, end_line, position, words, text, body)`,
      rows,
    );
    await this.writePostings(
      fresh.map((f, i) => ({ id: freshIds[i], shingles: f.paragraph.shingles })),
    );
    return paragraphs.length;
  }

  /** Inserts the story rows; returns their ids by path. */
  private async insertStories(stories: readonly PreparedStory[]): Promise<Map<string, number>> {
    const now = Date.now();
    const ids = await this.c.sql<{ id: number; path: string }>(
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
    const stored = new Map<number, { id: number; shingles: Uint32Array; body: string }[]>();
    for (const row of await this.c.sql<{ id: number; key: number; shingles: Buffer; body: string }>(
      `SELECT id, key, shingles, body FROM ${this.c.q}.text WHERE key = ANY($1::bigint[])`,
      [keys],
    )) {
      const entry = { id: row.id, shingles: fromBlob(row.shingles), body: row.body };
      const list = stored.get(row.key);
      if (list) list.push(entry);
      else stored.set(row.key, [entry]);
    }
    const uses = new Map<number, number>();
    const textOf: Array<{ id: number; body: string } | null> = paragraphs.map((p) => {
      for (const t of stored.get(p.fingerprint) ?? []) {
        if (sameSet(t.shingles, p.shingles)) {
          uses.set(t.id, (uses.get(t.id) ?? 0) + 1);
          return t;
        }
      }
      return null;
    });
    if (uses.size > 0) {
      const order = [...uses.keys()].sort((a, b) => a - b);
      const kept = new Set(
        (
          await this.c.sql<{ id: number }>(
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

  /** COPY rows (text format lines) into `target` (`table (columns)`). */
  private async copy(target: string, rows: readonly string[]): Promise<void> {
    if (rows.length === 0) return;
    const CHUNK = 4096;
    const pieces = function* () {
      for (let i = 0; i < rows.length; i += CHUNK) yield rows.slice(i, i + CHUNK).join('');
    };
    await this.copyIn(`COPY ${target} FROM STDIN`, pieces());
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
  /** Full and prefix postings of new texts, by rarity as in the SQLite index, COPYed in token order. */
  private async writePostings(fresh: { id: number; shingles: Uint32Array }[]): Promise<void> {
    let total = 0;
    for (const t of fresh) total += t.shingles.length;
    if (total === 0) return;
    for (const t of fresh) this.counts.addAll(t.shingles);
    let stored: Map<number, number> | null = null;
    if (!this.bulk) {
      const distinct = new Set<number>();
      for (const t of fresh) for (const x of t.shingles) distinct.add(x | 0);
      const tokens = [...distinct];
      const counts = await this.c.sql<{ c: number }>(
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
    let r = 0;
    for (const t of fresh) {
      const n = t.shingles.length;
      const signed = Int32Array.from(t.shingles);
      const weight = new Float64Array(n);
      for (let i = 0; i < n; i++)
        weight[i] = this.counts.get(signed[i]) + (stored?.get(signed[i]) ?? 0);
      const order = Array.from({ length: n }, (_, i) => i);
      order.sort((a, b) => weight[a] - weight[b] || signed[a] - signed[b]);
      const take = prefixLength(n, floor);
      for (let k = 0; k < n; k++) {
        token[r] = signed[order[k]];
        prefix[r] = k < take ? 1 : 0;
        size[r] = n;
        text[r] = t.id;
        r++;
      }
    }
    const order = sortByToken(token);
    await this.copyBinary(
      `${this.c.q}.posting (token, prefix, size, text)`,
      postingTuples(token, prefix, size, text, order),
    );
  }

  /** COPY rows already in PostgreSQL's binary COPY format (see {@link postingTuples}). */
  private async copyBinary(target: string, data: Buffer): Promise<void> {
    const CHUNK = 1 << 20;
    const pieces = function* () {
      for (let at = 0; at < data.length; at += CHUNK) yield data.subarray(at, at + CHUNK);
    };
    await this.copyIn(`COPY ${target} FROM STDIN (FORMAT binary)`, pieces());
  }
  /** Removes stories by id: their paragraphs, and texts (with postings) no longer used. */
  async removeStories(ids: readonly number[]): Promise<void> {
    const used = await this.c.sql<{ text: number; n: number }>(
      `DELETE FROM ${this.c.q}.paragraph WHERE story = ANY($1::int[]) RETURNING text, 1 AS n`,
      [ids],
    );
    const counts = new Map<number, number>();
    for (const u of used) counts.set(u.text, (counts.get(u.text) ?? 0) + 1);
    const order = [...counts.keys()].sort((a, b) => a - b);
    if (order.length > 0) {
      const gone = await this.c.sql<{ id: number; size: number; shingles: Buffer }>(
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
        await this.c.sql(
          `DELETE FROM ${this.c.q}.posting p USING unnest($1::int[], $2::int[]) AS u(t, x)
            WHERE p.token = u.t AND p.text = u.x`,
          [tokens, texts],
        );
        await this.c.sql(`DELETE FROM ${this.c.q}.text WHERE id = ANY($1::int[])`, [
          dead.map((t) => t.id),
        ]);
      }
    }
    await this.c.sql(`DELETE FROM ${this.c.q}.story WHERE id = ANY($1::int[])`, [ids]);
  }
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
