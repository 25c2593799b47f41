/**
 * Benchmark of the archive index (`npm run bench:index`): builds an index from all of
 * ../shared/corpora/reuters21578 plus synthetic stories up to at least 1,000,000 stored
 * paragraphs, then reports the build rate, bytes on disk per paragraph, and the latency of
 * checking one new story: median and p95 over 100 stories in a warm process, and a whole new
 * `dupgraf scan <story> --index` process.
 *
 * Synthetic stories come from a word-bigram chain trained on the Reuters text at run time (so
 * shingle frequencies look like newswire), and a fifth of their paragraphs reuse an earlier
 * paragraph with a few words edited. Nothing is written outside a temporary folder, which is
 * deleted at the end. Environment: DUPGRAF_BENCH_PARAGRAPHS (default 1000000),
 * DUPGRAF_BENCH_KEEP=1 keeps the folder.
 */

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSqliteIndex as openIndex, words, type ArchiveDocument } from '../src/index.js';
import { mulberry32 } from '../tests/helpers/random.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REUTERS = path.resolve(ROOT, '../shared/corpora/reuters21578');
const TARGET = Number(process.env.DUPGRAF_BENCH_PARAGRAPHS ?? 1_000_000);
const QUERIES = 100;
/** Stories per add transaction. */
const BATCH = 5000;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

const ms = (x: number) => `${x.toFixed(2)} ms`;

/** A bigram chain over the Reuters words: next word drawn in proportion to its frequency. */
class Chain {
  private readonly vocab: string[] = [];
  private readonly ids = new Map<string, number>();
  private readonly next: number[][] = [];
  private readonly starts: number[] = [];
  constructor(texts: string[]) {
    for (const text of texts) {
      for (const paragraph of text.split(/\n\s*\n/)) {
        const w = words(paragraph);
        if (w.length < 8) continue;
        let prev = this.id(w[0]);
        this.starts.push(prev);
        for (let i = 1; i < w.length; i++) {
          const id = this.id(w[i]);
          this.next[prev].push(id);
          prev = id;
        }
      }
    }
  }
  private id(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.vocab.length;
      this.ids.set(word, id);
      this.vocab.push(word);
      this.next.push([]);
    }
    return id;
  }
  paragraph(rnd: () => number, length: number): string[] {
    let w = this.starts[Math.floor(rnd() * this.starts.length)];
    const out = [this.vocab[w]];
    while (out.length < length) {
      const options = this.next[w];
      w =
        options.length > 0
          ? options[Math.floor(rnd() * options.length)]
          : this.starts[Math.floor(rnd() * this.starts.length)];
      out.push(this.vocab[w]);
    }
    return out;
  }
  word(rnd: () => number): string {
    return this.vocab[Math.floor(rnd() * this.vocab.length)];
  }
}

/** Synthetic stories: chain paragraphs, a fifth of them edited copies of earlier ones. */
function makeGenerator(chain: Chain, seed: number, pool: string[][]) {
  const rnd = mulberry32(seed);
  const paragraph = (): string[] => {
    if (pool.length > 0 && rnd() < 0.2) {
      const copy = [...pool[Math.floor(rnd() * pool.length)]];
      const edits = Math.floor(rnd() * 4);
      for (let e = 0; e < edits; e++) copy[Math.floor(rnd() * copy.length)] = chain.word(rnd);
      return copy;
    }
    const p = chain.paragraph(rnd, 12 + Math.floor(rnd() * 45));
    if (pool.length < 200_000) pool.push(p);
    else pool[Math.floor(rnd() * pool.length)] = p;
    return p;
  };
  return (paragraphs: number): string =>
    Array.from({ length: paragraphs }, () => paragraph().join(' ')).join('\n\n');
}

async function main() {
  const free = fs.statfsSync(os.tmpdir());
  const freeGb = (free.bavail * free.bsize) / 1e9;
  console.log(`free space in ${os.tmpdir()}: ${freeGb.toFixed(1)} GB`);
  if (freeGb < 4 * (TARGET / 1e6) + 1)
    throw new Error('not enough free space for the benchmark index');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-index-bench-'));
  const file = path.join(dir, 'archive.dupgraf.db');
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      fs.rmSync(dir, { recursive: true, force: true });
      process.exit(130);
    });
  }
  try {
    const names = fs
      .readdirSync(REUTERS)
      .filter((n) => n.endsWith('.txt'))
      .sort();
    const reuters: ArchiveDocument[] = names.map((n) => ({
      path: `reuters/${n}`,
      text: fs.readFileSync(path.join(REUTERS, n), 'utf8'),
      date: Date.UTC(1987, 2, 1),
    }));
    const chain = new Chain(reuters.map((d) => d.text));
    const pool: string[][] = [];
    const generate = makeGenerator(chain, 1, pool);

    const index = openIndex(file, { cacheMegabytes: 2048 });
    let paragraphs = 0;
    let stories = 0;
    const t0 = performance.now();
    for (let i = 0; i < reuters.length; i += BATCH) {
      paragraphs += index.addMany(reuters.slice(i, i + BATCH)).paragraphs;
    }
    stories += reuters.length;
    const reutersMs = performance.now() - t0;
    const reutersParagraphs = paragraphs;
    console.log(
      `reuters: ${reuters.length} stories, ${paragraphs} paragraphs in ${(reutersMs / 1000).toFixed(1)} s`,
    );
    let synthetic = 0;
    let lastReport = performance.now();
    while (paragraphs < TARGET) {
      const batch: ArchiveDocument[] = [];
      for (let i = 0; i < BATCH; i++) {
        batch.push({
          path: `synthetic/${String(synthetic++).padStart(7, '0')}.txt`,
          text: generate(4 + (synthetic % 9)),
        });
      }
      paragraphs += index.addMany(batch).paragraphs;
      stories += batch.length;
      if (performance.now() - lastReport > 15000) {
        lastReport = performance.now();
        const rate = paragraphs / ((lastReport - t0) / 1000);
        console.log(
          `  ${paragraphs} paragraphs, ${stories} stories, ${Math.round(rate)} paragraphs/s`,
        );
      }
    }
    const buildMs = performance.now() - t0;
    index.close(); // checkpoints the WAL into the file
    const bytes = fs.statSync(file).size;
    console.log(
      `built: ${stories} stories, ${paragraphs} paragraphs in ${(buildMs / 1000).toFixed(1)} s`,
    );

    // New stories to check: a mix of edited archive paragraphs and fresh ones.
    const probes = makeGenerator(chain, 2, pool);
    const rnd = mulberry32(3);
    const stories100: { path: string; text: string }[] = [];
    for (let i = 0; i < QUERIES + 20; i++) {
      let text = probes(8);
      if (i % 4 === 0) text += '\n\n' + reuters[Math.floor(rnd() * reuters.length)].text;
      stories100.push({ path: `new/${i}.txt`, text });
    }
    const reader = openIndex(file, { create: false, readonly: true });
    for (const s of stories100.slice(QUERIES)) reader.query(s); // warm-up
    const times: number[] = [];
    let found = 0;
    let queried = 0;
    for (const s of stories100.slice(0, QUERIES)) {
      const start = performance.now();
      const result = reader.query(s);
      times.push(performance.now() - start);
      queried += result.paragraphs.length;
      found += result.paragraphs.filter((p) => p.duplicates.length + p.partials.length > 0).length;
    }
    reader.close();
    times.sort((a, b) => a - b);

    // A whole new process: `dupgraf scan <one story> --index`.
    const storyFile = path.join(dir, 'story.txt');
    fs.writeFileSync(storyFile, stories100[0].text);
    // `dupgraf check story --index` when this build has `check`, else `scan story --index`.
    const hasCheck = spawnSync(process.execPath, [path.join(ROOT, 'bin/dupgraf'), '--help'], {
      encoding: 'utf8',
    }).stdout.includes('dupgraf check');
    const command = hasCheck ? 'check' : 'scan';
    const cold: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      const r = spawnSync(
        process.execPath,
        [path.join(ROOT, 'bin/dupgraf'), command, storyFile, '--index', file],
        { encoding: 'utf8' },
      );
      cold.push(performance.now() - start);
      if (r.status !== 0 && !(command === 'check' && r.status === 1))
        throw new Error(`dupgraf ${command} --index failed: ${r.stderr}`);
    }
    cold.sort((a, b) => a - b);
    const baseline: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      spawnSync(process.execPath, [path.join(ROOT, 'bin/dupgraf'), '--version']);
      baseline.push(performance.now() - start);
    }
    baseline.sort((a, b) => a - b);

    const result = {
      stories,
      paragraphs,
      reuters: {
        stories: reuters.length,
        paragraphs: reutersParagraphs,
        seconds: reutersMs / 1000,
      },
      buildSeconds: buildMs / 1000,
      paragraphsPerSecond: Math.round(paragraphs / (buildMs / 1000)),
      bytes,
      bytesPerParagraph: Math.round(bytes / paragraphs),
      warmQuery: {
        stories: QUERIES,
        paragraphsPerStory: queried / QUERIES,
        paragraphsWithFindings: found,
        medianMs: quantile(times, 0.5),
        p95Ms: quantile(times, 0.95),
        maxMs: times.at(-1),
      },
      coldProcess: {
        medianMs: quantile(cold, 0.5),
        dupgrafVersionMedianMs: quantile(baseline, 0.5),
      },
    };
    console.log('');
    console.log(`| measure | value |`);
    console.log(`| --- | --- |`);
    console.log(
      `| stored paragraphs | ${paragraphs.toLocaleString('en-US')} (${stories.toLocaleString('en-US')} stories) |`,
    );
    console.log(
      `| build rate | ${result.paragraphsPerSecond.toLocaleString('en-US')} paragraphs/s (${result.buildSeconds.toFixed(0)} s) |`,
    );
    console.log(
      `| size on disk | ${(bytes / 1e6).toFixed(0)} MB, ${result.bytesPerParagraph} bytes per paragraph |`,
    );
    console.log(
      `| check one story, warm (${QUERIES} stories, ${(queried / QUERIES).toFixed(1)} paragraphs each) | median ${ms(result.warmQuery.medianMs)}, p95 ${ms(result.warmQuery.p95Ms)}, max ${ms(result.warmQuery.maxMs!)} |`,
    );
    console.log(
      `| whole \`dupgraf ${command} story --index\` process | median ${ms(result.coldProcess.medianMs)} (\`dupgraf --version\`: ${ms(result.coldProcess.dupgrafVersionMedianMs)}) |`,
    );
    console.log('');
    console.log(JSON.stringify(result));
  } finally {
    if (process.env.DUPGRAF_BENCH_KEEP === '1') console.log(`kept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
