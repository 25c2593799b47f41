#!/usr/bin/env node
/**
 * `npm run bench:stories`: how well `--stories auto` finds the stories of a file, on real copy.
 *
 * 1. False splits: every file of `corpus/`, `../shared/corpora/bbc` and
 *    `../shared/corpora/reuters21578` read as `dupgraf` reads it; a file cut into more stories than
 *    it holds is a false split (corpus/README.md says which sample files hold two stories).
 * 2. Concatenations: files made of 2-6 random stories of both corpora, each preceded by its title
 *    from `../shared/corpora/meta/*.tsv` (Reuters titles are ALL CAPS and its ledes start with a
 *    dateline; the BBC titles are put in Title Case), seeded; a third of the files are written one
 *    paragraph per line, the rest with blank lines between paragraphs. A file counts as exact when
 *    its stories start at exactly the title lines.
 *
 *   npm run bench:stories -- [--files 400] [--seed 1] [--show 10]
 *
 * The functions are exported for tests/sources/story-split-corpora.test.ts, which asserts the
 * figures (no false split, at least 98% exact files).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The shared corpora: `$DUPGRAF_SHARED/corpora`, else `../shared/corpora` beside the clone. */
export const CORPORA = process.env.DUPGRAF_SHARED
  ? path.resolve(process.env.DUPGRAF_SHARED, 'corpora')
  : path.resolve(ROOT, '../shared/corpora');

/** mulberry32: uniform numbers in [0, 1) from a 32-bit seed. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Words a Title Case headline keeps in lower case (unless first). */
const SMALL = new Set(
  'a an the and or nor but of in on at to for by with v vs via from as into over per'.split(' '),
);

/** A title in Title Case: every word capitalized but the small ones (the first one too). */
export function titleCase(title) {
  return title
    .split(/\s+/)
    .filter(Boolean)
    .map((w, i) => {
      if (i > 0 && SMALL.has(w.toLowerCase())) return w.toLowerCase();
      return w.replace(/\p{L}/u, (c) => c.toUpperCase());
    })
    .join(' ');
}

/** The rows of a metadata table (`meta/<corpus>.tsv`) that have a title. */
export function titledStories(corpus) {
  const [header, ...rows] = fs
    .readFileSync(path.join(CORPORA, 'meta', `${corpus}.tsv`), 'utf8')
    .split('\n')
    .filter((l) => l !== '');
  const cols = header.split('\t');
  const fileAt = cols.indexOf('file');
  const titleAt = cols.indexOf('title');
  return rows
    .map((r) => r.split('\t'))
    .filter((r) => (r[titleAt] ?? '').trim() !== '')
    .map((r) => ({ corpus, file: r[fileAt], title: r[titleAt].trim() }));
}

/** A story's paragraphs (the corpora separate them by blank lines, one line each). */
function paragraphsOf(corpus, file) {
  return fs
    .readFileSync(path.join(CORPORA, corpus, file), 'utf8')
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

/**
 * `count` concatenated files (see the module comment), seeded: `{name, text, starts}` with
 * `starts` the 1-based lines where the stories (their title lines) start.
 */
export function concatenations(count, seed) {
  const rnd = random(seed);
  const pools = { reuters21578: titledStories('reuters21578'), bbc: titledStories('bbc') };
  const pick = (pool) => pool[Math.floor(rnd() * pool.length)];
  const out = [];
  for (let k = 0; k < count; k++) {
    const kind = ['reuters21578', 'bbc', 'mixed'][k % 3];
    const perLine = rnd() < 1 / 3;
    const n = 2 + Math.floor(rnd() * 5);
    const lines = [];
    const starts = [];
    for (let j = 0; j < n; j++) {
      const corpus = kind === 'mixed' ? (rnd() < 0.5 ? 'reuters21578' : 'bbc') : kind;
      const story = pick(pools[corpus]);
      const title = corpus === 'bbc' ? titleCase(story.title) : story.title;
      if (lines.length > 0 && !perLine) lines.push('');
      starts.push(lines.length + 1);
      for (const [i, p] of [title, ...paragraphsOf(corpus, story.file)].entries()) {
        if (i > 0 && !perLine) lines.push('');
        lines.push(p);
      }
    }
    out.push({
      name: `concat-${String(k).padStart(4, '0')}.txt`,
      text: lines.join('\n') + '\n',
      starts,
    });
  }
  return out;
}

/** The 1-based lines where `readDocuments` starts each story of a file. */
export function storyLines(readDocuments, name, text) {
  const { documents } = readDocuments(name, text, { stories: 'auto' });
  return documents.map((d) => d.recordLine ?? 1);
}

/**
 * Files of a folder (recursively, `.txt` and `.md`) that `readDocuments` cuts into more stories
 * than `expected(file)` (default 1): `{file, lines}` per such file, and the number of files read.
 */
export function falseSplits(readDocuments, folder, expected = () => 1) {
  const found = [];
  let files = 0;
  const walk = (dir) => {
    for (const entry of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(txt|md)$/.test(entry.name) && entry.name !== 'README.md') {
        files++;
        const rel = path.relative(folder, full).split(path.sep).join('/');
        const lines = storyLines(readDocuments, rel, fs.readFileSync(full, 'utf8'));
        if (lines.length !== expected(rel)) found.push({ file: rel, lines });
      }
    }
  };
  walk(folder);
  return { files, found };
}

/** Exact files among `count` concatenations: `{exact, count, misses}`. */
export function concatenationAccuracy(readDocuments, count, seed) {
  const misses = [];
  let exact = 0;
  for (const f of concatenations(count, seed)) {
    const got = storyLines(readDocuments, f.name, f.text);
    if (got.length === f.starts.length && got.every((l, i) => l === f.starts[i])) exact++;
    else misses.push({ file: f.name, expected: f.starts, got, text: f.text });
  }
  return { exact, count, misses };
}

/** Runs the measurement and prints it (the script's entry point). */
async function main() {
  const { parseArgs } = await import('node:util');
  const { values } = parseArgs({
    options: {
      files: { type: 'string', default: '400' },
      seed: { type: 'string', default: '1' },
      show: { type: 'string', default: '10' },
    },
  });
  const { readDocuments, loadReaders } = await import(path.join(ROOT, 'dist/index.js'));
  await loadReaders();
  const corpusReadme = fs.readFileSync(path.join(ROOT, 'corpus/README.md'), 'utf8');
  const sample = (file) => {
    const row = corpusReadme.split('\n').find((l) => l.startsWith(`| \`${file}\``));
    return row ? Number(row.split('|').at(-2).trim()) : 1;
  };
  for (const [name, folder, expected] of [
    ['corpus/', path.join(ROOT, 'corpus'), sample],
    ['bbc', path.join(CORPORA, 'bbc'), undefined],
    ['reuters21578', path.join(CORPORA, 'reuters21578'), undefined],
  ]) {
    const { files, found } = falseSplits(readDocuments, folder, expected);
    console.log(
      `${name}: ${files} files, ${found.length} cut into more or fewer stories than they hold`,
    );
    for (const f of found) console.log(`  ${f.file}: stories start at lines ${f.lines.join(', ')}`);
  }
  const count = Number(values.files);
  const seed = Number(values.seed);
  const { exact, misses } = concatenationAccuracy(readDocuments, count, seed);
  console.log(
    `concatenations (seed ${seed}): ${exact} of ${count} files split at exactly the title lines (${((100 * exact) / count).toFixed(2)}%)`,
  );
  for (const m of misses.slice(0, Number(values.show))) {
    const lines = m.text.split('\n');
    const wrong = [...new Set([...m.expected, ...m.got])].filter(
      (l) => m.expected.includes(l) !== m.got.includes(l),
    );
    console.log(`  ${m.file}: expected ${m.expected.join(',')}, got ${m.got.join(',')}`);
    for (const l of wrong)
      console.log(
        `    ${m.expected.includes(l) ? 'missed' : 'extra '} ${l}: ${lines[l - 1].slice(0, 90)}`,
      );
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]))
  await main();
