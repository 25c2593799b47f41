/**
 * Set similarity over sorted shingle sets, and the exact predicates the join and the tests share.
 *
 * All comparisons go through {@link isDuplicate} and {@link isPartial} so the prefix-filtered join,
 * the incremental corpus and the brute-force oracle decide identically.
 */

/** Tolerance for floating-point rounding in threshold comparisons (a count, not a ratio). */
const EPS = 1e-9;

/** Size of the intersection of two ascending, repeat-free Uint32Arrays (linear merge). */
export function intersectionSize(a: Uint32Array, b: Uint32Array): number {
  return intersectionOfRanges(a, 0, a.length, b, 0, b.length);
}

/**
 * {@link intersectionSize} of two sorted ranges of one array, `tokens[a0..a1)` and
 * `tokens[b0..b1)` (0-based, end exclusive), without making a view of either.
 */
export function intersectionSizeIn(
  tokens: Uint32Array,
  a0: number,
  a1: number,
  b0: number,
  b1: number,
): number {
  return intersectionOfRanges(tokens, a0, a1, tokens, b0, b1);
}

/** The linear merge of `a[a0..a1)` and `b[b0..b1)`, both ascending and repeat-free. */
function intersectionOfRanges(
  a: Uint32Array,
  a0: number,
  a1: number,
  b: Uint32Array,
  b0: number,
  b1: number,
): number {
  let i = a0;
  let j = b0;
  let n = 0;
  while (i < a1 && j < b1) {
    const x = a[i];
    const y = b[j];
    if (x === y) {
      n++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return n;
}

/** Jaccard |A∩B| / |A∪B| given the intersection size and both set sizes; 0..1. */
export function jaccardOf(intersection: number, sizeA: number, sizeB: number): number {
  const union = sizeA + sizeB - intersection;
  return union === 0 ? 1 : intersection / union;
}

/** `true` when sets of these sizes with this intersection have Jaccard ≥ `threshold`. */
export function isDuplicate(
  intersection: number,
  sizeA: number,
  sizeB: number,
  threshold: number,
): boolean {
  return intersection + EPS >= threshold * (sizeA + sizeB - intersection);
}

/**
 * `true` when the larger containment, |A∩B| / min(|A|, |B|), is ≥ `containment`
 * (i.e. at least one paragraph is mostly inside the other).
 */
export function isPartial(
  intersection: number,
  sizeA: number,
  sizeB: number,
  containment: number,
): boolean {
  return intersection + EPS >= containment * Math.min(sizeA, sizeB);
}

/**
 * Smallest intersection two sets of sizes `sizeA` and `sizeB` need for Jaccard ≥ `threshold`:
 * ⌈t·(|A|+|B|)/(1+t)⌉ (rounded so that it never exceeds the true minimum).
 */
export function minOverlapForJaccard(sizeA: number, sizeB: number, threshold: number): number {
  return Math.max(1, Math.ceil((threshold * (sizeA + sizeB)) / (1 + threshold) - EPS));
}

/** ⌈x⌉ computed so that floating-point noise never rounds it up past the true value. */
export function ceilSafe(x: number): number {
  return Math.ceil(x - EPS);
}
