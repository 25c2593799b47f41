/**
 * The scripts the tokenizer tells apart in a word (letters only): their ids (1-32, a bit each
 * in a token's script mask), the test of each, and those with look-alike letters in another
 * script (Unicode UTS #39 confusables, see confusables.ts).
 */

import { LOOK_ALIKE_SCRIPTS } from './confusables-data.js';

/** A letter (`\p{L}`). */
export const LETTER = /^\p{L}$/u;

/** Scripts told apart for mixed-script words (letters only), by their bit in a token's mask. */
export const SCRIPT_NAMES = [
  'Latin',
  'Cyrillic',
  'Greek',
  'Armenian',
  'Georgian',
  'Cherokee',
  'Coptic',
  'Hebrew',
  'Arabic',
  'Syriac',
  'Thaana',
  'Devanagari',
  'Bengali',
  'Gurmukhi',
  'Gujarati',
  'Oriya',
  'Tamil',
  'Telugu',
  'Kannada',
  'Malayalam',
  'Sinhala',
  'Thai',
  'Lao',
  'Khmer',
  'Myanmar',
  'Tibetan',
  'Ethiopic',
  'Mongolian',
  'Hangul',
  'Han',
  'Kana',
] as const;
/** Script id of letters of any other script (ids are 1-32: a token's scripts fit 32 bits). */
export const OTHER_SCRIPT = 32;
/** The test of each script of {@link SCRIPT_NAMES} (index: script id − 1). */
export const SCRIPT_TESTS = SCRIPT_NAMES.map((name) =>
  name === 'Kana'
    ? /^[\p{Script=Hiragana}\p{Script=Katakana}]$/u
    : new RegExp(`^\\p{Script=${name}}$`, 'u'),
);

/** The bit of script id `script` in a token's script mask (0 for no script). */
export function scriptBit(script: number): number {
  return script === 0 ? 0 : (1 << (script - 1)) >>> 0;
}

/** The script mask of the scripts with look-alike letters in another script. */
export const CONFUSABLE_SCRIPTS = LOOK_ALIKE_SCRIPTS.reduce(
  (mask, name) =>
    (mask | scriptBit(SCRIPT_NAMES.indexOf(name as (typeof SCRIPT_NAMES)[number]) + 1)) >>> 0,
  0,
);

/** Whether letters of script id `script` have look-alikes in another script. */
export function isLookAlikeScript(script: number): boolean {
  return (scriptBit(script) & CONFUSABLE_SCRIPTS) !== 0;
}
