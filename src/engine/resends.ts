/**
 * Re-sent stories: a story most of whose words (default 80%) are in paragraphs that duplicate
 * paragraphs of one other story is a re-send of it (the same story filed twice, common on the
 * wire). Found from the engine's links (exact copies and near duplicates), after the joins: the
 * pairs are the same as always. Pure.
 *
 * The earlier story (by publication date; undated or same date: the first in path order) is the
 * original. A re-send needs two or more paragraphs in common (a one-paragraph brief that copies a
 * standard paragraph is no re-send).
 */

import type { ChangedFact } from './changed-facts.js';

/** Default share of a story's words that must be in paragraphs duplicating one other story. */
export const RESEND_SHARE = 0.8;

/** Paragraphs of a story's largest ones looked at for candidate originals, at most. */
const MAX_CANDIDATE_COPIES = 1000;

/** What {@link findResends} needs of the engine's analysis. */
export interface ResendInput {
  paragraphCount: number;
  documents: number;
  /** Document of each paragraph. */
  paraDoc: Uint32Array;
  /** Node of each paragraph (−1: under min words). */
  node: Int32Array;
  nodeCount: number;
  copyOffsets: Uint32Array;
  copies: Uint32Array;
  /** Near-duplicate links between nodes. */
  duplicates: { a: number[]; b: number[] };
  /** Words of each paragraph. */
  words: ArrayLike<number>;
  /** Words of each document (all its paragraphs). */
  documentWords: ArrayLike<number>;
  /** Publication instant of each document (NaN when undated). */
  documentTime: Float64Array;
}

/** One story found to re-send another (indexes into the documents, in report order). */
export interface FoundResend {
  /** The re-send (the later story). */
  story: number;
  /** The story it re-sends. */
  original: number;
  /** Paragraphs of the re-send (with at least min words) that duplicate one of the original. */
  paragraphs: number;
  /** Paragraphs of the re-send with at least min words. */
  of: number;
  /** Words in those duplicating paragraphs / words in the re-send, 0..1. */
  share: number;
  /** Per duplicating paragraph of the re-send: the original's paragraph it matches best (an
   * exact copy when there is one), for changed facts. */
  matches: { paragraph: number; original: number; exact: boolean }[];
}

/** Whether document `x` comes before `y` in time (undated or same date: in path order). */
function before(input: ResendInput, x: number, y: number): boolean {
  const tx = input.documentTime[x];
  const ty = input.documentTime[y];
  if (!Number.isNaN(tx) && !Number.isNaN(ty) && tx !== ty) return tx < ty;
  return x < y;
}

/**
 * Near-duplicate neighbours of each node, in link order: `near[nearOffsets[n] ..
 * nearOffsets[n+1])` (flat arrays: no object per node).
 */
function nearLists(input: ResendInput): { nearOffsets: Uint32Array; near: Uint32Array } {
  const { nodeCount } = input;
  const { a: linkA, b: linkB } = input.duplicates;
  const nearOffsets = new Uint32Array(nodeCount + 1);
  for (let e = 0; e < linkA.length; e++) {
    nearOffsets[linkA[e] + 1]++;
    nearOffsets[linkB[e] + 1]++;
  }
  for (let n = 0; n < nodeCount; n++) nearOffsets[n + 1] += nearOffsets[n];
  const fill = nearOffsets.slice(0, nodeCount);
  const near = new Uint32Array(nearOffsets[nodeCount]);
  for (let e = 0; e < linkA.length; e++) {
    near[fill[linkA[e]]++] = linkB[e];
    near[fill[linkB[e]]++] = linkA[e];
  }
  return { nearOffsets, near };
}

/**
 * The first paragraph of document `d` holding node `n`, or −1: a binary search, as a node's
 * copies are in paragraph order and so in document order.
 */
function paragraphIn(input: ResendInput, n: number, d: number): number {
  const { copyOffsets, copies, paraDoc } = input;
  let lo = copyOffsets[n];
  let hi = copyOffsets[n + 1];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (paraDoc[copies[mid]] < d) lo = mid + 1;
    else hi = mid;
  }
  return lo < copyOffsets[n + 1] && paraDoc[copies[lo]] === d ? copies[lo] : -1;
}

/**
 * The paragraphs `own` of a story that document `a` holds (the same text, else a near copy),
 * and their words.
 */
function matchesIn(
  input: ResendInput,
  near: Uint32Array,
  nearOffsets: Uint32Array,
  own: readonly number[],
  a: number,
): { matches: FoundResend['matches']; dupWords: number } {
  const { node, words } = input;
  let dupWords = 0;
  const matches: FoundResend['matches'] = [];
  for (const p of own) {
    const n = node[p];
    let q = paragraphIn(input, n, a);
    let exact = q >= 0;
    for (let k = nearOffsets[n]; q < 0 && k < nearOffsets[n + 1]; k++) {
      q = paragraphIn(input, near[k], a);
      exact = false;
    }
    if (q >= 0) {
      dupWords += words[p];
      matches.push({ paragraph: p, original: q, exact });
    }
  }
  return { matches, dupWords };
}

/**
 * The re-sends among the documents (see the module comment), each pair once: by re-send, then
 * original, in document order. `share` is the fraction of a story's words needed (default 0.8).
 */
export function findResends(input: ResendInput, share = RESEND_SHARE): FoundResend[] {
  const { paraDoc, node } = input;
  const lists = nearLists(input);
  // Paragraphs of each document.
  const firstOf = new Uint32Array(input.documents + 1);
  for (let p = 0; p < input.paragraphCount; p++) firstOf[paraDoc[p] + 1]++;
  for (let d = 0; d < input.documents; d++) firstOf[d + 1] += firstOf[d];

  const found: FoundResend[] = [];
  const own: number[] = [];
  for (let b = 0; b < input.documents; b++) {
    const total = input.documentWords[b];
    if (total === 0) continue;
    own.length = 0;
    let shared = false;
    for (let p = firstOf[b]; p < firstOf[b + 1]; p++)
      if (node[p] >= 0) {
        own.push(p);
        if (!shared && !alone(input, lists, node[p])) shared = true;
      }
    // Every text of this story alone (the usual case): no candidate original.
    if (own.length < 2 || !shared) continue;
    for (const a of candidateOriginals(input, lists, own, b, (1 - share) * total)) {
      const { matches, dupWords } = matchesIn(input, lists.near, lists.nearOffsets, own, a);
      // The later story re-sends the earlier one (and only when its own words qualify: an
      // earlier story mostly contained in a later, longer one is its original, updated).
      if (matches.length < 2 || dupWords < share * total || !before(input, a, b)) continue;
      found.push({
        story: b,
        original: a,
        paragraphs: matches.length,
        of: own.length,
        share: dupWords / total,
        matches,
      });
    }
  }
  return found.sort((x, y) => x.story - y.story || x.original - y.original);
}

/**
 * Each re-sent story once, with the story it re-sends: of the originals found for it (`found`, as
 * {@link findResends} gives them), the earliest (by publication instant, `documentTime`, NaN when
 * undated; undated or same date: the first in path order), as a group's origin is chosen. In
 * re-send order.
 */
export function earliestOriginals<R extends { story: number; original: number }>(
  found: readonly R[],
  documentTime: Float64Array,
): R[] {
  const out: R[] = [];
  for (const r of found) {
    const last = out[out.length - 1];
    if (last === undefined || last.story !== r.story) out.push(r);
    else if (earlier(documentTime, r.original, last.original)) out[out.length - 1] = r;
  }
  return out;
}

/** Whether story `x` was published before `y` (undated or same date: `x` first in path order). */
function earlier(documentTime: Float64Array, x: number, y: number): boolean {
  const tx = documentTime[x];
  const ty = documentTime[y];
  if (!Number.isNaN(tx) && !Number.isNaN(ty) && tx !== ty) return tx < ty;
  if (Number.isNaN(tx) !== Number.isNaN(ty)) return !Number.isNaN(tx);
  return x < y;
}

/** Whether text `n` is of one story alone, with no near duplicate. */
function alone(
  { copyOffsets }: ResendInput,
  { nearOffsets }: { nearOffsets: Uint32Array },
  n: number,
): boolean {
  return copyOffsets[n + 1] - copyOffsets[n] === 1 && nearOffsets[n + 1] === nearOffsets[n];
}

/**
 * The documents that may be story `b`'s original: an original must share one of the largest of
 * its paragraphs (`own`) holding more than `missable` words (a fifth, 1 − share, of its words): it
 * can miss no more than that. Texts copied more than MAX_CANDIDATE_COPIES times name none.
 */
function candidateOriginals(
  input: ResendInput,
  lists: { nearOffsets: Uint32Array; near: Uint32Array },
  own: readonly number[],
  b: number,
  missable: number,
): Set<number> {
  const { copyOffsets, copies, paraDoc, node, words } = input;
  const { nearOffsets, near } = lists;
  const bySize = own.slice().sort((x, y) => words[y] - words[x] || x - y);
  const candidates = new Set<number>();
  let covered = 0;
  for (const p of bySize) {
    const n = node[p];
    if (!alone(input, lists, n)) {
      for (let k = nearOffsets[n] - 1; k < nearOffsets[n + 1]; k++) {
        const m = k < nearOffsets[n] ? n : near[k];
        if (copyOffsets[m + 1] - copyOffsets[m] > MAX_CANDIDATE_COPIES) continue;
        for (let i = copyOffsets[m]; i < copyOffsets[m + 1]; i++) {
          const d = paraDoc[copies[i]];
          if (d !== b) candidates.add(d);
        }
      }
    }
    covered += words[p];
    if (covered > missable) break;
  }
  return candidates;
}

/** The changed facts of a re-send: those of its near copies against the original's paragraphs. */
export function resendFacts(
  resend: FoundResend,
  facts: (original: number, copy: number) => ChangedFact[],
): ChangedFact[] {
  const out: ChangedFact[] = [];
  for (const m of resend.matches) if (!m.exact) out.push(...facts(m.original, m.paragraph));
  return out;
}
