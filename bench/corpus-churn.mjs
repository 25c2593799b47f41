#!/usr/bin/env node
/**
 * Corpus churn (`node bench/corpus-churn.mjs`, after `npm run build`): a Corpus of 2,000 synthetic
 * stories; the median time of 200 queries before, then after one story is saved 10,000 times (each
 * save replaces its paragraphs), in the same invocation. Replaced paragraphs are freed (compaction),
 * so the two medians should be alike; `compact: false` would keep them (the figure the issue
 * measured: 0.87 ms growing to 54.8 ms after 6,100 saves).
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { Corpus } = await import(path.join(ROOT, 'dist/index.js'));

let seed = 7;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const word = () => `w${Math.floor(3000 * rnd() * rnd())}`;
const paragraph = (n) => Array.from({ length: n }, word).join(' ');
const storyText = () => Array.from({ length: 8 }, () => paragraph(30)).join('\n\n');

const corpus = new Corpus();
for (let i = 0; i < 2000; i++) corpus.add({ path: `s${i}.txt`, text: storyText() });
const probes = Array.from({ length: 200 }, (_, i) => ({ path: `q${i}.txt`, text: storyText() }));

function medianQueryMs() {
  const times = [];
  for (const p of probes) {
    const t = performance.now();
    corpus.query(p);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

medianQueryMs(); // warm-up
const before = medianQueryMs();
// One story saved 10,000 times; its text shares paragraphs with every probe (the churned
// paragraphs are found by each query).
const shared = probes
  .slice(0, 20)
  .map((p) => p.text.split('\n\n')[0])
  .join('\n\n');
const t = performance.now();
for (let i = 0; i < 10_000; i++)
  corpus.add({ path: 'busy.txt', text: `${shared}\n\n${paragraph(30)} save ${i}` });
const saving = performance.now() - t;
const after = medianQueryMs();
console.log(`paragraphs stored (live): ${corpus.paragraphCount}`);
console.log(`median query before churn: ${before.toFixed(3)} ms`);
console.log(
  `median query after 10,000 saves of one story: ${after.toFixed(3)} ms (ratio ${(after / before).toFixed(2)})`,
);
console.log(`10,000 saves took ${(saving / 1000).toFixed(2)} s`);
