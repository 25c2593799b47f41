/**
 * The API called from plain JavaScript with the wrong things: a UsageError that says what was
 * expected, never a TypeError from deep inside.
 */
import { expect, test } from '@jest/globals';
import { formatReport, scan, UsageError } from '../../src/index.js';
import type { Format } from '../../src/index.js';

const story = { path: 'a.txt', text: 'The council met on Tuesday to vote on the budget again.' };

test('scan() rejects inputs that are not paths or documents, and a bad jobs count', async () => {
  const wrong: Array<[unknown, object, RegExp]> = [
    ['corpus', {}, /expected an array of paths and documents \(got "corpus"\)/],
    [null, {}, /expected an array of paths and documents \(got null\)/],
    [[{ path: 'x.txt' }], {}, /input 0 is neither a path nor a document/],
    [[story, 42], {}, /input 1 is neither/],
    [[story], { jobs: 0 }, /jobs must be a whole number of at least 1 \(got 0\)/],
    [[story], { jobs: 1.5 }, /jobs must be a whole number/],
  ];
  for (const [inputs, options, message] of wrong) {
    const run = scan(inputs as Parameters<typeof scan>[0], options);
    await expect(run).rejects.toThrow(UsageError);
    await expect(run).rejects.toThrow(message);
  }
  expect((await scan([story], { jobs: 1 })).summary.documents).toBe(1);
});

test('formatReport() names the formats when given an unknown one', async () => {
  const report = await scan([story]);
  expect(() => formatReport(report, 'bogus' as Format)).toThrow(
    /unknown report format "bogus" \(expected one of text, json, markdown, csv, html\)/,
  );
});
