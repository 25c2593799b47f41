/**
 * Thai, Lao, Khmer and Myanmar are written without spaces between words: the general tokenizer
 * (tokenize-general.ts) gathers each run of their letters and marks, folded, and
 * {@link cutRun} cuts it into words with `Intl.Segmenter`, one token per word.
 */

import { SEGMENT_TOKEN, type TokenBuffers } from './token-buffers.js';

let segmenter: Intl.Segmenter | undefined;

/** A run of Thai/Lao/Khmer/Myanmar text as the tokenizer gathered it. */
export interface SegmentedRun {
  /** The run's folded text (dropped characters left out). */
  text: string;
  /**
   * For each code unit of `text`, the offset in the source of the character it comes from; one
   * more entry: the offset where the run ends.
   */
  at: number[];
  /** For each code unit of `text`, the script bit of that source character. */
  scripts: number[];
}

/**
 * Cuts `run` (found in `source`) into words with `Intl.Segmenter`, appending one
 * {@link SEGMENT_TOKEN} per word to `tokens` from token `count` on; returns the new token count.
 */
export function cutRun(
  tokens: TokenBuffers,
  source: string,
  run: SegmentedRun,
  count: number,
): number {
  const { at } = run;
  segmenter ??= new Intl.Segmenter('th', { granularity: 'word' });
  for (const part of segmenter.segment(run.text)) {
    if (!part.isWordLike) continue;
    if (count === tokens.hashes.length) tokens.grow();
    const end = part.index + part.segment.length;
    tokens.starts[count] = at[part.index];
    // The end of the segment's last character in the source.
    let last = at[end - 1];
    last += (source.codePointAt(last) ?? 0) > 0xffff ? 2 : 1;
    tokens.ends[count] = last;
    tokens.foldStart[count] = tokens.foldedLength;
    tokens.append(part.segment);
    tokens.foldEnd[count] = tokens.foldedLength;
    tokens.scripts[count] = run.scripts[part.index];
    tokens.kind[count] = SEGMENT_TOKEN;
    count++;
  }
  return count;
}
