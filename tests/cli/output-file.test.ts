/**
 * `--output FILE` (writeFileAtomic): a regular file is replaced by rename, a symbolic link is
 * written through, and a device or pipe is written in place, never replaced (`-o /dev/null` once
 * replaced the machine's /dev/null with the report). Missing folders are made. A report that
 * cannot be written to stdout exits 2.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@jest/globals';
import { writeFileAtomic } from '../../src/cli/output.js';
import { dupgraf } from '../helpers/cli.js';
import { BIN, REPO_ROOT } from '../helpers/paths.js';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-output-'));

test('a FIFO stays a FIFO and its reader gets the whole text', async () => {
  const dir = tempDir();
  const fifo = path.join(dir, 'report.pipe');
  expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
  const received = new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    fs.createReadStream(fifo)
      .on('data', (c) => chunks.push(c as Buffer))
      .on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
      .on('error', reject);
  });
  await writeFileAtomic(fifo, ['first ', 'second'], 'report.pipe');
  expect(await received).toBe('first second');
  expect(fs.lstatSync(fifo).isFIFO()).toBe(true);
  expect(fs.readdirSync(dir)).toEqual(['report.pipe']); // no temporary file left
});

test('a symbolic link is written through: the link stays, its file gets the report', () => {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, 'reports'));
  fs.writeFileSync(path.join(dir, 'reports/real.json'), 'old');
  fs.symlinkSync('reports/real.json', path.join(dir, 'latest.json'));
  const r = dupgraf(['scan', 'corpus/', '-f', 'json', '-o', path.join(dir, 'latest.json')]);
  expect(r.code).toBe(0);
  expect(fs.lstatSync(path.join(dir, 'latest.json')).isSymbolicLink()).toBe(true);
  const report = JSON.parse(fs.readFileSync(path.join(dir, 'reports/real.json'), 'utf8'));
  expect(report.schemaVersion).toBe(1);
  expect(fs.readdirSync(path.join(dir, 'reports'))).toEqual(['real.json']);
});

test('a regular file is replaced whole; a folder is a usage error (exit 2)', () => {
  const dir = tempDir();
  const file = path.join(dir, 'out.txt');
  fs.writeFileSync(file, 'x'.repeat(100_000));
  expect(dupgraf(['scan', 'corpus/', '-o', file]).code).toBe(0);
  expect(fs.readFileSync(file, 'utf8')).toMatch(/^Repeated paragraphs: 8 groups/);
  const r = dupgraf(['scan', 'corpus/', '-o', dir]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/cannot write the report to/);
});

test('missing folders are made; a link to nothing yet gets its file made, and stays a link', () => {
  const dir = tempDir();
  const deep = path.join(dir, 'reports/2026/11/scan.txt');
  expect(dupgraf(['scan', 'corpus/', '-o', deep]).code).toBe(0);
  expect(fs.readFileSync(deep, 'utf8')).toMatch(/^Repeated paragraphs: 8 groups/);
  fs.symlinkSync('later/real.txt', path.join(dir, 'latest.txt'));
  const r = dupgraf(['scan', 'corpus/', '-o', path.join(dir, 'latest.txt')]);
  expect(r.code).toBe(0);
  expect(fs.lstatSync(path.join(dir, 'latest.txt')).isSymbolicLink()).toBe(true);
  expect(fs.readFileSync(path.join(dir, 'later/real.txt'), 'utf8')).toMatch(/^Repeated/);
});

test('stdout that cannot be written (a full disk) exits 2, said once', () => {
  // /dev/full fails every write with ENOSPC; a JSON report is written in many chunks.
  for (const format of ['text', 'json']) {
    const full = fs.openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, [BIN, 'scan', 'corpus/', '-f', format], {
        cwd: REPO_ROOT,
        stdio: ['ignore', full, 'pipe'],
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
      });
      expect([format, r.status]).toEqual([format, 2]);
      expect(r.stderr).toBe('dupgraf: cannot write to stdout (ENOSPC)\n');
    } finally {
      fs.closeSync(full);
    }
  }
});
