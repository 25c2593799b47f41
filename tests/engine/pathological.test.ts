/**
 * Inputs that blow up naive implementations finish and give the right groups (scaled down from
 * the benchmark's 100,000 copies and 5 MB, which `npm run bench` runs at full size).
 */
import { describe, expect, test } from '@jest/globals';
import { detect, longestSharedRun } from '../../src/engine-api.js';
import { longestSharedRunLong, SharedRunFinder } from '../../src/engine/passage.js';
import { mulberry32 } from '../helpers/random.js';

describe('pathological inputs', () => {
  test('one paragraph repeated 10,000 times is one group of 10,000', () => {
    const footer = 'This story was produced by the newsroom staff and may not be reproduced.';
    const documents = Array.from({ length: 100 }, (_, i) => ({
      path: `s${String(i).padStart(3, '0')}.txt`,
      text:
        Array(100).fill(footer).join('\n\n') + `\n\nOnly here: ${i} ${i * 7} ${i * 13} ${i * 31}.`,
    }));
    const report = detect(documents);
    expect(report.clusters).toHaveLength(1);
    expect(report.clusters[0].size).toBe(10000);
    expect(report.clusters[0].documents).toBe(100);
    expect(report.summary.duplicateParagraphs).toBe(10000);
    expect(report.documents[0].boilerplateShare).toBeGreaterThan(0.9);
  });

  test('a 300 kB paragraph and its first half: one partial reuse with the whole half as passage', () => {
    const rnd = mulberry32(5);
    const words: string[] = [];
    let bytes = 0;
    while (bytes < 300 * 1024) {
      const w = `w${Math.floor(20000 * rnd() * rnd())}`;
      words.push(w);
      bytes += w.length + 1;
    }
    const half = words.slice(0, words.length >> 1);
    const report = detect([
      { path: 'big.txt', text: words.join(' ') },
      { path: 'half.txt', text: half.join(' ') },
      { path: 'copy.txt', text: words.join(' ') },
    ]);
    expect(report.clusters).toHaveLength(1);
    expect(report.clusters[0].occurrences.map((o) => o.path)).toEqual(['big.txt', 'copy.txt']);
    expect(report.partials).toHaveLength(1);
    expect(report.partials[0].a.path).toBe('big.txt');
    expect(report.partials[0].b.path).toBe('half.txt');
    expect(report.partials[0].passageWords).toBe(half.length);
    expect(report.partials[0].containmentBA).toBe(1);
  });

  test('passage search (chained anchors, one A against many B, long-input) agrees with brute force, ties included', () => {
    const brute = (a: Uint32Array, b: Uint32Array) => {
      let best = { startA: 0, startB: 0, length: 0 };
      for (let i = 0; i < a.length; i++) {
        for (let j = 0; j < b.length; j++) {
          let len = 0;
          while (i + len < a.length && j + len < b.length && a[i + len] === b[j + len]) len++;
          if (len > best.length) best = { startA: i, startB: j, length: len };
        }
      }
      return best;
    };
    const rnd = mulberry32(9);
    for (let t = 0; t < 600; t++) {
      const v = 1 + Math.floor(rnd() * 6);
      const n = t % 3 === 0 ? 400 : 60; // up to 400 words
      const seq = () =>
        Uint32Array.from({ length: Math.floor(rnd() * n) }, () => Math.floor(rnd() * v));
      const a = seq();
      const finder = new SharedRunFinder(a);
      // One A against several B's, as the report's passages use it.
      for (let k = 0; k < 3; k++) {
        const b = seq();
        const want = brute(a, b);
        for (const got of [longestSharedRun(a, b), longestSharedRunLong(a, b), finder.with(b)]) {
          expect(got.length).toBe(want.length);
          if (want.length > 0) expect([got.startA, got.startB]).toEqual([want.startA, want.startB]);
        }
      }
    }
    // Over 2,000 words a side, the finder gives what longestSharedRun gives.
    const long = Uint32Array.from({ length: 2500 }, (_, i) => i % 7);
    const short = Uint32Array.from([3, 4, 5, 6, 0, 1]);
    for (const [a, b] of [
      [long, short],
      [short, long],
    ])
      expect(new SharedRunFinder(a).with(b)).toEqual(longestSharedRun(a, b));
  });
});
