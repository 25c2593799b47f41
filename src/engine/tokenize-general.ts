/**
 * The tokenizer's general path, for text with a non-ASCII character (normalize.ts's module comment
 * gives the rules): the class table of the characters met so far (class, script, folds; worked out
 * by char-facts.ts on first sight) and the loop that reads a text once, folding each character
 * into the current token. What the loop does per character stays in this file on purpose: the
 * classes are a `const enum`, which tsc inlines only within its own file (isolatedModules), and
 * helpers called per character from another module cost up to ~20% on the unbundled dist/ path
 * (measured for fact-tokens.ts). Per text, look-alikes.ts finishes the tokens; runs of Thai, Lao,
 * Khmer and Myanmar are cut into words by segmented-words.ts.
 */

import { charFacts, type CharKind } from './char-facts.js';
import { composeHangul } from './char-folds.js';
import { scriptBit } from './script-ids.js';
import { cutRun, type SegmentedRun } from './segmented-words.js';
import { CHAR_TOKEN, TokenBuffers, WORD_TOKEN, type GeneralTokens } from './token-buffers.js';

/** Options of the tokenizer. */
export interface TokenizeOptions {
  /** Strip accents too (`--fold-accents`): `é` → `e`, `ø` → `o`. Default false. */
  foldAccents?: boolean;
}

/**
 * Character classes (low 4 bits of a class-table entry): one per kind of char-facts.ts's
 * `CharKind` (documented there), Unknown for a character not met yet.
 */
const enum Cls {
  Unknown = 0,
  Separator = 1,
  Letter = 2,
  Digit = 3,
  Other = 4,
  Dropped = 5,
  Apostrophe = 6,
  NumberSeparator = 7,
  PerChar = 8,
  Hangul = 9,
  Segmented = 10,
  DotAbove = 11,
}

/** Class-table flags: the character has a fold (plain), an accent fold, is dropped by it. */
const HAS_FOLD = 0x10;
const HAS_ACCENT_FOLD = 0x20;
const ACCENT_DROPPED = 0x40;
/** Class-table flag: a combining mark (`\p{M}`). */
const IS_MARK = 0x80;
const CLASS_MASK = 0x0f;

/** Script id (1-32; 0 for no script) of each BMP code unit, filled with the class table. */
const SCRIPT_TABLE = new Uint8Array(0x10000);
const CLASS_TABLE = new Uint8Array(0x10000);
const ASTRAL_CLASS = new Map<number, number>();
const ASTRAL_SCRIPT = new Map<number, number>();
/** Folded form of characters with HAS_FOLD (case, digits); with HAS_ACCENT_FOLD, `foldAccents`'. */
const FOLD = new Map<number, string>();
const ACCENT_FOLD = new Map<number, string>();

/** The tokenizer's class of each kind of character (see char-facts.ts). */
const CLASS_OF: Readonly<Record<CharKind, Cls>> = {
  separator: Cls.Separator,
  letter: Cls.Letter,
  digit: Cls.Digit,
  other: Cls.Other,
  dropped: Cls.Dropped,
  apostrophe: Cls.Apostrophe,
  numberSeparator: Cls.NumberSeparator,
  perChar: Cls.PerChar,
  hangul: Cls.Hangul,
  segmented: Cls.Segmented,
  dotAbove: Cls.DotAbove,
};

/** Classifies a code point (char-facts.ts) into the class table; returns its entry. */
function computeClass(cp: number): number {
  const facts = charFacts(cp);
  let entry: number = CLASS_OF[facts.kind];
  if (facts.folded !== String.fromCodePoint(cp)) {
    FOLD.set(cp, facts.folded);
    entry |= HAS_FOLD;
  }
  if (facts.mark) entry |= IS_MARK;
  if (facts.accentDropped) entry |= ACCENT_DROPPED;
  else if (facts.accentFolded !== facts.folded) {
    ACCENT_FOLD.set(cp, facts.accentFolded);
    entry |= HAS_ACCENT_FOLD;
  }
  if (cp < 0x10000) {
    CLASS_TABLE[cp] = entry;
    SCRIPT_TABLE[cp] = facts.script;
  } else {
    ASTRAL_CLASS.set(cp, entry);
    ASTRAL_SCRIPT.set(cp, facts.script);
  }
  return entry;
}

/** Class-table entry of a code point (computed once, then looked up). */
function classEntry(cp: number): number {
  if (cp < 0x10000) {
    const known = CLASS_TABLE[cp];
    return known !== 0 ? known : computeClass(cp);
  }
  return ASTRAL_CLASS.get(cp) ?? computeClass(cp);
}

/** Script id of a code point (see SCRIPT_NAMES; 0 for no letter), classifying it when new. */
export function scriptOf(cp: number): number {
  if (cp < 0x10000) {
    if (CLASS_TABLE[cp] === 0) computeClass(cp);
    return SCRIPT_TABLE[cp];
  }
  if (!ASTRAL_SCRIPT.has(cp)) computeClass(cp);
  return ASTRAL_SCRIPT.get(cp)!;
}

/** Script id of a letter (of class Letter or Hangul, see SCRIPT_NAMES); 0 for anything else. */
export function letterScript(cp: number): number {
  const cls = classEntry(cp) & CLASS_MASK;
  return cls === Cls.Letter || cls === Cls.Hangul ? scriptOf(cp) : 0;
}

/**
 * Folds one character as the tokenizer does (see the module comment); characters that are not
 * part of words come back as they are.
 */
export function foldChar(ch: string, options: TokenizeOptions = {}): string {
  const cp = ch.codePointAt(0)!;
  const entry = classEntry(cp);
  if (options.foldAccents) {
    if (entry & ACCENT_DROPPED) return '';
    if (entry & HAS_ACCENT_FOLD) return ACCENT_FOLD.get(cp)!;
  }
  const cls = entry & CLASS_MASK;
  if (cls === Cls.Dropped) return '';
  return entry & HAS_FOLD ? FOLD.get(cp)! : ch;
}

/**
 * Whether a UTF-16 code unit of folded text is of the Arabic script's letters and marks (Arabic,
 * Arabic Supplement, Arabic Extended-A; presentation forms are gone after NFKC): after one, a
 * ZWNJ (U+200C) separates words.
 */
export function isArabicScriptUnit(unit: number): boolean {
  return (
    (unit >= 0x0620 && unit <= 0x06ff) ||
    (unit >= 0x0750 && unit <= 0x077f) ||
    (unit >= 0x08a0 && unit <= 0x08ff)
  );
}

/** Average Hangul letters per run of Hangul above which a paragraph is read as unspaced. */
export const HANGUL_UNSPACED_RUN = 6;

/** Where the general path writes its tokens (reused from one text to the next). */
const general = new TokenBuffers();

/** Whether a paragraph's Hangul is written without spaces between words. */
function hangulUnspaced(s: string): boolean {
  let letters = 0;
  let runs = 0;
  let inRun = false;
  for (let i = 0; i < s.length; i++) {
    const cp = s.charCodeAt(i);
    const cls = cp < 0x80 ? Cls.Separator : classEntry(cp) & CLASS_MASK;
    // Dropped characters (zero-width spaces…) neither end nor start a run.
    if (cls === Cls.Dropped) continue;
    const hangul = cls === Cls.Hangul;
    if (hangul) {
      letters++;
      if (!inRun) runs++;
    }
    inRun = hangul;
  }
  return runs > 0 && letters > HANGUL_UNSPACED_RUN * runs;
}

/**
 * The general path: tokenizes text that has a non-ASCII character (see normalize.ts's module
 * comment) into the token buffers; look-alikes.ts's `finishGeneral` then maps look-alike letters,
 * hashes the tokens and counts them. One function on purpose: the same loop as named steps
 * sharing a state object (one function per case of the switch) tokenized the non-ASCII
 * paragraphs of BBC, Reuters and tests/fixtures/languages 9-12% slower (paired runs, both orders).
 */
export function tokenizeGeneral(text: string, foldAccents: boolean): GeneralTokens {
  const s = text.normalize('NFKC');
  const n = s.length;
  general.foldedLength = 0;
  let count = 0;
  let perCharHangul: boolean | undefined;
  // The open token: its kind, first offset, end so far, first folded unit, letters' scripts.
  let open = -1;
  let openStart = 0;
  let openEnd = 0;
  let openFold = 0;
  let openScripts = 0;
  let lastDigit = false;
  let lastHangul = false;
  let afterDropped = false;
  let lastDecomposed = false;
  // The folded text from `segment` on (since the token's start or its last apostrophe or number
  // separator, across which nothing composes) is refolded when `dirty` (see `refoldTail`).
  let segment = 0;
  let dirty = false;
  let lastUnit = 0;

  const settle = () => {
    if (dirty) refoldTail(segment, foldAccents);
    dirty = false;
    segment = general.foldedLength;
  };
  const close = () => {
    if (open < 0) return;
    settle();
    if (count === general.hashes.length) general.grow();
    general.starts[count] = openStart;
    general.ends[count] = openEnd;
    general.foldStart[count] = openFold;
    general.foldEnd[count] = general.foldedLength;
    general.scripts[count] = openScripts;
    general.kind[count] = open;
    count++;
    open = -1;
  };
  const begin = (kind: number, at: number) => {
    open = kind;
    openStart = at;
    openFold = general.foldedLength;
    openScripts = 0;
    lastDigit = false;
    lastHangul = false;
    afterDropped = false;
    lastDecomposed = false;
    segment = general.foldedLength;
    dirty = false;
  };
  /**
   * Class of the next character at or after `i` that is not dropped (Separator at the end; a dot
   * above is a mark, Other).
   */
  const nextClass = (i: number): number => {
    while (i < n) {
      const cp = s.codePointAt(i)!;
      const entry = classEntry(cp);
      const cls = entry & CLASS_MASK;
      if (cls !== Cls.Dropped && !(foldAccents && entry & ACCENT_DROPPED))
        return cls === Cls.DotAbove ? Cls.Other : cls;
      i += cp > 0xffff ? 2 : 1;
    }
    return Cls.Separator;
  };

  for (let i = 0; i < n;) {
    const cp = s.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const entry = classEntry(cp);
    let cls = entry & CLASS_MASK;
    const hangul = cls === Cls.Hangul;
    if (hangul) {
      perCharHangul ??= hangulUnspaced(s);
      cls = perCharHangul ? Cls.PerChar : Cls.Letter;
    }
    if (cls === Cls.DotAbove) {
      if (open >= 0 && (lastUnit === 0x69 || lastUnit === 0x6a)) cls = Cls.Dropped;
      else cls = Cls.Other;
    }
    if (foldAccents && entry & ACCENT_DROPPED) cls = Cls.Dropped;
    // A combining mark with no letter before it carries no word: dropped.
    if (open < 0 && entry & IS_MARK && cls === Cls.Other) cls = Cls.Dropped;
    switch (cls) {
      case Cls.Dropped:
        // A ZWNJ after an Arabic-script letter ends the word as a space does (Persian writes
        // می‌شود or می شود); elsewhere (Indic scripts) it is dropped like the other ignorables.
        if (cp === 0x200c && open === WORD_TOKEN && isArabicScriptUnit(lastUnit)) {
          close();
          break;
        }
        afterDropped = true;
        break;
      case Cls.Separator:
        close();
        break;
      case Cls.Apostrophe: {
        // Joins a word when a word character follows (dropped characters skipped).
        const next = nextClass(i + width);
        if (
          open === WORD_TOKEN &&
          (next === Cls.Letter || next === Cls.Digit || next === Cls.Other || next === Cls.Hangul)
        ) {
          settle();
          afterDropped = false;
          // A dot above after it is no longer after an i.
          lastUnit = 0x27;
          i += width;
          continue;
        }
        close();
        break;
      }
      case Cls.NumberSeparator:
        if (open === WORD_TOKEN && lastDigit && nextClass(i + width) === Cls.Digit) {
          settle();
          general.appendUnit(cp === 0x2c || cp === 0x066c ? 0x2c : 0x2e);
          segment = general.foldedLength;
          lastDigit = false;
          afterDropped = false;
          break;
        }
        close();
        break;
      case Cls.PerChar:
        close();
        begin(CHAR_TOKEN, i);
        general.append(entry & HAS_FOLD ? FOLD.get(cp)! : String.fromCodePoint(cp));
        openScripts = scriptBit(scriptOf(cp));
        openEnd = i + width;
        break;
      case Cls.Segmented: {
        close();
        const run = gatherRun(s, i, foldAccents);
        count = cutRun(general, s, run, count);
        i = run.at[run.at.length - 1];
        lastUnit = 0;
        continue;
      }
      default: {
        // A letter, digit or other word character: starts or continues a word (a mark after a
        // per-character token belongs to it).
        if (open === CHAR_TOKEN && cls !== Cls.Other) close();
        // Korean writes counters and particles onto numbers: 1400명이 is 1400 and 명이.
        if (open === WORD_TOKEN && ((cls === Cls.Digit && lastHangul) || (hangul && lastDigit)))
          close();
        if (open < 0) begin(WORD_TOKEN, i);
        let folded: string;
        if (foldAccents && entry & HAS_ACCENT_FOLD) folded = ACCENT_FOLD.get(cp)!;
        else if (entry & HAS_FOLD) folded = FOLD.get(cp)!;
        else folded = width === 1 ? String.fromCharCode(cp) : String.fromCodePoint(cp);
        if (folded.length === 1) general.appendUnit(folded.charCodeAt(0));
        else general.append(folded);
        if (cls === Cls.Letter) {
          const script = scriptOf(cp);
          openScripts = (openScripts | scriptBit(script)) >>> 0;
        }
        // After a dropped character, or a mark after a character that decomposed (ḯ + ◌̸), the
        // text is refolded (composed, folded, marks in canonical order).
        if (afterDropped || (lastDecomposed && entry & IS_MARK)) dirty = true;
        afterDropped = false;
        lastDecomposed = folded.length > 1;
        lastDigit = cls === Cls.Digit;
        lastHangul = hangul;
        openEnd = i + width;
      }
    }
    if (cls !== Cls.Dropped && general.foldedLength > 0)
      lastUnit = general.folded[general.foldedLength - 1];
    i += width;
  }
  close();
  return { tokens: general, source: s, count };
}

/**
 * Gathers the run of Thai/Lao/Khmer/Myanmar letters and marks starting at `from` (dropped
 * characters inside it skipped), folded, for segmented-words.ts's `cutRun`.
 */
function gatherRun(s: string, from: number, foldAccents: boolean): SegmentedRun {
  let text = '';
  const at: number[] = [];
  const scripts: number[] = [];
  let i = from;
  while (i < s.length) {
    const cp = s.codePointAt(i)!;
    const entry = classEntry(cp);
    const cls = entry & CLASS_MASK;
    const width = cp > 0xffff ? 2 : 1;
    if (cls === Cls.Segmented && !(foldAccents && entry & ACCENT_DROPPED)) {
      const folded =
        foldAccents && entry & HAS_ACCENT_FOLD
          ? ACCENT_FOLD.get(cp)!
          : entry & HAS_FOLD
            ? FOLD.get(cp)!
            : s.slice(i, i + width);
      const bit = scriptBit(scriptOf(cp));
      for (let k = 0; k < folded.length; k++) {
        at.push(i);
        scripts.push(bit);
      }
      text += folded;
    } else if (cls !== Cls.Dropped && !(foldAccents && entry & ACCENT_DROPPED)) break;
    i += width;
  }
  at.push(i);
  return { text, at, scripts };
}

/**
 * Composes the folded text from `from` to the end of the buffer (NFC) and folds it again,
 * character by character, marks put in canonical order (NFD): what it folds to once the dropped
 * characters inside it are gone, however its letters and marks were composed (Hangul syllables
 * stay whole).
 */
function refoldTail(from: number, foldAccents: boolean): void {
  const text = general.text(from, general.foldedLength);
  let refolded = '';
  for (const c of text.normalize('NFC')) {
    const last = refolded.charCodeAt(refolded.length - 1);
    if (c === '\u0307' && (last === 0x69 || last === 0x6a)) continue;
    refolded += foldChar(c, { foldAccents });
  }
  refolded = refolded.normalize('NFD');
  if (/[\u1100-\u11ff]/.test(refolded)) refolded = composeHangul(refolded);
  if (refolded === text) return;
  general.foldedLength = from;
  general.append(refolded);
}
