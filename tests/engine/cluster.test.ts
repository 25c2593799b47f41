import { describe, expect, test } from '@jest/globals';
import { clusterDuplicates, detect } from '../../src/engine-api.js';
import { randomDocuments } from '../helpers/random.js';

describe('clustering', () => {
  test('a chain A~B~C~D does not put A and D together with a representative they miss', () => {
    // Edges only between neighbours in the chain.
    const groups = clusterDuplicates({
      count: 4,
      multiplicity: [1, 1, 1, 1],
      edgeA: [0, 1, 2],
      edgeB: [1, 2, 3],
      edgeSimilarity: [0.8, 0.8, 0.8],
    });
    for (const g of groups) expect(g.similarity.every((s) => s >= 0.8)).toBe(true);
    expect(groups.some((g) => g.members.includes(0) && g.members.includes(3))).toBe(false);
  });

  test('exact copies form a group by themselves', () => {
    const groups = clusterDuplicates({
      count: 2,
      multiplicity: [3, 1],
      edgeA: [],
      edgeB: [],
      edgeSimilarity: [],
    });
    expect(groups).toEqual([{ representative: 0, members: [0], similarity: [1] }]);
  });

  test('on a random corpus, no member of any group falls below the threshold against its representative', () => {
    for (const t of [0.5, 0.7]) {
      const report = detect(randomDocuments(8, 200), { threshold: t });
      expect(report.clusters.length).toBeGreaterThan(5);
      for (const c of report.clusters) {
        for (const o of c.occurrences) expect(o.similarity).toBeGreaterThanOrEqual(t);
        expect(
          c.occurrences.some(
            (o) => o.path === c.representative.path && o.line === c.representative.line,
          ),
        ).toBe(true);
        expect(c.size).toBe(c.occurrences.length);
        expect(c.size).toBeGreaterThanOrEqual(2);
      }
      // Each paragraph is in at most one group.
      const seen = new Set<string>();
      for (const c of report.clusters)
        for (const o of c.occurrences) {
          const key = `${o.path}:${o.line}`;
          expect(seen.has(key)).toBe(false);
          seen.add(key);
        }
    }
  });
});
