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

/**
 * A text in more paragraphs than this, counting its near copies, names no candidate originals
 * (a standard closer in every story would make each story a candidate of every other).
 */
export const MAX_CANDIDATE_COPIES = 1000;

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
 * The re-sent stories among the documents (see the module comment): each re-send once, with the
 * earliest story it re-sends (by publication instant, `documentTime`; undated or same date: the
 * first in path order, as a group's origin is chosen), in document order of the re-sends.
 * `share` is the fraction of a story's words needed (default 0.8); `accept(story, original)`
 * (default: all) limits which stories may be a story's original (`--window`).
 *
 * Candidate originals are the stories sharing a paragraph of the re-send (the same text or a
 * near copy) whose text, with its near copies, is in at most {@link MAX_CANDIDATE_COPIES}
 * paragraphs (a standard closer in every story names none). Only some of those paragraphs are
 * looked at: an original shares one of any set of them whose words, left out, would leave fewer
 * than `share` of the story's words to share; the set is taken from the paragraphs naming the
 * fewest stories (a paragraph of this story alone names none). The candidates are then tried
 * from the earliest, and the first that qualifies is the original.
 */
export function findResends(
  input: ResendInput,
  share = RESEND_SHARE,
  accept: (story: number, original: number) => boolean = () => true,
): FoundResend[] {
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
    const candidates = candidateOriginals(input, lists, own, b, share * total).filter(
      (a) => before(input, a, b) && accept(b, a),
    );
    candidates.sort((x, y) => (earlier(input.documentTime, x, y) ? -1 : 1));
    for (const a of candidates) {
      const { matches, dupWords } = matchesIn(input, lists.near, lists.nearOffsets, own, a);
      // The later story re-sends the earlier one (and only when its own words qualify: an
      // earlier story mostly contained in a later, longer one is its original, updated).
      if (matches.length < 2 || dupWords < share * total) continue;
      found.push({
        story: b,
        original: a,
        paragraphs: matches.length,
        of: own.length,
        share: dupWords / total,
        matches,
      });
      break;
    }
  }
  return found;
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
 * Paragraphs holding text `n` or one of its near copies, counted up to just past
 * MAX_CANDIDATE_COPIES (the stories they name as candidate originals, at most).
 */
function copiesWithNear(
  { copyOffsets }: ResendInput,
  { nearOffsets, near }: { nearOffsets: Uint32Array; near: Uint32Array },
  n: number,
): number {
  let count = copyOffsets[n + 1] - copyOffsets[n];
  for (let k = nearOffsets[n]; k < nearOffsets[n + 1] && count <= MAX_CANDIDATE_COPIES; k++)
    count += copyOffsets[near[k] + 1] - copyOffsets[near[k]];
  return count;
}

/**
 * The documents that may be story `b`'s original (see {@link findResends}): those sharing one of
 * a set of its paragraphs (`own`) so large that the words outside it are fewer than `needed` (an
 * original sharing none of them could not qualify), taken from the paragraphs naming the fewest
 * stories; texts in more than MAX_CANDIDATE_COPIES paragraphs (with their near copies) name none
 * and do not count. In no particular order (the caller orders them by date).
 */
function candidateOriginals(
  input: ResendInput,
  lists: { nearOffsets: Uint32Array; near: Uint32Array },
  own: readonly number[],
  b: number,
  needed: number,
): number[] {
  const { copyOffsets, copies, paraDoc, node, words } = input;
  const { nearOffsets, near } = lists;
  const named = own.map((p) => copiesWithNear(input, lists, node[p]) - 1);
  const order = own
    .map((_, i) => i)
    .filter((i) => named[i] < MAX_CANDIDATE_COPIES)
    .sort((x, y) => named[x] - named[y] || words[own[y]] - words[own[x]] || x - y);
  const candidates = new Set<number>();
  let covered = 0;
  for (const i of order) {
    const n = node[own[i]];
    for (let k = nearOffsets[n] - 1; k < nearOffsets[n + 1]; k++) {
      const m = k < nearOffsets[n] ? n : near[k];
      for (let j = copyOffsets[m]; j < copyOffsets[m + 1]; j++) {
        const d = paraDoc[copies[j]];
        if (d !== b) candidates.add(d);
      }
    }
    covered += words[own[i]];
    if (input.documentWords[b] - covered < needed) break;
  }
  return [...candidates];
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
