/**
 * The sets the joins read and the pairs they find, and the small helpers every join step shares
 * (set sizes, the processing order, growing output arrays).
 */

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
   * them). `rankCollection` sets it; absent means 0.
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

/** Makes a Uint32Array of a length: plain, or in shared memory when threads share the work. */
export type Alloc = (length: number) => Uint32Array;

/** A plain (not shared) Uint32Array of `n` zeros. */
export const plainUint32: Alloc = (n) => new Uint32Array(n);

/** A copy of `a` twice as long (the rest zeros). */
export function grown(a: Uint32Array): Uint32Array<ArrayBuffer> {
  const b = new Uint32Array(a.length * 2);
  b.set(a);
  return b;
}

/** Each set's full size: `sizes` when given, else its token count. */
export function setSizes(c: SetCollection): Uint32Array {
  if (c.sizes) return c.sizes;
  const sizes = new Uint32Array(c.count);
  for (let i = 0; i < c.count; i++) sizes[i] = c.offsets[i + 1] - c.offsets[i];
  return sizes;
}

/** Set ids ordered by (size, id): the processing order of both joins (counting sort). */
export function bySize(sizes: Uint32Array, alloc: Alloc = plainUint32): Uint32Array {
  let max = 0;
  for (let i = 0; i < sizes.length; i++) max = Math.max(max, sizes[i]);
  const counts = new Uint32Array(max + 2);
  for (let i = 0; i < sizes.length; i++) counts[sizes[i] + 1]++;
  for (let s = 0; s <= max; s++) counts[s + 1] += counts[s];
  const ids = alloc(sizes.length);
  for (let i = 0; i < sizes.length; i++) ids[counts[sizes[i]]++] = i;
  return ids;
}

/** The number of ranks: `c.ranks` when given, else one more than the largest token. */
export function maxRank(c: SetCollection): number {
  if (c.ranks !== undefined) return c.ranks;
  let m = -1;
  for (let i = 0; i < c.tokens.length; i++) if (c.tokens[i] > m) m = c.tokens[i];
  return m + 1;
}
