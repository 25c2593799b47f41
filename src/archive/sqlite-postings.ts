/**
 * The posting rows of a SQLite index as they are written: in columns, inserted in key order
 * {@link ROWS_PER_INSERT} a statement; and the postings of a new index's whole load, written in
 * one go at its end (`deferPostings`).
 */

import fs from 'node:fs';
import { prefixLength } from '../engine/paragraph-index.js';
import { IndexFileError } from './index-errors.js';
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
  sortByKey,
  sortPostingRows,
  type SortPayload,
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
 * `memoryRows`: the most shingles a new index's load holds in memory ({@link LoadedTexts}) and
 * sorts at a time when its postings are written ({@link ROWS_PER_PASS}). Both are smaller in
 * tests, to reach the paths of a large load with a few stories.
 */
export const loadLimits = {
  memoryRows: ROWS_PER_PASS,
  /** Values (uint32) read from a spill file at a time (more for a text that needs more). */
  spillChunk: 1 << 22,
};

/**
 * The shingle sets of the texts a new index's load wrote, in id order, so that the end of the
 * load does not read them back from the index file: held in memory (packed in one array) up to
 * {@link loadLimits}' `memoryRows` shingles; past that, written out to a spill file (records of
 * id, size, shingles as uint32) whenever memory is full (`spilled`); given up (`kept` false:
 * {@link drop}) when a text is removed during the load (the texts held would name it), or past
 * the memory limit when there is no spill file.
 */
export class LoadedTexts {
  private ids: number[] = [];
  private starts: number[] = [0];
  private data = new Uint32Array(1 << 16);
  private spillFd: number | null = null;
  private spilledRows = 0;
  private spilledTexts = 0;
  /** Whether every text written so far is held. */
  kept = true;
  /** Whether some are in the spill file (then the writer counts shingles as they come). */
  spilled = false;

  /** `spillPath`: where to write texts past the memory limit (removed by {@link drop}). */
  constructor(private readonly spillPath: string | null = null) {}

  /** Whether a set of `size` more shingles fits in memory beside those held there. */
  fits(size: number): boolean {
    return this.memoryRows() + size <= loadLimits.memoryRows;
  }

  /**
   * Holds a new text (ids ascending): in memory while it {@link fits}, else (once {@link spill}
   * was called) after writing the texts in memory to the spill file; false when it cannot be
   * held (given up, or memory full and not spilling).
   */
  add(id: number, set: Uint32Array): boolean {
    if (!this.kept) return false;
    if (!this.fits(set.length)) {
      if (!this.spilled) return false;
      this.flush();
      if (!this.fits(set.length)) {
        this.write(Uint32Array.of(id, set.length), set);
        this.spilledRows += set.length;
        this.spilledTexts++;
        return true;
      }
    }
    const at = this.memoryRows();
    const end = at + set.length;
    if (end > this.data.length) {
      const bigger = new Uint32Array(
        Math.min(Math.max(2 * this.data.length, end), loadLimits.memoryRows),
      );
      bigger.set(this.data.subarray(0, at));
      this.data = bigger;
    }
    this.data.set(set, at);
    this.ids.push(id);
    this.starts.push(end);
    return true;
  }

  /**
   * From here on, texts past the memory limit go to the spill file (the writer has counted those
   * held); without a spill file, the texts are given up ({@link drop}). Returns `spilled`.
   */
  spill(): boolean {
    if (!this.kept) return false;
    if (this.spillPath === null) {
      this.drop();
      return false;
    }
    this.spilled = true;
    return true;
  }

  /** Writes the texts in memory to the spill file, which holds them from then on. */
  private flush(): void {
    if (this.ids.length === 0) return;
    // One write of all the records (two values before each set), not two per text.
    const records = new Uint32Array(2 * this.ids.length + this.memoryRows());
    let at = 0;
    for (let i = 0; i < this.ids.length; i++) {
      const set = this.data.subarray(this.starts[i], this.starts[i + 1]);
      records[at] = this.ids[i];
      records[at + 1] = set.length;
      records.set(set, at + 2);
      at += 2 + set.length;
    }
    this.write(records);
    this.spilledRows += this.memoryRows();
    this.spilledTexts += this.ids.length;
    this.ids = [];
    this.starts = [0];
  }

  /** Appends uint32 values to the spill file (opened on first use); a full disk is the index error. */
  private write(...parts: Uint32Array[]): void {
    try {
      if (this.spillFd === null) this.spillFd = fs.openSync(this.spillPath!, 'w');
      for (const part of parts)
        fs.writeSync(this.spillFd, new Uint8Array(part.buffer, part.byteOffset, part.byteLength));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      if (code === 'ENOSPC' || code === 'EDQUOT')
        throw new IndexFileError(`disk full: cannot write ${this.spillPath}`, 'INDEX_DISK_FULL');
      throw new IndexFileError(`cannot write ${this.spillPath} (${code})`, 'INDEX_IO');
    }
  }

  /** Stops holding texts (the end of the load reads them from the index file); removes the spill file. */
  drop(): void {
    this.kept = false;
    this.spilled = false;
    this.ids = [];
    this.starts = [0];
    this.data = new Uint32Array(0);
    this.spilledRows = 0;
    this.spilledTexts = 0;
    if (this.spillFd !== null) {
      fs.closeSync(this.spillFd);
      this.spillFd = null;
    }
    if (this.spillPath !== null) fs.rmSync(this.spillPath, { force: true });
  }

  private memoryRows(): number {
    return this.starts[this.starts.length - 1];
  }

  /** The shingles held, in all (in memory and spilled). */
  get total(): number {
    return this.spilledRows + this.memoryRows();
  }

  /**
   * Every shingle held in memory, the texts one after the other in id order (a view), with each
   * text's id and where it starts (`starts[i]` to `starts[i + 1]`, 0-based); all of them while
   * not {@link spilled}.
   */
  packed(): { shingles: Uint32Array; ids: readonly number[]; starts: readonly number[] } {
    return {
      shingles: this.data.subarray(0, this.memoryRows()),
      ids: this.ids,
      starts: this.starts,
    };
  }

  /**
   * The texts in id order: those spilled (read back in chunks; each set a view valid until the
   * next text), then those in memory (views into the packed array).
   */
  *texts(): Iterable<LoadText> {
    if (this.spilledTexts > 0) yield* this.spilledSets();
    for (let i = 0; i < this.ids.length; i++)
      yield { id: this.ids[i], set: this.data.subarray(this.starts[i], this.starts[i + 1]) };
  }

  /** The spilled texts, read from the spill file in order. */
  private *spilledSets(): Iterable<LoadText> {
    const fd = fs.openSync(this.spillPath!, 'r');
    try {
      let chunk = new Uint32Array(loadLimits.spillChunk);
      let held = 0; // values in chunk not yet used, from 0
      let position = 0; // bytes of the file read
      let left = this.spilledTexts;
      while (left > 0) {
        const into = new Uint8Array(chunk.buffer, held * 4);
        const bytes = fs.readSync(fd, into, 0, into.length, position);
        position += bytes;
        held += bytes >>> 2;
        let at = 0;
        while (left > 0 && at + 2 <= held && at + 2 + chunk[at + 1] <= held) {
          const size = chunk[at + 1];
          yield { id: chunk[at], set: chunk.subarray(at + 2, at + 2 + size) };
          at += 2 + size;
          left--;
        }
        if (left === 0) break;
        if (at === 0 && bytes === 0)
          throw new IndexFileError(`${this.spillPath} ended early`, 'INDEX_IO');
        // A text larger than the chunk: a chunk that holds it.
        const need = at + 2 <= held ? 2 + chunk[at + 1] : 2;
        const rest = chunk.slice(at, held);
        if (need > chunk.length) chunk = new Uint32Array(need);
        chunk.set(rest, 0);
        held = rest.length;
      }
    } finally {
      fs.closeSync(fd);
    }
  }
}

/**
 * Ends the load of a new index built with `deferPostings` (see `buildSqliteIndex`): every
 * text's prefix is chosen by the exact counts of the whole load's shingles, then the postings
 * are sorted in memory and appended to the posting table in key order (a B-tree built by
 * appending), and the secondary indexes are made. When `loaded` holds every text in memory, they
 * are counted and written in one go ({@link writeHeldPostings}); else (spilled to a file, or
 * given up: read from the index file) one range of shingles at a time, at most
 * {@link loadLimits}' `memoryRows` rows: once to count, once to write ({@link writePostingPasses}).
 */
export function writeLoadPostings(h: SqliteHandle, loaded: LoadedTexts | null): void {
  const db = h.db;
  db.transaction(() => {
    if (loaded?.kept && !loaded.spilled) writeHeldPostings(h, loaded);
    else if (loaded?.kept) writePostingPasses(h, () => loaded.texts(), loaded.total);
    else {
      const read = db.prepare('SELECT id, size, shingles FROM text ORDER BY id');
      const texts = function* (): Iterable<LoadText> {
        for (const row of read.iterate() as Iterable<TextRow & { id: number }>)
          yield { id: row.id, set: storedSet(h.file, row.id, row.size, row.shingles) };
      };
      const total = db.prepare('SELECT coalesce(sum(size), 0) FROM text').pluck().get() as number;
      writePostingPasses(h, texts, total);
    }
    for (const sql of [TEXT_KEY_INDEX_SQL, ...DEFERRED_INDEX_SQL]) db.exec(sql);
  })();
}

/** Counts above this are stored alike by {@link writePostingPasses} (2^16 − 1). */
const PASS_COUNT_CAP = 65535;

/**
 * The postings of `texts` (`total` shingles; read again for each step) in passes of one range
 * of shingles each: each range's shingles sorted and counted by run (capped at
 * {@link PASS_COUNT_CAP}: the order of very frequent shingles does not matter), the texts'
 * prefixes chosen by those counts, then each range's rows sorted in key order and inserted.
 */
function writePostingPasses(h: SqliteHandle, texts: () => Iterable<LoadText>, total: number): void {
  const passes = Math.max(1, Math.ceil(total / loadLimits.memoryRows));
  const expected = Math.ceil((total / passes) * 1.25);
  const range = (pass: number) => [
    Math.floor((pass * 2 ** 32) / passes),
    Math.floor(((pass + 1) * 2 ** 32) / passes),
  ];
  // Each posting's count, in text order.
  const counts = new Uint16Array(total);
  for (let pass = 0; pass < passes; pass++) {
    const [lo, hi] = range(pass);
    const { key, at } = tokensIn(texts(), lo, hi, expected, total);
    sortByKey(key, at);
    countsByRun(key, at, counts, PASS_COUNT_CAP);
  }
  const flags = new Uint8Array(total);
  const floor = h.settings.lowestThreshold;
  let at = 0;
  for (const { set } of texts()) {
    const start = at;
    markPrefix(set, (_, k) => counts[start + k], prefixLength(set.length, floor), flags, start);
    at += set.length;
  }
  for (let pass = 0; pass < passes; pass++) {
    const [lo, hi] = range(pass);
    const part = postingsIn(texts(), flags, lo, hi, expected);
    insertPostings({ ...part, order: sortPostingRows(part.token, part.prefix, part.size) }, h.s);
  }
}

/** Positions of shingles in text order: uint32, or float64 past 2^32 shingles. */
type Positions = SortPayload;

/**
 * The shingles of `texts` (`total` in all) whose unsigned value is in [lo, hi), as unsigned keys
 * in text order, with the position of each (0-based, in text order among all shingles);
 * `expected` rows allocated at first.
 */
function tokensIn(
  texts: Iterable<LoadText>,
  lo: number,
  hi: number,
  expected: number,
  total: number,
): { key: Uint32Array; at: Positions } {
  let key = new Uint32Array(expected + 1024);
  let at: Positions = total < 2 ** 32 ? new Uint32Array(key.length) : new Float64Array(key.length);
  let r = 0;
  let f = 0;
  for (const { set } of texts) {
    for (let k = 0; k < set.length; k++, f++) {
      const u = (set[k] ^ 0x80000000) >>> 0;
      if (u < lo || u >= hi) continue;
      if (r === key.length) {
        key = grow(key);
        at = grow(at);
      }
      key[r] = u;
      at[r] = f;
      r++;
    }
  }
  return { key: key.subarray(0, r), at: at.subarray(0, r) };
}

/**
 * The postings of every text `loaded` holds, inserted in key order: the shingles sorted once
 * ({@link sortByKey}), which counts each exactly (the length of its run) for the texts'
 * prefixes, then each run ordered by prefix and size.
 */
function writeHeldPostings(h: SqliteHandle, loaded: LoadedTexts): void {
  const { shingles, ids, starts } = loaded.packed();
  const n = shingles.length;
  const token = new Int32Array(shingles.buffer, shingles.byteOffset, n);
  // Sorted keys and the rows in that order at once (sortByToken would drop the keys).
  const keys = new Uint32Array(n);
  const rows = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    keys[i] = (token[i] ^ 0x80000000) >>> 0;
    rows[i] = i;
  }
  const { key: sorted, payload: byToken } = sortByKey(keys, rows);
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
