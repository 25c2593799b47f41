import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import Database from 'better-sqlite3';
import { buildSqliteIndex } from '../../src/archive/sqlite-index.js';
import { TextKeys } from '../../src/archive/text-keys.js';
import { openSqliteIndex } from '../../src/engine-api.js';
import { makeTemp, removeTemp } from '../helpers/archive.js';
import { randomDocuments } from '../helpers/random.js';

let dir: string;
beforeAll(() => {
  dir = makeTemp();
});
afterAll(() => removeTemp(dir));

type Doc = { path: string; text: string };

/** The rows of the text and paragraph tables (what a load writes before its postings). */
function tables(file: string): { texts: unknown[]; paragraphs: unknown[]; keyIndex: boolean } {
  const db = new Database(file, { readonly: true });
  try {
    return {
      texts: db
        .prepare('SELECT id, key, size, hex(shingles), body, refs FROM text ORDER BY id')
        .raw()
        .all(),
      paragraphs: db.prepare('SELECT * FROM paragraph ORDER BY story, line').raw().all(),
      keyIndex:
        db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'text_key'").pluck().get() ===
        1,
    };
  } finally {
    db.close();
  }
}

/**
 * The same batches loaded into a new index two ways: built aside (`buildSqliteIndex`: texts found
 * by key in memory, postings written at the end) and added to an index the ordinary way; both
 * must hold the same texts and paragraphs and answer every probe alike.
 */
async function compareBuilds(name: string, batches: Doc[][], probes: Doc[]) {
  const built = path.join(dir, `${name}-built.db`);
  const plain = path.join(dir, `${name}-plain.db`);
  const { published } = await buildSqliteIndex(built, {}, async (index) => {
    for (const batch of batches) index.addMany(batch);
  });
  expect(published).toBe(true);
  const index = openSqliteIndex(plain);
  for (const batch of batches) index.addMany(batch);
  index.close();
  const a = tables(built);
  expect(a).toEqual(tables(plain));
  expect(a.keyIndex).toBe(true);
  const x = openSqliteIndex(built);
  const y = openSqliteIndex(plain);
  try {
    expect(x.verify()).toEqual([]);
    expect(probes.map((d) => x.query(d))).toEqual(probes.map((d) => y.query(d)));
  } finally {
    x.close();
    y.close();
  }
  return a;
}

describe('a new SQLite index built aside', () => {
  const docs = randomDocuments(23, 120);
  const [archived, probes] = [docs.slice(0, 90), docs.slice(90)];

  test('finds repeated texts by key in memory: the same texts, shared, and the same answers', async () => {
    const batches = [archived.slice(0, 30), archived.slice(30, 60), archived.slice(60)];
    const { texts, paragraphs } = await compareBuilds('shared', batches, probes);
    // The random stories repeat paragraphs word for word: some texts are shared.
    expect(texts.some((row) => (row as number[])[5] > 1)).toBe(true);
    expect(paragraphs.length).toBeGreaterThan(texts.length);
  });

  test('a story replaced during the load (texts removed): the load goes on with the key index', async () => {
    // Paragraphs of their own (no other story holds them), so replacing the story removes its
    // texts; they come back under another path after that.
    const own = (n: number) =>
      [0, 1, 2]
        .map((k) => Array.from({ length: 14 }, (_, w) => `own${n}x${k}y${w}`).join(' '))
        .join('\n\n');
    const first = { path: 'own.txt', text: own(1) };
    const changed = { path: 'own.txt', text: own(2) };
    const again = { path: 'again.txt', text: own(1) };
    const batches = [
      [first, ...archived.slice(0, 30)],
      [changed, ...archived.slice(30, 60)],
      [again, ...archived.slice(60)],
    ];
    await compareBuilds('replaced', batches, probes);
  });
});

describe('TextKeys', () => {
  test('names every id held under a key, with keys sharing their low 32 bits', () => {
    const keys = new TextKeys();
    expect(keys.add(5, 1)).toBe(true);
    expect(keys.add(5 + 3 * 0x100000000, 2)).toBe(true);
    expect(keys.add(6, 3)).toBe(true);
    expect(keys.idsOf(5).sort()).toEqual([1, 2]);
    expect(keys.idsOf(6)).toEqual([3]);
    expect(keys.idsOf(7)).toEqual([]);
    expect(keys.add(8, 0)).toBe(false);
    expect(keys.add(8, 2 ** 31)).toBe(false);
  });

  test('grows, keeps every id, and refuses more past its most slots', () => {
    const keys = new TextKeys(1 << 17);
    const key = (i: number) => (i % 7) * 0x100000000 + ((i * 2654435761) >>> 0);
    let id = 1;
    // Three quarters of 2^17 slots can be held; one more would need 2^18.
    let refused = 0;
    for (; id <= 98_304; id++) if (!keys.add(key(id), id)) refused++;
    expect(refused).toBe(0);
    expect(keys.add(key(id), id)).toBe(false);
    for (let i = 1; i <= 98_304; i += 97) expect(keys.idsOf(key(i))).toContain(i);
    expect(keys.idsOf(key(98_304))).toContain(98_304);
  });
});
