/**
 * The longest run of words two paragraphs share: the passage a reader should see for partial reuse.
 */

import { tokenHashes, tokenize, type TokenList } from './normalize.js';

/** Where the longest shared run of words lies in each paragraph (token indexes, 0-based). */
export interface SharedRun {
  /** First token of the run in A, 0-based. */
  startA: number;
  /** First token of the run in B, 0-based. */
  startB: number;
  /** Number of tokens in the run (0 when nothing is shared). */
  length: number;
}

/** Positions list longer than this for one word are skipped as anchors (keeps worst cases linear). */
const MAX_ANCHORS_PER_WORD = 2000;

/**
 * Finds the longest run of consecutive equal words in two token-hash sequences. Ties go to the
 * earliest run in A, then in B. Below 20,000 words in total, words repeated more than 2,000 times
 * in B are not used as run starts; longer inputs go to `longestSharedRunLong`.
 */
export function longestSharedRun(a: Uint32Array, b: Uint32Array): SharedRun {
  if (a.length + b.length > LONG_INPUT) return longestSharedRunLong(a, b);
  if (b.length <= MAX_ANCHORS_PER_WORD) return longestSharedRunChained(a, b);
  const positions = new Map<number, number[]>();
  for (let j = 0; j < b.length; j++) {
    const list = positions.get(b[j]);
    if (list === undefined) positions.set(b[j], [j]);
    else if (list.length <= MAX_ANCHORS_PER_WORD) list.push(j);
  }
  let best: SharedRun = { startA: 0, startB: 0, length: 0 };
  for (let i = 0; i < a.length; i++) {
    const list = positions.get(a[i]);
    if (list === undefined || list.length > MAX_ANCHORS_PER_WORD) continue;
    for (const j of list) {
      if (i > 0 && j > 0 && a[i - 1] === b[j - 1]) continue; // not the start of a run
      let len = 1;
      while (i + len < a.length && j + len < b.length && a[i + len] === b[j + len]) len++;
      if (len > best.length) best = { startA: i, startB: j, length: len };
    }
  }
  return best;
}

let slots = new Int32Array(256);
let nextSame = new Int32Array(256);

/**
 * Chains the positions of equal words of `x` through an open-addressing table (`slots`, all −1,
 * `mask + 1` of them, at least twice the words): a word's slot holds its first position, and
 * `nextSame[i]` the next position of the word at i (−1 after the last): ascending order.
 */
function chainEqualWords(x: Uint32Array, slots: Int32Array, nextSame: Int32Array, mask: number) {
  // Inserted from the end so each chain comes out in ascending position order.
  for (let i = x.length - 1; i >= 0; i--) {
    let h = (Math.imul(x[i], 0x9e3779b1) >>> 0) & mask;
    for (;;) {
      const at = slots[h];
      if (at < 0) {
        slots[h] = i;
        nextSame[i] = -1;
        break;
      }
      if (x[at] === x[i]) {
        slots[h] = i;
        nextSame[i] = at;
        break;
      }
      h = (h + 1) & mask;
    }
  }
}

/** The first position of `word` in `x` chained by {@link chainEqualWords}, or −1. */
function firstPositionOf(word: number, x: Uint32Array, slots: Int32Array, mask: number): number {
  for (let h = (Math.imul(word, 0x9e3779b1) >>> 0) & mask; ; h = (h + 1) & mask) {
    const at = slots[h];
    if (at < 0 || x[at] === word) return at;
  }
}

/**
 * The anchor method of {@link longestSharedRun} with typed arrays instead of a Map: positions of
 * equal words in B are chained in ascending order through an open-addressing table. For B of at
 * most 2,000 words (where the anchor limit never applies), so the result and ties are the same.
 */
function longestSharedRunChained(a: Uint32Array, b: Uint32Array): SharedRun {
  const m = b.length;
  let size = 16;
  while (size < 2 * m) size *= 2;
  if (slots.length < size) slots = new Int32Array(size);
  if (nextSame.length < m) nextSame = new Int32Array(2 * m);
  const mask = size - 1;
  slots.fill(-1, 0, size);
  chainEqualWords(b, slots, nextSame, mask);
  let bestLength = 0;
  let bestA = 0;
  let bestB = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = firstPositionOf(a[i], b, slots, mask); j >= 0; j = nextSame[j]) {
      if (i > 0 && j > 0 && a[i - 1] === b[j - 1]) continue; // not the start of a run
      let len = 1;
      while (i + len < a.length && j + len < m && a[i + len] === b[j + len]) len++;
      if (len > bestLength) {
        bestLength = len;
        bestA = i;
        bestB = j;
      }
    }
  }
  return { startA: bestA, startB: bestB, length: bestLength };
}

/**
 * {@link longestSharedRun} of one A against many B's: A's positions of equal words are chained
 * once (in ascending order, through an open-addressing table) and each B is streamed through
 * them, instead of a table of each B. Same runs and ties as longestSharedRun (the earliest run
 * in A, then in B); a side over 2,000 words goes to longestSharedRun itself.
 */
export class SharedRunFinder {
  private readonly slots: Int32Array;
  private readonly nextSame: Int32Array;
  private readonly mask: number;

  constructor(private readonly a: Uint32Array) {
    const n = a.length;
    let size = 16;
    while (size < 2 * n) size *= 2;
    this.mask = size - 1;
    this.slots = new Int32Array(n > MAX_ANCHORS_PER_WORD ? 0 : size).fill(-1);
    this.nextSame = new Int32Array(n > MAX_ANCHORS_PER_WORD ? 0 : n);
    if (n > MAX_ANCHORS_PER_WORD) return;
    chainEqualWords(a, this.slots, this.nextSame, this.mask);
  }

  /** The longest run of words A shares with `b`, as `longestSharedRun(a, b)` gives it. */
  with(b: Uint32Array): SharedRun {
    const { a, slots, nextSame, mask } = this;
    const n = a.length;
    const m = b.length;
    if (n > MAX_ANCHORS_PER_WORD || m > MAX_ANCHORS_PER_WORD) return longestSharedRun(a, b);
    let bestLength = 0;
    let bestA = 0;
    let bestB = 0;
    for (let j = 0; j < m; j++) {
      for (let i = firstPositionOf(b[j], a, slots, mask); i >= 0; i = nextSame[i]) {
        if (i > 0 && j > 0 && a[i - 1] === b[j - 1]) continue; // not the start of a run
        let len = 1;
        while (i + len < n && j + len < m && a[i + len] === b[j + len]) len++;
        // B is walked in order, so a tie is kept only when it starts earlier in A.
        if (len > bestLength || (len === bestLength && i < bestA)) {
          bestLength = len;
          bestA = i;
          bestB = j;
        }
      }
    }
    return { startA: bestA, startB: bestB, length: bestLength };
  }
}

/** Above this many words in total, {@link longestSharedRunLong} is used (linearithmic). */
const LONG_INPUT = 20000;

/** Hashes of windows of `length` tokens: `out[i]` for the window starting at i (30 bits). */
function windowHashes(
  prefix: Uint32Array,
  powers: Uint32Array,
  count: number,
  length: number,
): Uint32Array {
  const out = new Uint32Array(count - length + 1);
  const p = powers[length];
  for (let i = 0; i + length <= count; i++) {
    out[i] = ((prefix[i + length] - Math.imul(prefix[i], p)) >>> 0) & 0x3fffffff;
  }
  return out;
}

function prefixHashes(x: Uint32Array): Uint32Array {
  const h = new Uint32Array(x.length + 1);
  for (let i = 0; i < x.length; i++) h[i + 1] = (Math.imul(h[i], 0x01000193) + x[i]) >>> 0;
  return h;
}

function sameRun(a: Uint32Array, i: number, b: Uint32Array, j: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (a[i + k] !== b[j + k]) return false;
  return true;
}

/**
 * The first (i, j) — smallest i, then smallest j — with `a[i..i+length) = b[j..j+length)`, or
 * null. Window hashes find candidates; every candidate is checked word by word.
 */
function firstSharedWindow(
  a: Uint32Array,
  b: Uint32Array,
  ha: Uint32Array,
  hb: Uint32Array,
  powers: Uint32Array,
  length: number,
): [number, number] | null {
  if (length === 0) return [0, 0];
  const wb = windowHashes(hb, powers, b.length, length);
  const firstAt = new Map<number, number>();
  for (let j = 0; j < wb.length; j++) if (!firstAt.has(wb[j])) firstAt.set(wb[j], j);
  const wa = windowHashes(ha, powers, a.length, length);
  for (let i = 0; i < wa.length; i++) {
    const j = firstAt.get(wa[i]);
    if (j === undefined) continue;
    if (sameRun(a, i, b, j, length)) return [i, j];
    // A hash collision: look for a real match among every window of b with this hash.
    for (let k = j + 1; k < wb.length; k++) {
      if (wb[k] === wa[i] && sameRun(a, i, b, k, length)) return [i, k];
    }
  }
  return null;
}

/**
 * {@link longestSharedRun} for long inputs, in O((|a|+|b|) log min(|a|,|b|)): binary search on
 * the run length with rolling window hashes, every match verified. Gives the longest run, ties to
 * the smallest start in A, then in B (no anchor limit).
 */
export function longestSharedRunLong(a: Uint32Array, b: Uint32Array): SharedRun {
  const ha = prefixHashes(a);
  const hb = prefixHashes(b);
  const max = Math.min(a.length, b.length);
  const powers = new Uint32Array(max + 1);
  powers[0] = 1;
  for (let k = 1; k <= max; k++) powers[k] = Math.imul(powers[k - 1], 0x01000193) >>> 0;
  let lo = 0; // a run of this length exists
  let hi = max; // no run longer than this
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (firstSharedWindow(a, b, ha, hb, powers, mid)) lo = mid;
    else hi = mid - 1;
  }
  if (lo === 0) return { startA: 0, startB: 0, length: 0 };
  const [startA, startB] = firstSharedWindow(a, b, ha, hb, powers, lo)!;
  return { startA, startB, length: lo };
}

/**
 * The longest passage of words shared by two paragraph texts, as written in `textA` (after NFKC),
 * with its length in words. Empty when they share no word.
 */
export function sharedPassage(textA: string, textB: string): { text: string; words: number } {
  return passageOf(tokenize(textA), tokenize(textB).hashes);
}

/**
 * {@link sharedPassage} over text A already tokenized (`tokenize`) and the word hashes of B
 * (`tokenize(textB).hashes`).
 */
export function passageOf(ta: TokenList, hashesB: Uint32Array): { text: string; words: number } {
  return passageText(ta, longestSharedRun(ta.hashes, hashesB));
}

/** The words of `run` as written in A's text, white space collapsed, and how many. */
function passageText(ta: TokenList, run: SharedRun): { text: string; words: number } {
  if (run.length === 0) return { text: '', words: 0 };
  const text = ta.source.slice(ta.starts[run.startA], ta.ends[run.startA + run.length - 1]);
  // White space collapsed to single spaces; most passages have nothing to collapse.
  return { text: /\s\s|[^\S ]/.test(text) ? text.replace(/\s+/g, ' ') : text, words: run.length };
}

/** Shared passages of many pairs (same index as the pairs), as {@link passageOf} gives them. */
export interface PairPassages {
  /** Each pair's passage, white space collapsed ('' when the pair shares no word). */
  text: string[];
  /** Each passage's length in words. */
  words: number[];
}

/**
 * `more`'s passages appended to `passages` (which is returned); any number of them (a loop, not
 * a spread, which overflows the stack beyond about a hundred thousand).
 */
export function appendPassages(passages: PairPassages, more?: PairPassages): PairPassages {
  if (more === undefined) return passages;
  for (let i = 0; i < more.text.length; i++) {
    passages.text.push(more.text[i]);
    passages.words.push(more.words[i]);
  }
  return passages;
}

/**
 * Collects the texts the shared passages of pairs `(a[i], b[i])` need (paragraphs numbered
 * `0 .. count−1` in reading order; pairs in ascending order of `a`, as the report lists them),
 * fed in ascending paragraph order by whoever reads them (so a file is read once, and one pass
 * can feed other consumers too): B sides kept only as word hashes, A sides as text until their
 * pairs are done. {@link passagesOfPairs} is the simple form.
 */
export class PassageCollector {
  private readonly slotA: Int32Array;
  private readonly slotB: Int32Array;
  private hashes = new Uint32Array(1024);
  private filled = 0;
  private readonly hashStart: number[] = [];
  private readonly textsA: (string | undefined)[] = [];

  constructor(
    private readonly a: ArrayLike<number>,
    private readonly b: ArrayLike<number>,
    count: number,
  ) {
    this.slotB = new Int32Array(count).fill(-1);
    this.slotA = new Int32Array(count).fill(-1);
    for (let i = 0; i < b.length; i++) this.slotB[b[i]] = 0;
    for (let i = 0; i < a.length; i++) this.slotA[a[i]] = 0;
  }

  /** Whether paragraph `q`'s text is needed. */
  wants(q: number): boolean {
    return this.slotA[q] >= 0 || this.slotB[q] >= 0;
  }

  /** Takes paragraph `q`'s text (paragraphs in ascending order, each needed one once). */
  take(q: number, text: string): void {
    if (this.slotA[q] >= 0) {
      this.slotA[q] = this.textsA.length;
      this.textsA.push(ownCopy(text));
    }
    if (this.slotB[q] < 0) return;
    const h = tokenHashes(text);
    this.slotB[q] = this.hashStart.length;
    this.hashStart.push(this.filled);
    if (this.filled + h.length > this.hashes.length) {
      const grown = new Uint32Array(Math.max(2 * this.hashes.length, this.filled + h.length));
      grown.set(this.hashes.subarray(0, this.filled));
      this.hashes = grown;
    }
    this.hashes.set(h, this.filled);
    this.filled += h.length;
  }

  /** The passages, once every needed text was taken. */
  finish(): PairPassages {
    const { a, b, slotA, slotB, textsA, hashes, hashStart } = this;
    hashStart.push(this.filled);
    const out: PairPassages = { text: [], words: [] };
    let lastA = -1;
    let tokensA: TokenList | null = null;
    let finder: SharedRunFinder | null = null;
    for (let i = 0; i < a.length; i++) {
      if (a[i] !== lastA) {
        if (lastA >= 0) textsA[slotA[lastA]] = undefined; // A sides come in order: done with it
        lastA = a[i];
        tokensA = tokenize(textsA[slotA[lastA]]!);
        // An A side's word positions are chained once for all its pairs.
        finder = new SharedRunFinder(tokensA.hashes);
      }
      const k = slotB[b[i]];
      const hashesB = hashes.subarray(hashStart[k], hashStart[k + 1]);
      const passage = passageText(tokensA!, finder!.with(hashesB));
      out.text.push(passage.text);
      out.words.push(passage.words);
    }
    return out;
  }
}

/**
 * The shared passage of each pair of paragraphs `(a[i], b[i])`, paragraphs numbered
 * `0 .. count−1` in reading order, texts got from `text(p)`. Pairs must come in ascending order
 * of `a`. Every text is read once, in ascending paragraph order (see {@link PassageCollector}).
 */
export function passagesOfPairs(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  count: number,
  text: (p: number) => string,
): PairPassages {
  const collector = new PassageCollector(a, b, count);
  for (let q = 0; q < count; q++) if (collector.wants(q)) collector.take(q, text(q));
  return collector.finish();
}

/**
 * A copy of `text` that does not keep a larger string alive (a slice of a file's text would hold
 * the whole file in memory while it is kept).
 */
function ownCopy(text: string): string {
  return (text + ' ').slice(0, -1);
}
