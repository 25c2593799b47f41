/**
 * Report texts on worker threads (shared passages of partial reuse; texts and changed facts of
 * part of the groups): the report is byte-identical to the one computed in the calling thread,
 * and a failing worker falls back to the calling thread.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { formatReport } from '../../src/index.js';
import { appendPassages, passagesOfPairs } from '../../src/engine/passage.js';
import {
  startGroupTextThread,
  startPassageThread,
  type PassageJob,
} from '../../src/parallel/passage-thread.js';
import { groupTextsOf } from '../../src/engine/group-texts.js';
import { randomDocuments } from '../helpers/random.js';
import { threeRuns } from '../helpers/thread-runs.js';

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
// Background paragraphs whose figures and names change from story to story (changed facts):
// 60 small groups of 3 copies, so that the groups on either thread have some.
const cities = ['Gdansk', 'Riga', 'Tallinn', 'Vilnius', 'Turku'];
for (let g = 0; g < 60; g++) {
  const words = Array.from({ length: 24 }, (_, k) => `v${g}x${(k * 7 + g) % 24}`);
  for (let c = 0; c < 3; c++) {
    const text = [
      ...words.slice(0, 12),
      `${1200 + 37 * c}`,
      cities[(g + c) % 5],
      ...words.slice(12),
    ];
    fs.writeFileSync(
      path.join(dir, `facts${g}-${c}.txt`),
      `Story ${g}-${c}.\n\n${text.join(' ')}.\n`,
    );
  }
}
fs.writeFileSync(
  path.join(dir, 'page.html'),
  `<html><body><article>${first[2].map((p) => `<p>${p}</p>`).join('')}</article></body></html>`,
);

describe('passages on a worker thread', () => {
  test('the report is the same bytes as with passages computed in this thread', async () => {
    const runs = await threeRuns(
      dir,
      { threshold: 0.95, containment: 0.3 },
      'passageThreadFrom',
      'passageThread',
    );
    const { oneThread: here, forced: there, declined } = runs;
    expect(runs.flags).toEqual([
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
    // Few groups (a high threshold), many pairs: this thread took the last pairs' passages, the
    // worker the others.
    const onWorker = runs.timings[1].passageThreadPairs;
    expect(onWorker).toBeGreaterThan(0);
    expect(onWorker).toBeLessThan(here.partials.length);
  });

  test('group texts and changed facts on a worker: the same bytes', async () => {
    // A low threshold makes groups of near copies (texts and changed facts to compute).
    const options = { threshold: 0.3, containment: 0.9 };
    const runs = await threeRuns(dir, options, 'groupThreadFrom', 'groupThread');
    const { oneThread: here, forced: there, declined } = runs;
    expect(runs.flags).toEqual([
      [1, false],
      [2, true],
      [2, false],
    ]);
    const copies = here.clusters.flatMap((c) => c.occurrences).filter((o) => o.text);
    expect(copies.length).toBeGreaterThan(50);
    expect(copies.some((o) => (o.changedFacts ?? []).length > 0)).toBe(true);
    expect(formatReport(there, 'json')).toBe(formatReport(here, 'json'));
    expect(formatReport(declined, 'json')).toBe(formatReport(here, 'json'));
  });

  test('a group-text worker that fails gives way to the fallback', () => {
    const texts = ['Prices rose 5 percent  in Oslo', 'Prices rose 7 percent in Oslo'];
    const fallback = () => groupTextsOf(2, [0], [1], (q) => texts[q]);
    const broken = {
      files: [],
      file: new Uint32Array(0),
      index: new Uint32Array(0),
      start: new Uint32Array(0),
      end: new Uint32Array(0),
      rep: Uint32Array.of(5),
      copy: Uint32Array.of(6),
      read: {},
    };
    const wait = startGroupTextThread(broken, fallback);
    expect(wait).toBeDefined();
    const result = wait!();
    expect(result.text).toEqual(['Prices rose 5 percent in Oslo', 'Prices rose 7 percent in Oslo']);
    expect(result.facts).toEqual([[{ from: '5', to: '7', kind: 'number' }]]);
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

  test("the two threads' passages are joined in order, however many (a million-story scan has millions)", () => {
    const many = 500_000;
    const theirs = { text: ['first'], words: [1] };
    const mine = {
      text: Array.from({ length: many }, (_, i) => `p${i}`),
      words: Array.from({ length: many }, (_, i) => i),
    };
    const joined = appendPassages(theirs, mine);
    expect(joined.text.length).toBe(many + 1);
    expect(joined.text[0]).toBe('first');
    expect(joined.text[many]).toBe(`p${many - 1}`);
    expect(joined.words[many]).toBe(many - 1);
    expect(appendPassages(joined, undefined)).toBe(joined);
  });
});
