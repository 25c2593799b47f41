/**
 * Which text each paragraph of a PostgreSQL add names: a stored text with the same key and the
 * same shingle set (shared, its reference count raised), or a new one, one per distinct word
 * set among the paragraphs that share none. The batch writer (postgres-writer.ts) uses both;
 * a new index's bulk load (postgres-bulk.ts) finds the texts it wrote by key in memory
 * ({@link KeyIds}) and matches those it reads back by id.
 */

import type { IndexableParagraph } from '../engine/paragraph-index.js';
import { fromBlob, sameSet } from './stored-texts.js';

/** The stored text a paragraph shares (its id and body), or null: a new one. */
export type SharedText = { id: number; body: string } | null;

/** A stored text as an add reads it (`key`: the fingerprint of its words). */
export interface TextRow {
  id: number;
  key: number;
  shingles: Buffer;
  body: string;
}

/** Each paragraph's text among `rows` (same key, same shingle set) or null, and uses per text. */
export function matchTexts(
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
export function freshTexts(
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

  /** Adds `id` under `key` (ids already under it are kept). */
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
