/**
 * `--stories auto` measured on real copy (the figures `npm run bench:stories` prints): no file of
 * corpus/, BBC News or Reuters-21578 is cut where it holds one story, and files concatenated from
 * 2-6 titled stories of both corpora are cut at exactly the title lines in at least 98% of cases.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@jest/globals';
import { readDocuments } from '../../src/index.js';
// The measurement itself lives with the benchmark script, so both report the same figures.
import * as m from '../../bench/story-split.mjs';
import { CORPORA, REPO_ROOT } from '../helpers/paths.js';
import { describeNeeding } from '../helpers/requirements.js';

/** A separator line as `auto` takes it (the same shapes as src/sources/stories.ts). */
const SEPARATOR =
  /^[ \t]*(?:-{3,}|\*{3,}|#{3,}|={3,}|_{3,}|\*(?:[ \t]+\*){2,}|-(?:[ \t]+-){2,}|\(END\)|ENDS|-30-)[ \t]*$/m;

test('corpus/: every file holds the stories corpus/README.md says (crosshead features one)', () => {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'corpus/README.md'), 'utf8');
  const stories = (file: string) => {
    const row = readme.split('\n').find((l) => l.startsWith(`| \`${file}\``));
    if (!row) throw new Error(`corpus/README.md does not list ${file}`);
    return Number(row.split('|').at(-2)!.trim());
  };
  const { files, found } = m.falseSplits(readDocuments, path.join(REPO_ROOT, 'corpus'), stories);
  expect(files).toBeGreaterThanOrEqual(16);
  expect(found).toEqual([]);
});

describeNeeding(['corpora'], 'real copy (../shared/corpora)', () => {
  test('BBC News: every one of the 2,225 files is one story', () => {
    const { files, found } = m.falseSplits(readDocuments, path.join(CORPORA, 'bbc'));
    expect(files).toBe(2225);
    expect(found).toEqual([]);
  });

  test('Reuters-21578: no file holding one story is cut', () => {
    const folder = path.join(CORPORA, 'reuters21578');
    const { files, found } = m.falseSplits(readDocuments, folder);
    expect(files).toBe(19779);
    // Files cut into several stories are news digests whose items stand between separator
    // lines (`---`, `----`, `- - - -`), cut at those lines, and two files that hold two stories
    // each: reut-10825 carries its own story twice, reut-09784 ends with a separate Bank of
    // England money-market item under its own dateline.
    const withSeparators = found.filter((f) =>
      SEPARATOR.test(fs.readFileSync(path.join(folder, f.file), 'utf8')),
    );
    for (const f of withSeparators) {
      const lines = fs.readFileSync(path.join(folder, f.file), 'utf8').split('\n');
      // Each story after the first starts after a separator line (and blank lines).
      for (const start of f.lines.slice(1)) {
        let l = start - 2;
        while (l >= 0 && lines[l].trim() === '') l--;
        expect(SEPARATOR.test(lines[l])).toBe(true);
      }
    }
    expect(found.filter((f) => !withSeparators.includes(f))).toEqual([
      { file: 'reut-09784.txt', lines: [1, 35] },
      { file: 'reut-10825.txt', lines: [1, 9] },
    ]);
  });

  test('400 concatenations of titled stories: at least 98% cut at exactly the title lines', () => {
    const { exact, count } = m.concatenationAccuracy(readDocuments, 400, 1);
    expect(count).toBe(400);
    expect(exact / count).toBeGreaterThanOrEqual(0.98);
  });
});
