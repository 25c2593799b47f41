import fs from 'node:fs';
import { expect, test } from '@jest/globals';
import { detect } from '../../src/engine-api.js';
import { SEED } from '../helpers/paths.js';
import { describeNeeding } from '../helpers/requirements.js';

describeNeeding(['seeds'], 'the defining example (shared/seeds)', () => {
  const text = fs.readFileSync(SEED, 'utf8');
  const report = detect([{ path: 'seed.txt', text }], { pairs: true });

  test('lines 5 and 11 form one group and lines 6 and 12 another, both at similarity 1', () => {
    const groups = report.clusters.map((c) => c.occurrences.map((o) => [o.line, o.similarity]));
    expect(groups).toEqual(
      expect.arrayContaining([
        [
          [5, 1],
          [11, 1],
        ],
        [
          [6, 1],
          [12, 1],
        ],
      ]),
    );
    expect(report.clusters).toHaveLength(2);
  });

  test('line 12 differs from line 6 only by a curly apostrophe, and still has similarity 1', () => {
    const lines = text.split('\n');
    expect(lines[11]).not.toEqual(lines[5]);
    expect(lines[11].replace(/\u2019/g, "'")).toEqual(lines[5]);
  });

  test('lines 1 and 10 are partial reuse, not duplicates, with the shared passage', () => {
    expect(report.partials).toHaveLength(1);
    const [partial] = report.partials;
    expect([partial.a.line, partial.b.line]).toEqual([1, 10]);
    expect(partial.jaccard).toBeLessThan(report.settings.threshold);
    expect(Math.max(partial.containmentAB, partial.containmentBA)).toBeGreaterThanOrEqual(
      report.settings.containment,
    );
    // The longest shared run also takes in "Moscow", which both ledes have before "supports".
    expect(partial.passage).toContain(
      'supports confidence building initiatives in Northeast Asia to create conditions for the resumption of',
    );
  });

  test('nothing else is reported as a duplicate', () => {
    expect(report.pairs!.map((p) => [p.a.line, p.b.line])).toEqual([
      [5, 11],
      [6, 12],
    ]);
    expect(report.summary.duplicateParagraphs).toBe(4);
  });
});
