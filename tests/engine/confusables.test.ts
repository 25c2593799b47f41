/**
 * The look-alike table is the one tools/generate-confusables.mjs writes from the Unicode
 * confusables data (refresh with `UPDATE_GOLDEN=1 npm test` or by running the script), and
 * maps the letters that disguise copy.
 */
import fs from 'node:fs';
import { expect, test } from '@jest/globals';
import { confusableLookAlike } from '../../src/engine/confusables.js';
// @ts-expect-error: a plain JavaScript tool, without type declarations.
import { confusablesModule, TARGET } from '../../tools/generate-confusables.mjs';

test('src/engine/confusables-data.ts is what the generator writes', () => {
  const text = (confusablesModule as () => string)();
  if (process.env.UPDATE_GOLDEN) fs.writeFileSync(TARGET as string, text);
  expect(fs.readFileSync(TARGET as string, 'utf8')).toBe(text);
});

test('look-alikes between Latin, Cyrillic and Greek', () => {
  const latin = /^\p{Script=Latin}$/u;
  const cyrillic = /^\p{Script=Cyrillic}$/u;
  for (const [c, l] of [
    ['о', 'o'],
    ['а', 'a'],
    ['е', 'e'],
    ['р', 'p'],
    ['с', 'c'],
    ['х', 'x'],
    ['у', 'y'],
    ['і', 'i'],
    ['ο', 'o'],
    ['α', 'a'],
  ])
    expect(confusableLookAlike(c, latin)).toBe(l);
  expect(confusableLookAlike('p', cyrillic)).toBe('р');
  expect(confusableLookAlike('o', cyrillic)).toBe('о');
  // No look-alike: none is invented; a letter of the script itself is not mapped.
  expect(confusableLookAlike('ж', latin)).toBeUndefined();
  expect(confusableLookAlike('o', latin)).toBeUndefined();
});
