#!/usr/bin/env node
/**
 * `npm run bench:formats`: the cost of each format reader. The BBC corpus (../shared/corpora/bbc,
 * plain text) is written out as HTML, Markdown (with front matter) and one JSON Lines file in
 * $TMPDIR/dupgraf-bench-formats (never in the repository); each copy is scanned with `--jobs 1`,
 * the formats alternating, --runs times. Prints, per format, the medians of wall time and of
 * reading+preparing (DUPGRAF_TIMINGS `input`), their ratio to plain text in the same run, and
 * whether the groups found are the same as plain text's (by story and paragraph position).
 *
 *   npm run bench:formats -- [--runs 3]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin/dupgraf');
const BBC = path.resolve(ROOT, '../shared/corpora/bbc');
const WORK = path.join(os.tmpdir(), 'dupgraf-bench-formats');
const { values: opt } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const runs = Number(opt.runs);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Writes the corpus in every format; returns the folder of each. */
function convert() {
  fs.rmSync(WORK, { recursive: true, force: true });
  const dirs = { text: 'txt', html: 'html', markdown: 'md', jsonl: 'jsonl' };
  for (const d of Object.values(dirs)) fs.mkdirSync(path.join(WORK, d), { recursive: true });
  const records = [];
  for (const file of fs.readdirSync(BBC).sort()) {
    const text = fs.readFileSync(path.join(BBC, file), 'utf8');
    const stem = file.replace(/\.txt$/, '');
    const paragraphs = text
      .split(/\r?\n\s*\r?\n/)
      .map((p) => p.trim())
      .filter(Boolean);
    fs.writeFileSync(path.join(WORK, 'txt', file), text);
    fs.writeFileSync(
      path.join(WORK, 'html', `${stem}.html`),
      `<!doctype html>\n<html><head><title>${stem}</title></head><body><article>\n` +
        paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n') +
        '\n</article></body></html>\n',
    );
    fs.writeFileSync(
      path.join(WORK, 'md', `${stem}.md`),
      `---\ntitle: ${JSON.stringify(stem)}\n---\n\n` +
        // Lines that Markdown would read as structure are escaped.
        paragraphs.map((p) => p.replace(/^([#>*+-]|\d+[.)])/, '\\$1')).join('\n\n') +
        '\n',
    );
    records.push(JSON.stringify({ id: stem, text: paragraphs.join('\n\n') }));
  }
  fs.writeFileSync(path.join(WORK, 'jsonl', 'bbc.jsonl'), records.join('\n') + '\n');
  return Object.fromEntries(Object.entries(dirs).map(([f, d]) => [f, path.join(WORK, d)]));
}

function run(dir) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, 'scan', '.', '-f', 'json', '-q', '--jobs', '1'], {
    cwd: dir,
    env: { ...process.env, DUPGRAF_TIMINGS: '1' },
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`scan of ${dir} failed: ${r.stderr}`);
  const timings = JSON.parse(/timings (\{.*\})/.exec(r.stderr)[1]);
  const report = JSON.parse(r.stdout);
  // A story is its file name without extension, or its record id (the same names).
  const story = (o) => o.record ?? o.path.replace(/\.[a-z]+$/, '');
  const groups = report.clusters
    .map((c) =>
      c.occurrences
        .map((o) => `${story(o)}/${o.paragraph}`)
        .sort()
        .join(' '),
    )
    .sort()
    .join('\n');
  return { wall, input: timings.input, groups, clusters: report.summary.clusters };
}

if (!fs.existsSync(BBC)) {
  console.error(`bench: ${BBC} not found`);
  process.exit(2);
}
const dirs = convert();
const results = Object.fromEntries(Object.keys(dirs).map((f) => [f, []]));
for (let i = 0; i < runs; i++) {
  for (const [format, dir] of Object.entries(dirs)) results[format].push(run(dir));
}
const base = {
  wall: median(results.text.map((r) => r.wall)),
  input: median(results.text.map((r) => r.input)),
};
console.log(`BBC (${fs.readdirSync(BBC).length} stories), --jobs 1, medians of ${runs} runs\n`);
console.log(
  '| format | wall ms | × text | read+prepare ms | × text | groups | same groups as text |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | --- |');
for (const [format, rs] of Object.entries(results)) {
  const wall = median(rs.map((r) => r.wall));
  const input = median(rs.map((r) => r.input));
  console.log(
    `| ${format} | ${Math.round(wall)} | ${(wall / base.wall).toFixed(2)} | ${Math.round(input)} | ` +
      `${(input / base.input).toFixed(2)} | ${rs[0].clusters} | ${rs[0].groups === results.text[0].groups ? 'yes' : 'NO'} |`,
  );
}
