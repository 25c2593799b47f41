/**
 * The longest run of words two paragraphs share: the passage a reader should see for partial reuse.
 */

import { tokenize } from './normalize.js';

/** Where the longest shared run of words lies in each paragraph (token indexes, 0-based). */
export interface SharedRun {
  /** First token of the run in A, 0-based. */
  startA: number;
  /** First token of the run in B, 0-based. */
  startB: number;
  /** Number of tokens in the run (0 when nothing is shared). */
  length: number;
}

/** Positions list longer than this for one word are skipped as anchors (keeps worst cases linear). */
const MAX_ANCHORS_PER_WORD = 2000;

/**
 * Finds the longest run of consecutive equal words in two token-hash sequences. Ties go to the
 * earliest run in A. Words repeated more than 2,000 times in B are not used as run starts.
 */
export function longestSharedRun(a: Uint32Array, b: Uint32Array): SharedRun {
  const positions = new Map<number, number[]>();
  for (let j = 0; j < b.length; j++) {
    const list = positions.get(b[j]);
    if (list === undefined) positions.set(b[j], [j]);
    else if (list.length <= MAX_ANCHORS_PER_WORD) list.push(j);
  }
  let best: SharedRun = { startA: 0, startB: 0, length: 0 };
  for (let i = 0; i < a.length; i++) {
    const list = positions.get(a[i]);
    if (list === undefined || list.length > MAX_ANCHORS_PER_WORD) continue;
    for (const j of list) {
      if (i > 0 && j > 0 && a[i - 1] === b[j - 1]) continue; // not the start of a run
      let len = 1;
      while (i + len < a.length && j + len < b.length && a[i + len] === b[j + len]) len++;
      if (len > best.length) best = { startA: i, startB: j, length: len };
    }
  }
  return best;
}

/**
 * The longest passage of words shared by two paragraph texts, as written in `textA` (after NFKC),
 * with its length in words. Empty when they share no word.
 */
export function sharedPassage(textA: string, textB: string): { text: string; words: number } {
  const ta = tokenize(textA);
  const tb = tokenize(textB);
  const run = longestSharedRun(ta.hashes, tb.hashes);
  if (run.length === 0) return { text: '', words: 0 };
  const text = ta.source
    .slice(ta.starts[run.startA], ta.ends[run.startA + run.length - 1])
    .replace(/\s+/g, ' ');
  return { text, words: run.length };
}
