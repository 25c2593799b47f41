#!/usr/bin/env node
/**
 * Compares two JSON reports of the same corpus (e.g. before and after a change of the tokenizer):
 * groups, partials and paragraphs compared in each, and the groups of the first that the second
 * no longer has (no group of the second holds any of their copies), each with why, as the
 * current build (dist/) reads its representative: `short` (under --min-words words now),
 * `figure row`, or `compared` (still compared, no longer a duplicate). Prints Markdown.
 *
 *   node bench/compare-reports.mjs BEFORE.json AFTER.json [--sample N]
 *
 * `--sample`: how many of the vanished groups to show per reason (default 5).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { tokenize } = await import(path.join(ROOT, 'dist/engine-api.js'));
const { paragraphKind } = await import(path.join(ROOT, 'dist/engine/paragraph-kind.js'));

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { sample: { type: 'string', default: '5' } },
});
if (positionals.length !== 2) {
  process.stderr.write(
    'usage: node bench/compare-reports.mjs BEFORE.json AFTER.json [--sample N]\n',
  );
  process.exit(2);
}
const [before, after] = positionals.map((f) => JSON.parse(fs.readFileSync(f, 'utf8')));
const key = (o) => `${o.path}:${o.line}`;
const grouped = new Set(after.clusters.flatMap((c) => c.occurrences.map(key)));
const vanished = before.clusters.filter((c) => !c.occurrences.some((o) => grouped.has(key(o))));
const options = { minWords: after.settings.minWords, includeTables: after.settings.includeTables };
const reasons = new Map();
for (const c of vanished) {
  const kind = paragraphKind(tokenize(c.text), options);
  const reason = kind === 'short' ? 'short' : kind === 'figures' ? 'figure row' : 'compared';
  reasons.set(reason, [...(reasons.get(reason) ?? []), c]);
}
const row = (name, r) =>
  `| ${name} | ${r.summary.paragraphs.toLocaleString('en')} | ${r.summary.clusters.toLocaleString('en')} | ${r.summary.partials.toLocaleString('en')} | ${r.summary.shortParagraphs?.toLocaleString('en') ?? '—'} | ${r.summary.figureRows?.toLocaleString('en') ?? '—'} |`;
const out = [
  '| report | paragraphs compared | groups | partials | left out: short | left out: figure rows |',
  '|---|---|---|---|---|---|',
  row('before', before),
  row('after', after),
  '',
  `Groups of the first report with no copy in any group of the second: ${vanished.length}.`,
  '',
];
for (const [reason, list] of [...reasons].sort((a, b) => b[1].length - a[1].length)) {
  out.push(`- ${reason}: ${list.length}`);
  for (const c of list.slice(0, Number(values.sample)))
    out.push(`  - ${c.size} copies, \`${c.text.slice(0, 110).replace(/`/g, "'")}\``);
}
process.stdout.write(out.join('\n') + '\n');
