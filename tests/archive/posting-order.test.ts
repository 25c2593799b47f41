import { describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LoadedTexts, loadLimits, ROWS_PER_PASS } from '../../src/archive/sqlite-postings.js';
import {
  countsByRun,
  orderRunsByPrefixAndSize,
  sortByToken,
  sortPostingRows,
} from '../../src/archive/token-counts.js';

/** A small deterministic generator (xorshift32). */
function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

/** Rows sorted by (token signed, prefix, size, row index): the posting table's key order. */
function byComparison(token: Int32Array, prefix: Uint8Array, size: Uint32Array): number[] {
  return [...token.keys()].sort(
    (a, b) => token[a] - token[b] || prefix[a] - prefix[b] || size[a] - size[b] || a - b,
  );
}

describe('sortPostingRows', () => {
  for (const [label, large] of [
    ['sizes below 2^15 (three passes)', false],
    ['sizes of 2^15 or more (five passes)', true],
  ] as const) {
    it(`orders rows like a comparison sort: ${label}`, () => {
      const r = random(label.length);
      const n = 5000;
      const token = new Int32Array(n);
      const prefix = new Uint8Array(n);
      const size = new Uint32Array(n);
      for (let i = 0; i < n; i++) {
        // Few distinct tokens and sizes, so that ties on every key occur.
        token[i] = (r() % 64) * 0x01000193 - 0x40000000;
        prefix[i] = r() & 1;
        size[i] = i % 7 === 0 ? 0x7fff : 1 + (r() % 50);
        if (large && i % 5 === 0) size[i] = 0x8000 + (r() % 3) * 0x10000;
      }
      expect([...sortPostingRows(token, prefix, size)]).toEqual(byComparison(token, prefix, size));
    });
  }
});

describe('sortByToken, countsByRun and orderRunsByPrefixAndSize', () => {
  for (const [label, distinct, large] of [
    ['short runs (insertion)', 4000, false],
    ['long runs (a sort of keys)', 3, false],
    ['sizes of 2^31 or more (a comparison sort)', 3, true],
  ] as const) {
    it(`count each shingle exactly and order rows like a comparison sort: ${label}`, () => {
      const r = random(label.length + distinct);
      const n = 5000;
      const token = new Int32Array(n);
      const prefix = new Uint8Array(n);
      const size = new Uint32Array(n);
      for (let i = 0; i < n; i++) {
        token[i] = (r() % distinct) * 0x01000193 - 0x40000000;
        prefix[i] = r() & 1;
        size[i] = 1 + (r() % 9);
        if (large && i % 11 === 0) size[i] = 0x80000000 + (r() % 3);
      }
      const byToken = sortByToken(token);
      const sorted = Int32Array.from(byToken, (i) => token[i]);
      const counts = countsByRun(sorted, byToken);
      const truth = new Map<number, number>();
      for (const t of token) truth.set(t, (truth.get(t) ?? 0) + 1);
      expect([...counts]).toEqual([...token].map((t) => truth.get(t)));
      expect([...orderRunsByPrefixAndSize(byToken, sorted, prefix, size)]).toEqual(
        byComparison(token, prefix, size),
      );
    });
  }
});

describe('LoadedTexts', () => {
  it('holds sets in id order as views of one array, and gives up past its limit', () => {
    const loaded = new LoadedTexts();
    expect(loaded.add(1, Uint32Array.of(3, 5, 9))).toBe(true);
    expect(loaded.add(2, Uint32Array.of(4))).toBe(true);
    expect(loaded.total).toBe(4);
    expect([...loaded.texts()].map((t) => [t.id, [...t.set]])).toEqual([
      [1, [3, 5, 9]],
      [2, [4]],
    ]);
    expect(loaded.packed()).toEqual({
      shingles: Uint32Array.of(3, 5, 9, 4),
      ids: [1, 2],
      starts: [0, 3, 4],
    });
    // Past the limit: refused, the texts held kept (the writer counts them, then spills or drops).
    expect(loaded.fits(ROWS_PER_PASS)).toBe(false);
    expect(loaded.add(3, new Uint32Array(ROWS_PER_PASS))).toBe(false);
    expect(loaded.kept).toBe(true);
    expect(loaded.total).toBe(4);
    // No spill file: spilling gives the texts up.
    expect(loaded.spill()).toBe(false);
    expect(loaded.kept).toBe(false);
    expect([...loaded.texts()]).toEqual([]);
    expect(loaded.add(4, Uint32Array.of(1))).toBe(false);
    expect(loaded.kept).toBe(false);
  });

  it('past its memory limit, writes texts to its spill file and reads them all back in order', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-spill-'));
    const saved = { ...loadLimits };
    // Reads of 8 values: texts cross chunks, and one needs a larger chunk.
    Object.assign(loadLimits, { memoryRows: 10, spillChunk: 8 });
    try {
      const file = path.join(dir, 'x-load');
      const loaded = new LoadedTexts(file);
      const r = random(7);
      const sets = Array.from({ length: 40 }, (_, i) =>
        // Sizes 0-6, and one text larger than the memory limit.
        Uint32Array.from({ length: i === 17 ? 25 : r() % 7 }, () => r()),
      );
      let spilledAt = -1;
      sets.forEach((set, i) => {
        if (!loaded.spilled && !loaded.fits(set.length)) {
          spilledAt = i;
          expect(loaded.spill()).toBe(true);
        }
        expect(loaded.add(i + 1, set)).toBe(true);
      });
      expect(spilledAt).toBeGreaterThan(0);
      expect(loaded.kept && loaded.spilled).toBe(true);
      expect(fs.existsSync(file)).toBe(true);
      expect(loaded.total).toBe(sets.reduce((n, s) => n + s.length, 0));
      // Twice: each reading starts from the file's beginning.
      for (let round = 0; round < 2; round++) {
        // Copied as read: a spilled set is a view valid until the next text.
        const read: [number, number[]][] = [];
        for (const t of loaded.texts()) read.push([t.id, [...t.set]]);
        expect(read).toEqual(sets.map((set, i) => [i + 1, [...set]]));
      }
      loaded.drop();
      expect(fs.existsSync(file)).toBe(false);
    } finally {
      Object.assign(loadLimits, saved);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
