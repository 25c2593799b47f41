import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import Database from 'better-sqlite3';
import { buildSqliteIndex } from '../../src/archive/sqlite-index.js';
import { loadLimits } from '../../src/archive/sqlite-postings.js';
import { TextKeys } from '../../src/archive/text-keys.js';
import { openSqliteIndex } from '../../src/engine-api.js';
import { makeTemp, removeTemp } from '../helpers/archive.js';
import { dupgraf } from '../helpers/cli.js';
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

  /**
   * Batches in which a story is replaced during the load: paragraphs of its own (no other story
   * holds them), so replacing the story removes its texts; they come back under another path.
   */
  const withReplacement = () => {
    const own = (n: number) =>
      [0, 1, 2]
        .map((k) => Array.from({ length: 14 }, (_, w) => `own${n}x${k}y${w}`).join(' '))
        .join('\n\n');
    const first = { path: 'own.txt', text: own(1) };
    const changed = { path: 'own.txt', text: own(2) };
    const again = { path: 'again.txt', text: own(1) };
    return [
      [first, ...archived.slice(0, 30)],
      [changed, ...archived.slice(30, 60)],
      [again, ...archived.slice(60)],
    ];
  };

  test('a story replaced during the load (texts removed): the load goes on with the key index', async () => {
    await compareBuilds('replaced', withReplacement(), probes);
  });

  test('a load past its memory limit: texts spilled to a file, postings in passes; the same texts and answers', async () => {
    const saved = { ...loadLimits };
    Object.assign(loadLimits, { memoryRows: 300, spillChunk: 64 });
    try {
      const batches = [archived.slice(0, 30), archived.slice(30, 60), archived.slice(60)];
      const { texts } = await compareBuilds('spilled', batches, probes);
      const shingles = texts.reduce((n: number, row) => n + (row as number[])[2], 0);
      // Several passes, and no spill file left beside the index.
      expect(shingles).toBeGreaterThan(3 * loadLimits.memoryRows);
      expect(fs.readdirSync(dir).filter((f) => f.includes('spilled-built'))).toEqual([
        'spilled-built.db',
      ]);
      // A story replaced after the texts were spilled: the end reads them from the index file.
      await compareBuilds('spilled-replaced', withReplacement(), probes);
    } finally {
      Object.assign(loadLimits, saved);
    }
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

describe('two paragraphs on one line (HTML or JSON on one line)', () => {
  const html =
    '<html><body><p>The council said on Tuesday that the ring road would stay closed for another week.</p>' +
    '<p>Officials said repairs to the bridge deck had taken longer than planned this month.</p></body></html>\n';
  const stored = (file: string) => {
    const db = new Database(file, { readonly: true });
    try {
      return {
        rows: db.prepare('SELECT line, position FROM paragraph ORDER BY story, position').all(),
        key: /PRIMARY KEY \(story, position\)/.test(
          db
            .prepare("SELECT sql FROM sqlite_master WHERE name = 'paragraph'")
            .pluck()
            .get() as string,
        ),
      };
    } finally {
      db.close();
    }
  };

  test('are both stored in a new index, and in one migrated from format 3 (keyed by line)', () => {
    const root = makeTemp();
    try {
      fs.mkdirSync(path.join(root, 'news'));
      fs.writeFileSync(path.join(root, 'news/a.html'), html);
      const fresh = path.join(root, 'new.db');
      expect(dupgraf(['index', 'add', 'news', '--index', fresh], { cwd: root }).code).toBe(0);
      expect(stored(fresh)).toEqual({
        rows: [
          { line: 1, position: 1 },
          { line: 1, position: 2 },
        ],
        key: true,
      });

      // An index of format 3: a story's paragraphs keyed by (story, line).
      const old = path.join(root, 'old.db');
      fs.writeFileSync(path.join(root, 'other.txt'), `${html.replace(/<[^>]+>/g, '\n')}`);
      expect(dupgraf(['index', 'add', 'other.txt', '--index', old], { cwd: root }).code).toBe(0);
      const db = new Database(old);
      db.exec(`CREATE TABLE p3 (story INTEGER NOT NULL, line INTEGER NOT NULL, end_line INTEGER NOT NULL,
        position INTEGER NOT NULL, words INTEGER NOT NULL, text INTEGER NOT NULL, body TEXT,
        PRIMARY KEY (story, line)) WITHOUT ROWID;
        INSERT INTO p3 SELECT * FROM paragraph; DROP TABLE paragraph; ALTER TABLE p3 RENAME TO paragraph;
        CREATE INDEX paragraph_text ON paragraph(text);`);
      db.prepare("UPDATE meta SET value = '3' WHERE key = 'format'").run();
      db.pragma('user_version = 3');
      db.close();
      expect(dupgraf(['index', 'add', 'news', '--index', old], { cwd: root }).stderr).toMatch(
        /has index format 3; this dupgraf uses format 4: run `dupgraf index migrate/,
      );
      const migrated = dupgraf(['index', 'migrate', '--index', old], { cwd: root });
      expect(migrated.stdout).toMatch(/migrated from version 3 to 4/);
      expect(dupgraf(['index', 'add', 'news', '--index', old], { cwd: root }).code).toBe(0);
      expect(stored(old).key).toBe(true);
      expect(stored(old).rows).toHaveLength(4);
      expect(dupgraf(['index', 'verify', '--index', old], { cwd: root }).code).toBe(0);
      // The copy in another story is found, paragraph by paragraph.
      fs.writeFileSync(path.join(root, 'copy.html'), html);
      const r = dupgraf(['check', 'copy.html', '--index', old, '-f', 'json'], { cwd: root });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/repairs to the bridge deck/);
    } finally {
      removeTemp(root);
    }
  });
});
