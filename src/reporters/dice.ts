/** Character-bigram similarity for reporters, beside the engine's word-shingle Jaccard. */

import stringSimilarity from 'string-similarity';
import { round4 } from '../engine/report.js';

/**
 * Dice coefficient of the two texts' character bigrams (string-similarity's `compareTwoStrings`,
 * white space ignored), 0..1 rounded to 4 decimals. Less strict than the word-shingle Jaccard: one
 * changed figure costs a few bigrams, not three shingles.
 */
export function diceScore(a: string, b: string): number {
  return round4(stringSimilarity.compareTwoStrings(a, b));
}
