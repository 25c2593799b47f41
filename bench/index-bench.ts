/**
 * Benchmark of the archive index (`npm run bench:index`), SQLite and PostgreSQL side by side:
 *
 * 1. Reuters-21578 (../shared/corpora/reuters21578): `dupgraf scan` of the folder against
 *    `dupgraf index add` of it into a new SQLite file and into a new PostgreSQL schema, each a
 *    whole process, alternating, `ROUNDS` times (medians; the ratio add/scan is taken within the
 *    invocation, as the machine is shared).
 * 2. A synthetic archive of `DUPGRAF_BENCH_PARAGRAPHS` paragraphs (default 1,000,000; 0 skips it)
 *    written by bench/generate.mjs, added to both backends the same way.
 * 3. For each index: build time, paragraphs/s, size (SQLite file; PostgreSQL tables with their
 *    indexes) and the warm latency of checking one new story (`query` in a process that has the
 *    index open, 100 stories, median and p95).
 *
 * PostgreSQL is a throw-away server started for the run (tests/helpers/postgres.ts: `initdb` in
 * /tmp as the `postgres` user when run as root). Everything is written in one temporary folder,
 * removed at the end (DUPGRAF_BENCH_KEEP=1 keeps it).
 *
 * 4. SQLite only: the same synthetic stories added into an EXISTING index (a copy of a Reuters
 *    index, built once beforehand, copied before each round and not timed), alternating with the
 *    new index's build in the same rounds: the time of each and their ratio
 *    (DUPGRAF_BENCH_EXISTING=0 skips it; it needs Reuters).
 *
 * More settings: DUPGRAF_BENCH_ROUNDS (3, Reuters rounds), DUPGRAF_BENCH_SYNTHETIC_ROUNDS (1),
 * DUPGRAF_BENCH_BACKENDS
 * (`sqlite,postgresql`), DUPGRAF_BENCH_REUTERS=0 (skip Reuters), DUPGRAF_BENCH_SYNTHETIC=DIR (add
 * stories bench/generate.mjs wrote earlier, DIR/stories, instead of generating them). The scan of
 * the synthetic stories (for its add / scan ratio) is left out above 2 M paragraphs.
 */

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openIndex, type ArchiveIndex } from '../src/index.js';
import { startPostgres, type TestPostgres } from '../tests/helpers/postgres.js';
import { mulberry32 } from '../tests/helpers/random.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin/dupgraf');
const REUTERS = path.resolve(ROOT, '../shared/corpora/reuters21578');
const PARAGRAPHS = Number(process.env.DUPGRAF_BENCH_PARAGRAPHS ?? 1_000_000);
const ROUNDS = Number(process.env.DUPGRAF_BENCH_ROUNDS ?? 3);
const QUERIES = 100;
const BACKENDS = (process.env.DUPGRAF_BENCH_BACKENDS ?? 'sqlite,postgresql')
  .split(',')
  .map((b) => b.trim().toLowerCase());
const WITH_REUTERS = process.env.DUPGRAF_BENCH_REUTERS !== '0';
const SYNTHETIC = process.env.DUPGRAF_BENCH_SYNTHETIC;
const SYNTHETIC_ROUNDS = Number(process.env.DUPGRAF_BENCH_SYNTHETIC_ROUNDS ?? 1);
const INTO_EXISTING = process.env.DUPGRAF_BENCH_EXISTING !== '0';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const n = (x: number) => Math.round(x).toLocaleString('en-US');

/** Runs the CLI; returns wall milliseconds (throws on failure). */
function timed(args: string[], cwd: string): number {
  const start = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, CI: '', NO_COLOR: '1' },
  });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`dupgraf ${args.join(' ')} failed: ${r.stderr}`);
  return ms;
}

/** New stories to check: edited copies of some archived paragraphs among fresh ones. */
function probes(folder: string): { path: string; text: string }[] {
  const rnd = mulberry32(3);
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (files.length >= 4000) return;
      if (e.isDirectory()) walk(path.join(dir, e.name));
      else if (e.name.endsWith('.txt')) files.push(path.join(dir, e.name));
    }
  };
  walk(folder);
  const out: { path: string; text: string }[] = [];
  for (let i = 0; i < QUERIES + 10; i++) {
    const a = fs.readFileSync(files[Math.floor(rnd() * files.length)], 'utf8').split(/\n\s*\n/);
    const b = fs.readFileSync(files[Math.floor(rnd() * files.length)], 'utf8').split(/\n\s*\n/);
    // Half of one story's paragraphs (a word changed in each), then another story's.
    const edited = a.slice(0, Math.ceil(a.length / 2)).map((p) => {
      const w = p.split(' ');
      w[Math.floor(rnd() * w.length)] = 'changed';
      return w.join(' ');
    });
    out.push({ path: `new/${i}.txt`, text: [...edited, ...b.reverse()].join('\n\n') });
  }
  return out;
}

/** Warm check latency of one story (ms): median, p95, after 10 warm-up queries. */
async function warmQueries(
  index: ArchiveIndex,
  stories: { path: string; text: string }[],
): Promise<{ median: number; p95: number; matched: number }> {
  for (const s of stories.slice(QUERIES)) await index.query(s);
  const times: number[] = [];
  let matched = 0;
  for (const s of stories.slice(0, QUERIES)) {
    const t = performance.now();
    const r = await index.query(s);
    times.push(performance.now() - t);
    matched += r.paragraphs.filter((p) => p.duplicates.length + p.partials.length > 0).length;
  }
  return { median: median(times), p95: quantile(times, 0.95), matched };
}

interface Row {
  corpus: string;
  backend: string;
  buildMs: number;
  scanMs?: number;
  paragraphs: number;
  bytes: number;
  median: number;
  p95: number;
  /** The same stories added into a copy of an existing index (median ms), and its paragraphs. */
  existingMs?: number;
  existingBase?: number;
}

async function measure(
  name: string,
  folder: string,
  dir: string,
  server: TestPostgres | null,
  rounds: number,
  withScan = true,
  existing?: string,
): Promise<Row[]> {
  const scan: number[] = [];
  const lite: number[] = [];
  const into: number[] = [];
  const grown = path.join(dir, `${name}-into-existing.dupgraf.db`);
  const pg: number[] = [];
  const file = (r: number) => path.join(dir, `${name}-${r}.dupgraf.db`);
  const url = (r: number) => server!.url(`${name}_${r}`);
  const load = () => os.loadavg()[0].toFixed(1);
  for (let r = 0; r < rounds; r++) {
    const said: string[] = [];
    if (withScan) {
      scan.push(timed(['scan', folder, '-f', 'json', '-o', path.join(dir, 'scan.json')], dir));
      said.push(`scan ${seconds(scan[r])}`);
    }
    if (BACKENDS.includes('sqlite')) {
      lite.push(timed(['index', 'add', folder, '--index', file(r), '--no-progress'], dir));
      said.push(`SQLite add ${seconds(lite[r])}`);
      if (existing) {
        fs.copyFileSync(existing, grown);
        into.push(timed(['index', 'add', folder, '--index', grown, '--no-progress'], dir));
        said.push(`SQLite add into an existing index ${seconds(into[r])}`);
      }
    }
    if (server) {
      pg.push(timed(['index', 'add', folder, '--index', url(r), '--no-progress'], dir));
      said.push(`PostgreSQL add ${seconds(pg[r])}`);
    }
    console.log(`  ${name} round ${r + 1}: ${said.join(', ')} (load average ${load()})`);
  }
  const stories = probes(folder);
  const rows: Row[] = [];
  const built: [string, string, number[]][] = [];
  if (lite.length > 0) built.push(['SQLite', file(0), lite]);
  if (pg.length > 0) built.push(['PostgreSQL', url(0), pg]);
  for (const [backend, location, times] of built) {
    const index = await openIndex(location, { create: false, readonly: true });
    try {
      const d = await index.describe();
      const q = await warmQueries(index, stories);
      rows.push({
        corpus: name,
        backend,
        buildMs: median(times),
        scanMs: scan.length > 0 ? median(scan) : undefined,
        paragraphs: d.paragraphs,
        bytes: backend === 'SQLite' ? fs.statSync(location).size : d.bytes,
        median: q.median,
        p95: q.p95,
        ...(backend === 'SQLite' && existing
          ? { existingMs: median(into), existingBase: await paragraphsIn(existing) }
          : {}),
      });
    } finally {
      await index.close();
    }
  }
  for (let r = 1; r < rounds; r++) fs.rmSync(file(r), { force: true });
  fs.rmSync(grown, { force: true });
  return rows;
}

/** Paragraphs an index holds. */
async function paragraphsIn(location: string): Promise<number> {
  const index = await openIndex(location, { create: false, readonly: true });
  try {
    return (await index.stats()).paragraphs;
  } finally {
    await index.close();
  }
}

/** A Reuters SQLite index to add the synthetic stories into (built once, untimed), if wanted. */
function existingIndex(dir: string): string | undefined {
  if (!INTO_EXISTING || !BACKENDS.includes('sqlite') || !fs.existsSync(REUTERS)) return undefined;
  const file = path.join(dir, 'existing-reuters.dupgraf.db');
  timed(['index', 'add', REUTERS, '--index', file, '--no-progress'], dir);
  return file;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-index-bench-'));
  const server = BACKENDS.includes('postgresql') ? startPostgres() : null;
  const stop = () => {
    server?.stop();
    if (process.env.DUPGRAF_BENCH_KEEP !== '1') fs.rmSync(dir, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => {
      stop();
      process.exit(130);
    });
  try {
    console.log(`machine: ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}`);
    const rows = WITH_REUTERS ? await measure('reuters', REUTERS, dir, server, ROUNDS) : [];
    if (SYNTHETIC) {
      const folder = path.resolve(SYNTHETIC, 'stories');
      rows.push(
        ...(await measure(
          'synthetic',
          folder,
          dir,
          server,
          SYNTHETIC_ROUNDS,
          PARAGRAPHS <= 2_000_000,
          existingIndex(dir),
        )),
      );
    } else if (PARAGRAPHS > 0) {
      const stories = Math.round(PARAGRAPHS / 9);
      const out = path.join(dir, 'synthetic');
      const t = performance.now();
      const g = spawnSync(
        process.execPath,
        [
          path.join(ROOT, 'bench/generate.mjs'),
          '--stories',
          String(stories),
          '--seed',
          '7',
          '--out',
          out,
          '--no-truth',
        ],
        { encoding: 'utf8' },
      );
      if (g.status !== 0) throw new Error(`generate.mjs failed: ${g.stderr}`);
      console.log(
        `synthetic: ${n(stories)} stories generated in ${seconds(performance.now() - t)}`,
      );
      rows.push(
        ...(await measure(
          'synthetic',
          path.join(out, 'stories'),
          dir,
          server,
          SYNTHETIC_ROUNDS,
          PARAGRAPHS <= 2_000_000,
          existingIndex(dir),
        )),
      );
    }
    console.log('');
    console.log(
      '| corpus | backend | paragraphs | build | paragraphs/s | add / scan | size | bytes/paragraph | check one story, warm: median | p95 |',
    );
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const r of rows) {
      console.log(
        `| ${r.corpus} | ${r.backend} | ${n(r.paragraphs)} | ${seconds(r.buildMs)} | ${n(r.paragraphs / (r.buildMs / 1000))} | ` +
          `${r.scanMs === undefined ? '-' : `${(r.buildMs / r.scanMs).toFixed(2)} (scan ${seconds(r.scanMs)})`} | ${(r.bytes / 1e6).toFixed(0)} MB | ` +
          `${n(r.bytes / r.paragraphs)} | ${r.median.toFixed(1)} ms | ${r.p95.toFixed(1)} ms |`,
      );
    }
    for (const r of rows.filter((r) => r.existingMs !== undefined)) {
      console.log(
        `\n${r.corpus}: added into an existing SQLite index (Reuters, ${n(r.existingBase!)} paragraphs) ` +
          `in ${seconds(r.existingMs!)}; a new index of the same stories ${seconds(r.buildMs)}: ` +
          `${(r.existingMs! / r.buildMs).toFixed(2)}x`,
      );
    }
    console.log('');
    console.log(JSON.stringify(rows));
    console.log(
      `load average at the end: ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    stop();
  }
}

await main();
