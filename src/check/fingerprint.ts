/**
 * Stable fingerprints of findings, for baselines and SARIF `partialFingerprints`. They are derived
 * from content, never from line numbers: the story's path and the normalized words of the
 * paragraph and of the copied paragraph. Moving a paragraph, inserting lines above it or editing
 * other paragraphs leaves its fingerprint unchanged.
 *
 * The words are cut by the rules of normalization version 1 (see {@link contentKey}), frozen here,
 * so that baselines and approved registries written before the engine's tokenizer changed keep
 * matching: the engine's later folding (digits, look-alikes, numbers as one token) decides what
 * is a copy, not what a finding is called.
 */

import { createHash } from 'node:crypto';

/** Characters that neither split nor join words (version 1). */
const DROPPED = '\u00ad\u200b\u200c\u200d\u2060\ufeff';
/** Apostrophes and single quotes: inside a word they join it (version 1). */
const QUOTES = "'\u2018\u2019\u201a\u201b\u2032\u2035\u0060\u00b4\u02bc\u02b9";
const WORD_CHAR = /^[\p{L}\p{N}\p{M}]$/u;

/** The class of a character for the version-1 word cutter: 0 separator, 1 word, 2 quote, 3 dropped. */
function classOf(ch: string): number {
  if (DROPPED.includes(ch)) return 3;
  if (QUOTES.includes(ch)) return 2;
  return WORD_CHAR.test(ch) ? 1 : 0;
}

/**
 * Normalized word sequence of a text, joined by single spaces (the fingerprinted content), by
 * the rules of normalization version 1: NFKC; words are runs of letters, digits and marks (soft
 * hyphens and zero-width characters skipped, an apostrophe between two word characters joining
 * them and dropped); each word lower-cased.
 */
export function contentKey(text: string): string {
  const s = text.normalize('NFKC');
  const out: string[] = [];
  let word: string[] = [];
  const chars = [...s];
  for (let i = 0; i < chars.length; i++) {
    const cls = classOf(chars[i]);
    if (cls === 1) word.push(chars[i]);
    else if (cls === 3) continue;
    else if (cls === 2 && word.length > 0 && i + 1 < chars.length && classOf(chars[i + 1]) === 1)
      continue;
    else if (word.length > 0) {
      out.push(word.join('').toLowerCase());
      word = [];
    }
  }
  if (word.length > 0) out.push(word.join('').toLowerCase());
  return out.join(' ');
}

/** Fingerprint (16 hex digits) of a story's paragraph copying a source paragraph. */
export function findingFingerprint(storyPath: string, paragraph: string, source: string): string {
  return createHash('sha256')
    .update(`dupgraf-finding-v1\0${storyPath}\0${contentKey(paragraph)}\0${contentKey(source)}`)
    .digest('hex')
    .slice(0, 16);
}

/** Id (16 hex digits) of an approved text, from its normalized words. */
export function textId(text: string): string {
  return createHash('sha256')
    .update(`dupgraf-text-v1\0${contentKey(text)}`)
    .digest('hex')
    .slice(0, 16);
}
