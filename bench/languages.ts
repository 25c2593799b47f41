/**
 * `npm run bench:languages`: what dupgraf finds in the multilingual fixture corpus
 * (tests/fixtures/languages: per language, story b copies a background paragraph of story a,
 * story c changes one figure of it, the other paragraphs are on the same topic), and how the
 * ways of writing a copy differently score. Prints Markdown tables:
 *
 * 1. per language: the background paragraph's length, exact copy found, the Jaccard of the copy
 *    with one figure changed, whether it is found and its changed fact, and the false pairs
 *    (duplicates or partial reuse other than the planted three);
 * 2. the folding variants (tests/helpers/variants.ts): Jaccard of each copy with its original;
 * 3. the shingle size per script: for k = 1..5, the changed-figure Jaccard and the highest
 *    Jaccard and containment among unrelated paragraphs of one language.
 *
 *   npm run bench:languages -- [--before PATH/dist/index.js]
 *
 * `--before` also measures another build of dupgraf (e.g. main before a change), side by side.
 */

import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as api from '../src/index.js';
import * as engine from '../src/engine-api.js';
import {
  backgroundParagraph,
  fixtureLanguages,
  fixtureParagraphs,
  FOLDING_VARIANTS,
  LANGUAGES_DIR,
} from '../tests/helpers/variants.js';

const current = { ...api, ...engine };
type Dupgraf = typeof current;

/** Another build by its dist/index.js, with its dist/engine-api.js when it has one. */
async function otherBuild(index: string): Promise<Dupgraf> {
  const unstable = path.join(path.dirname(path.resolve(index)), 'engine-api.js');
  const parts = await import(path.resolve(index));
  return (fs.existsSync(unstable) ? { ...parts, ...(await import(unstable)) } : parts) as Dupgraf;
}

const { values } = parseArgs({ options: { before: { type: 'string' } } });
const builds: [string, Dupgraf][] = [['now', current]];
if (values.before) builds.unshift(['before', await otherBuild(values.before)]);

const f2 = (x: number) => x.toFixed(2);

function jaccardOf(d: Dupgraf, a: string, b: string, k = 3, foldAccents = false) {
  const x = d.shingleSet(d.tokenize(a, { foldAccents }).hashes, k);
  const y = d.shingleSet(d.tokenize(b, { foldAccents }).hashes, k);
  const i = d.intersectionSize(x, y);
  return { jaccard: i / (x.length + y.length - i), containment: i / Math.min(x.length, y.length) };
}

// 1. Per language, scanned as a user scans it.
const lines: string[] = [];
lines.push(
  `| language | background paragraph | ${builds.map(([b]) => `${b}: exact copy | ${b}: one figure changed (J) | ${b}: changed fact | ${b}: false pairs`).join(' | ')} |`,
);
lines.push(`|---|---|${builds.map(() => '---|---|---|---|').join('')}`);
for (const l of fixtureLanguages()) {
  const text = backgroundParagraph(l.code);
  const size = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}]/u.test(text)
    ? `${[...text].length} characters`
    : `${text.split(/\s+/).length} words`;
  const cells: string[] = [];
  for (const [, d] of builds) {
    const report = await d.scan([path.join(LANGUAGES_DIR, l.code)], { jobs: 1, pairs: true });
    const at = (story: string) =>
      report.clusters
        .flatMap((c) =>
          c.occurrences.map((o) => ({
            c,
            o,
            rep: c.occurrences.some((x) => x.path.endsWith('/a.txt')),
          })),
        )
        .find(({ o, rep }) => o.path.endsWith(`/${story}`) && rep);
    const copy = at('b.txt');
    const changed = at('c.txt');
    const j = jaccardOf(d, text, text.replace(l.from, l.to)).jaccard;
    const planted = (copy ? 1 : 0) + (changed ? 2 : 0);
    const falsePairs = (report.pairs?.length ?? 0) - planted + report.partials.length;
    const fact = changed?.o.changedFacts?.map((f) => `${f.from} → ${f.to}`).join(', ');
    cells.push(
      copy ? 'found' : `**missed** (${report.summary.paragraphs} paragraphs compared)`,
      `${f2(j)}, ${changed ? 'found' : '**missed**'}`,
      fact || '—',
      String(falsePairs),
    );
  }
  lines.push(`| ${l.language} (${l.code}) | ${size} | ${cells.join(' | ')} |`);
}
console.log(lines.join('\n'));

// 2. Copies written differently.
console.log('');
console.log(
  `| copy of the background paragraph | language | ${builds.map(([b]) => `${b}: J`).join(' | ')} |`,
);
console.log(`|---|---|${builds.map(() => '---|').join('')}`);
for (const v of FOLDING_VARIANTS) {
  const original = backgroundParagraph(v.code);
  const copy = v.make(original);
  const cells = builds.map(([b, d]) => {
    const plain = f2(jaccardOf(d, original, copy).jaccard);
    if (!v.foldAccents || b === 'before') return plain;
    return `${plain}; ${f2(jaccardOf(d, original, copy, 3, true).jaccard)} with --fold-accents`;
  });
  console.log(`| ${v.name} | ${v.code} | ${cells.join(' | ')} |`);
}

// 3. Shingle size per script (this build).
console.log('');
console.log(
  '| language | ' +
    [1, 2, 3, 4, 5]
      .map((k) => `k=${k}: changed figure J / unrelated max J / max containment`)
      .join(' | ') +
    ' |',
);
console.log(`|---|${[1, 2, 3, 4, 5].map(() => '---|').join('')}`);
for (const l of fixtureLanguages()) {
  const background = backgroundParagraph(l.code);
  const others = [
    ...new Set(
      fixtureParagraphs(l.code)
        .map((p) => p.text)
        .filter((t) => !t.includes(l.to) || t === background),
    ),
  ];
  const cells = [1, 2, 3, 4, 5].map((k) => {
    const changed = jaccardOf(current, background, background.replace(l.from, l.to), k).jaccard;
    let maxJ = 0;
    let maxC = 0;
    for (let i = 0; i < others.length; i++)
      for (let j = i + 1; j < others.length; j++) {
        const m = jaccardOf(current, others[i], others[j], k);
        maxJ = Math.max(maxJ, m.jaccard);
        maxC = Math.max(maxC, m.containment);
      }
    return `${f2(changed)} / ${f2(maxJ)} / ${f2(maxC)}`;
  });
  console.log(`| ${l.code} (${others.length} paragraphs) | ${cells.join(' | ')} |`);
}
