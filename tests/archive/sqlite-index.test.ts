import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { Corpus, type QueryResult } from '../../src/index.js';
import { OverlayIndex, detect, openSqliteIndex } from '../../src/engine-api.js';
import { makeTemp, removeTemp, reutersSample, sampleCorpus } from '../helpers/archive.js';
import { testNeeding } from '../helpers/requirements.js';
import { randomDocuments } from '../helpers/random.js';

let dir: string;
beforeAll(() => {
  dir = makeTemp();
});
afterAll(() => removeTemp(dir));

/** Splits documents into two halves by alternating. */
function halves<T>(documents: T[]): [T[], T[]] {
  return [documents.filter((_, i) => i % 2 === 0), documents.filter((_, i) => i % 2 === 1)];
}

/** `line>path:line=jaccard` keys of every duplicate a query found. */
function duplicateKeys(results: QueryResult[]): string[] {
  return results
    .flatMap((r) =>
      r.paragraphs.flatMap((p) =>
        p.duplicates.map((m) => `${r.path}:${p.line}>${m.path}:${m.line}=${m.jaccard}`),
      ),
    )
    .sort();
}

function checkHalves(name: string, documents: { path: string; text: string }[], options = {}) {
  const [archived, probes] = halves(documents);
  const index = openSqliteIndex(path.join(dir, `${name}.dupgraf.db`), options);
  const corpus = new Corpus(options);
  try {
    index.addMany(archived);
    for (const d of archived) corpus.add(d);
    const fromIndex = probes.map((d) => index.query(d));
    // Exactly what the exhaustive in-memory corpus (ScanCount over full postings) answers.
    expect(fromIndex).toEqual(probes.map((d) => corpus.query(d)));
    // And exactly the full scan's pairs between a probe story and an archived one.
    const archivedPaths = new Set(archived.map((d) => d.path));
    const probePaths = new Set(probes.map((d) => d.path));
    const report = detect(documents, { ...options, pairs: true });
    const expected = report
      .pairs!.flatMap((p) => {
        if (probePaths.has(p.a.path) && archivedPaths.has(p.b.path)) return [[p.a, p.b, p.jaccard]];
        if (probePaths.has(p.b.path) && archivedPaths.has(p.a.path)) return [[p.b, p.a, p.jaccard]];
        return [];
      })
      .map(([x, y, j]) => {
        const a = x as { path: string; line: number };
        const b = y as { path: string; line: number };
        return `${a.path}:${a.line}>${b.path}:${b.line}=${j as number}`;
      })
      .sort();
    expect(duplicateKeys(fromIndex)).toEqual(expected);
    return {
      expected,
      partials: fromIndex.flatMap((r) => r.paragraphs.flatMap((p) => p.partials)),
    };
  } finally {
    index.close();
  }
}

describe('SQLite archive index: exact queries', () => {
  test('half of corpus/ archived, the other half queried: same findings as a full scan', () => {
    const { expected, partials } = checkHalves('corpus', sampleCorpus());
    expect(expected.length).toBeGreaterThan(5);
    expect(partials.length).toBeGreaterThan(0);
  });

  testNeeding(
    ['corpora'],
    'half of a Reuters sample archived, the other half queried: same findings',
    () => {
      const { expected, partials } = checkHalves('reuters', reutersSample(1, 3000, 1500));
      expect(expected.length).toBeGreaterThan(20);
      expect(partials.length).toBeGreaterThan(50);
    },
  );

  test.each([
    [0.5, 0.5],
    [0.7, 0.6],
    [0.9, 0.8],
    [0.6, 0.95],
  ])('random documents at threshold %p, containment %p', (threshold, containment) => {
    const documents = randomDocuments(7 + threshold * 10, 160);
    checkHalves(`random-${threshold}-${containment}`, documents, { threshold, containment });
  });
});

describe('SQLite archive index: updates', () => {
  test('after updates and removals the index still answers exactly like the in-memory corpus', () => {
    const documents = randomDocuments(99, 120);
    const index = openSqliteIndex(path.join(dir, 'updates.dupgraf.db'), {
      threshold: 0.6,
      containment: 0.5,
    });
    const corpus = new Corpus({ threshold: 0.6, containment: 0.5 });
    try {
      const [archived, probes] = halves(documents);
      expect(index.addMany(archived)).toEqual({
        added: archived.length,
        updated: 0,
        unchanged: 0,
        paragraphs: archived.reduce((n, d) => n + corpus.query(d).paragraphs.length, 0),
      });
      for (const d of archived) corpus.add(d);
      // Remove a third, change a third (texts swapped between stories), keep the rest.
      const removed = archived.filter((_, i) => i % 3 === 0).map((d) => d.path);
      expect(index.removeMany(removed)).toBe(removed.length);
      for (const p of removed) corpus.remove(p);
      const changed = archived
        .filter((_, i) => i % 3 === 1)
        .map((d, i, all) => ({ path: d.path, text: all[(i + 1) % all.length].text }));
      const summary = index.addMany([...changed, ...archived.filter((_, i) => i % 3 === 2)]);
      expect(summary.updated).toBe(
        changed.filter((c, i) => c.text !== archived.filter((_, k) => k % 3 === 1)[i].text).length,
      );
      expect(summary.unchanged).toBe(
        archived.filter((_, i) => i % 3 === 2).length + changed.length - summary.updated,
      );
      for (const d of changed) corpus.add(d);
      expect(index.remove('no/such/story.txt')).toBe(false);
      for (const d of probes) expect(index.query(d)).toEqual(corpus.query(d));
      expect(index.stats()).toEqual(corpus.stats());
      expect(index.verify()).toEqual([]);
      // Removing everything leaves no posting behind.
      index.removeMany(index.paths());
      expect(index.describe()).toMatchObject({
        stories: 0,
        paragraphs: 0,
        distinctParagraphs: 0,
        postings: 0,
      });
      expect(index.verify()).toEqual([]);
    } finally {
      index.close();
    }
  });

  test('prune removes stories dated before a time; a story is never matched against itself', () => {
    const index = openSqliteIndex(path.join(dir, 'prune.dupgraf.db'));
    try {
      const text = 'The same paragraph of eight or more words stands here once again.';
      index.addMany([
        { path: 'old.txt', text, date: Date.UTC(2020, 0, 1) },
        { path: 'new.txt', text, date: Date.UTC(2026, 0, 1) },
      ]);
      expect(
        index.query({ path: 'new.txt', text }).paragraphs[0].duplicates.map((m) => m.path),
      ).toEqual(['old.txt']);
      expect(index.prune(Date.UTC(2025, 0, 1))).toEqual(['old.txt']);
      expect(index.paths()).toEqual(['new.txt']);
      expect(index.query({ path: 'new.txt', text }).paragraphs[0].duplicates).toEqual([]);
      expect(index.query({ path: 'other.txt', text }).boilerplateShare).toBe(1);
      expect(index.paragraphText('new.txt', 1)).toBe(text);
      expect(index.paragraphText('new.txt', 2)).toBeUndefined();
    } finally {
      index.close();
    }
  });
});

describe('OverlayIndex: the archive on disk with stories in memory on top', () => {
  test('answers like one corpus holding both, the overlay replacing stories under the same path', () => {
    const documents = randomDocuments(5, 150);
    const archived = documents.slice(0, 100);
    const overlay = documents
      .slice(90, 140)
      .map((d, i) => (i < 10 ? { ...d, text: documents[140 + i].text } : d));
    const index = openSqliteIndex(path.join(dir, 'overlay.dupgraf.db'));
    try {
      index.addMany(archived);
      const top = new Corpus();
      for (const d of overlay) top.add(d);
      const both = new OverlayIndex(index, top, top.paths);
      const all = new Corpus();
      for (const d of archived) all.add(d);
      for (const d of overlay) all.add(d);
      for (const d of overlay) expect(both.query(d)).toEqual(all.query(d));
    } finally {
      index.close();
    }
  });
});
