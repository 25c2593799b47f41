/**
 * What the SQLite and PostgreSQL archive stores share about their stored texts: the limits of
 * the candidate search, shingle sets as stored (blobs of little-endian uint32, ascending) and
 * their checks, the key of a text, the choice of a query's rarest shingles, and the figures
 * `verify` and `describe` compare, and what an add does with a story already stored
 * (sqlite-index.ts explains the prefix/posting scheme).
 */

import { tokenize } from '../engine/normalize.js';
import { prefixLength } from '../engine/paragraph-index.js';
import { fingerprint } from '../engine/shingle.js';
import type { AddSummary } from './add-files.js';
import { damagedIndexError } from './index-errors.js';
import type { ArchivedParagraph } from './index-settings.js';

/** Postings counted per shingle when ranking a query's shingles by rarity: first pass. */
export const RARE = 8;
/** Postings counted per shingle when the first pass found too few rare shingles: second pass. */
export const FREQUENT = 256;
/** Stored postings counted per new shingle when choosing a new text's prefix. */
export const COUNT_AT_ADD = 64;

/** A location for classifying a match by counts alone. */
export const NOWHERE = { path: '', line: 0, endLine: 0, paragraph: 0, text: '' };

/** A stored shingle blob as a set (a copy: the blob's bytes need not be aligned). */
export function fromBlob(blob: Buffer): Uint32Array {
  const out = new Uint32Array(blob.length >>> 2);
  new Uint8Array(out.buffer).set(blob);
  return out;
}

/** Whether two shingle sets (both ascending) are the same set. */
export function sameSet(a: Uint32Array, b: Uint32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether `set` is what a stored text of `size` shingles must hold: `size` (≥ 1) shingles, strictly ascending. */
export function isSortedSet(set: Uint32Array, size: number): boolean {
  if (set.length !== size || size === 0) return false;
  for (let i = 1; i < set.length; i++) if (set[i - 1] >= set[i]) return false;
  return true;
}

/** The damaged-index error for stored text `id` of `file` whose shingles are not a sorted set. */
export function unsortedSetError(file: string, id: number): Error {
  return damagedIndexError(file, `the shingles of stored text ${id} are not a sorted set`);
}

/** The key a text is stored under: the fingerprint of its normalized words. */
export function textKey(text: string): number {
  return fingerprint(tokenize(text).hashes);
}

/**
 * A stored text's body, checked against its key (the fingerprint of its words); throws the
 * damaged-index error of `file` when it does not match.
 */
export function checkedBody(file: string, id: number, key: number, body: unknown): string {
  if (typeof body !== 'string' || textKey(body) !== key)
    throw damagedIndexError(file, `stored text ${id} does not match its fingerprint`);
  return body;
}

/**
 * A query's `take` rarest shingles (`signed`: the shingles as int32; `counts`: their stored
 * postings, counted up to a cap), fewest postings first, ties by value, leaving out those not
 * stored at all.
 */
export function rarestStored(
  signed: readonly number[],
  counts: readonly number[],
  take: number,
): number[] {
  const order = signed.map((_, i) => i);
  order.sort((a, b) => counts[a] - counts[b] || signed[a] - signed[b]);
  return order
    .slice(0, take)
    .filter((i) => counts[i] > 0)
    .map((i) => signed[i]);
}

/** Prefix postings an index should hold, from its texts counted by size (`n` texts of `size` shingles). */
export function expectedPrefixes(
  sizes: readonly { size: number; n: number }[],
  lowestThreshold: number,
): number {
  let total = 0;
  for (const { size, n } of sizes) total += n * prefixLength(size, lowestThreshold);
  return total;
}

/** What `verify` reports about the postings: one per shingle, and prefixes of the right length. */
export function postingProblems(
  postings: number,
  expected: number,
  prefixes: number,
  expectedPrefixRows: number,
): string[] {
  const problems: string[] = [];
  if (postings !== expected)
    problems.push(`${postings} postings stored, ${expected} expected (one per shingle)`);
  if (prefixes !== expectedPrefixRows)
    problems.push(`${prefixes} prefix postings stored, ${expectedPrefixRows} expected`);
  return problems;
}

/** Archived paragraphs in report order: by path (code-unit order), then by line. */
export function byPathThenLine(a: ArchivedParagraph, b: ArchivedParagraph): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line;
}

/** What an add does with a story: nothing, a new publication date, new paragraphs, or all. */
export type StoryChange = 'unchanged' | 'redate' | 'replace' | 'add';

/**
 * What an add does with `story` given the story stored under its path (`old`, if any), counted
 * in `summary`: the same text keeps its paragraphs and at most takes its new publication date
 * (an index migrated from an older format, another --date-from), written in place; another text
 * replaces the stored one; a new path is added.
 */
export function storyChange(
  old: { hash: string; published: string | null } | undefined,
  story: { hash: string; published?: string },
  summary: AddSummary,
): StoryChange {
  if (old && old.hash === story.hash) {
    if ((old.published ?? undefined) === story.published) {
      summary.unchanged++;
      return 'unchanged';
    }
    summary.updated++;
    return 'redate';
  }
  if (old) {
    summary.updated++;
    return 'replace';
  }
  summary.added++;
  return 'add';
}
