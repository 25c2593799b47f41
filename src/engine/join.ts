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
 * No sampling and no all-pairs loop: the only approximation is the 32-bit shingle hash itself.
 */

import {
  ceilSafe,
  intersectionSize,
  isDuplicate,
  isPartial,
  minOverlapForJaccard,
} from './similarity.js';

/** Sets in compressed form: set i holds `tokens[offsets[i] .. offsets[i+1])`, ascending. */
export interface SetCollection {
  /** Number of sets. */
  count: number;
  /** Start of each set in `tokens`, plus the end as the last entry (length `count + 1`). */
  offsets: Uint32Array;
  /** Concatenated tokens (ranks in the global order), each set ascending. */
  tokens: Uint32Array;
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
  const sorted = all.slice().sort();
  // Distinct hashes (ascending) and their document frequencies (sets are repeat-free).
  let distinctCount = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) distinctCount++;
  }
  const distinct = new Uint32Array(distinctCount);
  const freq = new Uint32Array(distinctCount);
  let d = -1;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) distinct[++d] = sorted[i];
    freq[d]++;
  }
  // Order distinct shingles by (frequency, hash); rank = position in that order.
  const order = new Uint32Array(distinctCount);
  for (let i = 0; i < distinctCount; i++) order[i] = i;
  order.sort((x, y) => freq[x] - freq[y] || x - y);
  const rank = new Uint32Array(distinctCount);
  for (let r = 0; r < distinctCount; r++) rank[order[r]] = r;
  const tokens = new Uint32Array(total);
  for (let i = 0; i < total; i++) tokens[i] = rank[lowerBound(distinct, all[i])];
  for (let i = 0; i < sets.length; i++) tokens.subarray(offsets[i], offsets[i + 1]).sort();
  return { count: sets.length, offsets, tokens };
}

function lowerBound(a: Uint32Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Set ids ordered by (size, id): the processing order of both joins. */
function bySize(c: SetCollection): Uint32Array {
  const ids = new Uint32Array(c.count);
  for (let i = 0; i < c.count; i++) ids[i] = i;
  const size = (i: number) => c.offsets[i + 1] - c.offsets[i];
  ids.sort((x, y) => size(x) - size(y) || x - y);
  return ids;
}

function maxRank(c: SetCollection): number {
  let m = -1;
  for (let i = 0; i < c.tokens.length; i++) if (c.tokens[i] > m) m = c.tokens[i];
  return m + 1;
}

/**
 * An inverted index over set prefixes in flat arrays: postings of rank r are
 * `ids/positions[start[r] .. fill[r])`, appended in processing order.
 */
class PrefixIndex {
  readonly start: Uint32Array;
  readonly fill: Uint32Array;
  readonly head: Uint32Array;
  readonly ids: Uint32Array;
  readonly positions: Uint32Array;
  constructor(c: SetCollection, prefixLength: (size: number) => number) {
    const ranks = maxRank(c);
    const counts = new Uint32Array(ranks + 1);
    for (let i = 0; i < c.count; i++) {
      const from = c.offsets[i];
      const size = c.offsets[i + 1] - from;
      const p = Math.min(size, prefixLength(size));
      for (let k = 0; k < p; k++) counts[c.tokens[from + k] + 1]++;
    }
    for (let r = 0; r < ranks; r++) counts[r + 1] += counts[r];
    this.start = counts.subarray(0, ranks);
    this.fill = this.start.slice();
    this.head = this.start.slice();
    const total = counts[ranks];
    this.ids = new Uint32Array(total);
    this.positions = new Uint32Array(total);
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
  const overlap = new Int32Array(c.count);
  const touched: number[] = [];
  const { offsets, tokens } = c;
  for (const x of bySize(c)) {
    const xFrom = offsets[x];
    const xSize = offsets[x + 1] - xFrom;
    if (xSize === 0) continue;
    const minSize = t * xSize;
    const probe = Math.min(xSize, probeLength(xSize));
    for (let i = 0; i < probe; i++) {
      const r = tokens[xFrom + i];
      let h = index.head[r];
      const end = index.fill[r];
      // Length filter: postings are in increasing size order, so drop too-small sets for good.
      while (h < end) {
        const y = index.ids[h];
        if (offsets[y + 1] - offsets[y] + 1e-9 >= minSize) break;
        h++;
      }
      index.head[r] = h;
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
        const inter = intersectionSize(
          tokens.subarray(xFrom, xFrom + xSize),
          tokens.subarray(offsets[y], offsets[y + 1]),
        );
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
 * (0 < c ≤ 1), exactly. Pairs come out with a < b, in no particular order.
 */
export function containmentSelfJoin(c: SetCollection, containment: number): PairList {
  const out: PairList = { a: [], b: [], intersections: [] };
  const indexLength = (size: number) => size - ceilSafe(containment * size) + 1;
  const index = new PrefixIndex(c, indexLength);
  const seen = new Uint8Array(c.count);
  const touched: number[] = [];
  const { offsets, tokens } = c;
  for (const x of bySize(c)) {
    const xFrom = offsets[x];
    const xSize = offsets[x + 1] - xFrom;
    if (xSize === 0) continue;
    for (let i = 0; i < xSize; i++) {
      const r = tokens[xFrom + i];
      const end = index.fill[r];
      for (let e = index.start[r]; e < end; e++) {
        const y = index.ids[e];
        if (seen[y] === 0) {
          seen[y] = 1;
          touched.push(y);
        }
      }
    }
    for (const y of touched) {
      seen[y] = 0;
      const ySize = offsets[y + 1] - offsets[y];
      const inter = intersectionSize(
        tokens.subarray(xFrom, xFrom + xSize),
        tokens.subarray(offsets[y], offsets[y + 1]),
      );
      if (isPartial(inter, xSize, ySize, containment)) {
        out.a.push(Math.min(x, y));
        out.b.push(Math.max(x, y));
        out.intersections.push(inter);
      }
    }
    touched.length = 0;
    const indexed = Math.min(xSize, indexLength(xSize));
    for (let k = 0; k < indexed; k++) index.add(tokens[xFrom + k], x, k);
  }
  return out;
}
