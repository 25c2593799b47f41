/**
 * Typed-array helpers for writing postings in bulk: approximate shingle counts (to choose each
 * new text's rarest shingles as its prefix) and the order of postings by shingle.
 */

/** Slots of {@link TokenCounts}: 2^22 counters (16 MiB). */
const SLOTS = 1 << 22;

/**
 * How often each shingle was seen, approximately: a count-min sketch of two rows. A count is
 * never below the truth; two shingles sharing both slots add up. That is all a prefix needs:
 * frequent shingles are never taken for rare ones (any choice of prefix is exact; rarer ones only
 * keep the probes short).
 */
export class TokenCounts {
  private a: Uint32Array | null = null;
  private b: Uint32Array | null = null;

  /** Counts every shingle of a set once. */
  addAll(shingles: Uint32Array): void {
    if (this.a === null) {
      this.a = new Uint32Array(SLOTS);
      this.b = new Uint32Array(SLOTS);
    }
    const a = this.a;
    const b = this.b!;
    for (let i = 0; i < shingles.length; i++) {
      const x = shingles[i] | 0;
      a[slotA(x)]++;
      b[slotB(x)]++;
    }
  }

  /** The (approximate, never low) count of a shingle. */
  get(shingle: number): number {
    if (this.a === null) return 0;
    const x = shingle | 0;
    return Math.min(this.a[slotA(x)], this.b![slotB(x)]);
  }
}

function slotA(x: number): number {
  return (Math.imul(x, 0x9e3779b1) >>> 10) & (SLOTS - 1);
}

function slotB(x: number): number {
  const h = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  return (h ^ (h >>> 13)) & (SLOTS - 1);
}

/** Values carried along by {@link sortByKey}: uint32, or float64 (positions past 2^32). */
export type SortPayload = Uint32Array | Float64Array;

/**
 * `key` and `payload` (same length) sorted together by key, ascending; equal keys keep their
 * order. A radix sort in two passes of 16 bits moving both (linear time, where a comparison sort
 * of millions of postings is not); the result is in the arrays passed.
 */
export function sortByKey<T extends SortPayload>(
  key: Uint32Array,
  payload: T,
): { key: Uint32Array; payload: T } {
  const n = key.length;
  let k1 = key;
  let p1 = payload;
  let k2: Uint32Array = new Uint32Array(n);
  let p2 = new (payload.constructor as new (length: number) => T)(n);
  const count = new Uint32Array(65536);
  for (const shift of [0, 16]) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[(k1[i] >>> shift) & 0xffff]++;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const at = count[(k1[i] >>> shift) & 0xffff]++;
      k2[at] = k1[i];
      p2[at] = p1[i];
    }
    [k1, k2] = [k2, k1];
    [p1, p2] = [p2, p1];
  }
  return { key: k1, payload: p1 };
}

/** Indices of `tokens` in ascending (signed) order; equal tokens keep their order ({@link sortByKey}). */
export function sortByToken(tokens: Int32Array): Uint32Array {
  const n = tokens.length;
  const keys = new Uint32Array(n);
  for (let i = 0; i < n; i++) keys[i] = (tokens[i] ^ 0x80000000) >>> 0;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return sortByKey(keys, order).payload;
}

/** Counts above this rank alike (the order of very frequent shingles does not matter). */
const WEIGHT_CAP = (1 << 20) - 1;
let keys = new Float64Array(256);

/**
 * Marks in `flags` (from `at`) which shingles of a set (ascending, unsigned) form its prefix: the
 * `take` with the lowest `weight` (given the shingle as a signed 32-bit number and its 0-based
 * position in the set), ties broken by the shingle as a signed number. One typed-array sort of
 * keys `weight·2³² + (shingle as signed + 2³¹)`.
 */
export function markPrefix(
  shingles: Uint32Array,
  weight: (shingle: number, position: number) => number,
  take: number,
  flags: Uint8Array,
  at: number,
): void {
  const n = shingles.length;
  if (keys.length < n) keys = new Float64Array(2 * n);
  const k = keys.subarray(0, n);
  for (let i = 0; i < n; i++) {
    const s = shingles[i] | 0;
    k[i] = Math.min(weight(s, i), WEIGHT_CAP) * 4294967296 + (s + 2147483648);
  }
  k.sort();
  for (let j = 0; j < take; j++) {
    const u = ((k[j] % 4294967296) - 2147483648) >>> 0;
    // The shingle's position in the ascending set.
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (shingles[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    flags[at + lo] = 1;
  }
}

/**
 * The order of posting rows by (token, prefix, size) with rows already in text order (a stable
 * radix sort, least significant key first), i.e. the order of the posting table's primary key.
 * Three passes of 16 bits (prefix and size as one digit) when every size is below 2^15, else
 * five.
 */
export function sortPostingRows(
  token: Int32Array,
  prefix: Uint8Array,
  size: Uint32Array,
): Uint32Array {
  const n = token.length;
  let from = new Uint32Array(n);
  for (let i = 0; i < n; i++) from[i] = i;
  let to = new Uint32Array(n);
  const count = new Uint32Array(65536);
  const digit = new Uint16Array(n);
  /** One stable counting pass by `digit` (indexed by row). */
  const pass = () => {
    count.fill(0);
    for (let i = 0; i < n; i++) count[digit[i]]++;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const j = from[i];
      to[count[digit[j]]++] = j;
    }
    [from, to] = [to, from];
  };
  let small = true;
  for (let i = 0; i < n; i++) if (size[i] >= 0x8000) small = false;
  if (small) {
    for (let i = 0; i < n; i++) digit[i] = (prefix[i] << 15) | size[i];
    pass();
  } else {
    for (let i = 0; i < n; i++) digit[i] = size[i] & 0xffff;
    pass();
    for (let i = 0; i < n; i++) digit[i] = size[i] >>> 16;
    pass();
    for (let i = 0; i < n; i++) digit[i] = prefix[i];
    pass();
  }
  for (let i = 0; i < n; i++) digit[i] = ((token[i] ^ 0x80000000) >>> 0) & 0xffff;
  pass();
  for (let i = 0; i < n; i++) digit[i] = ((token[i] ^ 0x80000000) >>> 0) >>> 16;
  pass();
  return from;
}

/**
 * Postings of each row's shingle, from `sorted` (the shingles in ascending order, as keys) and
 * `positions` (the row of each, e.g. from {@link sortByKey}): the exact count of every shingle,
 * capped at `cap`, written at each row's position in `out` (by default one uint32 per row), in
 * one pass over the runs. Returns `out`.
 */
export function countsByRun<T extends Uint32Array | Uint16Array = Uint32Array>(
  sorted: Int32Array | Uint32Array,
  positions: SortPayload,
  out: T = new Uint32Array(positions.length) as T,
  cap = 0xffffffff,
): T {
  const n = positions.length;
  for (let j = 0; j < n;) {
    const t = sorted[j];
    let e = j + 1;
    while (e < n && sorted[e] === t) e++;
    const c = Math.min(e - j, cap);
    for (let k = j; k < e; k++) out[positions[k]] = c;
    j = e;
  }
  return out;
}

/** Runs longer than this are ordered by a sort of keys, shorter ones by insertion. */
const SHORT_RUN = 16;
/** Run positions a key of {@link orderRunsByPrefixAndSize} holds (2^21). */
const RUN_POSITIONS = 2097152;
let runKeys = new Float64Array(1024);

/**
 * The order of the posting table's key (token, prefix, size, then row index) from `byToken`
 * (rows in ascending token order, equal tokens in row order: {@link sortByToken}) and `sorted`
 * (their tokens), reordered in place: each run of one token sorted stably by (prefix, size).
 * Most runs are one or two rows long, so this costs less than sorting all rows again
 * ({@link sortPostingRows}).
 */
export function orderRunsByPrefixAndSize(
  byToken: Uint32Array,
  sorted: Int32Array | Uint32Array,
  prefix: Uint8Array,
  size: Uint32Array,
): Uint32Array {
  const n = byToken.length;
  for (let j = 0; j < n;) {
    const t = sorted[j];
    let e = j + 1;
    while (e < n && sorted[e] === t) e++;
    if (e - j > SHORT_RUN) orderLongRun(byToken, j, e, prefix, size);
    else if (e - j > 1) {
      for (let a = j + 1; a < e; a++) {
        const row = byToken[a];
        const p = prefix[row];
        const s = size[row];
        let b = a - 1;
        // Strictly after only: rows of equal keys keep their order.
        while (b >= j) {
          const other = byToken[b];
          if (prefix[other] < p || (prefix[other] === p && size[other] <= s)) break;
          byToken[b + 1] = other;
          b--;
        }
        byToken[b + 1] = row;
      }
    }
    j = e;
  }
  return byToken;
}

/**
 * Sorts `byToken[from..to)` stably by (prefix, size): one typed-array sort of the keys
 * prefix·2⁵² + size·2²¹ + position, exact while sizes are below 2³¹ and the run below 2²¹ rows;
 * else a comparison sort.
 */
function orderLongRun(
  byToken: Uint32Array,
  from: number,
  to: number,
  prefix: Uint8Array,
  size: Uint32Array,
): void {
  const length = to - from;
  let fits = length <= RUN_POSITIONS;
  for (let k = from; fits && k < to; k++) if (size[byToken[k]] >= 0x80000000) fits = false;
  if (!fits) {
    const run = Array.from(byToken.subarray(from, to));
    run.sort((a, b) => prefix[a] - prefix[b] || size[a] - size[b] || a - b);
    byToken.set(run, from);
    return;
  }
  if (runKeys.length < length) runKeys = new Float64Array(2 * length);
  const keys = runKeys.subarray(0, length);
  for (let k = 0; k < length; k++) {
    const row = byToken[from + k];
    keys[k] = prefix[row] * 4503599627370496 + size[row] * RUN_POSITIONS + k;
  }
  keys.sort();
  const rows = byToken.slice(from, to);
  for (let k = 0; k < length; k++) byToken[from + k] = rows[keys[k] % RUN_POSITIONS];
}
