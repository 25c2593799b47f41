/**
 * The Jaccard self-join (AllPairs/PPJoin): every pair of whole sets with Jaccard ≥ t, exactly.
 * Prefix filter (probe prefix |x|−⌈t|x|⌉+1, index mid-prefix |y|−⌈2t|y|/(1+t)⌉+1), length
 * filter (|y| ≥ t|x|) and PPJoin's positional filter; every candidate is verified on the full
 * sets.
 */

import { ceilSafe, intersectionSizeIn, isDuplicate, minOverlapForJaccard } from '../similarity.js';
import {
  bySize,
  maxRank,
  plainUint32,
  setSizes,
  type Alloc,
  type PairList,
  type SetCollection,
} from './sets.js';

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
    alloc: Alloc = plainUint32,
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
 * a < b, in no particular order. Sets are taken in (size, id) order: each probes the index with
 * its prefix (`jaccardCandidates`), its candidates are verified, then its mid-prefix is
 * indexed.
 */
export function jaccardSelfJoin(c: SetCollection, threshold: number): PairList {
  const out: PairList = { a: [], b: [], intersections: [] };
  const t = threshold;
  const indexLength = (size: number) => size - ceilSafe(((2 * t) / (1 + t)) * size) + 1;
  const index = new PrefixIndex(c, indexLength);
  const probe: JaccardProbe = {
    index,
    // Where each rank's postings start once too-small sets are dropped (the length filter).
    head: index.start.slice(),
    overlap: new Int32Array(c.count),
    touched: [],
  };
  if (c.sizes)
    throw new RangeError('jaccardSelfJoin needs whole sets (a collection without sizes)');
  const { offsets, tokens } = c;
  for (const x of bySize(setSizes(c))) {
    const xFrom = offsets[x];
    const xSize = offsets[x + 1] - xFrom;
    if (xSize === 0) continue;
    jaccardCandidates(c, x, t, probe);
    const { overlap, touched } = probe;
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

/** What `jaccardCandidates` reads and leaves: the index and the probing set's tally. */
interface JaccardProbe {
  index: PrefixIndex;
  /** Per rank: the first posting not dropped by the length filter. */
  head: Uint32Array;
  /** Per set: prefix tokens shared with the probing set so far, or −1 once pruned. */
  overlap: Int32Array;
  /** The sets with a nonzero `overlap`, each once. */
  touched: number[];
}

/**
 * Probes the index with set `x`'s prefix: counts in `overlap` the shared prefix tokens of each
 * indexed set big enough (the length filter drops the too-small ones for good: postings are in
 * increasing size order), and marks −1 a set that PPJoin's positional filter rules out.
 */
function jaccardCandidates(c: SetCollection, x: number, t: number, probe: JaccardProbe): void {
  const { offsets, tokens } = c;
  const { index, head, overlap, touched } = probe;
  const xFrom = offsets[x];
  const xSize = offsets[x + 1] - xFrom;
  const minSize = t * xSize;
  const probeLength = Math.min(xSize, xSize - ceilSafe(t * xSize) + 1);
  for (let i = 0; i < probeLength; i++) {
    const r = tokens[xFrom + i];
    let h = head[r];
    const end = index.fill[r];
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
}
