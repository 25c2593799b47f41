/**
 * The posting rows of a SQLite index as they are written: in columns, inserted in key order
 * {@link ROWS_PER_INSERT} a statement; and the postings of a new index's whole load, written in
 * one go at its end (`deferPostings`).
 */

import { prefixLength } from '../engine/paragraph-index.js';
import { DEFERRED_INDEX_SQL } from './sqlite-schema.js';
import {
  ROWS_PER_INSERT,
  storedSet,
  type SqliteHandle,
  type Statements,
  type TextRow,
} from './sqlite-statements.js';
import { markPrefix, sortPostingRows, type TokenCounts } from './token-counts.js';

/** Posting rows sorted in memory at a time when a new index's postings are written. */
const ROWS_PER_PASS = 32_000_000;

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

/**
 * Ends the load of a new index built with `deferPostings` (see `buildSqliteIndex`): every
 * text's prefix is chosen by the counts of the whole load, then the postings are sorted in
 * memory and appended to the posting table in key order (a B-tree built by appending), one
 * range of shingles at a time (at most `ROWS_PER_PASS` rows), and the secondary indexes
 * are made.
 */
export function writeLoadPostings(h: SqliteHandle, counts: TokenCounts): void {
  const db = h.db;
  const total = db.prepare('SELECT coalesce(sum(size), 0) FROM text').pluck().get() as number;
  const read = db.prepare('SELECT id, size, shingles FROM text ORDER BY id');
  const texts = () => read.iterate() as Iterable<TextRow & { id: number }>;
  const flags = prefixFlags(h, counts, texts(), total);
  const passes = Math.max(1, Math.ceil(total / ROWS_PER_PASS));
  db.transaction(() => {
    for (let pass = 0; pass < passes; pass++) {
      // Unsigned shingles (token ^ 2^31) in [lo, hi): token order across passes.
      const lo = Math.floor((pass * 2 ** 32) / passes);
      const hi = Math.floor(((pass + 1) * 2 ** 32) / passes);
      const part = postingsIn(h, texts(), flags, lo, hi, Math.ceil((total / passes) * 1.25));
      insertPostings({ ...part, order: sortPostingRows(part.token, part.prefix, part.size) }, h.s);
    }
    for (const sql of DEFERRED_INDEX_SQL) db.exec(sql);
  })();
}

/** Which shingles are prefixes by the counts of the whole load, one flag per posting in text order. */
function prefixFlags(
  h: SqliteHandle,
  counts: TokenCounts,
  texts: Iterable<TextRow & { id: number }>,
  total: number,
): Uint8Array {
  const flags = new Uint8Array(total);
  const floor = h.settings.lowestThreshold;
  let at = 0;
  for (const row of texts) {
    const set = storedSet(h.file, row.id, row.size, row.shingles);
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
  h: SqliteHandle,
  texts: Iterable<TextRow & { id: number }>,
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
  for (const row of texts) {
    const set = storedSet(h.file, row.id, row.size, row.shingles);
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
      rows.text[r] = row.id;
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
