/**
 * The API's contract as a JavaScript caller meets it: every error is a DupgrafError with a stable
 * `code`; options and documents are checked at run time (an unknown key gets a suggestion, never
 * silence); an AbortSignal cancels scan, check and index work; index builds report progress; a
 * Match carries the stored paragraph's text and position; the Corpus frees what it replaced and
 * leaves an unchanged story alone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  AbortedError,
  ConfigError,
  Corpus,
  discoverFiles,
  DupgrafError,
  IncompatibleIndexError,
  IndexFileError,
  InvalidBaselineError,
  InvalidOptionError,
  NoInputError,
  openIndex,
  scan,
  UsageError,
} from '../../src/index.js';
import {
  addFiles,
  detect,
  openSqliteIndex,
  parseBaseline,
  queryMany,
} from '../../src/engine-api.js';
import { GitError } from '../../src/check/changed-files.js';
import { makeTemp, removeTemp, sampleCorpus } from '../helpers/archive.js';
import { writeTree } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { randomDocuments } from '../helpers/random.js';

let tmp: string;
beforeAll(() => {
  tmp = makeTemp();
});
afterAll(() => removeTemp(tmp));

const story = { path: 'a.txt', text: 'The council met on Tuesday to vote on the budget again.' };

describe('errors', () => {
  test('every error class is a DupgrafError with a stable code', () => {
    const cases: [DupgrafError, string][] = [
      [new UsageError('x'), 'USAGE'],
      [new ConfigError('x'), 'CONFIG'],
      [new NoInputError('x'), 'NO_INPUT'],
      [new AbortedError(), 'ABORTED'],
      [new InvalidOptionError('threshold', 'a number', 2), 'INVALID_OPTION'],
      [new IndexFileError('x', 'INDEX_DAMAGED'), 'INDEX_DAMAGED'],
      [new IndexFileError('x', 'INDEX_DISK_FULL'), 'INDEX_DISK_FULL'],
      [new IncompatibleIndexError('x'), 'INDEX_INCOMPATIBLE'],
      [new IncompatibleIndexError('x', 'INDEX_NEWER'), 'INDEX_NEWER'],
      [new InvalidBaselineError('x'), 'BASELINE'],
      [new GitError('x'), 'GIT'],
    ];
    for (const [error, code] of cases) {
      expect(error).toBeInstanceOf(DupgrafError);
      expect(error).toBeInstanceOf(Error);
      expect({ name: error.name, code: error.code, exit: error.exitCode }).toEqual({
        name: error.constructor.name,
        code,
        exit: 2,
      });
    }
    expect(() => parseBaseline('not a baseline')).toThrow(
      expect.objectContaining({ code: 'BASELINE' }),
    );
  });
});

describe('options and documents are checked at run time', () => {
  test('an unknown option key is refused with a suggestion, everywhere', async () => {
    const typo = { treshold: 0.99 } as object;
    const expected = /unknown option "treshold" of (\w+); did you mean "threshold"\?/;
    expect(() => new Corpus(typo)).toThrow(expected);
    expect(() => detect([story], typo)).toThrow(expected);
    expect(() => queryMany([story], [story], typo as never)).toThrow(expected);
    await expect(scan([story], typo)).rejects.toThrow(expected);
    await expect(openIndex(path.join(tmp, 'x.db'), typo)).rejects.toThrow(expected);
    try {
      new Corpus(typo);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect((error as DupgrafError).code).toBe('UNKNOWN_OPTION');
    }
    await expect(scan([story], { signal: 'stop' } as never)).rejects.toThrow(
      /option "signal" must be an AbortSignal \(got "stop"\)/,
    );
    await expect(scan([story], { onProgress: 3 } as never)).rejects.toThrow(
      /option "onProgress" must be a function/,
    );
    expect(() => new Corpus({ threshold: 2 })).toThrow(
      /option "threshold" must be a number in \(0, 1\]/,
    );
    // openIndex's own options: values checked, the internal deferPostings not taken.
    const file = path.join(tmp, 'options.db');
    for (const [options, message] of [
      [
        { lockTimeoutMs: -1 },
        /option "lockTimeoutMs" must be a number in 0\.\.2147483647 \(got -1\)/,
      ],
      [{ connectTimeoutMs: 'soon' }, /option "connectTimeoutMs" must be a number in 0\./],
      [{ cacheMegabytes: 0 }, /option "cacheMegabytes" must be a number in 1\./],
      [{ create: 'yes' }, /option "create" must be true or false \(got "yes"\)/],
      [{ deferPostings: true }, /unknown option "deferPostings" of openIndex/],
    ] as const)
      await expect(openIndex(file, options as never)).rejects.toThrow(message);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(path.join(tmp, 'x.db'))).toBe(false);
  });

  test('a malformed document is a UsageError, not a TypeError', () => {
    const corpus = new Corpus();
    for (const bad of [
      { path: 'x' },
      null,
      { text: 'words' },
      { path: 'x', text: 'a', paragraphs: 3 },
    ])
      expect(() => corpus.add(bad as never)).toThrow(
        expect.objectContaining({ name: 'UsageError', code: 'INVALID_DOCUMENT' }),
      );
    expect(() => corpus.query({ path: 'x' } as never)).toThrow(
      /Corpus.query: its "text" must be a string/,
    );
  });
});

describe('AbortSignal', () => {
  test('scan: cancelled before, and while reading files on worker threads', async () => {
    const before = new AbortController();
    before.abort();
    await expect(scan(['corpus/'], { cwd: REPO_ROOT, signal: before.signal })).rejects.toThrow(
      AbortedError,
    );
    const docs = randomDocuments(3, 600, 400);
    const tree: Record<string, string> = {};
    for (const d of docs) tree[`many/${d.path}`] = d.text;
    writeTree(tmp, tree);
    const during = new AbortController();
    const run = scan(['many'], {
      cwd: tmp,
      jobs: 2,
      signal: during.signal,
      onProgress: (phase, done) => {
        if (phase === 'reading' && done > 0) during.abort();
      },
    });
    await expect(run).rejects.toThrow(expect.objectContaining({ code: 'ABORTED' }));
    // Nothing left behind: the same scan runs to the end afterwards.
    expect((await scan(['many'], { cwd: tmp, jobs: 2 })).summary.documents).toBe(600);
  });

  test('scan: cancelled in the engine (its progress reports are the stopping points)', async () => {
    const controller = new AbortController();
    const run = scan(sampleCorpus(), {
      signal: controller.signal,
      onProgress: (phase) => {
        if (phase === 'comparing') controller.abort();
      },
    });
    await expect(run).rejects.toThrow(AbortedError);
  });

  test('addFiles: progress per batch; cancelled between batches, the index keeps whole batches', async () => {
    const docs = randomDocuments(4, 120, 300);
    const tree: Record<string, string> = {};
    for (const d of docs) tree[`batches/${d.path}`] = d.text;
    writeTree(tmp, tree);
    const files = await discoverFiles(['batches'], { cwd: tmp });
    const index = openSqliteIndex(path.join(tmp, 'batches.dupgraf.db'));
    try {
      const seen: number[] = [];
      const controller = new AbortController();
      const run = addFiles(index, files, {
        batchSize: 10,
        jobs: 1,
        signal: controller.signal,
        onProgress: (phase, done, total) => {
          expect({ phase, total }).toEqual({ phase: 'indexing', total: 120 });
          seen.push(done);
          if (done === 30) controller.abort();
        },
      });
      await expect(run).rejects.toThrow(AbortedError);
      expect(seen).toEqual([0, 10, 20, 30]);
      expect(index.stats().stories).toBe(30);
      expect(index.verify()).toEqual([]);
      // Without the signal it completes, the first 30 unchanged.
      const done = await addFiles(index, files, { batchSize: 50 });
      expect(done).toMatchObject({ added: 90, unchanged: 30 });
    } finally {
      index.close();
    }
  });
});

describe('Match and Corpus', () => {
  test('a Match carries the stored paragraph’s text and position (Corpus and SQLite index)', () => {
    const stored = {
      path: 'old.txt',
      text: 'A first paragraph that nobody repeats, long enough to count here.\n\nThe same paragraph of eight or more words stands here, once again!',
    };
    const query = {
      path: 'new.txt',
      text: 'the same paragraph of eight or more words stands here once again',
    };
    const corpus = new Corpus();
    corpus.add(stored);
    const index = openSqliteIndex(path.join(tmp, 'match.dupgraf.db'));
    try {
      index.add(stored);
      for (const result of [corpus.query(query), index.query(query)]) {
        expect(result.paragraphs[0].duplicates).toEqual([
          expect.objectContaining({
            path: 'old.txt',
            line: 3,
            paragraph: 2,
            text: 'The same paragraph of eight or more words stands here, once again!',
            jaccard: 1,
          }),
        ]);
      }
      // The same words with other punctuation: each copy keeps its own text.
      index.add({ ...query, path: 'third.txt' });
      expect(index.query(query).paragraphs[0].duplicates.map((m) => m.text)).toEqual([
        'The same paragraph of eight or more words stands here, once again!',
        'the same paragraph of eight or more words stands here once again',
      ]);
    } finally {
      index.close();
    }
  });

  test('an unchanged story is not re-added; replaced paragraphs are freed (10,000 saves of one story)', () => {
    const documents = randomDocuments(21, 200, 500);
    const corpus = new Corpus();
    for (const d of documents) corpus.add(d);
    expect(corpus.add(documents[0])).toBe(false); // unchanged: a no-op
    const live = corpus.paragraphCount;
    const probe = documents[1];
    const before = corpus.query(probe);
    const story = documents[5];
    for (let i = 0; i < 10_000; i++)
      expect(
        corpus.add({
          path: story.path,
          text: `${story.text}\n\nEdit number ${i} of this story, saved again by its desk.`,
        }),
      ).toBe(true);
    corpus.add(story);
    expect(corpus.paragraphCount).toBe(live);
    // Freed, not only hidden: what is kept stays within twice the live paragraphs.
    const kept = (corpus as unknown as { stored: unknown[] }).stored.length;
    expect(kept).toBeLessThanOrEqual(2 * live + 1024);
    expect(corpus.query(probe)).toEqual(before);
    corpus.compact();
    expect((corpus as unknown as { stored: unknown[] }).stored.length).toBe(live);
    expect(corpus.query(probe)).toEqual(before);
  });
});
