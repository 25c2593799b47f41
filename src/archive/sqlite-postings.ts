/**
 * The posting rows of a SQLite index as they are written: in columns, inserted in key order
 * {@link ROWS_PER_INSERT} a statement; and the postings of a new index's whole load, written in
 * one go at its end (`deferPostings`).
 */

import { prefixLength } from '../engine/paragraph-index.js';
import { DEFERRED_INDEX_SQL, TEXT_KEY_INDEX_SQL } from './sqlite-schema.js';
import {
  ROWS_PER_INSERT,
  storedSet,
  type SqliteHandle,
  type Statements,
  type TextRow,
} from './sqlite-statements.js';
import {
  countsByRun,
  markPrefix,
  orderRunsByPrefixAndSize,
  sortByToken,
  sortPostingRows,
  type TokenCounts,
} from './token-counts.js';

/**
 * Posting rows sorted in memory at a time when a new index's postings are written (and the
 * most shingles a load keeps in memory, see {@link LoadedTexts}).
 */
export const ROWS_PER_PASS = 32_000_000;

/** Posting rows in columns. */
export interface PostingColumns {
  /** The shingle (int32). */
  token: Int32Array;
  /** 1 when the shingle is in its text's prefix. */
  prefix: Uint8Array;
  /** The text's shingle count. */
  size: Uint32Array;
  /** The text's id. */
  text: Float64Array;
}

/** Posting rows in columns, and the order to write them in. */
export interface PostingRows extends PostingColumns {
  /** Row indexes in key order. */
  order: Uint32Array;
}

/** Inserts rows in their order, {@link ROWS_PER_INSERT} a statement. */
export function insertPostings(
  rows: PostingRows,
  s: Pick<Statements, 'insertPostings' | 'insertPosting'>,
): void {
  const many = s.insertPostings;
  const one = s.insertPosting;
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

/** A typed array of twice the length holding `a`'s values first. */
function grow<T extends Int32Array | Uint8Array | Uint32Array | Float64Array>(a: T): T {
  const b = new (a.constructor as new (n: number) => T)(a.length * 2);
  b.set(a);
  return b;
}

/** A stored text's id and shingle set, as the end of a load reads them. */
export interface LoadText {
  id: number;
  set: Uint32Array;
}

/**
 * The shingle sets of the texts a new index's load wrote, kept in memory (packed in one array,
 * in id order) so that the end of the load counts their shingles exactly and does not read them
 * back from the file; given up (`kept` false, by the writer: {@link drop}) past
 * {@link ROWS_PER_PASS} shingles, or when a text is removed during the load.
 */
export class LoadedTexts {
  private ids: number[] = [];
  private starts: number[] = [0];
  private data = new Uint32Array(1 << 16);
  /** Whether every text written so far is held. */
  kept = true;

  /**
   * Holds a new text (ids ascending); false, holding nothing more, when it would take the texts
   * held past {@link ROWS_PER_PASS} shingles (or they were given up).
   */
  add(id: number, set: Uint32Array): boolean {
    if (!this.kept) return false;
    const at = this.starts[this.starts.length - 1];
    const end = at + set.length;
    if (end > ROWS_PER_PASS) return false;
    if (end > this.data.length) {
      const bigger = new Uint32Array(Math.min(Math.max(2 * this.data.length, end), ROWS_PER_PASS));
      bigger.set(this.data.subarray(0, at));
      this.data = bigger;
    }
    this.data.set(set, at);
    this.ids.push(id);
    this.starts.push(end);
    return true;
  }

  /** Stops holding texts (the end of the load reads them from the file). */
  drop(): void {
    this.kept = false;
    this.ids = [];
    this.starts = [0];
    this.data = new Uint32Array(0);
  }

  /** The shingles held, in all. */
  get total(): number {
    return this.starts[this.starts.length - 1];
  }

  /**
   * Every shingle held, the texts one after the other in id order (a view), with each text's id
   * and where it starts (`starts[i]` to `starts[i + 1]`, 0-based).
   */
  packed(): { shingles: Uint32Array; ids: readonly number[]; starts: readonly number[] } {
    return { shingles: this.data.subarray(0, this.total), ids: this.ids, starts: this.starts };
  }

  /** The texts in id order (views into the packed array). */
  *texts(): Iterable<LoadText> {
    for (let i = 0; i < this.ids.length; i++)
      yield { id: this.ids[i], set: this.data.subarray(this.starts[i], this.starts[i + 1]) };
  }
}

/**
 * Ends the load of a new index built with `deferPostings` (see `buildSqliteIndex`): every
 * text's prefix is chosen by the counts of the whole load, then the postings are sorted in
 * memory and appended to the posting table in key order (a B-tree built by appending), and the
 * secondary indexes are made. When `loaded` holds every text, its shingles are counted exactly
 * and written in one go ({@link writeHeldPostings}); else the counts are `counts` (every text
 * counted as written) and the postings go in one range of shingles at a time (at most
 * `ROWS_PER_PASS` rows), the texts' shingles read from the file for each range.
 */
export function writeLoadPostings(
  h: SqliteHandle,
  counts: TokenCounts,
  loaded: LoadedTexts | null,
): void {
  const db = h.db;
  if (loaded?.kept) {
    db.transaction(() => {
      writeHeldPostings(h, loaded);
      for (const sql of [TEXT_KEY_INDEX_SQL, ...DEFERRED_INDEX_SQL]) db.exec(sql);
    })();
    return;
  }
  const total = db.prepare('SELECT coalesce(sum(size), 0) FROM text').pluck().get() as number;
  const read = db.prepare('SELECT id, size, shingles FROM text ORDER BY id');
  const texts = function* (): Iterable<LoadText> {
    for (const row of read.iterate() as Iterable<TextRow & { id: number }>)
      yield { id: row.id, set: storedSet(h.file, row.id, row.size, row.shingles) };
  };
  const flags = prefixFlags(h, counts, texts(), total);
  const passes = Math.max(1, Math.ceil(total / ROWS_PER_PASS));
  db.transaction(() => {
    for (let pass = 0; pass < passes; pass++) {
      // Unsigned shingles (token ^ 2^31) in [lo, hi): token order across passes.
      const lo = Math.floor((pass * 2 ** 32) / passes);
      const hi = Math.floor(((pass + 1) * 2 ** 32) / passes);
      const part = postingsIn(texts(), flags, lo, hi, Math.ceil((total / passes) * 1.25));
      insertPostings({ ...part, order: sortPostingRows(part.token, part.prefix, part.size) }, h.s);
    }
    for (const sql of [TEXT_KEY_INDEX_SQL, ...DEFERRED_INDEX_SQL]) db.exec(sql);
  })();
}

/**
 * The postings of every text `loaded` holds, inserted in key order: the shingles sorted once
 * ({@link sortByToken}), which counts each exactly (the length of its run) for the texts'
 * prefixes, then each run ordered by prefix and size.
 */
function writeHeldPostings(h: SqliteHandle, loaded: LoadedTexts): void {
  const { shingles, ids, starts } = loaded.packed();
  const n = shingles.length;
  const token = new Int32Array(shingles.buffer, shingles.byteOffset, n);
  const byToken = sortByToken(token);
  const sorted = new Int32Array(n);
  for (let j = 0; j < n; j++) sorted[j] = token[byToken[j]];
  const counts = countsByRun(sorted, byToken);
  const prefix = new Uint8Array(n);
  const size = new Uint32Array(n);
  const text = new Float64Array(n);
  const floor = h.settings.lowestThreshold;
  for (let i = 0; i < ids.length; i++) {
    const start = starts[i];
    const end = starts[i + 1];
    const length = end - start;
    markPrefix(
      shingles.subarray(start, end),
      (_, k) => counts[start + k],
      prefixLength(length, floor),
      prefix,
      start,
    );
    size.fill(length, start, end);
    text.fill(ids[i], start, end);
  }
  const order = orderRunsByPrefixAndSize(byToken, sorted, prefix, size);
  insertPostings({ token, prefix, size, text, order }, h.s);
}

/** Which shingles are prefixes by the counts of the whole load, one flag per posting in text order. */
function prefixFlags(
  h: SqliteHandle,
  counts: TokenCounts,
  texts: Iterable<LoadText>,
  total: number,
): Uint8Array {
  const flags = new Uint8Array(total);
  const floor = h.settings.lowestThreshold;
  let at = 0;
  for (const { set } of texts) {
    markPrefix(set, (s) => counts.get(s), prefixLength(set.length, floor), flags, at);
    at += set.length;
  }
  return flags;
}

/**
 * The posting rows (in text order) whose unsigned shingle is in [lo, hi), with their prefix
 * `flags`; `expected` rows are allocated at first (more as needed).
 */
function postingsIn(
  texts: Iterable<LoadText>,
  flags: Uint8Array,
  lo: number,
  hi: number,
  expected: number,
): PostingColumns {
  const length = expected + 1024;
  const rows: PostingColumns = {
    token: new Int32Array(length),
    prefix: new Uint8Array(length),
    size: new Uint32Array(length),
    text: new Float64Array(length),
  };
  let r = 0;
  let f = 0;
  for (const { id, set } of texts) {
    for (let k = 0; k < set.length; k++, f++) {
      const u = (set[k] ^ 0x80000000) >>> 0;
      if (u < lo || u >= hi) continue;
      if (r === rows.token.length) {
        rows.token = grow(rows.token);
        rows.prefix = grow(rows.prefix);
        rows.size = grow(rows.size);
        rows.text = grow(rows.text);
      }
      rows.token[r] = set[k] | 0;
      rows.prefix[r] = flags[f];
      rows.size[r] = set.length;
      rows.text[r] = id;
      r++;
    }
  }
  return {
    token: rows.token.subarray(0, r),
    prefix: rows.prefix.subarray(0, r),
    size: rows.size.subarray(0, r),
    text: rows.text.subarray(0, r),
  };
}
