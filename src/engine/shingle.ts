/**
 * Word k-shingles hashed to 32-bit integers.
 *
 * Each word is hashed once by the tokenizer; a shingle's hash mixes the k word hashes in order
 * with Math.imul (murmur3-style), so no shingle string is ever built. A paragraph shorter than k
 * words is one shingle of all its words.
 */

import { fmix32 } from './normalize.js';

/**
 * Hashes the word k-grams of `wordHashes[0..count)` (k = `size`), returns them sorted ascending
 * and without repeats. Hashes are unsigned 32-bit integers.
 */
export function shingleSet(
  wordHashes: Uint32Array,
  size: number,
  count = wordHashes.length,
): Uint32Array {
  if (count === 0) return new Uint32Array(0);
  const k = Math.min(size, count);
  const m = count - k + 1;
  const out = new Uint32Array(m);
  for (let i = 0; i < m; i++) {
    let h = 0x9747b28c ^ k;
    for (let j = 0; j < k; j++) {
      let w = Math.imul(wordHashes[i + j], 0xcc9e2d51);
      w = (w << 15) | (w >>> 17);
      w = Math.imul(w, 0x1b873593);
      h ^= w;
      h = (h << 13) | (h >>> 19);
      h = (Math.imul(h, 5) + 0xe6546b64) | 0;
    }
    out[i] = fmix32(h ^ k);
  }
  out.sort();
  return dedupeSorted(out);
}

/** Removes repeats from an ascending Uint32Array; returns a (possibly shorter) view or copy. */
export function dedupeSorted(a: Uint32Array): Uint32Array {
  if (a.length < 2) return a;
  let w = 1;
  for (let r = 1; r < a.length; r++) {
    if (a[r] !== a[w - 1]) a[w++] = a[r];
  }
  return w === a.length ? a : a.slice(0, w);
}

/**
 * A 53-bit fingerprint of a sequence of 32-bit hashes (e.g. a paragraph's word hashes), as a
 * safe integer: two independent 32-bit mixes combined. Used for exact-duplicate grouping and ids.
 */
export function fingerprint(hashes: Uint32Array, count = hashes.length): number {
  let a = 0x2f6b1a3d ^ count;
  let b = 0x5bd1e995 ^ count;
  for (let i = 0; i < count; i++) {
    const x = hashes[i];
    a = Math.imul(a ^ x, 0x01000193);
    a = (a << 13) | (a >>> 19);
    b = Math.imul(b + x, 0x9e3779b1);
    b = (b << 17) | (b >>> 15);
    b ^= x >>> 7;
  }
  return (fmix32(a) & 0x1fffff) * 0x100000000 + fmix32(b ^ 0x7f4a7c15);
}
