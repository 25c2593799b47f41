/**
 * How a plain-text file's paragraphs are found, block by block (src/engine/segment.ts): lines that
 * are paragraphs stay one paragraph each even with a blank line between two stories; hard-wrapped
 * wire copy with indented paragraph starts and no blank lines is joined into its paragraphs; a
 * word broken at a line end stays in its paragraph; blank-line-separated hard-wrapped prose is
 * read as before. Fixtures: tests/fixtures/paragraphs (original text).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { detect, segment } from '../../src/engine-api.js';
import { prepareTexts } from '../../src/engine/prepare.js';
import { readDocuments } from '../../src/index.js';
import { dupgraf } from '../helpers/check-cli.js';
import { REPO_ROOT, SEED } from '../helpers/paths.js';
import { describeNeeding } from '../helpers/requirements.js';

const DIR = path.join(REPO_ROOT, 'tests/fixtures/paragraphs');
const read = (name: string) => fs.readFileSync(path.join(DIR, name), 'utf8');
const lines = (text: string) => segment(text).map((p) => [p.line, p.endLine]);
const words = (text: string) => text.split(/\s+/).filter(Boolean).join(' ');

/** The groups a scan of these files finds: each as its occurrences' `file:line`. */
function groups(files: [string, string][]): string[][] {
  const documents = files.flatMap(([name, text]) => readDocuments(name, text).documents);
  return detect(documents).clusters.map((c) =>
    c.occurrences.map((o) => `${o.path}${o.record ? `#${o.record}` : ''}:${o.line}`),
  );
}

describe('one paragraph per line, with a blank line between two stories', () => {
  test('each line is a paragraph, as in the same file without the blank line', () => {
    expect(lines(read('stories-per-line-blank.txt'))).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
      [5, 5],
      [6, 6],
      [7, 7],
    ]);
    expect(lines(read('stories-per-line.txt'))).toHaveLength(6);
  });

  test('the two shared paragraphs are found with or without the blank line', () => {
    for (const name of ['stories-per-line-blank.txt', 'stories-per-line.txt']) {
      const { documents } = readDocuments(name, read(name));
      expect(documents.map((d) => d.paragraphs?.length ?? segment(d.text).length)).toEqual([3, 3]);
      expect(groups([[name, read(name)]])).toHaveLength(2);
    }
  });

  test('check --max-boilerplate-share 0.3 fails both layouts alike', () => {
    for (const name of ['stories-per-line-blank.txt', 'stories-per-line.txt']) {
      const r = dupgraf(['check', '--max-boilerplate-share', '0.3', name], DIR);
      expect([name, r.code]).toEqual([name, 1]);
    }
  });
});

describe('hard-wrapped copy', () => {
  test('indented paragraph starts, no blank lines: continuation lines join their paragraph', () => {
    const text = read('wire-indented.txt');
    const found = segment(text);
    expect(found.map((p) => [p.line, p.endLine])).toEqual([
      [1, 3],
      [4, 6],
      [7, 9],
    ]);
    expect(words(found[1].text)).toBe(
      'Inspectors said the cracks were small but had grown since the last survey, and that the ' +
        'bridge would need new steel plates before heavy traffic could return.',
    );
  });

  test('the indented wire copy shares its paragraphs with the same story one line each', () => {
    const found = groups([
      ['wire-indented.txt', read('wire-indented.txt')],
      ['stories-per-line.txt', read('stories-per-line.txt')],
    ]);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.arrayContaining(['wire-indented.txt:4', 'stories-per-line.txt#1:2']),
        expect.arrayContaining(['wire-indented.txt:7', 'stories-per-line.txt#1:3']),
      ]),
    );
  });

  test('blank-line-separated hard-wrapped prose: one paragraph per block, as before', () => {
    // Line 1 ends a sentence at the wrap column: still the same paragraph.
    expect(lines(read('wrapped-blank.txt'))).toEqual([
      [1, 3],
      [5, 7],
      [9, 9],
    ]);
  });

  test('a word broken at a hyphen at the end of a line stays in its paragraph', () => {
    const text = read('hyphen-broken.txt');
    expect(lines(text)).toEqual([[1, 2]]);
    const { documents } = readDocuments('hyphen-broken.txt', text);
    expect(documents).toHaveLength(1);
    expect(documents[0].metadata?.headline).toBeUndefined();
    expect(
      groups([
        ['hyphen-broken.txt', text],
        ['hyphen-whole.txt', read('hyphen-whole.txt')],
      ]),
    ).toEqual([['hyphen-broken.txt:1', 'hyphen-whole.txt:1']]);
  });

  test('the engine stage finds the same paragraphs as segment', () => {
    const names = fs.readdirSync(DIR).sort();
    const texts = names.map(read);
    const b = prepareTexts(texts, { shingleSize: 3, minWords: 8 });
    texts.forEach((text, d) => {
      const spans = segment(text);
      const got = [];
      for (let p = b.paragraphOffsets[d]; p < b.paragraphOffsets[d + 1]; p++)
        got.push([b.line[p], b.endLine[p], b.start[p], b.end[p]]);
      expect([names[d], got]).toEqual([
        names[d],
        spans.map((s) => [s.line, s.endLine, s.start, s.end]),
      ]);
    });
  });
});

describeNeeding(['seeds'], 'the defining example with a blank line before its second story', () => {
  test('still 12 paragraphs, one per line, and the same two groups', () => {
    const seed = fs.readFileSync(SEED, 'utf8').split('\n');
    seed.splice(6, 0, '');
    const text = seed.join('\n');
    const found = segment(text);
    expect(found).toHaveLength(12);
    expect(found.every((p) => p.line === p.endLine)).toBe(true);
    const report = detect([{ path: 'seed.txt', text }]);
    expect(report.clusters.map((c) => c.occurrences.map((o) => o.line))).toEqual(
      expect.arrayContaining([
        [5, 12],
        [6, 13],
      ]),
    );
    expect(report.clusters).toHaveLength(2);
  });
});
