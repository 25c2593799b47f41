#!/usr/bin/env node
/**
 * `npm run bench:tokenize`: the tokenizer alone (`tokenize`) on the paragraphs of
 * the shared real corpora (BBC, Reuters-21578: ../shared/corpora) and of the multilingual fixture
 * corpus (tests/fixtures/languages), split into plain-ASCII paragraphs (the one-pass path) and
 * the others (the general path: curly quotes, accents, other scripts). Each measurement is a
 * fresh process (two module copies in one process bias each other by up to 20%: JIT feedback).
 * With `--before DIST` (the dist/ folder of another build, e.g. main's) the builds' processes
 * alternate (order swapped every round); the table gives each one's median CPU ms per pass (user
 * + system: wall time on a busy machine mostly measures the wait for a core) and the ratio of the
 * medians, with the load average before and after.
 *
 *   npm run bench:tokenize -- [--before PATH/dist] [--rounds 9] [--stories 4000]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CORPORA = path.resolve(ROOT, '../shared/corpora');
const { values } = parseArgs({
  options: {
    before: { type: 'string' },
    rounds: { type: 'string', default: '9' },
    stories: { type: 'string', default: '4000' },
    child: { type: 'string' },
    set: { type: 'string' },
  },
});
const rounds = Number(values.rounds);

/** Paragraphs of up to `limit` stories of a folder (sorted), blank lines separating them. */
function paragraphsOf(dir, limit) {
  const out = [];
  if (!fs.existsSync(dir)) return out;
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .slice(0, limit);
  for (const f of files)
    for (const p of fs.readFileSync(path.join(dir, f), 'utf8').split(/\n\s*\n/))
      if (p.trim() !== '') out.push(p.trim());
  return out;
}

const news = [
  ...paragraphsOf(path.join(CORPORA, 'reuters21578'), Number(values.stories)),
  ...paragraphsOf(path.join(CORPORA, 'bbc'), Number(values.stories)),
];
const languages = fs
  .readdirSync(path.join(ROOT, 'tests/fixtures/languages'))
  .flatMap((code) => paragraphsOf(path.join(ROOT, 'tests/fixtures/languages', code), 10));
// eslint-disable-next-line no-control-regex
const ascii = (p) => !/[^\x00-\x7f]/.test(p);
const sets = [
  ['news, ASCII paragraphs', news.filter(ascii), 3],
  ['news, other paragraphs', news.filter((p) => !ascii(p)), 10],
  ['fixture corpus (17 languages)', languages.filter((p) => !ascii(p)), 200],
];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

// A child process times one build on one set: warm-up passes, then the median of 5 passes.
if (values.child) {
  const e = await import(path.join(path.resolve(values.child), 'engine-api.js'));
  const [, paragraphs, repeat] = sets[Number(values.set)];
  // CPU time of the process (user + system): on a loaded machine wall time mostly measures the
  // wait for a core.
  const pass = () => {
    let sink = 0;
    const t0 = process.cpuUsage();
    for (let r = 0; r < repeat; r++) for (const p of paragraphs) sink += e.tokenize(p).count;
    const used = process.cpuUsage(t0);
    const ms = (used.user + used.system) / 1000;
    return sink < 0 ? -ms : ms;
  };
  pass();
  pass();
  process.stdout.write(String(median([pass(), pass(), pass(), pass(), pass()])));
  process.exit(0);
}

const builds = [['now', path.join(ROOT, 'dist')]];
if (values.before) builds.unshift(['before', path.resolve(values.before)]);

const self = fileURLToPath(import.meta.url);
/** Milliseconds per pass of build `dist` on set `k` (a fresh process). */
function time(dist, k) {
  const r = spawnSync(
    process.execPath,
    [self, '--child', dist, '--set', String(k), '--stories', values.stories],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  return Number(r.stdout);
}

const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const loadBefore = load();
const rows = [];
for (const [k, [name, paragraphs, repeat]] of sets.entries()) {
  const chars = paragraphs.reduce((n, p) => n + p.length, 0) * repeat;
  const ms = new Map(builds.map(([b]) => [b, []]));
  // Alternating processes, the order swapped every round.
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? builds : [...builds].reverse();
    for (const [b, dist] of order) ms.get(b).push(time(dist, k));
  }
  rows.push({ name, paragraphs: paragraphs.length, chars, ms });
}
const head = builds.map(([b]) => `${b}: median CPU ms`).join(' | ');
console.log(
  `Tokenizer (\`tokenize\`), CPU ms per pass: ${rounds} alternating processes per build and set, each the median of 5 passes after 2 warm-up passes; load average ${loadBefore} before, ${load()} after\n`,
);
console.log(
  `| paragraphs | count | chars per pass | ${head} |${builds.length > 1 ? ' now / before |' : ''}`,
);
console.log(`|---|---|---|${builds.map(() => '---|').join('')}${builds.length > 1 ? '---|' : ''}`);
for (const r of rows) {
  const meds = builds.map(([b]) => median(r.ms.get(b)));
  const cells = meds.map((m) => m.toFixed(1)).join(' | ');
  const ratio = builds.length > 1 ? ` ${(meds[1] / meds[0]).toFixed(3)} |` : '';
  console.log(
    `| ${r.name} | ${r.paragraphs.toLocaleString('en')} | ${r.chars.toLocaleString('en')} | ${cells} |${ratio}`,
  );
}
