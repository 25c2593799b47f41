/**
 * Shared passages of partial reuse on a worker thread: the report is byte-identical to the one
 * computed in the calling thread, and a failing worker falls back to the calling thread.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { formatReport, scan, type ScanTimings } from '../../src/index.js';
import { passagesOfPairs } from '../../src/engine/passage.js';
import { startPassageThread, type PassageJob } from '../../src/parallel/passage-thread.js';
import { randomDocuments } from '../helpers/random.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-passages-'));
for (const [i, d] of randomDocuments(5, 400, 300).entries()) {
  const sub = path.join(dir, `desk${i % 5}`);
  fs.mkdirSync(sub, { recursive: true });
  fs.writeFileSync(path.join(sub, d.path), d.text);
}
// Records of one JSON Lines file (several documents per file) and an HTML page (paragraphs
// found by a reader, not slices of the text) take part in partial reuse too.
// Each paragraph cut to its first 60% of words: a partial reuse of the full one.
const cut = (p: string) => {
  const words = p.split(' ');
  return words.slice(0, Math.ceil(words.length * 0.6)).join(' ');
};
const first = randomDocuments(5, 3, 300).map((d) => d.text.split('\n').filter(Boolean).map(cut));
fs.writeFileSync(
  path.join(dir, 'wire.jsonl'),
  first
    .slice(0, 2)
    .map((ps, i) => JSON.stringify({ id: `r${i}`, text: ps.join('\n\n') }))
    .join('\n') + '\n',
);
fs.writeFileSync(
  path.join(dir, 'page.html'),
  `<html><body><article>${first[2].map((p) => `<p>${p}</p>`).join('')}</article></body></html>`,
);

describe('passages on a worker thread', () => {
  test('the report is the same bytes as with passages computed in this thread', async () => {
    const timings: ScanTimings[] = [];
    const run = (jobs: number, passageThreadFrom?: number) =>
      scan(['.'], {
        cwd: dir,
        jobs,
        containment: 0.4,
        passageThreadFrom,
        onTimings: (t) => timings.push(t),
      });
    const here = await run(1);
    const there = await run(2, 1);
    const declined = await run(2, 1e9);
    expect(timings.map((t) => [t.threads, t.passageThread])).toEqual([
      [1, false],
      [2, true],
      [2, false],
    ]);
    expect(here.partials.length).toBeGreaterThan(100);
    const sides = here.partials.flatMap((p) => [p.a, p.b]);
    expect(sides.some((x) => x.record !== undefined)).toBe(true);
    expect(sides.some((x) => x.path === 'page.html')).toBe(true);
    expect(formatReport(there, 'json')).toBe(formatReport(here, 'json'));
    expect(formatReport(declined, 'json')).toBe(formatReport(here, 'json'));
  });

  test('a worker that fails gives way to the fallback, without hanging', () => {
    const texts = ['alpha beta gamma delta', 'beta gamma delta epsilon'];
    const fallback = () => passagesOfPairs([0], [1], 2, (q) => texts[q]);
    // Pair indexes past the job's paragraphs make passagesOfPairs throw inside the worker.
    const broken: PassageJob = {
      files: [],
      file: new Uint32Array(0),
      index: new Uint32Array(0),
      start: new Uint32Array(0),
      end: new Uint32Array(0),
      a: Uint32Array.of(5),
      b: Uint32Array.of(6),
      read: {},
    };
    const wait = startPassageThread(broken, fallback);
    expect(wait).toBeDefined();
    expect(wait!()).toEqual({ text: ['beta gamma delta'], words: [3] });
  });
});
