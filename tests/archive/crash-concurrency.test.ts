/**
 * Crash safety and concurrent use of the archive index, with real processes: a writer killed
 * with SIGKILL in the middle of `index add`, and readers querying while a writer adds.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import Database from 'better-sqlite3';
import { indexableParagraphs } from '../../src/engine-api.js';
import { makeTemp, removeTemp } from '../helpers/archive.js';
import { BIN, CORPORA, REPO_ROOT } from '../helpers/paths.js';
import { mulberry32 } from '../helpers/random.js';
import { describeNeeding } from '../helpers/requirements.js';

let tmp: string;
beforeAll(() => {
  tmp = makeTemp();
});
afterAll(() => removeTemp(tmp));

function dupgraf(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: tmp,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Stories in the index, read by another connection; null while the file is not ready. */
function storiesIn(file: string): number | null {
  if (!fs.existsSync(file)) return null;
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    return db.prepare('SELECT count(*) FROM story').pluck().get() as number;
  } catch {
    return null;
  } finally {
    db?.close();
  }
}

describeNeeding(
  ['corpora'],
  'the archive index under crashes and concurrent use (Reuters-21578)',
  () => {
    const reuters = path.join(CORPORA, 'reuters21578');
    const names = fs
      .readdirSync(reuters)
      .filter((n) => n.endsWith('.txt'))
      .sort();

    describe('crash safety', () => {
      test('index add killed with SIGKILL mid-way: verify passes, a re-run completes with the right counts', async () => {
        const files = names.slice(0, 2000).map((n) => path.join(reuters, n));
        const index = path.join(tmp, 'crash.dupgraf.db');
        // An existing index (a new one is built aside and published whole: see the next test).
        const seed = path.join(reuters, names[2500]);
        expect(dupgraf(['index', 'add', seed, '--index', index]).code).toBe(0);
        const child = spawn(
          process.execPath,
          [BIN, 'index', 'add', ...files, '--index', index, '--batch-size', '100'],
          { cwd: tmp, stdio: 'ignore' },
        );
        const exited = new Promise<NodeJS.Signals | null>((resolve) =>
          child.on('exit', (_code, signal) => resolve(signal)),
        );
        let seen = 0;
        for (let i = 0; i < 1200 && seen < 301; i++) {
          await sleep(25);
          seen = storiesIn(index) ?? 0;
        }
        child.kill('SIGKILL');
        expect(await exited).toBe('SIGKILL');
        expect(fs.existsSync(`${index}-wal`)).toBe(true); // killed, not closed cleanly

        const verify = dupgraf(['index', 'verify', '--index', index]);
        expect(verify.stderr).toBe('');
        expect(verify.code).toBe(0);
        const kept = storiesIn(index)! - 1;
        expect(kept).toBeGreaterThanOrEqual(300);
        expect(kept).toBeLessThan(files.length); // it was killed mid-way
        expect(kept % 100).toBe(0); // whole batches only: before a batch or after it, never between

        const rerun = dupgraf(['index', 'add', ...files, '--index', index, '--batch-size', '100']);
        expect(rerun.code).toBe(0);
        expect(rerun.stdout).toMatch(
          new RegExp(
            `^added ${(files.length - kept).toLocaleString('en-US')}, updated 0, unchanged ${kept.toLocaleString('en-US')} `,
          ),
        );
        let paragraphs = 0;
        for (const f of files) {
          paragraphs += indexableParagraphs(fs.readFileSync(f, 'utf8'), {
            minWords: 8,
            shingleSize: 3,
          }).paragraphs.length;
        }
        const stats = JSON.parse(
          dupgraf(['index', 'stats', '--index', index, '--format', 'json']).stdout,
        );
        paragraphs += indexableParagraphs(fs.readFileSync(seed, 'utf8'), {
          minWords: 8,
          shingleSize: 3,
        }).paragraphs.length;
        expect(stats.stories).toBe(files.length + 1);
        expect(stats.paragraphs).toBe(paragraphs);
        expect(dupgraf(['index', 'verify', '--index', index]).code).toBe(0);
      });

      test('a new index killed while it is built: no index at all, and the next run builds it whole', async () => {
        const files = names.slice(6000, 8000).map((n) => path.join(reuters, n));
        const index = path.join(tmp, 'new-crash.dupgraf.db');
        const child = spawn(process.execPath, [BIN, 'index', 'add', ...files, '--index', index], {
          cwd: tmp,
          stdio: 'ignore',
        });
        const exited = new Promise<NodeJS.Signals | null>((resolve) =>
          child.on('exit', (_code, signal) => resolve(signal)),
        );
        const building = () =>
          fs.readdirSync(tmp).filter((n) => n.startsWith('new-crash.dupgraf.db.build-'));
        for (let i = 0; i < 2000 && building().length === 0; i++) await sleep(10);
        await sleep(300);
        child.kill('SIGKILL');
        expect(await exited).toBe('SIGKILL');
        expect(fs.existsSync(index)).toBe(false); // readers never see a half-built index
        expect(building().length).toBeGreaterThan(0); // its build file (and WAL)
        const r = dupgraf(['index', 'add', ...files, '--index', index]);
        expect(r.stderr).toBe('');
        expect(r.stdout).toMatch(/^added 2,000, updated 0, unchanged 0 /);
        expect(building()).toEqual([]); // the dead build's file is gone
        expect(dupgraf(['index', 'verify', '--index', index]).code).toBe(0);
      });
    });

    describe('concurrency', () => {
      test('two processes query while a third adds: no errors, no partial results', async () => {
        // A probe story of unique random paragraphs; copies of it are spread among real stories.
        const rnd = mulberry32(42);
        const sentence = () =>
          Array.from({ length: 20 }, () => `zq${Math.floor(rnd() * 1e6)}`).join(' ');
        const probe = Array.from({ length: 4 }, sentence).join('\n\n');
        const input = path.join(tmp, 'incoming');
        fs.mkdirSync(input);
        const copies = 30;
        names.slice(3000, 4200).forEach((n, i) => {
          fs.copyFileSync(path.join(reuters, n), path.join(input, n));
          if (i % 40 === 0) fs.writeFileSync(path.join(input, `${n}-copy.txt`), probe);
        });
        const index = path.join(tmp, 'shared.dupgraf.db');
        const seed = path.join(tmp, 'seed.txt');
        fs.copyFileSync(path.join(reuters, names[0]), seed);
        expect(dupgraf(['index', 'add', seed, '--index', index]).code).toBe(0);

        const stop = path.join(tmp, 'stop');
        const reader = path.join(tmp, 'reader.mjs');
        fs.writeFileSync(
          reader,
          `import fs from 'node:fs';
import { openSqliteIndex } from ${JSON.stringify(pathToFileURL(path.join(REPO_ROOT, 'dist/engine-api.js')).href)};
const [indexFile, stopFile, probeFile] = process.argv.slice(2);
const text = fs.readFileSync(probeFile, 'utf8');
const out = { queries: 0, errors: [], inconsistent: 0, decreasing: 0, counts: [] };
const index = openSqliteIndex(indexFile, { create: false, readonly: true });
let last = -1;
process.stdout.write('ready\\n');
for (let done = false; !done; ) {
  done = fs.existsSync(stopFile);
  try {
    const result = index.query({ path: 'probe.txt', text });
    const counts = result.paragraphs.map((p) => p.duplicates.length);
    out.queries++;
    if (counts.length !== 4 || new Set(counts).size !== 1) out.inconsistent++;
    if (counts[0] < last) out.decreasing++;
    if (counts[0] !== last) out.counts.push(counts[0]);
    last = counts[0];
  } catch (error) {
    out.errors.push(String(error));
  }
}
index.close();
process.stdout.write(JSON.stringify(out) + '\\n');
`,
        );
        const probeFile = path.join(tmp, 'probe.txt');
        fs.writeFileSync(probeFile, probe);
        const readers = [0, 1].map(() => {
          const child = spawn(process.execPath, [reader, index, stop, probeFile], { cwd: tmp });
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (d) => (stdout += d));
          child.stderr.on('data', (d) => (stderr += d));
          const done = new Promise<{ code: number | null; stdout: string; stderr: string }>(
            (resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })),
          );
          return {
            get stdout() {
              return stdout;
            },
            done,
          };
        });
        for (let i = 0; i < 400 && readers.some((r) => !r.stdout.includes('ready')); i++)
          await sleep(25);

        const writer = spawn(
          process.execPath,
          [BIN, 'index', 'add', input, '--index', index, '--batch-size', '20'],
          { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'] },
        );
        let writerErr = '';
        writer.stderr.on('data', (d) => (writerErr += d));
        const writerCode = await new Promise<number | null>((resolve) =>
          writer.on('exit', resolve),
        );
        fs.writeFileSync(stop, '');
        const results = await Promise.all(readers.map((r) => r.done));

        expect(writerErr).toBe('');
        expect(writerCode).toBe(0);
        const seen = new Set<number>();
        for (const r of results) {
          expect(r.stderr).toBe('');
          expect(r.code).toBe(0);
          const out = JSON.parse(r.stdout.split('\n')[1]);
          expect(out.errors).toEqual([]);
          expect(out.inconsistent).toBe(0);
          expect(out.decreasing).toBe(0);
          expect(out.queries).toBeGreaterThan(5);
          expect(out.counts.at(-1)).toBe(copies);
          for (const c of out.counts) seen.add(c);
        }
        // The readers really ran while the writer committed batches.
        expect(seen.size).toBeGreaterThanOrEqual(3);
      });
    });

    describe('two writers', () => {
      test('two index add processes at once both complete; the index holds both', async () => {
        const index = path.join(tmp, 'writers.dupgraf.db');
        expect(dupgraf(['index', 'add', path.join(reuters, names[0]), '--index', index]).code).toBe(
          0,
        );
        const sets = [names.slice(5000, 5400), names.slice(5400, 5800)].map((set) =>
          set.map((n) => path.join(reuters, n)),
        );
        const runs = sets.map(
          (files) =>
            new Promise<{ code: number | null; stderr: string }>((resolve) => {
              const child = spawn(
                process.execPath,
                [BIN, 'index', 'add', ...files, '--index', index, '--batch-size', '10'],
                { cwd: tmp, stdio: ['ignore', 'ignore', 'pipe'] },
              );
              let stderr = '';
              child.stderr.on('data', (d) => (stderr += d));
              child.on('exit', (code) => resolve({ code, stderr }));
            }),
        );
        for (const r of await Promise.all(runs)) expect(r).toEqual({ code: 0, stderr: '' });
        expect(storiesIn(index)).toBe(801);
        expect(dupgraf(['index', 'verify', '--index', index]).code).toBe(0);
      });
    });
  },
);
