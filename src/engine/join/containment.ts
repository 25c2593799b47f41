/**
 * The containment self-join: every pair of sets sharing at least `containment` of the smaller
 * set, exactly. Candidates come from the prefix index (`containment-index.ts`: pigeonhole), are
 * pruned by PPJoin's positional filter, and verified on the stored sets.
 */

import { asShared, sharedUint32, type KernelRunner } from '../parallel.js';
import { intersectionSizeIn, isPartial } from '../similarity.js';
import { buildPrefixIndex, type JoinSets } from './containment-index.js';
import {
  bySize,
  grown,
  maxRank,
  plainUint32,
  setSizes,
  type PairList,
  type SetCollection,
} from './sets.js';

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
  const alloc = parallel ? sharedUint32 : plainUint32;
  // Shingles of one set only can be no pair's shared shingle: neither indexed nor probed.
  const base = c.singletons ?? 0;
  const sizes = parallel ? asShared(setSizes(c)) : setSizes(c);
  const offsets = parallel ? asShared(c.offsets) : c.offsets;
  const tokens = parallel ? asShared(c.tokens) : c.tokens;
  const order = bySize(sizes, alloc);
  const ranks = Math.max(0, maxRank(c) - base);
  const sets: JoinSets = { offsets, tokens, sizes, order, base, containment };
  const { start, ords, positions } = buildPrefixIndex(sets, ranks, runner, alloc);
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
  return pairListOf(found);
}

/** The parts' pairs, end to end, as one list. */
function pairListOf(found: readonly JoinPartResult[]): PairList {
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
 * shares one of y's prefix tokens; `findCandidates`), and each candidate is verified on
 * the stored sets (`verifyCandidates`). Pure; reads only, apart from taking blocks from
 * `job.next`.
 */
export function containmentJoinPart(job: JoinPartJob): JoinPartResult {
  const { offsets, order } = job;
  const count = order.length;
  // Per set: 0 not met yet, 1 a candidate, 2 pruned (by the positional filter).
  const seen = new Uint8Array(count);
  const touched: number[] = [];
  const found: JoinPartResult = {
    a: new Uint32Array(1024),
    b: new Uint32Array(1024),
    intersections: new Uint32Array(1024),
    pairs: 0,
  };
  for (let block = Atomics.add(job.next, 0, 1); ; block = Atomics.add(job.next, 0, 1)) {
    const first = block * JOIN_BLOCK;
    if (first >= count) break;
    const last = Math.min(count, first + JOIN_BLOCK);
    for (let o = first; o < last; o++) {
      const x = order[o];
      if (offsets[x + 1] === offsets[x]) continue;
      findCandidates(job, o, seen, touched);
      verifyCandidates(job, x, seen, touched, found);
      touched.length = 0;
    }
  }
  return found;
}

/**
 * The sets before processing position `o` that share a prefix token with its set, each marked in
 * `seen` (1: a candidate, 2: pruned) and listed in `touched` once. The first shared shingle found
 * is the smallest (y's prefix holds its smallest ranks), so at most 1 + min(rest of x, rest of y)
 * are shared: PPJoin's positional filter prunes a set that cannot reach c·|y|.
 */
function findCandidates(job: JoinPartJob, o: number, seen: Uint8Array, touched: number[]): void {
  const { offsets, tokens, sizes, order, base, containment, start, end, ords, positions } = job;
  const x = order[o];
  const xFrom = offsets[x];
  const xStored = offsets[x + 1] - xFrom;
  const xSize = sizes[x];
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
        const ySize = sizes[y];
        const bound = 1 + Math.min(xSize - lead - i - 1, ySize - positions[e] - 1);
        seen[y] = bound + 1e-9 >= containment * ySize ? 1 : 2;
        touched.push(y);
      }
    }
  }
}

/**
 * Verifies each set `touched` by set `x` that is a candidate (`seen` 1) on the stored sets, and
 * appends the pairs with containment ≥ c to `found`; clears `seen` for every touched set.
 */
function verifyCandidates(
  job: JoinPartJob,
  x: number,
  seen: Uint8Array,
  touched: readonly number[],
  found: JoinPartResult,
): void {
  const { offsets, tokens, sizes, containment } = job;
  const xFrom = offsets[x];
  const xTo = offsets[x + 1];
  const xSize = sizes[x];
  for (const y of touched) {
    const keep = seen[y] === 1;
    seen[y] = 0;
    if (!keep) continue;
    const ySize = sizes[y];
    const inter = intersectionSizeIn(tokens, xFrom, xTo, offsets[y], offsets[y + 1]);
    if (isPartial(inter, xSize, ySize, containment)) {
      if (found.pairs === found.a.length) {
        found.a = grown(found.a);
        found.b = grown(found.b);
        found.intersections = grown(found.intersections);
      }
      found.a[found.pairs] = Math.min(x, y);
      found.b[found.pairs] = Math.max(x, y);
      found.intersections[found.pairs++] = inter;
    }
  }
}
