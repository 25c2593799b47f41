/**
 * The per-document half of the pipeline in compact form: segment → tokenize → shingle →
 * fingerprint, written into flat typed arrays (no object per paragraph, no string per paragraph
 * or shingle). This is what worker threads run and send back; it gives exactly what
 * `segment`, `tokenize`, `shingleSet` and `fingerprint` give paragraph by paragraph. The batch's
 * format, and joining batches, are in prepared-batch.ts.
 */

import { fmix32, tokenize, tokenizeAsciiRange, type AsciiTokenBuffers } from './normalize.js';
import { isFigureRow, paragraphKind } from './paragraph-kind.js';
import { forEachBlockParagraph, type ParagraphSpan } from './segment.js';
import { TRAIT_COMPARED, TRAIT_FIGURES, type PreparedBatch } from './prepared-batch.js';
import { fingerprint } from './shingle.js';

/** A growable Uint32Array. */
class U32 {
  data: Uint32Array;
  length = 0;
  constructor(capacity = 256) {
    this.data = new Uint32Array(capacity);
  }
  push(x: number): void {
    if (this.length === this.data.length) this.reserve(1);
    this.data[this.length++] = x;
  }
  reserve(extra: number): void {
    const need = this.length + extra;
    if (need <= this.data.length) return;
    let size = this.data.length * 2;
    while (size < need) size *= 2;
    const d = new Uint32Array(size);
    d.set(this.data.subarray(0, this.length));
    this.data = d;
  }
  finish(): Uint32Array {
    return this.data.slice(0, this.length);
  }
}

/** `true` for the characters of JavaScript's `\s`. */
function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** `true` for characters that do not make a line non-blank (white space and zero-width). */
function isBlankChar(c: number): boolean {
  return isSpace(c) || (c >= 0x200b && c <= 0x200d) || c === 0x2060;
}

/** Whether `text[from..to)` holds only blank characters (see `isBlankChar`). */
function isBlankRange(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isBlankChar(text.charCodeAt(i))) return false;
  return true;
}

/** Word hashes of the paragraph at hand (see `tokenizeAsciiRange`; no offsets needed here). */
const scratch: AsciiTokenBuffers = { hashes: new Uint32Array(4096), starts: null, ends: null };
/** Each word hash premixed as the shingle hash mixes it (once per word, not once per shingle). */
let scratchMixed = new Uint32Array(4096);

/** Open-addressing set of one paragraph's shingles: keys, and the paragraph stamp of each slot. */
let seenKeys = new Uint32Array(1024);
let seenStamps = new Uint32Array(1024);
let stamp = 0;

/**
 * Shingles of `hashes[0..count)` into `out` from `out.length`: the values of `shingleSet`, each
 * once, in order of first occurrence (not sorted: the global ranking sorts them, and a sort per
 * paragraph cost more than the hashing).
 */
function appendShingles(hashes: Uint32Array, count: number, size: number, out: U32): void {
  if (count === 0) return;
  const k = Math.min(size, count);
  const m = count - k + 1;
  if (scratchMixed.length < count) scratchMixed = new Uint32Array(count * 2);
  const mixed = scratchMixed;
  for (let i = 0; i < count; i++) {
    const w = Math.imul(hashes[i], 0xcc9e2d51);
    mixed[i] = Math.imul((w << 15) | (w >>> 17), 0x1b873593);
  }
  let capacity = 64;
  while (capacity < 2 * m) capacity *= 2;
  if (seenKeys.length < capacity) {
    seenKeys = new Uint32Array(capacity);
    seenStamps = new Uint32Array(capacity);
    stamp = 0;
  }
  if (stamp === 0xffffffff) {
    seenStamps.fill(0);
    stamp = 0;
  }
  stamp++;
  const mask = capacity - 1;
  out.reserve(m);
  const d = out.data;
  let w = out.length;
  for (let i = 0; i < m; i++) {
    let h = 0x9747b28c ^ k;
    if (k === 3) {
      // The usual shingle size, unrolled.
      h ^= mixed[i];
      h = (h << 13) | (h >>> 19);
      h = (Math.imul(h, 5) + 0xe6546b64) | 0;
      h ^= mixed[i + 1];
      h = (h << 13) | (h >>> 19);
      h = (Math.imul(h, 5) + 0xe6546b64) | 0;
      h ^= mixed[i + 2];
      h = (h << 13) | (h >>> 19);
      h = (Math.imul(h, 5) + 0xe6546b64) | 0;
    } else {
      for (let j = 0; j < k; j++) {
        h ^= mixed[i + j];
        h = (h << 13) | (h >>> 19);
        h = (Math.imul(h, 5) + 0xe6546b64) | 0;
      }
    }
    h = fmix32(h ^ k);
    // Shingle hashes are well mixed: their low bits pick the slot.
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      if (seenStamps[slot] !== stamp) {
        seenStamps[slot] = stamp;
        seenKeys[slot] = h;
        d[w++] = h;
        break;
      }
      if (seenKeys[slot] === h) break;
    }
  }
  out.length = w;
}

/** Options the per-document stage needs. */
export interface PrepareOptions {
  /** Words per shingle. */
  shingleSize: number;
  /** Paragraphs with fewer words get no shingles. */
  minWords: number;
  /** Figure rows get shingles too (`--include-tables`); default false. */
  includeTables?: boolean;
  /** Strip accents when tokenizing (`--fold-accents`); default false. */
  foldAccents?: boolean;
}

/**
 * Accumulates documents into a {@link PreparedBatch}. `add(text)` segments the text exactly as
 * `segment` does (the same `forEachBlockParagraph`) and tokenizes, shingles and fingerprints each paragraph.
 */
export class PreparedBuilder {
  private docs = 0;
  private readonly paragraphOffsets = new U32(64);
  private readonly line = new U32();
  private readonly endLine = new U32();
  private readonly start = new U32();
  private readonly end = new U32();
  private readonly words = new U32();
  private readonly traits = new U32();
  private readonly fpHigh = new U32();
  private readonly fpLow = new U32();
  private readonly shingleOffsets = new U32();
  private readonly shingles = new U32(1 << 16);
  private lineStart = new Uint32Array(1024);
  private lineEnd = new Uint32Array(1024);
  private lineBlank = new Uint8Array(1024);

  constructor(private readonly options: PrepareOptions) {
    this.paragraphOffsets.push(0);
    this.shingleOffsets.push(0);
  }

  /** Adds one document's text. */
  add(text: string): void {
    const lines = this.splitLines(text);
    const ls = this.lineStart;
    const le = this.lineEnd;
    const lb = this.lineBlank;
    // Mode: blocks when a non-blank line follows a blank line that follows text.
    let blocks = false;
    let seenText = false;
    let blankAfterText = false;
    for (let i = 0; i < lines; i++) {
      if (lb[i]) {
        if (seenText) blankAfterText = true;
      } else {
        if (blankAfterText) {
          blocks = true;
          break;
        }
        seenText = true;
      }
    }
    forEachBlockParagraph(
      text,
      ls,
      le,
      lines,
      !blocks,
      (first, last) => this.paragraph(text, first, last, ls[first], le[last]),
      (i) => lb[i] === 1,
    );
    this.docs++;
    this.paragraphOffsets.push(this.line.length);
  }

  /**
   * Adds one document whose paragraphs a reader already found (e.g. HTML): each span's `text` is
   * tokenized; its lines and offsets are kept as given.
   */
  addParagraphs(spans: readonly ParagraphSpan[]): void {
    for (const span of spans) {
      this.paragraph(span.text, span.line - 1, span.endLine - 1, 0, span.text.length, span);
    }
    this.docs++;
    this.paragraphOffsets.push(this.line.length);
  }

  /** Fills the line arrays; returns the number of lines. */
  private splitLines(text: string): number {
    let count = 0;
    const n = text.length;
    let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    let blank = true;
    let i = start;
    const pushLine = (s: number, e: number, b: boolean) => {
      if (count === this.lineStart.length) {
        const size = count * 2;
        const a = new Uint32Array(size);
        a.set(this.lineStart);
        this.lineStart = a;
        const b2 = new Uint32Array(size);
        b2.set(this.lineEnd);
        this.lineEnd = b2;
        const c = new Uint8Array(size);
        c.set(this.lineBlank);
        this.lineBlank = c;
      }
      this.lineStart[count] = s;
      this.lineEnd[count] = e;
      this.lineBlank[count] = b ? 1 : 0;
      count++;
    };
    if (text.indexOf('\r', i) < 0) {
      // Only LF line ends (the usual case): the engine's indexOf finds them; a line is scanned
      // only up to its first non-blank character.
      for (let e = text.indexOf('\n', i); e >= 0; e = text.indexOf('\n', start)) {
        pushLine(start, e, isBlankRange(text, start, e));
        start = e + 1;
      }
      if (start < n || count === 0) pushLine(start, n, isBlankRange(text, start, n));
      return count;
    }
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 13) {
        pushLine(start, i, blank);
        if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
        start = i + 1;
        blank = true;
      } else if (blank && !isBlankChar(c)) blank = false;
    }
    if (start < n || count === 0) pushLine(start, n, blank);
    return count;
  }

  private paragraph(
    text: string,
    first: number,
    last: number,
    start: number,
    end: number,
    given?: ParagraphSpan,
  ): void {
    if (!given) {
      while (start < end && isSpace(text.charCodeAt(start))) start++;
      while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
    }
    let count = this.options.foldAccents ? -1 : tokenizeAsciiRange(text, start, end, scratch);
    let hashes: Uint32Array = scratch.hashes;
    let words = scratch.words!;
    let letterless = count - words;
    let mixed = 0;
    if (count < 0) {
      const t = tokenize(text.slice(start, end), this.options);
      count = t.count;
      hashes = t.hashes;
      words = t.words;
      letterless = t.letterless;
      mixed = t.mixedScript;
    }
    this.line.push(first + 1);
    this.endLine.push(last + 1);
    this.start.push(given ? given.start : start);
    this.end.push(given ? given.end : end);
    this.words.push(words);
    const kind = paragraphKind({ count, words, letterless }, this.options);
    this.traits.push(
      (kind === 'compared' ? TRAIT_COMPARED : 0) |
        (isFigureRow(count, letterless) ? TRAIT_FIGURES : 0) |
        (mixed << 2),
    );
    if (kind === 'compared') {
      const fp = fingerprint(hashes, count);
      this.fpHigh.push(Math.floor(fp / 0x100000000));
      this.fpLow.push(fp >>> 0);
      appendShingles(hashes, count, this.options.shingleSize, this.shingles);
    } else {
      this.fpHigh.push(0);
      this.fpLow.push(0);
    }
    this.shingleOffsets.push(this.shingles.length);
  }

  /** The batch of every document added so far. */
  finish(): PreparedBatch {
    return {
      docs: this.docs,
      paragraphOffsets: this.paragraphOffsets.finish(),
      line: this.line.finish(),
      endLine: this.endLine.finish(),
      start: this.start.finish(),
      end: this.end.finish(),
      words: this.words.finish(),
      traits: this.traits.finish(),
      fpHigh: this.fpHigh.finish(),
      fpLow: this.fpLow.finish(),
      shingleOffsets: this.shingleOffsets.finish(),
      shingles: this.shingles.finish(),
    };
  }
}

/** Prepares in-memory texts into one batch (documents in the given order). */
export function prepareTexts(texts: readonly string[], options: PrepareOptions): PreparedBatch {
  const b = new PreparedBuilder(options);
  for (const t of texts) b.add(t);
  return b.finish();
}
