/**
 * Exactness: the prefix-filtered joins find exactly the pairs a brute-force comparison of every
 * pair finds, on random corpora and on samples of the shared newswire corpora.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { type Report } from '../../src/index.js';
import {
  containmentSelfJoin,
  detect,
  isDuplicate,
  isPartial,
  jaccardSelfJoin,
  rankByFrequency,
  rankShared,
  shingleSet,
} from '../../src/engine-api.js';
import { bruteForceDuplicatePairs, bruteForceSetPairs, paragraphsOf } from '../helpers/oracle.js';
import { CORPORA } from '../helpers/paths.js';
import { describeNeeding, type Requirement } from '../helpers/requirements.js';
import { mulberry32, randomDocuments, randomMultilingualDocuments } from '../helpers/random.js';

const THRESHOLDS = [0.5, 0.7, 0.9];

function reportedPairs(report: Report): Set<string> {
  return new Set(report.pairs!.map((p) => `${p.a.path}:${p.a.line}|${p.b.path}:${p.b.line}`));
}

function sample(folder: string, files: number, seed: number): { path: string; text: string }[] {
  const names = fs
    .readdirSync(path.join(CORPORA, folder))
    .filter((f) => f.endsWith('.txt'))
    .sort();
  const rnd = mulberry32(seed);
  const start = Math.floor(rnd() * (names.length - files));
  return names.slice(start, start + files).map((name) => ({
    path: `${folder}/${name}`,
    text: fs.readFileSync(path.join(CORPORA, folder, name), 'utf8'),
  }));
}

describe('duplicate pairs equal the brute-force oracle', () => {
  const corpora: [string, Requirement[], () => { path: string; text: string }[]][] = [
    ['random corpus A', [], () => randomDocuments(1, 150)],
    ['random corpus B (small vocabulary)', [], () => randomDocuments(2, 120, 25)],
    [
      'random multilingual corpus C (eight scripts, copies written differently)',
      [],
      () => randomMultilingualDocuments(3, 150),
    ],
    ['reuters21578 sample', ['corpora'], () => sample('reuters21578', 400, 7)],
    ['bbc sample', ['corpora'], () => sample('bbc', 120, 11)],
  ];
  for (const [name, needs, make] of corpora) {
    describeNeeding(needs, name, () => {
      const documents = make();
      const paragraphs = paragraphsOf(documents);
      for (const t of THRESHOLDS) {
        test(`${paragraphs.length} paragraphs, threshold ${t}`, () => {
          const expected = bruteForceDuplicatePairs(paragraphs, t);
          const found = reportedPairs(detect(documents, { threshold: t, pairs: true }));
          expect([...found].sort()).toEqual([...expected].sort());
          expect(expected.size).toBeGreaterThan(name.startsWith('random') ? 20 : 0);
        });
      }
    });
  }
});

describe.each([
  ['', false],
  [', each with 0-3 shingles of its own (singleton ranks)', true],
])('the set joins equal the brute-force oracle on random sets%s', (_name, ownShingles) => {
  const rnd = mulberry32(99);
  const universe = 400;
  const bases = Array.from({ length: 40 }, () =>
    Array.from({ length: 3 + Math.floor(rnd() * 60) }, () => Math.floor(rnd() * rnd() * universe)),
  );
  const sets = Array.from({ length: 600 }, (_, s) => {
    const base = bases[Math.floor(rnd() * bases.length)];
    const out = base.filter(() => rnd() > 0.25 * rnd());
    for (let i = Math.floor(rnd() * 12); i > 0; i--) out.push(Math.floor(rnd() * universe));
    if (ownShingles) for (let k = Math.floor(rnd() * 4); k > 0; k--) out.push(universe + 4 * s + k);
    return Uint32Array.from(new Set(out.length ? out : [1])).sort();
  });
  const collection = rankByFrequency(sets);
  const keys = (p: { a: number[]; b: number[] }) => p.a.map((a, i) => `${a}|${p.b[i]}`).sort();

  for (const t of [0.3, 0.5, 0.7, 0.8, 0.9, 1]) {
    test(`jaccardSelfJoin at ${t}`, () => {
      const expected = bruteForceSetPairs(sets, (i, a, b) => isDuplicate(i, a, b, t));
      expect(keys(jaccardSelfJoin(collection, t))).toEqual([...expected].sort());
      // Sets with shingles of their own are never equal: no pairs at the highest thresholds.
      if (!ownShingles || t < 0.9) expect(expected.size).toBeGreaterThan(0);
    });
  }
  test('ranks below `singletons` are in one set each, the others in two or more', () => {
    const sets = new Map<number, number>();
    for (const r of collection.tokens) sets.set(r, (sets.get(r) ?? 0) + 1);
    const s = collection.singletons!;
    if (ownShingles) expect(s).toBeGreaterThan(500);
    for (const [rank, n] of sets) expect(n === 1).toBe(rank < s);
  });
  /** The sets as one hash collection (a fresh copy: rankShared overwrites its input). */
  const hashCollection = () => {
    const offsets = new Uint32Array(sets.length + 1);
    sets.forEach((s, i) => (offsets[i + 1] = offsets[i] + s.length));
    const tokens = new Uint32Array(offsets[sets.length]);
    sets.forEach((s, i) => tokens.set(s, offsets[i]));
    return { count: sets.length, offsets, tokens };
  };
  test('rankShared keeps the shared ranks of rankByFrequency, shifted, and the full sizes', () => {
    const shared = rankShared(hashCollection());
    const s = collection.singletons!;
    let dropped = 0;
    for (let i = 0; i < sets.length; i++) {
      const whole = Array.from(
        collection.tokens.subarray(collection.offsets[i], collection.offsets[i + 1]),
      );
      const kept = whole.filter((r) => r >= s).map((r) => r - s);
      dropped += whole.length - kept.length;
      expect(Array.from(shared.tokens.subarray(shared.offsets[i], shared.offsets[i + 1]))).toEqual(
        kept,
      );
      expect(shared.sizes![i]).toBe(sets[i].length);
    }
    if (ownShingles) expect(dropped).toBeGreaterThan(500);
  });
  for (const c of [0.4, 0.6, 0.8, 1]) {
    test(`containmentSelfJoin at ${c} over rankShared's collection (one-set shingles left out)`, () => {
      const expected = bruteForceSetPairs(sets, (i, a, b) => isPartial(i, a, b, c));
      expect(keys(containmentSelfJoin(rankShared(hashCollection()), c))).toEqual(
        [...expected].sort(),
      );
      expect(expected.size).toBeGreaterThan(0);
    });
    test(`containmentSelfJoin at ${c}, with and without skipping singleton ranks`, () => {
      const whole = { ...collection, singletons: undefined };
      expect(keys(containmentSelfJoin(whole, c))).toEqual(keys(containmentSelfJoin(collection, c)));
      const expected = bruteForceSetPairs(sets, (i, a, b) => isPartial(i, a, b, c));
      expect(keys(containmentSelfJoin(collection, c))).toEqual([...expected].sort());
      expect(expected.size).toBeGreaterThan(0);
    });
  }
});

describe('rankShared at every bucket count', () => {
  // From one bucket sorted by insertion to many buckets radix-sorted: the same ranks as
  // rankCollection's shared ones, shifted, whatever the input size.
  for (const total of [12, 300, 20_000, 600_000]) {
    test(`${total.toLocaleString('en-US')} shingles`, () => {
      const rnd = mulberry32(total);
      const pool = Math.max(4, Math.floor(total / 3));
      const sets: Uint32Array[] = [];
      for (let n = 0; n < total;) {
        const size = Math.min(total - n, pool, 1 + Math.floor(rnd() * 40));
        // Hashes spread over all 32 bits, most of them met again in other sets.
        const s = new Set<number>();
        while (s.size < size) s.add((Math.floor(rnd() * pool) * 2654435761) >>> 0);
        sets.push(Uint32Array.from(s));
        n += size;
      }
      const offsets = new Uint32Array(sets.length + 1);
      sets.forEach((x, i) => (offsets[i + 1] = offsets[i] + x.length));
      const tokens = new Uint32Array(offsets[sets.length]);
      sets.forEach((x, i) => tokens.set(x, offsets[i]));
      const whole = rankByFrequency(sets.map((x) => x.slice().sort()));
      const shared = rankShared({ count: sets.length, offsets, tokens });
      const base = whole.singletons!;
      let kept = 0;
      let wrong = 0;
      for (let i = 0; i < sets.length; i++) {
        const want = whole.tokens.subarray(whole.offsets[i], whole.offsets[i + 1]);
        const got = shared.tokens.subarray(shared.offsets[i], shared.offsets[i + 1]);
        let k = 0;
        for (const r of want) if (r >= base && got[k++] !== r - base) wrong++;
        if (k !== got.length) wrong++;
        kept += k;
      }
      expect(wrong).toBe(0);
      if (total > 100) expect(kept).toBeGreaterThan(total / 10);
    });
  }
});

/** Every node pair of `documents` with containment ≥ c and Jaccard < t is reported once. */
function partialsEqualTheOracle(documents: { path: string; text: string }[]): void {
  const report = detect(documents, { containment: 0.6 });
  // Oracle over distinct normalized paragraphs (token sequences: two texts with the same
  // shingle set, `x y z x y` and `x y z x y z`, are two), keyed by their first occurrence.
  const first = new Map<string, { key: string; shingles: Uint32Array }>();
  for (const p of paragraphsOf(documents)) {
    if (!first.has(p.sequence)) first.set(p.sequence, p);
  }
  const distinct = [...first.values()];
  const expected = new Set<string>();
  for (let i = 0; i < distinct.length; i++) {
    for (let j = i + 1; j < distinct.length; j++) {
      const a = distinct[i].shingles;
      const b = distinct[j].shingles;
      let inter = 0;
      const set = new Set(a);
      for (const x of b) if (set.has(x)) inter++;
      if (
        isPartial(inter, a.length, b.length, 0.6) &&
        !isDuplicate(inter, a.length, b.length, 0.7)
      ) {
        expected.add([distinct[i].key, distinct[j].key].sort().join('|'));
      }
    }
  }
  const found = new Set(
    report.partials.map((p) =>
      [`${p.a.path}:${p.a.line}`, `${p.b.path}:${p.b.line}`].sort().join('|'),
    ),
  );
  // Partials between members of one duplicate group are left out of the report by design.
  const grouped = new Map<string, string>();
  report.clusters.forEach((c) =>
    c.occurrences.forEach((o) => grouped.set(`${o.path}:${o.line}`, c.id)),
  );
  const expectedVisible = [...expected].filter((k) => {
    const [a, b] = k.split('|');
    return !(grouped.has(a) && grouped.get(a) === grouped.get(b));
  });
  expect([...found].sort()).toEqual(expectedVisible.sort());
  expect(expected.size).toBeGreaterThan(0);
}

describeNeeding(['corpora'], 'partial reuse equals the oracle on a newswire sample', () => {
  test('every node pair with containment ≥ c and Jaccard < t is reported once', () => {
    partialsEqualTheOracle(sample('reuters21578', 300, 3));
  });
});

describe('partial reuse equals the oracle on a random multilingual corpus', () => {
  test('every node pair with containment ≥ c and Jaccard < t is reported once', () => {
    partialsEqualTheOracle(randomMultilingualDocuments(4, 200));
  });
});

test('shingleSet of fewer words than k is one shingle', () => {
  expect(shingleSet(Uint32Array.from([1, 2]), 3)).toHaveLength(1);
  expect(shingleSet(Uint32Array.from([1, 2, 3, 4]), 3)).toHaveLength(2);
});
