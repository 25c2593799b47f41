/**
 * Writing to a SQLite index: stories, their paragraphs, the distinct texts they share (by
 * reference count) and the texts' postings, with each new text's prefix chosen by the rarity
 * of its shingles; removing stories; and the end of a new index's bulk load, whose postings
 * are written in key order in one go.
 */

import type Database from 'better-sqlite3';
import { prefixLength, type IndexableParagraph } from '../engine/paragraph-index.js';
import type { AddSummary } from './add-files.js';
import { damagedIndexError } from './index-errors.js';
import type { PreparedStory } from './prepared-story.js';
import {
  insertPostings,
  LoadedTexts,
  writeLoadPostings,
  type PostingRows,
} from './sqlite-postings.js';
import { DEFERRED_INDEXES, TEXT_KEY_INDEX_SQL } from './sqlite-schema.js';
import { storedSet, type SqliteHandle, type TextRow } from './sqlite-statements.js';
import { sameSet, storyChange } from './stored-texts.js';
import { TextKeys } from './text-keys.js';
import { markPrefix, sortPostingRows, TokenCounts } from './token-counts.js';

/** The fewest shingles {@link SqliteWriter.shinglesPerBatch} asks for a transaction. */
export const MIN_BATCH_SHINGLES = 1_000_000;
/** The most shingles {@link SqliteWriter.shinglesPerBatch} asks for a transaction. */
export const MAX_BATCH_SHINGLES = 4_000_000;

/** A stored text as an add batch shares it. */
interface SharedText {
  id: number;
  shingles: Uint32Array;
  body: string;
}

function toBlob(shingles: Uint32Array): Buffer {
  return Buffer.from(shingles.buffer, shingles.byteOffset, shingles.byteLength);
}

/** The writes of one connection to a SQLite index (inside the caller's guard). */
export class SqliteWriter {
  /**
   * Shingles this connection has written (for choosing prefixes; not in a `deferPostings` load,
   * whose end counts them all: {@link finishLoad}); once {@link countsAll}, every
   * posting of the index as this connection knows it.
   */
  private counts = new TokenCounts();
  /** Whether {@link counts} holds every stored posting (a new index, or after {@link countStored}). */
  private countsAll: boolean;
  /** Whether this connection's first add dropped the secondary indexes (a bulk load began). */
  bulkStarted = false;
  /** The shingles of the texts a `deferPostings` load wrote (for {@link finishLoad}). */
  private readonly loaded: LoadedTexts | null;
  /**
   * The keys of the texts a `deferPostings` load wrote, while its `text_key` index is not made
   * (null once it is, or in any other load).
   */
  private keys: TextKeys | null;
  /** A stored text by id, with its key and body (for {@link keys}' lookups). */
  private readonly textRow: Database.Statement | null;
  /** Posting rows the index held when first asked (estimated), plus those written since. */
  private storedRows = -1;

  /**
   * `bulk`: opened for writing on an index holding no story (this connection's adds are a bulk
   * load); `deferPostings`: a new index built in a file of its own, whose postings are written
   * by {@link finishLoad}.
   */
  constructor(
    private readonly h: SqliteHandle,
    readonly bulk: boolean,
    readonly deferPostings: boolean,
  ) {
    this.countsAll = bulk;
    this.loaded = deferPostings ? new LoadedTexts(`${h.file}-load`) : null;
    this.keys = deferPostings ? new TextKeys() : null;
    this.textRow = deferPostings
      ? h.db.prepare('SELECT key, size, shingles, body FROM text WHERE id = ?')
      : null;
  }

  /**
   * Adds stories of distinct paths in one write transaction: new paths are added, changed ones
   * replace their old paragraphs, unchanged ones are skipped or only given their new
   * publication date (counted as updated).
   */
  addStories(stories: Iterable<PreparedStory>): AddSummary {
    const summary: AddSummary = { added: 0, updated: 0, unchanged: 0, paragraphs: 0 };
    this.h.db
      .transaction(() => {
        if (this.bulk && !this.bulkStarted) {
          // A new index: the secondary indexes are built after the load (see close()).
          this.bulkStarted = true;
          for (const name of DEFERRED_INDEXES) this.h.db.exec(`DROP INDEX IF EXISTS ${name}`);
          // A load of its own: texts are found by key in memory until its end (see textFor).
          if (this.keys) this.h.db.exec('DROP INDEX IF EXISTS text_key');
        }
        const now = Date.now();
        const todo = this.storiesToWrite(stories, summary);
        const texts = this.storedTexts(todo);
        const fresh: { id: number; shingles: Uint32Array }[] = [];
        for (const story of todo) summary.paragraphs += this.writeStory(story, now, texts, fresh);
        this.writePostings(fresh);
      })
      .immediate();
    return summary;
  }

  /**
   * The stories to write (new or changed; a changed one's old paragraphs removed), counting
   * them in `summary`; an unchanged story is given its new publication date in place.
   */
  private storiesToWrite(stories: Iterable<PreparedStory>, summary: AddSummary): PreparedStory[] {
    const s = this.h.s;
    const todo: PreparedStory[] = [];
    for (const story of stories) {
      const old = s.storyByPath.get(story.path) as
        { id: number; hash: string; published: string | null } | undefined;
      const change = storyChange(old, story, summary);
      if (change === 'redate') s.redate.run(story.published ?? null, story.date, old!.id);
      if (change === 'replace') this.removeStory(old!.id);
      if (change === 'replace' || change === 'add') todo.push(story);
    }
    return todo;
  }

  /**
   * Writes one story (added at `now`, ms since the epoch) and its paragraphs, sharing or making
   * their texts; returns the paragraphs written.
   */
  private writeStory(
    story: PreparedStory,
    now: number,
    texts: Map<number, SharedText[]>,
    fresh: { id: number; shingles: Uint32Array }[],
  ): number {
    const s = this.h.s;
    const id = Number(
      s.insertStory.run(
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
      s.insertParagraph.run(id, p.line, p.endLine, p.index, p.words, text.id, body);
    }
    return story.paragraphs.length;
  }

  /**
   * The stored texts with the keys (word fingerprints) of these stories' paragraphs: key → texts
   * (id and shingles), read in one statement per 1,000 keys. Texts made by this batch join them.
   */
  private storedTexts(stories: readonly PreparedStory[]): Map<number, SharedText[]> {
    const out = new Map<number, SharedText[]>();
    if (this.keys) return out;
    const keys = [...new Set(stories.flatMap((s) => s.paragraphs.map((p) => p.fingerprint)))];
    for (let k = 0; k < keys.length; k += 1000) {
      for (const row of this.h.s.textsByKeys.all(JSON.stringify(keys.slice(k, k + 1000))) as {
        id: number;
        key: number;
        size: number;
        shingles: Buffer;
        body: string;
      }[]) {
        const entry = {
          id: row.id,
          shingles: storedSet(this.h.file, row.id, row.size, row.shingles),
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
    if (this.keys) return this.loadTextFor(p, this.keys, fresh);
    const same = texts.get(p.fingerprint);
    for (const t of same ?? []) {
      if (sameSet(t.shingles, p.shingles)) {
        this.h.s.refText.run(t.id);
        return t;
      }
    }
    const id = Number(
      this.h.s.insertText.run(p.fingerprint, p.shingles.length, toBlob(p.shingles), p.text)
        .lastInsertRowid,
    );
    const entry = { id, shingles: p.shingles, body: p.text };
    fresh.push(entry);
    if (same) same.push(entry);
    else texts.set(p.fingerprint, [entry]);
    return entry;
  }

  /**
   * {@link textFor} in a `deferPostings` load: the stored text is found by its key in `keys`
   * (in memory); when `keys` is full, the `text_key` index is made and the load goes on with it.
   */
  private loadTextFor(
    p: IndexableParagraph,
    keys: TextKeys,
    fresh: { id: number; shingles: Uint32Array }[],
  ): SharedText {
    for (const id of keys.idsOf(p.fingerprint)) {
      const row = this.textRow!.get(id) as TextRow & { key: number; body: string };
      if (row.key !== p.fingerprint) continue;
      const shingles = storedSet(this.h.file, id, row.size, row.shingles);
      if (sameSet(shingles, p.shingles)) {
        this.h.s.refText.run(id);
        return { id, shingles, body: row.body };
      }
    }
    const id = Number(
      this.h.s.insertText.run(p.fingerprint, p.shingles.length, toBlob(p.shingles), p.text)
        .lastInsertRowid,
    );
    if (!keys.add(p.fingerprint, id)) {
      this.keys = null;
      this.h.db.exec(TEXT_KEY_INDEX_SQL);
    }
    const entry = { id, shingles: p.shingles, body: p.text };
    fresh.push(entry);
    return entry;
  }

  /**
   * Writes full and prefix postings of new texts; a prefix takes the text's rarest shingles by
   * what is known now: the shingles this connection has written (counted in {@link TokenCounts},
   * this batch's included), plus, in an index that was not new, the stored postings: counted up
   * to `COUNT_AT_ADD` (stored-texts.ts) shingle by shingle for a batch small beside the index,
   * or, once a batch is at least a quarter of the index's size, all counted into
   * {@link counts} by one read of the posting table (see {@link countStored}). Rows are written
   * in token order, so a batch touches each B-tree page about once.
   */
  private writePostings(fresh: { id: number; shingles: Uint32Array }[]): void {
    let rows = 0;
    for (const t of fresh) rows += t.shingles.length;
    if (!this.deferPostings && !this.countsAll && 4 * rows >= this.shinglesStored()) {
      this.countStored();
    }
    if (this.deferPostings) return this.hold(fresh);
    for (const t of fresh) this.counts.addAll(t.shingles);
    this.storedRows = this.shinglesStored() + rows;
    let stored: Map<number, number> | null = null;
    if (!this.countsAll) {
      const distinct = new Set<number>();
      for (const t of fresh) for (const x of t.shingles) distinct.add(x | 0);
      const tokens = [...distinct].sort((a, b) => a - b);
      const counts = this.storedCounts(tokens);
      stored = new Map(tokens.map((x, i) => [x, counts[i]]));
    }
    insertPostings(this.postingRows(fresh, stored), this.h.s);
  }

  /**
   * Keeps new texts of a `deferPostings` load for {@link finishLoad} in {@link loaded}: in memory
   * while they fit, then in its spill file.
   */
  private hold(fresh: readonly { id: number; shingles: Uint32Array }[]): void {
    const loaded = this.loaded!;
    for (const t of fresh) {
      if (loaded.kept && !loaded.spilled && !loaded.fits(t.shingles.length)) loaded.spill();
      loaded.add(t.id, t.shingles);
    }
  }

  /**
   * Counts every stored posting into a new {@link counts} (one read of the posting table in
   * key order): from here on it holds the whole index as this connection knows it, and no
   * shingle is counted in the table again.
   */
  private countStored(): void {
    const counts = new TokenCounts();
    const chunk = new Uint32Array(1 << 16);
    let n = 0;
    for (const token of this.h.db.prepare('SELECT token FROM posting').pluck().iterate()) {
      chunk[n++] = token as number;
      if (n === chunk.length) {
        counts.addAll(chunk);
        n = 0;
      }
    }
    counts.addAll(chunk.subarray(0, n));
    this.counts = counts;
    this.countsAll = true;
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
    const floor = this.h.settings.lowestThreshold;
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

  /**
   * Shingles (posting rows) the next transaction of a large add should hold: about as many as
   * the index holds, from {@link MIN_BATCH_SHINGLES} to {@link MAX_BATCH_SHINGLES}. Each
   * transaction rewrites (in the WAL) every page of the posting B-tree its sorted rows touch,
   * which for a batch of more than a few hundred rows per page is nearly all of them: batches
   * that grow with the index keep the pages written to a few times the final posting table
   * (500-file batches rewrote it once per batch), and a transaction still holds the write lock
   * for seconds, not minutes. Undefined for a new index's own load (no postings until its end).
   */
  shinglesPerBatch(): number | undefined {
    if (this.deferPostings) return undefined;
    return Math.min(MAX_BATCH_SHINGLES, Math.max(MIN_BATCH_SHINGLES, this.shinglesStored()));
  }

  /** Posting rows the index holds (estimated when first asked, then counted as written). */
  private shinglesStored(): number {
    if (this.storedRows < 0) {
      // ids of texts ever made × the mean size of the newest: cheap (two B-tree descents) and
      // close enough for sizing transactions.
      const row = this.h.db
        .prepare(
          'SELECT (SELECT coalesce(max(id), 0) FROM text) AS texts, ' +
            '(SELECT coalesce(avg(size), 0) FROM (SELECT size FROM text ORDER BY id DESC LIMIT 1000)) AS mean',
        )
        .get() as { texts: number; mean: number };
      this.storedRows = Math.round(row.texts * row.mean);
    }
    return this.storedRows;
  }

  /**
   * Ends the load of a new index built with `deferPostings` (see `buildSqliteIndex`): the
   * postings of every text, prefixes chosen by the counts of the whole load
   * (sqlite-postings.ts).
   */
  finishLoad(): void {
    writeLoadPostings(this.h, this.loaded);
    this.releaseLoad();
  }

  /** Frees what a `deferPostings` load holds (its memory, its spill file). */
  releaseLoad(): void {
    this.loaded?.drop();
  }

  /** Stored postings of each token, counted up to `COUNT_AT_ADD` (stored-texts.ts) (same order as `tokens`). */
  private storedCounts(tokens: number[]): number[] {
    const out: number[] = [];
    for (let k = 0; k < tokens.length; k += 1000) {
      const chunk = JSON.stringify(tokens.slice(k, k + 1000));
      for (const n of this.h.s.countPostingsOf.all(chunk) as number[]) out.push(n);
    }
    return out;
  }

  /** Removes a stored story (by id): its paragraphs, and its texts (with postings) no longer used. */
  removeStory(story: number): void {
    // The load's texts in memory would name removed ones: from here on the load finds texts by
    // the text_key index, and its end reads them from the file.
    this.loaded?.drop();
    if (this.keys) {
      this.keys = null;
      this.h.db.exec(TEXT_KEY_INDEX_SQL);
    }
    const s = this.h.s;
    const texts = s.textsOfStory.all(story) as number[];
    s.deleteParagraphs.run(story);
    for (const text of texts) {
      const refs = s.unrefText.get(text) as number;
      if (refs > 0) continue;
      const row = s.textById.get(text) as TextRow | undefined;
      if (!row)
        throw damagedIndexError(this.h.file, `a paragraph names text ${text}, which is not stored`);
      const size = row.size;
      for (const x of storedSet(this.h.file, text, size, row.shingles)) {
        s.deletePosting.run(x | 0, size, text);
      }
      s.deleteText.run(text);
    }
    s.deleteStory.run(story);
  }
}
