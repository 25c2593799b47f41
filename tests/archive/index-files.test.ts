/** Foreign and damaged files given as --index: a clear error, exit 2, the file untouched. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import Database from 'better-sqlite3';
import { makeTemp, removeTemp } from '../helpers/archive.js';
import { dupgraf as runCli } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/paths.js';

const dupgraf = (args: string[], cwd = REPO_ROOT) => runCli(args, { cwd });

let tmp: string;
beforeAll(() => {
  tmp = makeTemp();
});
afterAll(() => removeTemp(tmp));

describe('foreign or damaged files given as --index: exit 2, file untouched', () => {
  const commands = (idx: string) => [
    ['index', 'add', 'corpus/port-strike', '--index', idx],
    ['index', 'remove', 'corpus/port-strike', '--index', idx],
    ['index', 'prune', '--older-than', '1d', '--index', idx],
    ['index', 'stats', '--index', idx],
    ['index', 'verify', '--index', idx],
    ['scan', 'corpus/port-strike', '--index', idx],
  ];

  function expectRefused(idx: string, message: RegExp, damaged = false) {
    const before = fs.readFileSync(idx);
    const siblings = fs.readdirSync(path.dirname(idx)).sort();
    for (const args of commands(idx)) {
      const r = dupgraf(args);
      if (damaged && args[1] === 'verify') {
        // Damage (INDEX_DAMAGED) is what `index verify` reports: a problem found, exit 1.
        expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 1, stderr: '' });
        expect(r.stdout).toMatch(/: 1 problem\(s\):\n {2}damaged: /);
      } else {
        expect({ args, code: r.code }).toEqual({ args, code: 2 });
        expect(r.stderr).toMatch(message);
      }
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(fs.readFileSync(idx).equals(before)).toBe(true);
    }
    expect(fs.readdirSync(path.dirname(idx)).sort()).toEqual(siblings);
  }

  test('a text file', () => {
    const dir = path.join(tmp, 'foreign-text');
    fs.mkdirSync(dir);
    const idx = path.join(dir, 'notes.db');
    fs.writeFileSync(idx, 'These are my notes, not an index.\n');
    expectRefused(idx, /not a dupgraf index \(not an SQLite database\); it was left untouched/);
  });

  test('an SQLite database of another application', () => {
    const dir = path.join(tmp, 'foreign-sqlite');
    fs.mkdirSync(dir);
    const idx = path.join(dir, 'app.db');
    const db = new Database(idx);
    db.exec("CREATE TABLE customers (name TEXT); INSERT INTO customers VALUES ('Ada');");
    db.close();
    expectRefused(idx, /an SQLite database but not a dupgraf index; it was left untouched/);
  });

  test('a damaged dupgraf index (header overwritten, or truncated)', () => {
    const dir = path.join(tmp, 'damaged');
    fs.mkdirSync(dir);
    const good = path.join(dir, 'good.db');
    expect(dupgraf(['index', 'add', 'corpus/', '--index', good]).code).toBe(0);
    const bytes = fs.readFileSync(good);
    const header = path.join(dir, 'header.db');
    const garbled = Buffer.from(bytes);
    garbled.fill(0xff, 16, 100);
    fs.writeFileSync(header, garbled);
    fs.rmSync(good);
    expectRefused(header, /damaged or not a dupgraf index/, true);
    const cut = path.join(dir, 'cut.db');
    fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    fs.rmSync(header);
    const before = fs.readFileSync(cut);
    for (const args of [
      ['index', 'stats', '--index', cut],
      ['scan', 'corpus/port-strike', '--index', cut],
    ]) {
      const r = dupgraf(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^dupgraf: .*cut\.db/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(fs.readFileSync(cut).equals(before)).toBe(true);
    }
  });
});
