import { describe, expect, test } from '@jest/globals';
import { Corpus, detect } from '../../src/index.js';
import { randomDocuments } from '../helpers/random.js';

describe('Corpus (incremental)', () => {
  test('querying a document gives the same duplicate pairs and similarities as a full scan', () => {
    const documents = randomDocuments(21, 80);
    const [probe, ...rest] = documents;
    const corpus = new Corpus();
    for (const d of rest) corpus.add(d);
    const result = corpus.query(probe);

    const report = detect(documents, { pairs: true });
    const expected = report
      .pairs!.filter((p) => (p.a.path === probe.path) !== (p.b.path === probe.path))
      .map((p) => {
        const [mine, other] = p.a.path === probe.path ? [p.a, p.b] : [p.b, p.a];
        return `${mine.line}>${other.path}:${other.line}=${p.jaccard}`;
      })
      .sort();
    const found = result.paragraphs
      .flatMap((p) => p.duplicates.map((m) => `${p.line}>${m.path}:${m.line}=${m.jaccard}`))
      .sort();
    expect(found).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
  });

  test('a document is never matched against itself, and remove() forgets a document', () => {
    const text = 'The same paragraph of eight or more words stands here once again.';
    const corpus = new Corpus();
    corpus.add({ path: 'a.txt', text });
    expect(corpus.query({ path: 'a.txt', text }).paragraphs[0].duplicates).toEqual([]);
    expect(corpus.query({ path: 'b.txt', text }).paragraphs[0].duplicates).toHaveLength(1);
    expect(corpus.remove('a.txt')).toBe(true);
    expect(corpus.query({ path: 'b.txt', text }).paragraphs[0].duplicates).toEqual([]);
    expect(corpus.paragraphCount).toBe(0);
  });
});
