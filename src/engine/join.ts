/**
 * Exact set-similarity self-joins over shingle sets (AllPairs/PPJoin family).
 *
 * Every set is re-coded under one global order of shingles, rarest first (ascending document
 * frequency, ties by hash), so that the prefixes the filters look at hold rare shingles.
 * - {@link jaccardSelfJoin}: prefix filter (probe prefix |x|−⌈t|x|⌉+1, index mid-prefix
 *   |y|−⌈2t|y|/(1+t)⌉+1), length filter (|y| ≥ t|x|) and PPJoin's positional filter; every
 *   candidate is verified on the full sets. Finds every pair with Jaccard ≥ t, no other.
 * - {@link containmentSelfJoin}: indexes each set's prefix of |y|−⌈c|y|⌉+1 shingles and probes
 *   each larger-or-equal set with all its shingles (pigeonhole), then verifies. Finds every pair
 *   with |A∩B| ≥ c·min(|A|,|B|), no other.
 * The scan ranks with {@link rankShared}, which drops the shingles of one set only (no pair can
 * share them) and keeps each set's full size, so the containment join reads fewer tokens and finds
 * the same pairs. No sampling and no all-pairs loop: the only approximation is the 32-bit shingle
 * hash itself.
 */

import {
  ceilSafe,
  intersectionSizeIn,
  isDuplicate,
  isPartial,
  minOverlapForJaccard,
} from './similarity.js';
import { asShared, sharedUint32, type KernelRunner } from './parallel.js';

/** Sets in compressed form: set i holds `tokens[offsets[i] .. offsets[i+1])`, ascending. */
export interface SetCollection {
  /** Number of sets. */
  count: number;
  /** Start of each set in `tokens`, plus the end as the last entry (length `count + 1`). */
  offsets: Uint32Array;
  /** Concatenated tokens (ranks in the global order), each set ascending. */
  tokens: Uint32Array;
  /**
   * Optional: ranks below this occur in one set only (so no pair shares them; the joins skip
   * them). {@link rankCollection} sets it; absent means 0.
   */
  singletons?: number;
  /** Optional: every token is below this (the number of ranks); absent: found by a scan. */
  ranks?: number;
  /**
   * Optional: the full size of each set (length `count`) when `tokens` holds only the shingles a
   * set shares with another set, as {@link rankShared} gives; a set's shingles of its own would
   * sort first, so a stored token at index k of set i is at position `sizes[i] − stored + k` of
   * the whole set. Absent: every set is stored whole.
   */
  sizes?: Uint32Array;
}

/** Pairs of set ids (a < b) with the size of their intersection. */
export interface PairList {
  a: number[];
  b: number[];
  intersections: number[];
}

/**
 * Re-codes shingle-hash sets as rank sets under the global order: ascending document frequency,
 * ties by hash value. Returns the collection (each set ascending by rank).
 */
export function rankByFrequency(sets: readonly Uint32Array[]): SetCollection {
  let total = 0;
  for (const s of sets) total += s.length;
  const all = new Uint32Array(total);
  const offsets = new Uint32Array(sets.length + 1);
  let p = 0;
  sets.forEach((s, i) => {
    offsets[i] = p;
    all.set(s, p);
    p += s.length;
  });
  offsets[sets.length] = p;
  return rankCollection({ count: sets.length, offsets, tokens: all });
}

/**
 * Like {@link rankByFrequency} over a collection of repeat-free shingle-hash sets; returns a new
 * collection of ranks (sharing `offsets`; the input's `tokens` array is overwritten with the
 * ranks). Linear time: three radix passes, a counting sort by frequency, and the ranks written
 * back in ascending order so each set comes out sorted; no comparator sort.
 */
export function rankCollection(c: SetCollection): SetCollection {
  const all = c.tokens;
  const total = all.length;
  const { offsets, count } = c;
  // LSD radix sort of (hash, set id) pairs, 8 bits a pass (256 buckets keep the scattered
  // writes cache-friendly); keys travel with set ids so every pass reads sequentially. One
  // read of the keys counts all four digits. The input array is one of the two key buffers
  // (its hashes are read by the first pass; it ends up holding the sorted keys, and at last the
  // ranks), so the sort needs three more arrays, not four.
  let keyA: Uint32Array = all;
  let setA: Uint32Array = new Uint32Array(total);
  let keyB: Uint32Array = new Uint32Array(total);
  let setB: Uint32Array = new Uint32Array(total);
  const histograms = new Uint32Array(4 * 257);
  for (let i = 0; i < total; i++) {
    const k = all[i];
    histograms[(k & 0xff) + 1]++;
    histograms[257 + ((k >>> 8) & 0xff) + 1]++;
    histograms[514 + ((k >>> 16) & 0xff) + 1]++;
    histograms[771 + (k >>> 24) + 1]++;
  }
  for (let pass = 0; pass < 4; pass++) {
    const shift = pass * 8;
    const mask = 0xff;
    const counts = histograms.subarray(pass * 257, pass * 257 + 257);
    for (let b = 0; b < 256; b++) counts[b + 1] += counts[b];
    if (pass === 0) {
      for (let s = 0; s < count; s++) {
        for (let i = offsets[s], e = offsets[s + 1]; i < e; i++) {
          const k = keyA[i];
          const at = counts[k & mask]++;
          keyB[at] = k;
          setB[at] = s;
        }
      }
    } else {
      for (let i = 0; i < total; i++) {
        const k = keyA[i];
        const at = counts[(k >>> shift) & mask]++;
        keyB[at] = k;
        setB[at] = setA[i];
      }
    }
    const tk = keyA;
    keyA = keyB;
    keyB = tk;
    const ts = setA;
    setA = setB;
    setB = ts;
  }
  // After an even number of passes keyA is `all` again, sorted; setA the set of each entry.
  // Frequencies of the distinct hashes, in hash order (in keyB, no longer needed).
  const freq = keyB;
  let distinct = 0;
  for (let k = 0; k < total;) {
    let e = k + 1;
    while (e < total && keyA[e] === keyA[k]) e++;
    freq[distinct++] = e - k;
    k = e;
  }
  // Each distinct hash is a run of entries in keyA; where it starts (in setB, no longer needed).
  let maxFreq = 0;
  let singletons = 0;
  const runStart = setB;
  for (let i = 0, start = 0; i < distinct; i++) {
    if (freq[i] > maxFreq) maxFreq = freq[i];
    if (freq[i] === 1) singletons++;
    runStart[i] = start;
    start += freq[i];
  }
  // The ranks overwrite the sorted keys in place: only the runs' sets are read again.
  writeRanks(runStart, freq, distinct, maxFreq, setA, offsets, all);
  // Frequency 1 sorts first: ranks 0 .. singletons−1 are the shingles of one set only.
  return { count, offsets, tokens: all, singletons, ranks: distinct };
}

/** Most bits of a hash that pick its bucket in {@link rankShared} (1,024 buckets). */
const MAX_BUCKET_BITS = 10;
/** Buckets of {@link rankShared} hold about this many entries at least (fewer bits below). */
const BUCKET_ENTRIES = 4096;
/** Buckets this small are sorted by insertion (a radix pass's count array costs more). */
const SMALL_BUCKET = 64;

/**
 * Like {@link rankCollection}, but keeps only the shingles that occur in two or more sets (the
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
 * counter ({@link inSharedParts}); the ranks are written in two parts of about equal tokens, one
 * from each set's start and one from its end ({@link writeRanksPart}); the result is the same.
 */
export function rankShared(c: SetCollection, runner?: KernelRunner): SetCollection {
  const total = c.tokens.length;
  const { count } = c;
  const parallel = runner !== undefined;
  const all = parallel ? asShared(c.tokens) : c.tokens;
  const offsets = parallel ? asShared(c.offsets) : c.offsets;
  const sizes = new Uint32Array(count);
  for (let s = 0; s < count; s++) sizes[s] = offsets[s + 1] - offsets[s];
  // Scatter (hash, set) pairs into buckets by the top bits; each bucket lists sets ascending.
  // Fewer buckets for a small input, so no bucket's fixed cost outweighs its entries.
  let bits = 0;
  while (bits < MAX_BUCKET_BITS && total / 2 ** (bits + 1) >= BUCKET_ENTRIES) bits++;
  const buckets = 1 << bits;
  const alloc = parallel ? sharedUint32 : (n: number) => new Uint32Array(n);
  // Sets in parts of about equal tokens (one without a runner): each part's (hash, set) pairs
  // are counted by bucket, then scattered after the earlier parts' in each bucket, so that a
  // bucket lists its sets in ascending order.
  const partCount = parallel ? SHARED_PARTS : 1;
  const setParts = evenParts(offsets, count, partCount);
  const histograms = inSharedParts(
    runner,
    'rankCountPart',
    setParts.map(([from, to]): RankCountJob => ({ tokens: all, offsets, bits, from, to })),
    rankCountPart,
  ).map((r) => r.counts);
  const bucketStart = alloc(buckets + 1);
  for (let b = 0; b < buckets; b++) {
    let n = 0;
    for (const h of histograms) n += h[b];
    bucketStart[b + 1] = bucketStart[b] + n;
  }
  const key = alloc(total);
  const setOf = alloc(total);
  const fills = histograms.map(() => alloc(buckets));
  for (let b = 0; b < buckets; b++) {
    let at = bucketStart[b];
    histograms.forEach((h, p) => {
      fills[p][b] = at;
      at += h[b];
    });
  }
  inSharedParts(
    runner,
    'rankScatterPart',
    setParts.map(([from, to], p): RankScatterJob => ({
      tokens: all,
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
  const job = (from: number, to: number): RankPartJob => ({
    bucketStart,
    bits,
    from,
    to,
    key,
    setOf,
  });
  // Buckets in parts of about equal entries.
  const bucketParts = evenParts(bucketStart, buckets, partCount).map(([from, to]) => job(from, to));
  const parts = inSharedParts(runner, 'rankPart', bucketParts, rankPart);
  // The parts' runs, in bucket order, are the runs of all the buckets in hash order.
  let shared = 0;
  let maxFreq = 0;
  for (const p of parts) {
    shared += p.runs;
    maxFreq = Math.max(maxFreq, p.maxFreq);
  }
  let runStart = parts[0].runStart;
  let runLength = parts[0].runLength;
  if (parts.length > 1) {
    runStart = alloc(shared);
    runLength = alloc(shared);
    let r = 0;
    for (const p of parts) {
      runStart.set(p.runStart.subarray(0, p.runs), r);
      runLength.set(p.runLength.subarray(0, p.runs), r);
      r += p.runs;
    }
  }
  const rankRun = runsByRank(runLength, shared, maxFreq, alloc);
  // Ranks are written into each set's own place in `all` (the hashes there are no longer
  // needed): the smaller ranks from its start, the larger (the second part's) from its end; the
  // cursors left behind say how many each set got, and one pass packs the sets to the front.
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
    tokens: all,
    from,
    to,
    fromEnd,
  });
  if (parallel) {
    // Two parts of the ranks, each writing about half the shared tokens.
    let mid = 0;
    let sharedTokens = 0;
    for (let d = 0; d < shared; d++) sharedTokens += runLength[d];
    for (let n = 0; mid < shared && 2 * n < sharedTokens; mid++) n += runLength[rankRun[mid]];
    inParts(
      runner,
      'writeRanksPart',
      [write(0, mid, false), write(mid, shared, true)],
      writeRanksPart,
    );
  } else writeRanksPart(write(0, shared, false));
  const sharedOffsets = alloc(count + 1);
  let w = 0;
  for (let s = 0; s < count; s++) {
    sharedOffsets[s] = w;
    for (let i = offsets[s], e = head[s]; i < e; i++) all[w++] = all[i];
    for (let i = tail[s], e = offsets[s + 1]; i < e; i++) all[w++] = all[i];
  }
  sharedOffsets[count] = w;
  const tokens = all.subarray(0, w);
  return {
    count,
    offsets: sharedOffsets,
    tokens,
    sizes: parallel ? asShared(sizes) : sizes,
    ranks: shared,
  };
}

/**
 * `parts` consecutive ranges `[from, to)` of `0 .. n` holding about equal shares of a total
 * given by its running sums (`start[i]`: the total before item i; `start[n]`: the whole).
 */
function evenParts(start: Uint32Array, n: number, parts: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let p = 0, from = 0; p < parts; p++) {
    let to = n;
    if (p < parts - 1) {
      to = from;
      while (to < n && start[to] < (start[n] * (p + 1)) / parts) to++;
    }
    out.push([from, to]);
    from = to;
  }
  return out;
}

/** Parts of {@link rankShared}'s counting, scattering and sorting with a runner. */
const SHARED_PARTS = 8;

/**
 * Runs one kernel on each job, this thread and the runner's (when there is one) taking the next
 * job from one counter until none is left (so neither waits long for the other); the jobs a
 * failed runner took are run here. Jobs must give the same result when run again. Results in the
 * jobs' order.
 */
function inSharedParts<J extends object, R>(
  runner: KernelRunner | undefined,
  kernel: keyof typeof PART_KERNELS,
  jobs: J[],
  run: (job: J) => R,
): R[] {
  if (runner === undefined || jobs.length < 2) return jobs.map(run);
  const next = new Int32Array(new SharedArrayBuffer(4));
  const wait = runner.start('sharedParts', { kernel, jobs, next } satisfies SharedPartsJob);
  const results: Array<R | undefined> = new Array<R | undefined>(jobs.length);
  for (let i = Atomics.add(next, 0, 1); i < jobs.length; i = Atomics.add(next, 0, 1))
    results[i] = run(jobs[i]);
  const there = wait() as SharedPartsResult | undefined;
  there?.taken.forEach((i, k) => (results[i] = there.results[k] as R));
  for (let i = 0; i < jobs.length; i++) if (results[i] === undefined) results[i] = run(jobs[i]);
  return results as R[];
}

/** The runner's side of {@link inSharedParts}: which kernel, its jobs, and the shared counter. */
export interface SharedPartsJob {
  kernel: keyof typeof PART_KERNELS;
  jobs: object[];
  /** Index of the next job to take (`Atomics.add`). */
  next: Int32Array;
}

/** The jobs the runner took (indexes into `jobs`) and their results, in the same order. */
export interface SharedPartsResult {
  taken: number[];
  results: unknown[];
}

/** Takes jobs from the counter and runs them until none is left ({@link inSharedParts}). */
export function sharedParts(job: SharedPartsJob): SharedPartsResult {
  const run = PART_KERNELS[job.kernel] as (job: object) => unknown;
  const taken: number[] = [];
  const results: unknown[] = [];
  for (let i = Atomics.add(job.next, 0, 1); i < job.jobs.length; i = Atomics.add(job.next, 0, 1)) {
    taken.push(i);
    results.push(run(job.jobs[i]));
  }
  return { taken, results };
}

/**
 * Runs one kernel on each job: the second on the runner's thread (when there is one) while this
 * thread runs the first; a failed runner's job is run here. Results in the jobs' order.
 */
function inParts<J extends object, R>(
  runner: KernelRunner | undefined,
  kernel: string,
  jobs: J[],
  run: (job: J) => R,
): R[] {
  if (runner === undefined || jobs.length < 2) return jobs.map(run);
  const wait = runner.start(kernel, jobs[1]);
  const first = run(jobs[0]);
  return [first, (wait() as R | undefined) ?? run(jobs[1])];
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
 * Sorts each of the buckets `[from, to)` (a stable LSD radix sort in cache; a small bucket by
 * insertion); runs of two or more equal hashes are the shared shingles. Pure; writes only its
 * buckets' entries.
 */
export function rankPart(job: RankPartJob): RankPartResult {
  const { bucketStart, bits, from, to, key, setOf } = job;
  const shift = 32 - bits;
  let largest = 0;
  for (let b = from; b < to; b++) largest = Math.max(largest, bucketStart[b + 1] - bucketStart[b]);
  // Each bucket: a stable LSD radix sort on the bits below the bucket's (in cache; a small
  // bucket by insertion), then runs of equal hashes; a run of two or more entries is a shared
  // shingle.
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

/**
 * The ranks of the global order written into the sets: runs (one per distinct shingle, given in
 * hash order as `setOf[runStart[d] .. runStart[d] + runLength[d])`, the sets holding it) are put
 * in (frequency, hash) order by a stable counting sort of their lengths, and rank r is appended
 * to each set of the r-th run (`tokens[cursor[set]++] = r`). Ranks come in ascending order, so
 * every set comes out sorted with no per-set sort.
 */
function writeRanks(
  runStart: Uint32Array,
  runLength: Uint32Array,
  runs: number,
  maxFreq: number,
  setOf: Uint32Array,
  offsets: Uint32Array,
  tokens: Uint32Array,
): void {
  const rankRun = runsByRank(runLength, runs, maxFreq, (n) => new Uint32Array(n));
  writeRanksPart({
    runStart,
    runLength,
    rankRun,
    setOf,
    cursor: offsets.slice(0, offsets.length - 1),
    tokens,
    from: 0,
    to: runs,
    fromEnd: false,
  });
}

/** Run numbers in rank order: by length (a stable counting sort), so ties stay in hash order. */
function runsByRank(
  runLength: Uint32Array,
  runs: number,
  maxFreq: number,
  alloc: (length: number) => Uint32Array,
): Uint32Array {
  const byFreq = new Uint32Array(maxFreq + 2);
  for (let d = 0; d < runs; d++) byFreq[runLength[d] + 1]++;
  for (let f = 0; f <= maxFreq; f++) byFreq[f + 1] += byFreq[f];
  const rankRun = alloc(runs);
  for (let d = 0; d < runs; d++) rankRun[byFreq[runLength[d]]++] = d;
  return rankRun;
}

/**
 * One part of the rank writing: the ranks `[from, to)`. Ranks split at any rank fill each set in
 * two disjoint pieces, the smaller ranks first: the part with the smaller ranks writes each set
 * from its start, the other (`fromEnd`) from its end backwards, so two parts need no counting
 * between them.
 */
export interface WriteRanksJob {
  runStart: Uint32Array;
  runLength: Uint32Array;
  /** Run of each rank (length: the number of runs). */
  rankRun: Uint32Array;
  setOf: Uint32Array;
  /**
   * Per set: where its next rank goes in `tokens` (length: sets), advanced as ranks are written
   * (moved back first when `fromEnd`); it is left just past (before) the set's written ranks.
   */
  cursor: Uint32Array;
  tokens: Uint32Array;
  /** Ranks written: `[from, to)` (0-based). */
  from: number;
  to: number;
  /** Whether each set is written from its end backwards (the part holding the largest ranks). */
  fromEnd: boolean;
}

/**
 * Writes rank r into each set of the r-th run, for every rank of `[from, to)`: ascending from
 * each set's start, or (`fromEnd`) descending from each set's end, so each set's ranks come out
 * ascending. Returns how many tokens it wrote.
 */
export function writeRanksPart(job: WriteRanksJob): number {
  const { runStart, runLength, rankRun, setOf, tokens, from, to } = job;
  // Written back at the end: a part that fails leaves the job as it was, to be run again.
  const cursor = job.cursor.slice();
  let written = 0;
  if (!job.fromEnd) {
    for (let r = from; r < to; r++) {
      const d = rankRun[r];
      const e = runStart[d] + runLength[d];
      for (let j = runStart[d]; j < e; j++) tokens[cursor[setOf[j]]++] = r;
      written += runLength[d];
    }
  } else {
    for (let r = to - 1; r >= from; r--) {
      const d = rankRun[r];
      const e = runStart[d] + runLength[d];
      for (let j = runStart[d]; j < e; j++) tokens[--cursor[setOf[j]]] = r;
      written += runLength[d];
    }
  }
  job.cursor.set(cursor);
  return written;
}

/** Digit width of {@link RadixScratch}'s passes (2,048 counters: in cache). */
const DIGIT_BITS = 11;

/** Buffers of a stable LSD radix sort of (key, set) pairs by their low key bits. */
class RadixScratch {
  private readonly tmpKey: Uint32Array;
  private readonly tmpSet: Uint32Array;
  private readonly counts = new Uint32Array((1 << DIGIT_BITS) + 1);
  constructor(capacity: number) {
    this.tmpKey = new Uint32Array(capacity);
    this.tmpSet = new Uint32Array(capacity);
  }
  /**
   * {@link sort} for `bits` ≤ 2·DIGIT_BITS (the usual case: 22 bits below 1,024 buckets), as two
   * fixed passes, there and back.
   */
  sortTwoDigits(key: Uint32Array, set: Uint32Array, lo: number, hi: number, bits: number): void {
    const { counts, tmpKey, tmpSet } = this;
    const lowBits = DIGIT_BITS;
    const lowMask = (1 << lowBits) - 1;
    const highMask = (1 << (bits - lowBits)) - 1;
    counts.fill(0);
    for (let i = lo; i < hi; i++) counts[(key[i] & lowMask) + 1]++;
    for (let x = 0; x <= lowMask; x++) counts[x + 1] += counts[x];
    for (let i = lo; i < hi; i++) {
      const k = key[i];
      const at = counts[k & lowMask]++;
      tmpKey[at] = k;
      tmpSet[at] = set[i];
    }
    counts.fill(0);
    for (let i = lo; i < hi; i++) counts[((key[i] >>> lowBits) & highMask) + 1]++;
    for (let x = 0; x <= highMask; x++) counts[x + 1] += counts[x];
    for (let i = 0, n = hi - lo; i < n; i++) {
      const k = tmpKey[i];
      const at = lo + counts[(k >>> lowBits) & highMask]++;
      key[at] = k;
      set[at] = tmpSet[i];
    }
  }
  /** Sorts `key/set[lo..hi)` by the low `bits` bits of the keys (stable). */
  sort(key: Uint32Array, set: Uint32Array, lo: number, hi: number, bits: number): void {
    const { counts } = this;
    const n = hi - lo;
    let fromKey = key;
    let fromSet = set;
    let from = lo;
    let toKey = this.tmpKey;
    let toSet = this.tmpSet;
    let to = 0;
    for (let shift = 0; shift < bits; shift += DIGIT_BITS) {
      const mask = (1 << Math.min(DIGIT_BITS, bits - shift)) - 1;
      counts.fill(0);
      for (let i = from; i < from + n; i++) counts[((fromKey[i] >>> shift) & mask) + 1]++;
      for (let x = 0; x <= mask; x++) counts[x + 1] += counts[x];
      for (let i = from; i < from + n; i++) {
        const k = fromKey[i];
        const at = to + counts[(k >>> shift) & mask]++;
        toKey[at] = k;
        toSet[at] = fromSet[i];
      }
      [fromKey, toKey] = [toKey, fromKey];
      [fromSet, toSet] = [toSet, fromSet];
      [from, to] = [to, from];
    }
    if (fromKey !== key) {
      key.set(fromKey.subarray(from, from + n), lo);
      set.set(fromSet.subarray(from, from + n), lo);
    }
  }
}

/** Sorts `key/set[lo..hi)` by key, stable (for a few entries). */
function insertionSortPairs(key: Uint32Array, set: Uint32Array, lo: number, hi: number): void {
  for (let i = lo + 1; i < hi; i++) {
    const k = key[i];
    const s = set[i];
    let j = i - 1;
    while (j >= lo && key[j] > k) {
      key[j + 1] = key[j];
      set[j + 1] = set[j];
      j--;
    }
    key[j + 1] = k;
    set[j + 1] = s;
  }
}

function grown(a: Uint32Array): Uint32Array<ArrayBuffer> {
  const b = new Uint32Array(a.length * 2);
  b.set(a);
  return b;
}

/** Each set's full size: `sizes` when given, else its token count. */
function setSizes(c: SetCollection): Uint32Array {
  if (c.sizes) return c.sizes;
  const sizes = new Uint32Array(c.count);
  for (let i = 0; i < c.count; i++) sizes[i] = c.offsets[i + 1] - c.offsets[i];
  return sizes;
}

/** Set ids ordered by (size, id): the processing order of both joins (counting sort). */
function bySize(
  sizes: Uint32Array,
  alloc: (length: number) => Uint32Array = (n) => new Uint32Array(n),
): Uint32Array {
  let max = 0;
  for (let i = 0; i < sizes.length; i++) max = Math.max(max, sizes[i]);
  const counts = new Uint32Array(max + 2);
  for (let i = 0; i < sizes.length; i++) counts[sizes[i] + 1]++;
  for (let s = 0; s <= max; s++) counts[s + 1] += counts[s];
  const ids = alloc(sizes.length);
  for (let i = 0; i < sizes.length; i++) ids[counts[sizes[i]]++] = i;
  return ids;
}

function maxRank(c: SetCollection): number {
  if (c.ranks !== undefined) return c.ranks;
  let m = -1;
  for (let i = 0; i < c.tokens.length; i++) if (c.tokens[i] > m) m = c.tokens[i];
  return m + 1;
}

/**
 * An inverted index over set prefixes in flat arrays: postings of rank r are
 * `ids/positions[start[r − base] .. fill[r − base])`, appended in processing order. Ranks below
 * `base` (shingles of one set only, which no pair shares) are not indexed.
 */
class PrefixIndex {
  readonly base: number;
  readonly start: Uint32Array;
  readonly fill: Uint32Array;
  readonly ids: Uint32Array;
  readonly positions: Uint32Array;
  constructor(
    c: SetCollection,
    prefixLength: (size: number) => number,
    base = 0,
    sizes: Uint32Array = setSizes(c),
    alloc: (length: number) => Uint32Array = (n) => new Uint32Array(n),
  ) {
    this.base = base;
    const ranks = Math.max(0, maxRank(c) - base);
    const counts = alloc(ranks + 1);
    for (let i = 0; i < c.count; i++) {
      const from = c.offsets[i];
      const stored = c.offsets[i + 1] - from;
      // Stored tokens start at position lead of the whole set (see SetCollection.sizes).
      const lead = sizes[i] - stored;
      const p = Math.min(stored, prefixLength(sizes[i]) - lead);
      for (let k = 0; k < p; k++) {
        const r = c.tokens[from + k];
        if (r >= base) counts[r - base + 1]++;
      }
    }
    for (let r = 0; r < ranks; r++) counts[r + 1] += counts[r];
    this.start = counts.subarray(0, ranks);
    this.fill = alloc(ranks);
    this.fill.set(this.start);
    const total = counts[ranks];
    this.ids = alloc(total);
    this.positions = alloc(total);
  }
  add(rank: number, id: number, position: number): void {
    const at = this.fill[rank]++;
    this.ids[at] = id;
    this.positions[at] = position;
  }
}

/**
 * Finds every pair of sets with Jaccard ≥ `threshold` (0 < t ≤ 1), exactly. Pairs come out with
 * a < b, in no particular order.
 */
export function jaccardSelfJoin(c: SetCollection, threshold: number): PairList {
  const out: PairList = { a: [], b: [], intersections: [] };
  const t = threshold;
  const probeLength = (size: number) => size - ceilSafe(t * size) + 1;
  const indexLength = (size: number) => size - ceilSafe(((2 * t) / (1 + t)) * size) + 1;
  const index = new PrefixIndex(c, indexLength);
  // Where each rank's postings start once too-small sets are dropped (the length filter).
  const head = index.start.slice();
  const overlap = new Int32Array(c.count);
  const touched: number[] = [];
  if (c.sizes)
    throw new RangeError('jaccardSelfJoin needs whole sets (a collection without sizes)');
  const { offsets, tokens } = c;
  for (const x of bySize(setSizes(c))) {
    const xFrom = offsets[x];
    const xSize = offsets[x + 1] - xFrom;
    if (xSize === 0) continue;
    const minSize = t * xSize;
    const probe = Math.min(xSize, probeLength(xSize));
    for (let i = 0; i < probe; i++) {
      const r = tokens[xFrom + i];
      let h = head[r];
      const end = index.fill[r];
      // Length filter: postings are in increasing size order, so drop too-small sets for good.
      while (h < end) {
        const y = index.ids[h];
        if (offsets[y + 1] - offsets[y] + 1e-9 >= minSize) break;
        h++;
      }
      head[r] = h;
      for (let e = h; e < end; e++) {
        const y = index.ids[e];
        const seen = overlap[y];
        if (seen < 0) continue;
        const ySize = offsets[y + 1] - offsets[y];
        const alpha = minOverlapForJaccard(xSize, ySize, t);
        const j = index.positions[e];
        const bound = seen + 1 + Math.min(xSize - i - 1, ySize - j - 1);
        if (seen === 0) touched.push(y);
        overlap[y] = bound >= alpha ? seen + 1 : -1;
      }
    }
    for (const y of touched) {
      if (overlap[y] > 0) {
        const ySize = offsets[y + 1] - offsets[y];
        const inter = intersectionSizeIn(tokens, xFrom, xFrom + xSize, offsets[y], offsets[y + 1]);
        if (isDuplicate(inter, xSize, ySize, t)) {
          out.a.push(Math.min(x, y));
          out.b.push(Math.max(x, y));
          out.intersections.push(inter);
        }
      }
      overlap[y] = 0;
    }
    touched.length = 0;
    const indexed = Math.min(xSize, indexLength(xSize));
    for (let k = 0; k < indexed; k++) index.add(tokens[xFrom + k], x, k);
  }
  return out;
}

/**
 * Finds every pair of sets whose intersection is ≥ `containment` × the smaller set's size
 * (0 < c ≤ 1), exactly. Pairs come out with a < b, in no particular order. Sets are taken in
 * (size, id) order; each set's prefix is indexed, and each set probes the prefixes of the sets
 * before it ({@link containmentJoinPart}). With a `runner`, this thread and the runner's probe
 * side by side, each taking the next block of 1,024 sets in processing order until none is left
 * (a failed runner's share is probed here again); the pairs are the same (in another order).
 */
export function containmentSelfJoin(
  c: SetCollection,
  containment: number,
  runner?: KernelRunner,
): PairList {
  const parallel = runner !== undefined;
  const alloc = parallel ? sharedUint32 : (n: number) => new Uint32Array(n);
  const indexLength = (size: number) => containmentPrefix(size, containment);
  // Shingles of one set only can be no pair's shared shingle: neither indexed nor probed.
  const base = c.singletons ?? 0;
  const sizes = parallel ? asShared(setSizes(c)) : setSizes(c);
  const offsets = parallel ? asShared(c.offsets) : c.offsets;
  const tokens = parallel ? asShared(c.tokens) : c.tokens;
  const order = bySize(sizes, alloc);
  // Every set's prefix, in processing order: the postings of a rank are ascending by `order`
  // position, so a set probing sees exactly the sets before it by stopping at its own position.
  // Built in two halves of the order (about equal prefix tokens), one per thread: each counts
  // its postings per rank, and fills them after the first half's.
  const ranks = Math.max(0, maxRank(c) - base);
  const sets: JoinSets = { offsets, tokens, sizes, order, base, containment };
  const indexJob = (from: number, to: number): IndexPartJob => ({ ...sets, ranks, from, to });
  const halves: IndexPartJob[] = [indexJob(0, c.count)];
  if (parallel) {
    let prefixTokens = 0;
    for (let x = 0; x < c.count; x++) prefixTokens += indexLength(sizes[x]);
    let mid = 0;
    for (let n = 0; mid < c.count && 2 * n < prefixTokens; mid++)
      n += indexLength(sizes[order[mid]]);
    halves.splice(0, 1, indexJob(0, mid), indexJob(mid, c.count));
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
  // Both threads take blocks of the processing order from one counter until none is left: the
  // sets grow along the order, so a fixed split would leave one thread waiting for the other.
  const next = new Int32Array(parallel ? new SharedArrayBuffer(4) : new ArrayBuffer(4));
  const job = (): JoinPartJob => ({
    ...sets,
    start,
    end: start.subarray(1),
    ords,
    positions,
    next,
  });
  let found: JoinPartResult[];
  if (runner === undefined) found = [containmentJoinPart(job())];
  else {
    const wait = runner.start('containmentJoinPart', job());
    const here = containmentJoinPart(job());
    const there = wait() as JoinPartResult | undefined;
    // A failed runner may have taken blocks it never answered for: all again, on this thread.
    if (there === undefined) {
      next[0] = 0;
      found = [containmentJoinPart(job())];
    } else found = [here, there];
  }
  const out: PairList = { a: [], b: [], intersections: [] };
  for (const f of found) {
    for (let e = 0; e < f.pairs; e++) {
      out.a.push(f.a[e]);
      out.b.push(f.b[e]);
      out.intersections.push(f.intersections[e]);
    }
  }
  return out;
}

/**
 * How many of the smallest tokens of a set of `size` tokens {@link containmentSelfJoin} indexes:
 * `size − ⌈containment · size⌉ + 1`. A pair sharing at least `containment · size` of the set's
 * tokens shares one of these (pigeonhole).
 */
function containmentPrefix(size: number, containment: number): number {
  return size - ceilSafe(containment * size) + 1;
}

/** What every part of {@link containmentSelfJoin} reads: the sets, their order, the bound. */
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

/** One part of {@link containmentSelfJoin}: the sets, the prefix index, and which sets probe. */
export interface JoinPartJob extends JoinSets {
  /** Postings of rank r − base: `ords/positions[start[r − base] .. end[r − base])`, ascending
   * position in `order` (`ords`) and position of the token in its whole set. */
  start: Uint32Array;
  end: Uint32Array;
  ords: Uint32Array;
  positions: Uint32Array;
  /**
   * The next block of processing positions to probe (0-based, blocks of {@link JOIN_BLOCK}
   * positions), shared by the parts: each takes blocks (`Atomics.add`) until none is left.
   */
  next: Int32Array;
}

/** Processing positions a part of {@link containmentSelfJoin} takes at a time. */
const JOIN_BLOCK = 1024;

/** Pairs found by one part: `a[i] < b[i]`, intersection size, for i < pairs. */
export interface JoinPartResult {
  a: Uint32Array;
  b: Uint32Array;
  intersections: Uint32Array;
  pairs: number;
}

/**
 * The probing of {@link containmentSelfJoin} for one part of the sets: each probes the indexed
 * prefixes of the sets before it in processing order (pigeonhole: a pair sharing ≥ c·|y| tokens
 * shares one of y's prefix tokens), PPJoin's positional filter prunes, and each candidate is
 * verified on the stored sets. Pure; reads only, apart from taking blocks from `job.next`.
 */
export function containmentJoinPart(job: JoinPartJob): JoinPartResult {
  const { offsets, tokens, sizes, order, base, containment, start, end, ords, positions } = job;
  const count = order.length;
  const seen = new Uint8Array(count);
  const touched: number[] = [];
  let a = new Uint32Array(1024);
  let b = new Uint32Array(1024);
  let intersections = new Uint32Array(1024);
  let pairs = 0;
  for (let block = Atomics.add(job.next, 0, 1); ; block = Atomics.add(job.next, 0, 1)) {
    const first = block * JOIN_BLOCK;
    if (first >= count) break;
    const last = Math.min(count, first + JOIN_BLOCK);
    for (let o = first; o < last; o++) {
      const x = order[o];
      const xFrom = offsets[x];
      const xStored = offsets[x + 1] - xFrom;
      const xSize = sizes[x];
      if (xStored === 0) continue;
      // Position of stored token k in the whole set is lead + k (see SetCollection.sizes).
      const lead = xSize - xStored;
      // Sets are ascending, so the singleton ranks come first.
      let i = 0;
      while (i < xStored && tokens[xFrom + i] < base) i++;
      for (; i < xStored; i++) {
        const r = tokens[xFrom + i] - base;
        const stop = end[r];
        for (let e = start[r]; e < stop && ords[e] < o; e++) {
          const y = order[ords[e]];
          if (seen[y] === 0) {
            // The first shared shingle found is the smallest (y's prefix holds its smallest ranks),
            // so at most 1 + min(rest of x, rest of y) are shared: PPJoin's positional filter.
            const ySize = sizes[y];
            const bound = 1 + Math.min(xSize - lead - i - 1, ySize - positions[e] - 1);
            seen[y] = bound + 1e-9 >= containment * ySize ? 1 : 2;
            touched.push(y);
          }
        }
      }
      for (const y of touched) {
        const keep = seen[y] === 1;
        seen[y] = 0;
        if (!keep) continue;
        const ySize = sizes[y];
        const inter = intersectionSizeIn(
          tokens,
          xFrom,
          xFrom + xStored,
          offsets[y],
          offsets[y + 1],
        );
        if (isPartial(inter, xSize, ySize, containment)) {
          if (pairs === a.length) {
            a = grown(a);
            b = grown(b);
            intersections = grown(intersections);
          }
          a[pairs] = Math.min(x, y);
          b[pairs] = Math.max(x, y);
          intersections[pairs++] = inter;
        }
      }
      touched.length = 0;
    }
  }
  return { a, b, intersections, pairs };
}

/** One part of {@link containmentSelfJoin}'s prefix index: processing positions `[from, to)`. */
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

/** The kernels {@link inSharedParts} runs. */
const PART_KERNELS = { rankCountPart, rankScatterPart, rankPart };

/** The kernels a {@link KernelRunner} runs for this module, by name. */
export const JOIN_KERNELS = {
  sharedParts,
  rankCountPart,
  rankScatterPart,
  rankPart,
  writeRanksPart,
  indexCountPart,
  indexFillPart,
  containmentJoinPart,
};
