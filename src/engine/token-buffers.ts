/**
 * Where the tokenizer's general path (tokenize-general.ts) writes its tokens: parallel arrays,
 * one entry per token, and the tokens' folded text, reused from one text to the next and grown
 * when a text needs more room.
 */

/** Token kinds (a token's `kind` entry): a word, a one-character token, a segmenter's word. */
export const WORD_TOKEN = 0;
export const CHAR_TOKEN = 1;
export const SEGMENT_TOKEN = 2;

/** The tokens of the last text of the general path and their folded text. */
export class TokenBuffers {
  /** 32-bit hash of each token's folded text (filled last, see look-alikes.ts). */
  hashes = new Uint32Array(1024);
  /** Offset of each token's first character in the source, 0-based UTF-16 code units. */
  starts = new Uint32Array(1024);
  /** Offset just past each token's last character in the source (exclusive). */
  ends = new Uint32Array(1024);
  /** Each token's folded text is `folded[foldStart[t] .. foldEnd[t])`. */
  foldStart = new Uint32Array(1024);
  foldEnd = new Uint32Array(1024);
  /** Bit per script (see SCRIPT_NAMES) of the token's letters; 0 for a token without a letter. */
  scripts = new Uint32Array(1024);
  /** {@link WORD_TOKEN}, {@link CHAR_TOKEN} or {@link SEGMENT_TOKEN}. */
  kind = new Uint8Array(1024);
  /** The folded text of the tokens, UTF-16 code units `0..foldedLength)`. */
  folded = new Uint16Array(4096);
  foldedLength = 0;

  /** Doubles the per-token arrays (when the token count reaches their length). */
  grow(): void {
    const size = this.hashes.length * 2;
    for (const key of ['hashes', 'starts', 'ends', 'foldStart', 'foldEnd', 'scripts'] as const) {
      const grown = new Uint32Array(size);
      grown.set(this[key]);
      this[key] = grown;
    }
    const kind = new Uint8Array(size);
    kind.set(this.kind);
    this.kind = kind;
  }

  /** Appends the code units of `s` to the folded text. */
  append(s: string): void {
    let folded = this.folded;
    const need = this.foldedLength + s.length;
    if (need > folded.length) {
      let size = folded.length * 2;
      while (size < need) size *= 2;
      const grown = new Uint16Array(size);
      grown.set(folded.subarray(0, this.foldedLength));
      this.folded = folded = grown;
    }
    for (let j = 0; j < s.length; j++) folded[this.foldedLength++] = s.charCodeAt(j);
  }

  /** Appends one UTF-16 code unit to the folded text. */
  appendUnit(unit: number): void {
    if (this.foldedLength === this.folded.length) {
      const grown = new Uint16Array(this.folded.length * 2);
      grown.set(this.folded);
      this.folded = grown;
    }
    this.folded[this.foldedLength++] = unit;
  }

  /** The folded text `folded[from..to)` as a string (in slices: no argument-count limit). */
  text(from: number, to: number): string {
    let out = '';
    for (let k = from; k < to; k += 8192)
      out += String.fromCharCode(...this.folded.subarray(k, Math.min(to, k + 8192)));
    return out;
  }
}

/** The tokens of one text of the general path, before look-alikes.ts's `finishGeneral`. */
export interface GeneralTokens {
  /** The buffers holding them (overwritten by the next text). */
  tokens: TokenBuffers;
  /** The text the offsets refer to: the input after NFKC. */
  source: string;
  /** Number of tokens. */
  count: number;
}
