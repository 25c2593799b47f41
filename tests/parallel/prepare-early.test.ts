/**
 * Prepare workers started before the files are found (a folder with many entries): used when
 * there are enough files, ended when there are not, and never left running when the scan fails
 * before reading (the CLI must exit).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { formatReport, scan, type ScanTimings } from '../../src/index.js';
import { spawnSync } from 'node:child_process';
import { BIN } from '../helpers/paths.js';
import { randomDocuments } from '../helpers/random.js';

function folder(files: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-early-'));
  for (const d of randomDocuments(11, files, 200)) fs.writeFileSync(path.join(dir, d.path), d.text);
  return dir;
}

describe('prepare workers started early', () => {
  test('many files: the started workers read them; the same report as one thread', async () => {
    const dir = folder(300);
    const timings: ScanTimings[] = [];
    const run = (jobs: number) =>
      scan(['.'], { cwd: dir, jobs, onTimings: (t) => timings.push(t) });
    const one = await run(1);
    const two = await run(2);
    expect(timings.map((t) => t.threads)).toEqual([1, 2]);
    expect(formatReport(two, 'json')).toBe(formatReport(one, 'json'));
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
});
