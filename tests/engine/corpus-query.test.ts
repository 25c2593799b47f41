import { describe, expect, test } from '@jest/globals';
import { Corpus } from '../../src/index.js';
import { detect, queryMany, resolveEngineOptions } from '../../src/engine-api.js';
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

describe('queryMany (the check: a few stories against an archive, streamed)', () => {
  test.each([
    [5, 0.7, 0.6],
    [6, 0.5, 0.4],
    [7, 0.9, 0.8],
  ])('seed %i, t=%f, c=%f: every answer equals Corpus.query', (seed, threshold, containment) => {
    const documents = randomDocuments(seed, 90);
    const options = resolveEngineOptions({ threshold, containment, minWords: 4 });
    const corpus = new Corpus(options);
    for (const d of documents) corpus.add(d);
    // Stories: some inside the archive (never matched with themselves), one outside it.
    const outside = { path: 'new.txt', text: documents[3].text + '\n\n' + documents[40].text };
    const stories = [documents[0], documents[17], documents[55], outside];
    const results = queryMany(stories, documents, options);
    let matches = 0;
    for (const story of stories) {
      const expected = corpus.query(story);
      expect(results.get(story.path)).toEqual(expected);
      for (const p of expected.paragraphs) matches += p.duplicates.length + p.partials.length;
    }
    expect(matches).toBeGreaterThan(5);
  });
});
