/**
 * The prefix index of the containment join: each set's smallest ranks (its prefix, enough that a
 * pair sharing `containment` of the smaller set shares one of them), as postings per rank in the
 * sets' processing order. Built in two parts ({@link indexCountPart}, {@link indexFillPart}) that
 * a runner's thread can share.
 */

import type { KernelRunner } from '../parallel.js';
import { ceilSafe } from '../similarity.js';
import { inParts } from './parts.js';
import type { Alloc } from './sets.js';

/** What every part of `containmentSelfJoin` reads: the sets, their order, the bound. */
export interface JoinSets {
  offsets: Uint32Array;
  tokens: Uint32Array;
  /** Full size of each set. */
  sizes: Uint32Array;
  /** Set ids in processing order ((size, id) ascending). */
  order: Uint32Array;
  /** Ranks below this are not indexed (shingles of one set). */
  base: number;
  containment: number;
}

/**
 * How many of the smallest tokens of a set of `size` tokens `containmentSelfJoin` indexes:
 * `size − ⌈containment · size⌉ + 1`. A pair sharing at least `containment · size` of the set's
 * tokens shares one of these (pigeonhole).
 */
export function containmentPrefix(size: number, containment: number): number {
  return size - ceilSafe(containment * size) + 1;
}

/**
 * The postings of the prefix index: those of rank r (+ base) are
 * `ords/positions[start[r] .. start[r + 1])`, ascending processing position (`ords`), with the
 * position of the token in its whole set (`positions`).
 */
export interface PrefixPostings {
  /** Length: indexed ranks + 1. */
  start: Uint32Array;
  ords: Uint32Array;
  positions: Uint32Array;
}

/**
 * Every set's prefix, in processing order: the postings of a rank are ascending by `order`
 * position, so a set probing sees exactly the sets before it by stopping at its own position.
 * With a runner, built in two halves of the order (about equal prefix tokens), one per thread:
 * each counts its postings per rank ({@link indexCountPart}), and fills them after the first
 * half's ({@link indexFillPart}).
 */
export function buildPrefixIndex(
  sets: JoinSets,
  ranks: number,
  runner: KernelRunner | undefined,
  alloc: Alloc,
): PrefixPostings {
  const { sizes, order, containment } = sets;
  const count = order.length;
  const job = (from: number, to: number): IndexPartJob => ({ ...sets, ranks, from, to });
  const halves: IndexPartJob[] = [job(0, count)];
  if (runner !== undefined) {
    let prefixTokens = 0;
    for (let x = 0; x < count; x++) prefixTokens += containmentPrefix(sizes[x], containment);
    let mid = 0;
    for (let n = 0; mid < count && 2 * n < prefixTokens; mid++)
      n += containmentPrefix(sizes[order[mid]], containment);
    halves.splice(0, 1, job(0, mid), job(mid, count));
  }
  const counts = inParts(runner, 'indexCountPart', halves, indexCountPart).map((h) => h.counts);
  // start[r] .. start[r + 1]: the postings of rank r (+ base); the halves' fills begin at start
  // and at start + the first half's count.
  const start = alloc(ranks + 1);
  const fills = counts.map(() => alloc(ranks));
  for (let r = 0, at = 0; r < ranks; r++) {
    start[r] = at;
    for (let h = 0; h < counts.length; h++) {
      fills[h][r] = at;
      at += counts[h][r];
    }
    start[r + 1] = at;
  }
  const ords = alloc(start[ranks]);
  const positions = alloc(start[ranks]);
  inParts(
    runner,
    'indexFillPart',
    halves.map((h, i): IndexFillJob => ({ ...h, fill: fills[i], ords, positions })),
    indexFillPart,
  );
  return { start, ords, positions };
}

/** One part of `containmentSelfJoin`'s prefix index: processing positions `[from, to)`. */
export interface IndexPartJob extends JoinSets {
  /** Number of indexed ranks (ranks − base). */
  ranks: number;
  from: number;
  to: number;
}

/**
 * The indexed stretch of set `x`: its stored tokens `tokens[from .. to)`, the first at position
 * `lead` of the whole set (see SetCollection.sizes); tokens below `base` in it are not indexed.
 */
function indexedRange(job: IndexPartJob, x: number): { from: number; to: number; lead: number } {
  const { offsets, sizes, containment } = job;
  const from = offsets[x];
  const stored = offsets[x + 1] - from;
  const lead = sizes[x] - stored;
  const indexed = Math.min(stored, containmentPrefix(sizes[x], containment) - lead);
  return { from, to: from + Math.max(0, indexed), lead };
}

/** How many postings each rank (− base) gets from the part's sets. */
export function indexCountPart(job: IndexPartJob): { counts: Uint32Array } {
  const { tokens, base, order } = job;
  const counts = new Uint32Array(job.ranks);
  for (let o = job.from; o < job.to; o++) {
    const { from, to } = indexedRange(job, order[o]);
    for (let i = from; i < to; i++) if (tokens[i] >= base) counts[tokens[i] - base]++;
  }
  return { counts };
}

/** {@link indexCountPart}'s part, with where its postings of each rank go and the postings. */
export interface IndexFillJob extends IndexPartJob {
  /** Per rank (− base): where the part's first posting goes. */
  fill: Uint32Array;
  /** The postings: processing position of the set, and position of the token in it. */
  ords: Uint32Array;
  positions: Uint32Array;
}

/** Writes the part's postings, in processing order; returns how many. */
export function indexFillPart(job: IndexFillJob): number {
  const { tokens, base, order, ords, positions } = job;
  // A copy: the job's own positions stay as they were, so it can be run again.
  const fill = job.fill.slice();
  let written = 0;
  for (let o = job.from; o < job.to; o++) {
    const { from, to, lead } = indexedRange(job, order[o]);
    for (let i = from; i < to; i++) {
      const r = tokens[i];
      if (r < base) continue;
      const at = fill[r - base]++;
      ords[at] = o;
      positions[at] = lead + i - from;
      written++;
    }
  }
  return written;
}
