/**
 * A large add into an EXISTING SQLite index (`addFiles` without `batchSize`): transactions sized
 * by shingles, the stored postings counted once for the prefixes. It must store what adding the
 * same files one story per transaction stores (texts, paragraphs, stories) and answer alike; a
 * transaction that fails midway leaves whole stories only, and a re-run completes.
 */

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import Database from 'better-sqlite3';
import { discoverFiles } from '../../src/index.js';
import { addFiles, openSqliteIndex } from '../../src/engine-api.js';
import type { FoundFile } from '../../src/sources/file-names.js';
import { makeTemp, removeTemp } from '../helpers/archive.js';
import { writeTree } from '../helpers/cli.js';
import { randomDocuments } from '../helpers/random.js';

let dir: string;
let base: FoundFile[];
let more: FoundFile[];
const docs = randomDocuments(57, 300, 200);
const probes = docs.slice(280);

beforeAll(async () => {
  dir = makeTemp();
  const tree: Record<string, string> = {};
  docs.slice(0, 40).forEach((d) => (tree[`base/${d.path}`] = d.text));
  docs.slice(40, 280).forEach((d) => (tree[`more/${d.path}`] = d.text));
  writeTree(dir, tree);
  base = await discoverFiles(['base'], { cwd: dir });
  more = await discoverFiles(['more'], { cwd: dir });
  // The existing index every case starts from.
  const index = openSqliteIndex(path.join(dir, 'base.db'));
  await addFiles(index, base, { jobs: 1 });
  index.close();
});
afterAll(() => removeTemp(dir));

/** A copy of the existing index under `name`. */
function copyOfBase(name: string): string {
  const file = path.join(dir, name);
  fs.copyFileSync(path.join(dir, 'base.db'), file);
  return file;
}

/** What an add stores apart from its postings' prefix flags and the times of the add. */
function stored(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  try {
    const rows = (sql: string) => db.prepare(sql).raw().all();
    return {
      texts: rows('SELECT id, key, size, hex(shingles), body, refs FROM text ORDER BY id'),
      paragraphs: rows('SELECT * FROM paragraph ORDER BY story, position'),
      stories: rows('SELECT id, path, hash, paragraphs, words, published FROM story ORDER BY id'),
      postings: rows('SELECT token, size, text FROM posting ORDER BY token, size, text'),
    };
  } finally {
    db.close();
  }
}

/** Adds `more` to a copy of the base index with these options; returns it and the progress seen. */
async function addMore(name: string, options: Parameters<typeof addFiles>[2]) {
  const file = copyOfBase(name);
  const index = openSqliteIndex(file);
  const seen: number[] = [];
  try {
    const done = await addFiles(index, more, {
      jobs: 1,
      ...options,
      onProgress: (_phase, files) => seen.push(files),
    });
    expect(done).toMatchObject({ added: 240, updated: 0, unchanged: 0 });
    expect(index.verify()).toEqual([]);
  } finally {
    index.close();
  }
  return { file, seen };
}

describe('index add into an existing SQLite index in large transactions', () => {
  test('stores what one story per transaction stores, and answers alike', async () => {
    const perStory = await addMore('per-story.db', { batchSize: 1 });
    const large = await addMore('large.db', {});
    const several = await addMore('several.db', { batchShingles: 3000 });
    expect(perStory.seen.length).toBe(241);
    // The store chose one transaction for the whole add (the index is small).
    expect(large.seen).toEqual([0, 240]);
    expect(several.seen.length).toBeGreaterThan(4);
    const expected = stored(perStory.file);
    // The random stories share paragraphs, also with the stories stored before.
    expect(expected.texts.length).toBeLessThan(expected.paragraphs.length);
    expect(stored(large.file)).toEqual(expected);
    expect(stored(several.file)).toEqual(expected);
    const answers = (file: string) => {
      const index = openSqliteIndex(file, { readonly: true });
      try {
        return probes.map((d) => index.query(d));
      } finally {
        index.close();
      }
    };
    const want = answers(perStory.file);
    const found = want.flatMap((r) =>
      r.paragraphs.flatMap((p) => [...p.duplicates, ...p.partials]),
    );
    expect(found.length).toBeGreaterThan(0);
    expect(answers(large.file)).toEqual(want);
    expect(answers(several.file)).toEqual(want);
  });

  test('a transaction failing midway leaves whole stories only; a re-run completes', async () => {
    const file = copyOfBase('failed.db');
    const stop = more[150].display;
    const db = new Database(file);
    db.exec(
      `CREATE TRIGGER stop_add BEFORE INSERT ON story WHEN NEW.path = '${stop}' ` +
        `BEGIN SELECT RAISE(ABORT, 'stopped in the middle of a transaction'); END`,
    );
    db.close();
    const seen: number[] = [];
    let kept = 0;
    const index = openSqliteIndex(file);
    try {
      await expect(
        addFiles(index, more, {
          jobs: 1,
          batchShingles: 3000,
          onProgress: (_phase, files) => seen.push(files),
        }),
      ).rejects.toThrow(/stopped in the middle/);
      kept = seen[seen.length - 1];
      // The failed transaction began before the story that stopped it: its first stories were
      // written, then rolled back with it.
      expect(kept).toBeGreaterThan(0);
      expect(kept).toBeLessThan(150);
      const paths = new Set(index.paths());
      expect(paths.size).toBe(40 + kept);
      for (const [i, f] of more.entries()) expect(paths.has(f.display)).toBe(i < kept);
      expect(index.verify()).toEqual([]);
    } finally {
      index.close();
    }
    const fix = new Database(file);
    fix.exec('DROP TRIGGER stop_add');
    fix.close();
    const again = openSqliteIndex(file);
    try {
      const done = await addFiles(again, more, { jobs: 1, batchShingles: 3000 });
      expect(done).toMatchObject({ added: 240 - kept, unchanged: kept });
      expect(again.verify()).toEqual([]);
    } finally {
      again.close();
    }
    expect(stored(file)).toEqual(stored(path.join(dir, 'per-story.db')));
  });
});
