/**
 * The global order of the shared shingles only ({@link rankShared}): the shingles of one set are
 * dropped (no pair can share them) and each set keeps its full size, so the containment join
 * reads about a third of the tokens and finds the same pairs. The steps (scatter into buckets,
 * sort each bucket, write the ranks, pack the sets) are cut into parts ({@link rankCountPart},
 * {@link rankScatterPart}, {@link rankPart}, `writeRanksPart`) that a runner's thread can share.
 */

import { asShared, sharedUint32, type KernelRunner } from '../parallel.js';
import { evenParts, inParts, inSharedParts, SHARED_PARTS } from './parts.js';
import { DIGIT_BITS, insertionSortPairs, RadixScratch } from './radix-sort.js';
import { runsByRank, writeRanksPart, type WriteRanksJob } from './rank.js';
import { grown, plainUint32, type Alloc, type SetCollection } from './sets.js';

/** Most bits of a hash that pick its bucket in {@link rankShared} (1,024 buckets). */
const MAX_BUCKET_BITS = 10;
/** Buckets of {@link rankShared} hold about this many entries at least (fewer bits below). */
const BUCKET_ENTRIES = 4096;
/** Buckets this small are sorted by insertion (a radix pass's count array costs more). */
const SMALL_BUCKET = 64;

/**
 * Like `rankCollection`, but keeps only the shingles that occur in two or more sets (the
 * only ones a pair can share): returns a collection of their ranks (rank 0 = the rarest shared
 * shingle; same order as rankCollection's ranks minus its `singletons`) with `sizes` holding each
 * set's full size, so the joins see the same sets, prefixes and positions. The input's sets
 * must be repeat-free; their order inside a set does not matter. Most shingles of a
 * news corpus occur once: the joins then read a third of the tokens. The input's `tokens` array
 * is overwritten (or, with a runner, a shared copy of it). Cost: one scattering pass into up to
 * 1,024 buckets by the hashes' top bits (fewer for a small input), a radix sort of each bucket in
 * cache, one write per shared token into its set's own place and one pass that packs the sets to
 * the front. With a `runner`, the sets are counted and scattered in eight parts of about equal
 * tokens ({@link rankCountPart}, {@link rankScatterPart}) and the buckets sorted in eight parts
 * of about equal entries ({@link rankPart}), this thread and the runner's taking parts from one
 * counter (`inSharedParts`); the ranks are written in two parts of about equal tokens, one
 * from each set's start and one from its end (`writeRanksPart`); the result is the same.
 */
export function rankShared(c: SetCollection, runner?: KernelRunner): SetCollection {
  const { count } = c;
  const parallel = runner !== undefined;
  const alloc = parallel ? sharedUint32 : plainUint32;
  const all = parallel ? asShared(c.tokens) : c.tokens;
  const offsets = parallel ? asShared(c.offsets) : c.offsets;
  const sizes = new Uint32Array(count);
  for (let s = 0; s < count; s++) sizes[s] = offsets[s + 1] - offsets[s];
  const scattered = scatterIntoBuckets(all, offsets, count, runner, alloc);
  const runs = sharedRuns(scattered, runner, alloc);
  const cursors = writeSharedRanks(runs, scattered.setOf, all, offsets, count, runner, alloc);
  const packed = packSets(all, offsets, cursors, count, alloc);
  return {
    count,
    offsets: packed.offsets,
    tokens: packed.tokens,
    sizes: parallel ? asShared(sizes) : sizes,
    ranks: runs.runs,
  };
}

/** The (hash, set) pairs of every set, scattered into buckets by the hashes' top bits. */
interface Buckets {
  /** Bucket bits: a hash's bucket is its top `bits` bits. */
  bits: number;
  /** Number of buckets (2^bits). */
  buckets: number;
  /** Start of each bucket's entries in `key`/`setOf` (length buckets + 1). */
  bucketStart: Uint32Array;
  /** The entries: hash and set (each bucket's sets ascending). */
  key: Uint32Array;
  setOf: Uint32Array;
}

/**
 * Scatters every (hash, set) pair into buckets by the hash's top bits (fewer buckets for a small
 * input, so no bucket's fixed cost outweighs its entries). The sets are taken in parts of about
 * equal tokens (one without a runner): each part's pairs are counted by bucket, then scattered
 * after the earlier parts' in each bucket, so that a bucket lists its sets in ascending order.
 */
function scatterIntoBuckets(
  tokens: Uint32Array,
  offsets: Uint32Array,
  count: number,
  runner: KernelRunner | undefined,
  alloc: Alloc,
): Buckets {
  const total = tokens.length;
  let bits = 0;
  while (bits < MAX_BUCKET_BITS && total / 2 ** (bits + 1) >= BUCKET_ENTRIES) bits++;
  const buckets = 1 << bits;
  const setParts = evenParts(offsets, count, runner !== undefined ? SHARED_PARTS : 1);
  const histograms = inSharedParts(
    runner,
    'rankCountPart',
    setParts.map(([from, to]): RankCountJob => ({ tokens, offsets, bits, from, to })),
    rankCountPart,
  ).map((r) => r.counts);
  const { bucketStart, fills } = bucketFills(histograms, buckets, alloc);
  const key = alloc(total);
  const setOf = alloc(total);
  inSharedParts(
    runner,
    'rankScatterPart',
    setParts.map(([from, to], p): RankScatterJob => ({
      tokens,
      offsets,
      bits,
      from,
      to,
      fill: fills[p],
      key,
      setOf,
    })),
    rankScatterPart,
  );
  return { bits, buckets, bucketStart, key, setOf };
}

/**
 * From each part's count of entries per bucket: where each bucket starts, and where each part's
 * first entry of each bucket goes (after the earlier parts' entries of that bucket).
 */
function bucketFills(
  histograms: Uint32Array[],
  buckets: number,
  alloc: Alloc,
): { bucketStart: Uint32Array; fills: Uint32Array[] } {
  const bucketStart = alloc(buckets + 1);
  for (let b = 0; b < buckets; b++) {
    let n = 0;
    for (const h of histograms) n += h[b];
    bucketStart[b + 1] = bucketStart[b] + n;
  }
  const fills = histograms.map(() => alloc(buckets));
  for (let b = 0; b < buckets; b++) {
    let at = bucketStart[b];
    histograms.forEach((h, p) => {
      fills[p][b] = at;
      at += h[b];
    });
  }
  return { bucketStart, fills };
}

/**
 * The shared shingles of all the buckets, in hash order: the buckets are sorted in parts of about
 * equal entries ({@link rankPart}), and the parts' runs, in bucket order, put end to end.
 */
function sharedRuns(
  scattered: Buckets,
  runner: KernelRunner | undefined,
  alloc: Alloc,
): RankPartResult {
  const { bucketStart, bits, key, setOf, buckets } = scattered;
  const jobs = evenParts(bucketStart, buckets, runner !== undefined ? SHARED_PARTS : 1).map(
    ([from, to]): RankPartJob => ({ bucketStart, bits, from, to, key, setOf }),
  );
  const parts = inSharedParts(runner, 'rankPart', jobs, rankPart);
  let runs = 0;
  let maxFreq = 0;
  for (const p of parts) {
    runs += p.runs;
    maxFreq = Math.max(maxFreq, p.maxFreq);
  }
  if (parts.length === 1) return { ...parts[0], runs, maxFreq };
  const runStart = alloc(runs);
  const runLength = alloc(runs);
  let r = 0;
  for (const p of parts) {
    runStart.set(p.runStart.subarray(0, p.runs), r);
    runLength.set(p.runLength.subarray(0, p.runs), r);
    r += p.runs;
  }
  return { runStart, runLength, runs, maxFreq };
}

/** Per set: its first and one-past-last written rank's place after {@link writeSharedRanks}. */
interface RankCursors {
  /** Ranks written from the set's start end here. */
  head: Uint32Array;
  /** Ranks written from the set's end start here. */
  tail: Uint32Array;
}

/**
 * Writes the ranks into each set's own place in `tokens` (the hashes there are no longer
 * needed): the smaller ranks from its start, the larger (the second part's, with a runner) from
 * its end; the two parts write about half the shared tokens each. The cursors left behind say
 * how many each set got.
 */
function writeSharedRanks(
  runs: RankPartResult,
  setOf: Uint32Array,
  tokens: Uint32Array,
  offsets: Uint32Array,
  count: number,
  runner: KernelRunner | undefined,
  alloc: Alloc,
): RankCursors {
  const { runStart, runLength, runs: shared, maxFreq } = runs;
  const rankRun = runsByRank(runLength, shared, maxFreq, alloc);
  const head = alloc(count);
  const tail = alloc(count);
  for (let s = 0; s < count; s++) {
    head[s] = offsets[s];
    tail[s] = offsets[s + 1];
  }
  const write = (from: number, to: number, fromEnd: boolean): WriteRanksJob => ({
    runStart,
    runLength,
    rankRun,
    setOf,
    cursor: fromEnd ? tail : head,
    tokens,
    from,
    to,
    fromEnd,
  });
  if (runner === undefined) writeRanksPart(write(0, shared, false));
  else {
    let mid = 0;
    let sharedTokens = 0;
    for (let d = 0; d < shared; d++) sharedTokens += runLength[d];
    for (let n = 0; mid < shared && 2 * n < sharedTokens; mid++) n += runLength[rankRun[mid]];
    const jobs = [write(0, mid, false), write(mid, shared, true)];
    inParts(runner, 'writeRanksPart', jobs, writeRanksPart);
  }
  return { head, tail };
}

/** Packs each set's written ranks (before `head`, from `tail` on) to the front of `tokens`. */
function packSets(
  tokens: Uint32Array,
  offsets: Uint32Array,
  { head, tail }: RankCursors,
  count: number,
  alloc: Alloc,
): { offsets: Uint32Array; tokens: Uint32Array } {
  const packed = alloc(count + 1);
  let w = 0;
  for (let s = 0; s < count; s++) {
    packed[s] = w;
    for (let i = offsets[s], e = head[s]; i < e; i++) tokens[w++] = tokens[i];
    for (let i = tail[s], e = offsets[s + 1]; i < e; i++) tokens[w++] = tokens[i];
  }
  packed[count] = w;
  return { offsets: packed, tokens: tokens.subarray(0, w) };
}

/** One part of {@link rankShared}'s counting: the sets `[from, to)`. */
export interface RankCountJob {
  tokens: Uint32Array;
  offsets: Uint32Array;
  /** Bucket bits: a hash's bucket is its top `bits` bits. */
  bits: number;
  from: number;
  to: number;
}

/** How many of the part's tokens fall in each bucket. */
export function rankCountPart(job: RankCountJob): { counts: Uint32Array } {
  const { tokens, offsets, bits, from, to } = job;
  // Two shifts, as `k >>> 32` would be k (with one bucket, every hash is in bucket 0).
  const shiftLess = 32 - bits - 1;
  const counts = new Uint32Array(1 << bits);
  for (let i = offsets[from], e = offsets[to]; i < e; i++)
    counts[(tokens[i] >>> shiftLess) >>> 1]++;
  return { counts };
}

/** One part of {@link rankShared}'s scattering: the sets `[from, to)` and where each bucket's
 * entries of these sets go. */
export interface RankScatterJob extends RankCountJob {
  /** Per bucket: where this part's first entry goes in `key`/`setOf`. */
  fill: Uint32Array;
  key: Uint32Array;
  setOf: Uint32Array;
}

/** Writes the (hash, set) pairs of the part's sets into their buckets; returns how many. */
export function rankScatterPart(job: RankScatterJob): number {
  const { tokens, offsets, bits, from, to, key, setOf } = job;
  // A copy: the job's own positions stay as they were, so it can be run again.
  const fill = job.fill.slice();
  const shiftLess = 32 - bits - 1;
  for (let s = from; s < to; s++) {
    for (let i = offsets[s], e = offsets[s + 1]; i < e; i++) {
      const k = tokens[i];
      const at = fill[(k >>> shiftLess) >>> 1]++;
      key[at] = k;
      setOf[at] = s;
    }
  }
  return offsets[to] - offsets[from];
}

/** One part of {@link rankShared}'s sorting: the buckets `[from, to)`. */
export interface RankPartJob {
  /** Start of each bucket's entries in `key`/`setOf` (length buckets + 1). */
  bucketStart: Uint32Array;
  /** Bucket bits: a hash's bucket is its top `bits` bits. */
  bits: number;
  from: number;
  to: number;
  /** The scattered entries (each bucket's sets ascending). */
  key: Uint32Array;
  setOf: Uint32Array;
}

/** The shared shingles of a part's buckets, in hash order. */
export interface RankPartResult {
  /** Run d (a shared shingle) is `setOf[runStart[d] .. runStart[d] + runLength[d])`. */
  runStart: Uint32Array;
  runLength: Uint32Array;
  runs: number;
  maxFreq: number;
}

/**
 * Sorts each of the buckets `[from, to)` (a stable LSD radix sort on the bits below the bucket's,
 * in cache; a small bucket by insertion); runs of two or more equal hashes are the shared
 * shingles. Pure; writes only its buckets' entries.
 */
export function rankPart(job: RankPartJob): RankPartResult {
  const { bucketStart, bits, from, to, key, setOf } = job;
  const shift = 32 - bits;
  let largest = 0;
  for (let b = from; b < to; b++) largest = Math.max(largest, bucketStart[b + 1] - bucketStart[b]);
  const scratch = new RadixScratch(largest);
  let runStart: Uint32Array = new Uint32Array(1024);
  let runLength: Uint32Array = new Uint32Array(1024);
  let shared = 0;
  let maxFreq = 0;
  for (let b = from; b < to; b++) {
    const lo = bucketStart[b];
    const hi = bucketStart[b + 1];
    if (hi - lo < 2) continue;
    if (hi - lo <= SMALL_BUCKET) insertionSortPairs(key, setOf, lo, hi);
    else if (shift <= 2 * DIGIT_BITS) scratch.sortTwoDigits(key, setOf, lo, hi, shift);
    else scratch.sort(key, setOf, lo, hi, shift);
    for (let i = lo; i < hi;) {
      const k = key[i];
      let e = i + 1;
      while (e < hi && key[e] === k) e++;
      if (e - i > 1) {
        if (shared === runStart.length) {
          runStart = grown(runStart);
          runLength = grown(runLength);
        }
        runStart[shared] = i;
        runLength[shared++] = e - i;
        maxFreq = Math.max(maxFreq, e - i);
      }
      i = e;
    }
  }
  return { runStart, runLength, runs: shared, maxFreq };
}
