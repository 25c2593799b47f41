/**
 * The global order of shingles, rarest first (ascending document frequency, ties by hash): sets
 * of shingle hashes re-coded as sets of ranks in that order, so that the prefixes the joins look
 * at hold rare shingles. `rankCollection` ranks every shingle; `rank-shared.ts` ranks only
 * the shingles two or more sets share. Both write the ranks with {@link writeRanksPart}.
 */

import { plainUint32, type Alloc, type SetCollection } from './sets.js';

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
  const { setOf, spareKeys, spareSets } = sortByHash(all, offsets, count);
  // Frequencies of the distinct hashes, in hash order (in the spare keys, no longer needed).
  const freq = spareKeys;
  let distinct = 0;
  for (let k = 0; k < total;) {
    let e = k + 1;
    while (e < total && all[e] === all[k]) e++;
    freq[distinct++] = e - k;
    k = e;
  }
  // Each distinct hash is a run of entries in `all`; where it starts (in the spare sets).
  let maxFreq = 0;
  let singletons = 0;
  const runStart = spareSets;
  for (let i = 0, start = 0; i < distinct; i++) {
    if (freq[i] > maxFreq) maxFreq = freq[i];
    if (freq[i] === 1) singletons++;
    runStart[i] = start;
    start += freq[i];
  }
  // The ranks overwrite the sorted keys in place: only the runs' sets are read again.
  writeRanks(runStart, freq, distinct, maxFreq, setOf, offsets, all);
  // Frequency 1 sorts first: ranks 0 .. singletons−1 are the shingles of one set only.
  return { count, offsets, tokens: all, singletons, ranks: distinct };
}

/**
 * Sorts the (hash, set) pairs of every set by hash, in place in `all` (which ends up holding the
 * sorted hashes); `setOf` holds the set of each entry, and the two spare arrays (of `all`'s
 * length) are free for the caller.
 *
 * An LSD radix sort, 8 bits a pass (256 buckets keep the scattered writes cache-friendly); keys
 * travel with set ids so every pass reads sequentially. One read of the keys counts all four
 * digits. The input array is one of the two key buffers (its hashes are read by the first pass),
 * so the sort needs three more arrays, not four.
 */
function sortByHash(
  all: Uint32Array,
  offsets: Uint32Array,
  count: number,
): { setOf: Uint32Array; spareKeys: Uint32Array; spareSets: Uint32Array } {
  const total = all.length;
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
  return { setOf: setA, spareKeys: keyB, spareSets: setB };
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
  const rankRun = runsByRank(runLength, runs, maxFreq, plainUint32);
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
export function runsByRank(
  runLength: Uint32Array,
  runs: number,
  maxFreq: number,
  alloc: Alloc,
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
