/**
 * Worker threads change nothing in the output: scans with 1 and 2 threads give byte-identical
 * JSON, through the API and through the built CLI (`--jobs`), bad files included.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { formatReport, scan, type ScanTimings } from '../../src/index.js';
import { BIN } from '../helpers/paths.js';
import { randomDocuments, randomMultilingualDocuments } from '../helpers/random.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-jobs-'));
// 600 stories (enough for several chunks per worker) in nested folders, plus awkward files.
for (const [i, d] of randomDocuments(21, 600, 400).entries()) {
  const sub = path.join(dir, `batch${i % 7}`);
  fs.mkdirSync(sub, { recursive: true });
  fs.writeFileSync(path.join(sub, d.path), d.text);
}
// 100 stories in eight scripts (segmenter, per-character tokens, folding in the workers).
for (const d of randomMultilingualDocuments(22, 100)) {
  fs.mkdirSync(path.join(dir, 'multilingual'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'multilingual', d.path), d.text);
}
fs.writeFileSync(path.join(dir, 'binary.txt'), Buffer.from([0x41, 0x00, 0x42]));
fs.writeFileSync(
  path.join(dir, 'latin1.txt'),
  Buffer.from('caf\xe9 au lait '.repeat(10), 'latin1'),
);
fs.writeFileSync(path.join(dir, 'unicode.txt'), 'Pyongyang\u2019s \ufb01ne caf\u00e9 '.repeat(9));
// Encodings and bad input decoded (or refused) in the workers too.
const WIDE = 'The \u201cring road\u201d near the caf\u00e9 stays closed, the council said. '.repeat(
  5,
);
const le = Buffer.from(WIDE, 'utf16le');
fs.writeFileSync(path.join(dir, 'utf16le.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), le]));
fs.writeFileSync(
  path.join(dir, 'utf16be.txt'),
  Buffer.concat([Buffer.from([0xfe, 0xff]), le.swap16()]),
);
fs.writeFileSync(
  path.join(dir, 'cp1252.txt'),
  Buffer.concat([
    Buffer.from('The price rose '),
    Buffer.from([0x80, 0x93, 0x94]),
    Buffer.from(' again. '.repeat(9)),
  ]),
);
fs.writeFileSync(path.join(dir, 'scan.txt'), '%PDF-1.7\n' + 'stream '.repeat(20));
fs.writeFileSync(path.join(dir, 'huge.txt'), 'word '.repeat(40000));

/** The engine's warnings (the others are the reading warnings these tests are about). */
const ENGINE_WARNING = /--min-words|^mixed-script words/;

describe('worker threads', () => {
  test('scan() with 1 and 2 jobs gives byte-identical JSON', async () => {
    const timings: ScanTimings[] = [];
    const run = async (jobs: number) =>
      formatReport(
        await scan(['.'], {
          cwd: dir,
          jobs,
          pairs: true,
          threshold: 0.5,
          containment: 0.5,
          maxFileSize: 100_000,
          onTimings: (t) => timings.push(t),
        }),
        'json',
      );
    const single = await run(1);
    const multi = await run(2);
    expect(timings.map((t) => t.threads)).toEqual([1, 2]);
    expect(multi).toBe(single);
    const report = JSON.parse(single);
    expect(report.summary.documents).toBe(705);
    expect(report.clusters.length).toBeGreaterThan(50);
    // The reading warnings (not the engine's: no paragraph long enough, mixed-script words).
    const reading = (w: { message: string }) => !ENGINE_WARNING.test(w.message);
    expect(report.warnings.filter(reading)).toEqual([
      { path: 'binary.txt', message: 'skipped: binary file (NUL bytes)' },
      { path: 'cp1252.txt', message: 'not valid UTF-8; read as windows-1252 (detected)' },
      { path: 'huge.txt', message: 'skipped: 195 KiB, over --max-file-size (97.7 KiB)' },
      { path: 'latin1.txt', message: 'not valid UTF-8; read as ISO-8859-1 (detected)' },
      { path: 'scan.txt', message: 'skipped: binary file (PDF)' },
    ]);
    // UTF-16 LE and BE decode to the same text: one group of the two.
    const wide = report.clusters.find((c: { text: string }) => c.text.includes('ring road'));
    expect(wide.occurrences.map((o: { path: string }) => o.path)).toEqual([
      'utf16be.txt',
      'utf16le.txt',
    ]);
  });

  test('the CLI gives the same bytes with --jobs 1 and --jobs 2, and rejects --jobs 0', () => {
    const cli = (args: string[]) =>
      spawnSync(process.execPath, [BIN, 'scan', '.', '--format', 'json', '--pairs', ...args], {
        cwd: dir,
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
        env: { PATH: process.env.PATH, DUPGRAF_TIMINGS: '1' },
      });
    const one = cli(['--jobs', '1']);
    const two = cli(['--jobs', '2']);
    expect(one.status).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    // A forced encoding reaches the workers.
    const forcedOne = cli(['--jobs', '1', '--encoding', 'latin1', '--max-file-size', '100k']);
    const forcedTwo = cli(['--jobs', '2', '--encoding', 'latin1', '--max-file-size', '100k']);
    expect(forcedOne.status).toBe(0);
    expect(forcedTwo.stdout).toBe(forcedOne.stdout);
    expect(forcedOne.stdout).not.toBe(one.stdout);
    expect(
      JSON.parse(forcedOne.stdout)
        .warnings.filter(
          (w: { path: string; message: string }) =>
            !ENGINE_WARNING.test(w.message) && !w.path.startsWith('multilingual/'),
        )
        .map((w: { path: string }) => w.path),
    ).toEqual([
      'binary.txt',
      'huge.txt',
      'scan.txt',
      'utf16be.txt', // NUL bytes are binary in latin1
      'utf16le.txt',
    ]);
    expect(two.stderr).toMatch(/timings \{.*"threads":2/);
    // The text options reach the workers.
    const foldOne = cli(['--jobs', '1', '--fold-accents', '--include-tables']);
    const foldTwo = cli(['--jobs', '2', '--fold-accents', '--include-tables']);
    expect(foldOne.status).toBe(0);
    expect(foldTwo.stdout).toBe(foldOne.stdout);
    expect(foldOne.stdout).not.toBe(one.stdout);
    expect(JSON.parse(foldOne.stdout).settings).toMatchObject({
      foldAccents: true,
      includeTables: true,
    });
    const bad = cli(['--jobs', '0']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--jobs/);
  });
});
