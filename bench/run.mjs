#!/usr/bin/env node
/**
 * `npm run bench`: dupgraf against the floor (bench/floor.mjs: read + tokenize + hash word
 * 5-grams, no comparison) on synthetic corpora with planted reuse (bench/generate.mjs), on the
 * shared real corpora and on pathological inputs, then the CLI's start-up (bench/startup.mjs:
 * paired with `node -e 0`; --no-startup leaves it out); with --peers also sim_text (Debian package
 * similarity-tester) and jscpd@5.3.2 (installed outside the repository: on PATH or JSCPD_BIN),
 * each stopped after --peer-timeout seconds (default 300).
 *
 *   npm run bench -- [--sizes 10000,100000] [--runs 3] [--thresholds 0.8,0.5] [--seed 1]
 *                    [--jobs N] [--peers] [--peer-timeout S] [--no-real] [--no-pathological]
 *                    [--no-startup] [--script latin|han] [--baseline BIN|DIR] [--out FILE]
 *
 * `--script han` generates the synthetic corpora in Chinese (words of 1-3 Han characters, no
 * spaces; the floor, which reads ASCII words, is then no yardstick: compare seconds per MB).
 * `--baseline BIN|DIR` times another dupgraf (e.g. `bin/dupgraf` of a checkout of the previous
 * commit, built, or that checkout's folder) in the same alternation: floor, dupgraf, baseline, each run; the table gives its
 * ratio to the floor and dupgraf's paired ratio to it.
 *
 * Floor and dupgraf runs alternate; figures are medians of --runs runs: wall, CPU (user+sys) and
 * peak RSS from /usr/bin/time; per-stage times from dupgraf's DUPGRAF_TIMINGS line (median run).
 * The wall ratio is the ratio of the medians; the paired ratio the median of each dupgraf run's
 * ratio to the floor run just before it (steadier when the machine's load drifts).
 * An extra, untimed run with --pairs gives pairs found and recall against the planted truth.
 * Prints a Markdown table and writes the JSON results to --out (default bench-results.json).
 * Generated corpora live in $TMPDIR/dupgraf-bench (never in the repository).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin/dupgraf');
const FLOOR = path.join(ROOT, 'bench/floor.mjs');
const CORPORA = path.resolve(ROOT, '../shared/corpora');
const WORK = path.join(os.tmpdir(), 'dupgraf-bench');
const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

const OPTIONS = {
  sizes: { type: 'string', default: '10000,100000' },
  runs: { type: 'string', default: '3' },
  thresholds: { type: 'string', default: '0.8,0.5' },
  seed: { type: 'string', default: '1' },
  jobs: { type: 'string' },
  peers: { type: 'boolean', default: false },
  real: { type: 'boolean', default: true },
  'no-real': { type: 'boolean', default: false },
  pathological: { type: 'boolean', default: true },
  'no-pathological': { type: 'boolean', default: false },
  'no-startup': { type: 'boolean', default: false },
  'peer-timeout': { type: 'string', default: '300' },
  script: { type: 'string', default: 'latin' },
  baseline: { type: 'string' },
  out: { type: 'string', default: 'bench-results.json' },
  help: { type: 'boolean', short: 'h', default: false },
};
const USAGE = `usage: npm run bench -- [--sizes 10000,100000] [--runs 3] [--thresholds 0.8,0.5]
         [--seed 1] [--jobs N] [--peers] [--peer-timeout S] [--no-real] [--no-pathological]
         [--no-startup] [--script latin|han] [--baseline BIN|DIR] [--out FILE]`;
let parsed;
try {
  parsed = parseArgs({ options: OPTIONS });
} catch (error) {
  process.stderr.write(`bench: ${error.message}\n${USAGE}\n`);
  process.exit(2);
}
if (parsed.values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const opt = parsed.values;
const runs = Number(opt.runs);
const thresholds = opt.thresholds.split(',').map(Number);
const sizes = opt.sizes ? opt.sizes.split(',').filter(Boolean).map(Number) : [];
const jobsArgs = opt.jobs ? ['--jobs', opt.jobs] : [];
const peerTimeout = Number(opt['peer-timeout']);
if (!['latin', 'han'].includes(opt.script)) {
  process.stderr.write(`bench: --script must be latin or han (got ${opt.script})\n${USAGE}\n`);
  process.exit(2);
}
// --baseline names a dupgraf binary or a built checkout (its bin/dupgraf).
const BASELINE_PATH = opt.baseline ? path.resolve(opt.baseline) : null;
const BASELINE =
  BASELINE_PATH && fs.existsSync(BASELINE_PATH) && fs.statSync(BASELINE_PATH).isDirectory()
    ? path.join(BASELINE_PATH, 'bin/dupgraf')
    : BASELINE_PATH;
if (BASELINE && !fs.existsSync(BASELINE)) {
  process.stderr.write(`bench: --baseline ${BASELINE}: no such file\n`);
  process.exit(2);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor((s.length - 1) / 2)];
};
const log = (msg) => process.stderr.write(`bench: ${msg}\n`);

/** Runs a command; returns wall/cpu seconds, peak RSS (MB), stderr and exit status. */
function measure(
  cmd,
  args,
  { env = {}, stdoutFile = null, stdinFile = null, cwd = ROOT, timeout = 0 } = {},
) {
  const out = stdoutFile ? fs.openSync(stdoutFile, 'w') : 'ignore';
  const input = stdinFile ? fs.openSync(stdinFile, 'r') : 'ignore';
  // A time limit goes through coreutils' timeout, which kills the measured program itself.
  if (timeout > 0) [cmd, args] = ['timeout', ['-s', 'KILL', String(timeout), cmd, ...args]];
  const full = TIME ? [TIME, ['-f', 'TIME %e %U %S %M', cmd, ...args]] : [cmd, args];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(full[0], full[1], {
    cwd,
    env: { ...process.env, ...env },
    stdio: [input, out, 'pipe'],
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (stdinFile) fs.closeSync(input);
  const wallHr = Number(process.hrtime.bigint() - t0) / 1e9;
  if (stdoutFile) fs.closeSync(out);
  const stderr = r.stderr ?? '';
  const m = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(stderr);
  const timings = /dupgraf: timings (\{.*\})/.exec(stderr);
  return {
    status: timeout > 0 && r.status === 137 ? 'timeout' : r.status,
    wall: m ? Number(m[1]) : wallHr,
    cpu: m ? Number(m[2]) + Number(m[3]) : NaN,
    rssMB: m ? Number(m[4]) / 1024 : NaN,
    timings: timings ? JSON.parse(timings[1]) : null,
    stderr,
  };
}

/** dupgraf runs inside the corpus folder, so report paths match the planted truth's. */
function dupgrafArgs(t, extra = [], bin = BIN) {
  return [bin, 'scan', '.', '--format', 'json', '--threshold', String(t), ...jobsArgs, ...extra];
}

/** Alternating floor/dupgraf(/baseline) runs; medians. */
function timeCorpus(dir, t) {
  const floor = [];
  const dup = [];
  const base = [];
  for (let i = 0; i < runs; i++) {
    floor.push(measure(process.execPath, [FLOOR, dir]));
    const d = measure(process.execPath, dupgrafArgs(t), {
      cwd: dir,
      env: { DUPGRAF_TIMINGS: '1' },
    });
    if (d.status !== 0) throw new Error(`dupgraf failed on ${dir}:\n${d.stderr}`);
    dup.push(d);
    if (BASELINE) {
      const b = measure(process.execPath, dupgrafArgs(t, [], BASELINE), {
        cwd: dir,
        env: { DUPGRAF_TIMINGS: '1' },
      });
      if (b.status !== 0) throw new Error(`the baseline failed on ${dir}:\n${b.stderr}`);
      base.push(b);
    }
  }
  const pick = (xs) => ({
    wall: median(xs.map((x) => x.wall)),
    cpu: median(xs.map((x) => x.cpu)),
    rssMB: median(xs.map((x) => x.rssMB)),
  });
  const medianRun = [...dup].sort((a, b) => a.wall - b.wall)[Math.floor((dup.length - 1) / 2)];
  return {
    floor: { ...pick(floor), walls: floor.map((x) => x.wall) },
    dupgraf: { ...pick(dup), walls: dup.map((x) => x.wall), stages: medianRun.timings },
    baseline: BASELINE
      ? {
          ...pick(base),
          walls: base.map((x) => x.wall),
          // Each baseline run against the floor run of its round, and dupgraf against it.
          pairedRatio: median(base.map((b, i) => b.wall / floor[i].wall)),
          dupgrafPairedRatio: median(dup.map((d, i) => d.wall / base[i].wall)),
        }
      : undefined,
    // Each dupgraf run against the floor run just before it: a slow drift of the machine's load
    // moves both alike, so the median of these ratios is steadier than the ratio of the medians.
    pairedRatio: median(dup.map((d, i) => d.wall / floor[i].wall)),
  };
}

/** One untimed --pairs run: the set of pairs found, as "pathA:lineA pathB:lineB" keys. */
function pairsFound(dir, t) {
  const file = path.join(WORK, 'pairs.json');
  const r = measure(process.execPath, dupgrafArgs(t, ['--pairs']), { cwd: dir, stdoutFile: file });
  if (r.status !== 0) throw new Error(`dupgraf --pairs failed:\n${r.stderr}`);
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  fs.rmSync(file);
  return {
    wall: r.wall,
    rssMB: r.rssMB,
    documents: report.summary.documents,
    paragraphs: report.summary.paragraphs,
    keys: new Set(report.pairs.map((p) => `${p.a.path}:${p.a.line} ${p.b.path}:${p.b.line}`)),
  };
}

function corpusFor(stories, seed, script = 'latin') {
  const dir = path.join(
    WORK,
    `synthetic-${script === 'latin' ? '' : `${script}-`}${stories}-${seed}`,
  );
  const truthFile = path.join(dir, 'truth.json');
  if (!fs.existsSync(truthFile)) {
    log(`generating ${stories} stories (seed ${seed}, ${script}) in ${dir}`);
    // Above 200,000 stories the planted pairs no longer fit one JSON string: no recall there.
    generate({ stories, seed, out: dir, truth: stories <= 200000, script });
  }
  return { dir, truth: JSON.parse(fs.readFileSync(truthFile, 'utf8')) };
}

/** A peer's figures; CPU and memory are unknown when it was stopped at the time limit. */
function peerResult(r) {
  const stopped = r.status === 'timeout';
  return {
    wall: r.wall,
    cpu: stopped ? NaN : r.cpu,
    rssMB: stopped ? NaN : r.rssMB,
    status: r.status,
  };
}

function peers(dir) {
  const out = {};
  const files = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const f = path.join(d, e.name);
      if (e.isDirectory()) walk(f);
      else if (e.name.endsWith('.txt')) files.push(f);
    }
  };
  walk(dir);
  const which = (name) =>
    spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
  const simText = which('sim_text');
  if (simText) {
    const list = path.join(WORK, 'files.txt');
    fs.writeFileSync(list, files.sort().join('\n') + '\n');
    // Exact runs of 8 words, percentage output, file names from stdin.
    const r = measure(simText, ['-r', '8', '-p', '-i'], { stdinFile: list, timeout: peerTimeout });
    out.sim_text = peerResult(r);
  }
  // jscpd@5.3.2 installed outside the repository: on PATH, or named by JSCPD_BIN.
  const jscpdBin = process.env.JSCPD_BIN || which('jscpd');
  if (jscpdBin && fs.existsSync(jscpdBin)) {
    // Exact token clones of 20+ tokens, one line allowed (a paragraph is one line), JSON report.
    const outDir = path.join(WORK, 'jscpd-out');
    const r = measure(
      jscpdBin,
      [dir, '-f', 'txt', '-k', '20', '-l', '1', '-r', 'json', '-o', outDir],
      { timeout: peerTimeout },
    );
    out.jscpd = peerResult(r);
  }
  return out;
}

function pathological() {
  const results = [];
  // One paragraph repeated 100,000 times (a footer): 1,000 stories of 100 copies.
  const footer = path.join(WORK, 'footer');
  if (!fs.existsSync(path.join(footer, 'done'))) {
    fs.mkdirSync(footer, { recursive: true });
    const para =
      'This story was produced by the newsroom staff and may not be reproduced without permission from the editors.';
    for (let i = 0; i < 1000; i++) {
      fs.writeFileSync(
        path.join(footer, `s${String(i).padStart(4, '0')}.txt`),
        Array(100).fill(para).join('\n\n') + '\n',
      );
    }
    fs.writeFileSync(path.join(footer, 'done'), '');
  }
  // One 5 MB paragraph (Zipf words from a story of the 10k corpus pattern), and its first half.
  const huge = path.join(WORK, 'huge');
  if (!fs.existsSync(path.join(huge, 'done'))) {
    fs.mkdirSync(huge, { recursive: true });
    let x = 7;
    const words = [];
    let bytes = 0;
    while (bytes < 5 * 1024 * 1024) {
      x = (Math.imul(x, 1103515245) + 12345) | 0;
      const w = 'w' + Math.floor(30000 / (1 + ((x >>> 8) % 30000)));
      words.push(w);
      bytes += w.length + 1;
    }
    fs.writeFileSync(path.join(huge, 'big.txt'), words.join(' ') + '\n');
    fs.writeFileSync(
      path.join(huge, 'half.txt'),
      words.slice(0, words.length >> 1).join(' ') + '\n',
    );
    fs.writeFileSync(path.join(huge, 'done'), '');
  }
  // Standard closers: 6,000 dated stories of a unique lede, a closer with small edits (222
  // wordings, near copies of each other) and a closer word for word (every story).
  const closers = path.join(WORK, 'closers');
  if (!fs.existsSync(path.join(closers, 'done'))) {
    fs.mkdirSync(closers, { recursive: true });
    const edits = ['again', 'once more', 'as well', 'so far', 'this week', 'late'];
    for (let i = 0; i < 6000; i++) {
      const date = new Date(Date.UTC(2020, 0, 1) + i * 7 * 3600e3).toISOString().slice(0, 10);
      fs.writeFileSync(
        path.join(closers, `s${String(i).padStart(4, '0')}.md`),
        `---\ndate: ${date}\n---\n\n` +
          `Lede number ${i} of a story about a matter of local importance, words w${i} x${i} y${i} z${i}.\n\n` +
          `The company did not respond to a request for comment on the matter by the time of publication today ${edits[i % 6]} ${i % 37}.\n\n` +
          'Shares in the group closed slightly lower in afternoon trading on the exchange as investors weighed the news.\n',
      );
    }
    fs.writeFileSync(path.join(closers, 'done'), '');
  }
  for (const [name, dir] of [
    ['footer: 1 paragraph x 100,000', footer],
    ['one 5 MB paragraph + its first half', huge],
    ['standard closers: 6,000 stories, 2 closers in each (one in 222 wordings)', closers],
  ]) {
    const file = path.join(WORK, 'patho.json');
    const r = measure(process.execPath, [BIN, 'scan', dir, '--format', 'json', ...jobsArgs], {
      stdoutFile: file,
      env: { DUPGRAF_TIMINGS: '1' },
    });
    const report = JSON.parse(fs.readFileSync(file, 'utf8'));
    results.push({
      name,
      wall: r.wall,
      rssMB: r.rssMB,
      clusters: report.summary.clusters,
      largest: report.clusters[0]?.size ?? 0,
      partials: report.summary.partials,
    });
  }
  return results;
}

// ---------------------------------------------------------------------------------------------
fs.mkdirSync(WORK, { recursive: true });
const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}`;
const results = {
  date: new Date().toISOString(),
  machine,
  runs,
  jobs: opt.jobs ?? 'default',
  baseline: BASELINE,
  rows: [],
  growth: [],
  pathological: [],
  peers: {},
};
const corpora = [];
for (const n of sizes) {
  const { dir, truth } = corpusFor(n, Number(opt.seed), opt.script);
  corpora.push({
    name: `synthetic ${opt.script === 'han' ? 'Chinese ' : ''}${n.toLocaleString('en')} stories`,
    dir,
    truth,
    paragraphs: truth.paragraphs,
    bytes: truth.bytes,
    stories: n,
  });
}
if (opt.real && !opt['no-real']) {
  for (const name of ['reuters21578', 'bbc']) {
    const dir = path.join(CORPORA, name);
    if (fs.existsSync(dir)) corpora.push({ name, dir, truth: null });
  }
}
for (const c of corpora) {
  for (const t of thresholds) {
    log(`${c.name}, t=${t}: ${runs} alternating runs`);
    const timing = timeCorpus(c.dir, t);
    const row = {
      corpus: c.name,
      stories: c.stories,
      paragraphs: c.paragraphs,
      bytes: c.bytes,
      threshold: t,
      ...timing,
    };
    row.ratio = timing.dupgraf.wall / timing.floor.wall;
    row.cpuRatio = timing.dupgraf.cpu / timing.floor.cpu;
    if (c.truth && c.truth.pairs === null) {
      results.rows.push(row);
      continue;
    }
    const found = pairsFound(c.dir, t);
    row.documents = found.documents;
    row.paragraphs = found.paragraphs;
    row.pairsFound = found.keys.size;
    row.pairsRun = { wall: found.wall, rssMB: found.rssMB };
    if (c.truth) {
      const want = c.truth.pairs.filter((p) => p[4] >= t - 1e-9);
      const hit = want.filter((p) => found.keys.has(`${p[0]}:${p[1]} ${p[2]}:${p[3]}`)).length;
      row.truthPairs = want.length;
      row.recall = want.length === 0 ? 1 : hit / want.length;
    }
    results.rows.push(row);
  }
  if (opt.peers && c.truth) results.peers[c.name] = peers(c.dir);
}
for (const t of thresholds) {
  const rows = results.rows.filter((r) => r.threshold === t && r.stories);
  for (let i = 1; i < rows.length; i++) {
    const a = rows[i - 1];
    const b = rows[i];
    results.growth.push({
      threshold: t,
      from: a.stories,
      to: b.stories,
      exponent: Math.log(b.dupgraf.wall / a.dupgraf.wall) / Math.log(b.paragraphs / a.paragraphs),
      floorExponent: Math.log(b.floor.wall / a.floor.wall) / Math.log(b.paragraphs / a.paragraphs),
    });
  }
}
if (opt.pathological && !opt['no-pathological']) {
  log('pathological inputs');
  results.pathological = pathological();
}
if (!opt['no-startup']) {
  // The start-up section: bench/startup.mjs's rounds (bin/dupgraf and the baseline, if any).
  log('start-up');
  const json = path.join(WORK, 'startup.json');
  const bins = [`dupgraf=${BIN}`, ...(BASELINE ? [`baseline=${BASELINE}`] : [])];
  const r = spawnSync(
    process.execPath,
    [path.join(ROOT, 'bench/startup.mjs'), ...bins.flatMap((b) => ['--bin', b]), '--json', json],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (r.status !== 0) throw new Error(`bench/startup.mjs: exit ${r.status}`);
  results.startup = { table: r.stdout.trimEnd(), ...JSON.parse(fs.readFileSync(json, 'utf8')) };
}
fs.writeFileSync(path.resolve(opt.out), JSON.stringify(results, null, 2) + '\n');

// Markdown.
const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : '—');
const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : '—');
const s = (ms) => (ms === undefined ? '—' : (ms / 1000).toFixed(2));
const lines = [];
lines.push(
  `Benchmark ${results.date.slice(0, 10)} · ${machine} · medians of ${runs} runs · dupgraf --jobs ${results.jobs}`,
);
lines.push('');
lines.push(
  '| corpus | t | paragraphs | floor wall s | dupgraf wall s | wall ratio | paired wall ratio | floor CPU s | dupgraf CPU s | CPU ratio | peak RSS MB (floor / dupgraf) | pairs found | recall vs planted |',
);
lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of results.rows) {
  lines.push(
    `| ${r.corpus} | ${r.threshold} | ${r.paragraphs?.toLocaleString('en') ?? '—'} | ${f2(r.floor.wall)} | ${f2(r.dupgraf.wall)} | ${f2(r.ratio)} | ${f2(r.pairedRatio)} | ${f2(r.floor.cpu)} | ${f2(r.dupgraf.cpu)} | ${f2(r.cpuRatio)} | ${f1(r.floor.rssMB)} / ${f1(r.dupgraf.rssMB)} | ${r.pairsFound?.toLocaleString('en') ?? '—'} | ${r.recall === undefined ? '—' : `${f2(r.recall)} of ${r.truthPairs.toLocaleString('en')}`} |`,
  );
}
lines.push('');
// Cost per MB of input (the yardstick across scripts: the floor reads ASCII words only).
lines.push('| corpus | t | MB | dupgraf wall s per MB | dupgraf CPU s per MB | runs (wall s) |');
lines.push('|---|---|---|---|---|---|');
for (const r of results.rows) {
  const mb = r.bytes ? r.bytes / 1e6 : NaN;
  lines.push(
    `| ${r.corpus} | ${r.threshold} | ${f1(mb)} | ${f2(r.dupgraf.wall / mb)} | ${f2(r.dupgraf.cpu / mb)} | ${r.dupgraf.walls.map(f2).join(', ')} |`,
  );
}
lines.push('');
if (BASELINE) {
  lines.push(`Baseline (same alternation, each run): ${BASELINE}`);
  lines.push('');
  lines.push(
    '| corpus | t | floor wall s | baseline wall s | dupgraf wall s | baseline paired ratio to floor | dupgraf paired ratio to floor | dupgraf / baseline (paired) | walls: floor / baseline / dupgraf |',
  );
  lines.push('|---|---|---|---|---|---|---|---|---|');
  for (const r of results.rows) {
    const b = r.baseline;
    lines.push(
      `| ${r.corpus} | ${r.threshold} | ${f2(r.floor.wall)} | ${f2(b.wall)} | ${f2(r.dupgraf.wall)} | ${f2(b.pairedRatio)} | ${f2(r.pairedRatio)} | ${f2(b.dupgrafPairedRatio)} | ${r.floor.walls.map(f2).join(' ')} / ${b.walls.map(f2).join(' ')} / ${r.dupgraf.walls.map(f2).join(' ')} |`,
    );
  }
  lines.push('');
}
lines.push(
  'Stages (seconds, median run; read and prepare summed over threads; input = wall of the parallel read+prepare phase):',
);
lines.push('');
lines.push(
  '| corpus | t | threads | read | prepare | input (wall) | collapse+order | join | cluster | report |',
);
lines.push('|---|---|---|---|---|---|---|---|---|---|');
for (const r of results.rows) {
  const st = r.dupgraf.stages ?? {};
  lines.push(
    `| ${r.corpus} | ${r.threshold} | ${st.threads ?? '—'} | ${s(st.read)} | ${s(st.prepare)} | ${s(st.input)} | ${s(st.collapse)} | ${s(st.join)} | ${s(st.cluster)} | ${s(st.report)} |`,
  );
}
if (results.growth.length > 0) {
  lines.push('');
  lines.push('| growth | t | exponent dupgraf (wall ∝ paragraphs^e) | exponent floor |');
  lines.push('|---|---|---|---|');
  for (const g of results.growth)
    lines.push(
      `| ${g.from.toLocaleString('en')} → ${g.to.toLocaleString('en')} stories | ${g.threshold} | ${f2(g.exponent)} | ${f2(g.floorExponent)} |`,
    );
}
if (results.pathological.length > 0) {
  lines.push('');
  lines.push('| pathological input | wall s | peak RSS MB | groups | largest group | partials |');
  lines.push('|---|---|---|---|---|---|');
  for (const p of results.pathological)
    lines.push(
      `| ${p.name} | ${f2(p.wall)} | ${f1(p.rssMB)} | ${p.clusters} | ${p.largest.toLocaleString('en')} | ${p.partials} |`,
    );
}
const peerNames = Object.keys(results.peers);
if (peerNames.length > 0) {
  lines.push('');
  lines.push('| peers (same corpus, same run) | tool | wall s | CPU s | peak RSS MB |');
  lines.push('|---|---|---|---|---|');
  for (const c of peerNames) {
    const row = results.rows.find((r) => r.corpus === c && r.threshold === thresholds[0]);
    lines.push(
      `| ${c} | dupgraf t=${thresholds[0]} | ${f2(row.dupgraf.wall)} | ${f2(row.dupgraf.cpu)} | ${f1(row.dupgraf.rssMB)} |`,
    );
    lines.push(
      `| ${c} | floor | ${f2(row.floor.wall)} | ${f2(row.floor.cpu)} | ${f1(row.floor.rssMB)} |`,
    );
    for (const [tool, p] of Object.entries(results.peers[c])) {
      lines.push(
        `| ${c} | ${tool}${p.status === 0 ? '' : p.status === 'timeout' ? ' (stopped at the timeout)' : ` (exit ${p.status})`} | ${p.status === 'timeout' ? '> ' : ''}${f2(p.wall)} | ${f2(p.cpu)} | ${f1(p.rssMB)} |`,
      );
    }
  }
}
if (results.startup) lines.push('', results.startup.table);
console.log(lines.join('\n'));
log(`JSON written to ${path.resolve(opt.out)}`);
