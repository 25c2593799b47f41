/** Types of bench/story-split.mjs (the measurement of `--stories auto`, see that file). */
import type { readDocuments } from '../src/index.js';

type Read = typeof readDocuments;

/** The shared corpora beside the clone. */
export const CORPORA: string;
/** A title in Title Case: every word capitalized but the small ones (the first one too). */
export function titleCase(title: string): string;
/** The rows of a metadata table (`meta/<corpus>.tsv`) that have a title. */
export function titledStories(corpus: string): { corpus: string; file: string; title: string }[];
/** Concatenated files: text and the 1-based lines where their stories start. */
export function concatenations(
  count: number,
  seed: number,
): { name: string; text: string; starts: number[] }[];
/** The 1-based lines where `read` starts each story of a file. */
export function storyLines(read: Read, name: string, text: string): number[];
/** Files of a folder cut into another number of stories than `expected(file)` (default 1). */
export function falseSplits(
  read: Read,
  folder: string,
  expected?: (file: string) => number,
): { files: number; found: { file: string; lines: number[] }[] };
/** Exact files among `count` concatenations. */
export function concatenationAccuracy(
  read: Read,
  count: number,
  seed: number,
): {
  exact: number;
  count: number;
  misses: { file: string; expected: number[]; got: number[]; text: string }[];
};
