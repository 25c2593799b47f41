/**
 * Sorting (key, set) pairs by key inside one bucket of {@link rankShared}: a stable LSD radix
 * sort in cache ({@link RadixScratch}), or insertion for a few entries.
 */

/** Digit width of {@link RadixScratch}'s passes (2,048 counters: in cache). */
export const DIGIT_BITS = 11;

/** Buffers of a stable LSD radix sort of (key, set) pairs by their low key bits. */
export class RadixScratch {
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
export function insertionSortPairs(
  key: Uint32Array,
  set: Uint32Array,
  lo: number,
  hi: number,
): void {
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
