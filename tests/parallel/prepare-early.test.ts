/**
 * Prepare workers started before the files are found (a folder with many entries): used when
 * there are enough files, ended when there are not, and never left running when the scan fails
 * before reading (the CLI must exit). The started workers read files while the walk still finds
 * more: a guess, which must never change the result.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { formatReport, scan, type Report, type ScanTimings } from '../../src/index.js';
import {
  prepareFiles,
  prepareFilesAsFound,
  startPrepareWorkers,
  type PreparedFiles,
} from '../../src/parallel/prepare-files.js';
import type { FoundFile } from '../../src/sources/discover.js';
import { spawnSync } from 'node:child_process';
import { BIN } from '../helpers/paths.js';
import { randomDocuments } from '../helpers/random.js';

function folder(files: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-early-'));
  for (const d of randomDocuments(11, files, 200)) fs.writeFileSync(path.join(dir, d.path), d.text);
  return dir;
}

/**
 * Scans `dir` with one job, then two: checks that the second used two threads and gave the same
 * JSON; returns the first report.
 */
async function oneAndTwoJobs(dir: string): Promise<Report> {
  const timings: ScanTimings[] = [];
  const run = (jobs: number) => scan(['.'], { cwd: dir, jobs, onTimings: (t) => timings.push(t) });
  const one = await run(1);
  const two = await run(2);
  expect(timings.map((t) => t.threads)).toEqual([1, 2]);
  expect(formatReport(two, 'json')).toBe(formatReport(one, 'json'));
  return one;
}

describe('prepare workers started early', () => {
  test('many files: the started workers read them; the same report as one thread', async () => {
    await oneAndTwoJobs(folder(300));
  });

  test('a folder of many entries but few files: the workers are ended, one thread reads', async () => {
    const dir = folder(40);
    const timings: ScanTimings[] = [];
    const report = await scan(['.'], { cwd: dir, jobs: 2, onTimings: (t) => timings.push(t) });
    expect(timings[0].threads).toBe(1);
    expect(report.summary.documents).toBe(40);
  });

  test('the CLI exits when the scan fails after the workers started (no thread left running)', () => {
    const dir = folder(300);
    // A worker left running would keep the process alive: the time limit would then kill it.
    const r = spawnSync(process.execPath, [BIN, 'scan', '.', 'not-there'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no such file or directory: not-there/);
  });

  test('files read while the walk goes on: a nested ignore file and a linked folder change nothing', async () => {
    const dir = folder(300);
    // A folder whose own .gitignore drops most of its files: met during the walk, after some of
    // them may already be read.
    fs.mkdirSync(path.join(dir, 'wire'));
    for (const d of randomDocuments(12, 200, 200))
      fs.writeFileSync(path.join(dir, 'wire', d.path), d.text);
    fs.writeFileSync(path.join(dir, 'wire', '.gitignore'), 'doc-1*.txt\n');
    // Files only reached through a link to a folder outside.
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-early-out-'));
    for (const d of randomDocuments(13, 150, 200))
      fs.writeFileSync(path.join(outside, d.path), d.text);
    fs.symlinkSync(outside, path.join(dir, 'linked'));
    try {
      const one = await oneAndTwoJobs(dir);
      const paths = new Set(one.documents.map((d) => d.path));
      expect([...paths].some((p) => p.startsWith('linked/'))).toBe(true);
      expect([...paths].some((p) => p.startsWith('wire/doc-1'))).toBe(false);
      expect([...paths].some((p) => p.startsWith('wire/'))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  test('a wrong guess: guessed files left out are dropped, files not guessed are read', async () => {
    await withFiles(400, async (all) => {
      // Guessed: the first 300 (enough for the workers). Found: the last 300.
      const final = all.slice(100);
      const streamed = await asFound(async (onFile) => {
        all.slice(0, 300).forEach(onFile);
        await new Promise((resolve) => setTimeout(resolve, 20));
        return final;
      });
      expect(streamed.files).toBe(final);
      expect(streamed.prepared.threads).toBe(2);
      const alone = await prepareFiles(final, OPTIONS, 1);
      expect(documentsOf(streamed.prepared)).toEqual(documentsOf(alone));
      expect(documentsOf(alone)).toHaveLength(300);
    });
  });

  test('a worker that failed during the walk, before any file went out: its error comes through', async () => {
    await withFiles(300, async (files) => {
      const started = startPrepareWorkers(OPTIONS, 2);
      const found = async (onFile: (file: FoundFile) => void) => {
        // As the workers' own error listener records a failure.
        started[1].error = new Error('worker failed');
        files.forEach(onFile);
        return files;
      };
      await expect(asFound(found, started)).rejects.toThrow('worker failed');
    });
  });

  test('the walk fails after files went to the workers: the failure comes through', async () => {
    await withFiles(300, async (files) => {
      const found = async (onFile: (file: FoundFile) => void): Promise<FoundFile[]> => {
        files.forEach(onFile);
        throw new Error('walk failed');
      };
      await expect(asFound(found)).rejects.toThrow('walk failed');
    });
  });
});

const OPTIONS = { shingleSize: 3, minWords: 8 };

/** Runs `body` on a new folder of `count` files (sorted), then removes the folder. */
async function withFiles(count: number, body: (files: FoundFile[]) => Promise<void>) {
  const dir = folder(count);
  try {
    const files = fs
      .readdirSync(dir)
      .sort()
      .map((name) => ({ absolute: path.join(dir, name), display: name }));
    await body(files);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** {@link prepareFilesAsFound} with two started workers (new ones unless given). */
function asFound(
  find: Parameters<typeof prepareFilesAsFound>[0],
  started = startPrepareWorkers(OPTIONS, 2),
) {
  return prepareFilesAsFound(find, OPTIONS, 2, undefined, started);
}

/** Per file: its warnings and each of its documents' paragraphs (words and shingles). */
function documentsOf(prepared: PreparedFiles): unknown[] {
  return prepared.places.map((place, i) => {
    if (place === null) return { warnings: prepared.warnings[i] };
    const [c, first, count] = place;
    const b = prepared.batches[c];
    const docs = [];
    for (let d = first; d < first + count; d++) {
      const paragraphs = [];
      for (let p = b.paragraphOffsets[d]; p < b.paragraphOffsets[d + 1]; p++)
        paragraphs.push([
          b.words[p],
          [...b.shingles.subarray(b.shingleOffsets[p], b.shingleOffsets[p + 1])],
        ]);
      docs.push(paragraphs);
    }
    return { warnings: prepared.warnings[i], docs };
  });
}
