#!/usr/bin/env node
/**
 * `npm run bench:startup`: how long the CLI takes to start, against `node -e 0` (Node's own
 * start-up) measured in the same rounds. Each round runs every command once, in an order that
 * rotates from round to round; the figures are the median wall time of each command and two
 * ratios to `node -e 0`: of the medians, and the median of each round's ratio (paired: steadier
 * when the machine's load drifts).
 *
 *   npm run bench:startup -- [--runs 15] [--bin LABEL=PATH]... [--json FILE]
 *
 * Commands: `--version`, `scan --help`, `check` of one story (in a temporary folder), `check`
 * of that story with `--index` (an archive index of one story, made first) and `scan` of it
 * with `-f json`. `--bin` (repeatable) measures other builds in the same rounds (e.g. the
 * previous commit's `bin/dupgraf` from another worktree, for a before/after table); the default
 * is this checkout's bin/dupgraf, as `dupgraf`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const USAGE = 'usage: npm run bench:startup -- [--runs 15] [--bin LABEL=PATH]... [--json FILE]';
let parsed;
try {
  parsed = parseArgs({
    options: {
      runs: { type: 'string', default: '15' },
      bin: { type: 'string', multiple: true },
      json: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
} catch (error) {
  process.stderr.write(`bench:startup: ${error.message}\n${USAGE}\n`);
  process.exit(2);
}
if (parsed.values.help) {
  process.stdout.write(USAGE + '\n');
  process.exit(0);
}
const runs = Number(parsed.values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write(`bench:startup: --runs must be a whole number ≥ 1\n${USAGE}\n`);
  process.exit(2);
}
const bins = (parsed.values.bin ?? [`dupgraf=${path.join(ROOT, 'bin/dupgraf')}`]).map((spec) => {
  const at = spec.indexOf('=');
  const [label, file] = at > 0 ? [spec.slice(0, at), spec.slice(at + 1)] : [spec, spec];
  return { label, file: path.resolve(file) };
});

// One story, the archive index of another story, in a temporary folder.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-startup-'));
const PARAGRAPH =
  'The council said on Tuesday that the ring road would stay closed for at least another week.';
fs.mkdirSync(path.join(work, 'news'));
fs.mkdirSync(path.join(work, 'archive'));
fs.writeFileSync(path.join(work, 'news/story.txt'), `Road closure\n\n${PARAGRAPH}\n`);
fs.writeFileSync(path.join(work, 'archive/old.txt'), `Earlier\n\n${PARAGRAPH}\n`);

/** Runs `args` with `node`; returns wall milliseconds (throws when the exit code is not `ok`). */
function time(args, ok = 0) {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, {
    cwd: work,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: work, NO_COLOR: '1' },
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== ok)
    throw new Error(`${args.join(' ')}: exit ${r.status} (expected ${ok})\n${r.stderr}`);
  return ms;
}

const CASES = [{ name: 'node -e 0', args: () => ['-e', '0'] }];
for (const { label, file } of bins) {
  const db = path.join(work, `archive-${label}.db`);
  time([file, 'index', 'add', 'archive', '--index', db]);
  CASES.push(
    { name: `${label} --version`, args: () => [file, '--version'] },
    { name: `${label} scan --help`, args: () => [file, 'scan', '--help'] },
    { name: `${label} scan one story -f json`, args: () => [file, 'scan', 'news', '-f', 'json'] },
    { name: `${label} check one story`, args: () => [file, 'check', 'news'] },
    {
      name: `${label} check one story --index`,
      args: () => [file, 'check', 'news', '--index', db],
      ok: 1, // the story repeats the archived one: a policy violation
    },
  );
}

// One warm-up round (file cache), then the measured rounds.
for (const c of CASES) time(c.args(), c.ok);
const samples = CASES.map(() => []);
for (let round = 0; round < runs; round++) {
  for (let k = 0; k < CASES.length; k++) {
    const i = (k + round) % CASES.length;
    samples[i].push(time(CASES[i].args(), CASES[i].ok));
  }
}
fs.rmSync(work, { recursive: true, force: true });

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const base = samples[0];
const results = CASES.map((c, i) => ({
  command: c.name,
  medianMs: median(samples[i]),
  ratio: median(samples[i]) / median(base),
  pairedRatio: median(samples[i].map((ms, round) => ms / base[round])),
}));

const lines = [
  `Start-up, ${runs} rounds (median wall time; ratios to node -e 0 in the same rounds), ` +
    `Node ${process.version}, load average ${os.loadavg()[0].toFixed(1)}:`,
  '',
  '| command | median | × node -e 0 | paired × |',
  '| --- | ---: | ---: | ---: |',
  ...results.map(
    (r) =>
      `| \`${r.command}\` | ${r.medianMs.toFixed(0)} ms | ${r.ratio.toFixed(2)} | ${r.pairedRatio.toFixed(2)} |`,
  ),
];
process.stdout.write(lines.join('\n') + '\n');
if (parsed.values.json)
  fs.writeFileSync(
    parsed.values.json,
    JSON.stringify({ runs, node: process.version, results }, null, 2),
  );
