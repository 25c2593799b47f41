/**
 * Exact set-similarity self-joins over shingle sets (AllPairs/PPJoin family); the steps live in
 * `join/`, this file gathers them and names the kernels a worker thread runs.
 *
 * Every set is re-coded under one global order of shingles, rarest first (ascending document
 * frequency, ties by hash), so that the prefixes the filters look at hold rare shingles.
 * - {@link jaccardSelfJoin} (`join/jaccard.ts`): prefix filter (probe prefix |x|−⌈t|x|⌉+1, index
 *   mid-prefix |y|−⌈2t|y|/(1+t)⌉+1), length filter (|y| ≥ t|x|) and PPJoin's positional filter;
 *   every candidate is verified on the full sets. Finds every pair with Jaccard ≥ t, no other.
 * - {@link containmentSelfJoin} (`join/containment.ts`, its prefix index in
 *   `join/containment-index.ts`): indexes each set's prefix of |y|−⌈c|y|⌉+1 shingles and probes
 *   each larger-or-equal set with all its shingles (pigeonhole), then verifies. Finds every pair
 *   with |A∩B| ≥ c·min(|A|,|B|), no other.
 * The scan ranks with {@link rankShared} (`join/rank-shared.ts`), which drops the shingles of one
 * set only (no pair can share them) and keeps each set's full size, so the containment join reads
 * fewer tokens and finds the same pairs; {@link rankByFrequency} (`join/rank.ts`) ranks them all.
 * No sampling and no all-pairs loop: the only approximation is the 32-bit shingle hash itself.
 *
 * The heavy steps are cut into parts a `KernelRunner`'s thread can share (`join/parts.ts`);
 * {@link JOIN_KERNELS} names the part kernels that thread runs.
 */

import { containmentJoinPart } from './join/containment.js';
import { indexCountPart, indexFillPart } from './join/containment-index.js';
import { takeSharedParts, type SharedPartKernel, type SharedPartsJob } from './join/parts.js';
import { writeRanksPart } from './join/rank.js';
import { rankCountPart, rankPart, rankScatterPart } from './join/rank-shared.js';

export type { SetCollection, PairList } from './join/sets.js';
export { rankByFrequency, rankCollection } from './join/rank.js';
export { rankShared } from './join/rank-shared.js';
export { jaccardSelfJoin } from './join/jaccard.js';
export { containmentSelfJoin } from './join/containment.js';

/** The kernels `inSharedParts` runs. */
const PART_KERNELS = { rankCountPart, rankScatterPart, rankPart } satisfies Record<
  SharedPartKernel,
  (job: never) => unknown
>;

/** The runner's loop of `inSharedParts` (`join/parts.ts`) over this module's part kernels. */
function sharedParts(job: SharedPartsJob) {
  return takeSharedParts(PART_KERNELS, job);
}

/** The kernels a `KernelRunner` runs for this module, by name. */
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
