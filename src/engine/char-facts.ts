/**
 * What the tokenizer needs to know of a character, worked out from its Unicode properties the
 * first time the general path (tokenize-general.ts) meets it; that file keeps the answers in its
 * class table. Kinds are named here and numbered there (a `const enum` private to the hot loop).
 */

import {
  ACCENT_MARK,
  DECIMAL,
  decomposedFold,
  digitValue,
  isDroppedMark,
  SINGLE_QUOTES,
  stripAccents,
} from './char-folds.js';
import { LETTER, OTHER_SCRIPT, SCRIPT_TESTS } from './script-ids.js';

/**
 * The tokenizer's kinds of characters: `dropped` neither splits nor joins a word (default
 * ignorables, tatweel, harakat, Hebrew points; but a ZWNJ after an Arabic-script letter ends the
 * word, see tokenize-general.ts); `numberSeparator` is `.` `,` `٫` `٬` (part of a
 * number between two digits); `dotAbove` is U+0307 (dropped after `i` and `j`); `perChar` a Han,
 * Hiragana, Katakana or Bopomofo letter (one token each); `hangul` a Hangul letter; `segmented` a
 * letter or mark of Thai, Lao, Khmer or Myanmar; `letter` a letter of a script written with
 * spaces; `digit` any `\p{Nd}`; `other` any other word character (marks, other numbers).
 */
export type CharKind =
  | 'separator'
  | 'letter'
  | 'digit'
  | 'other'
  | 'dropped'
  | 'apostrophe'
  | 'numberSeparator'
  | 'perChar'
  | 'hangul'
  | 'segmented'
  | 'dotAbove';

/** A character's kind, script and folds (see {@link charFacts}). */
export interface CharFacts {
  kind: CharKind;
  /** Script id of a letter (1-32, see SCRIPT_NAMES); 0 for anything else. */
  script: number;
  /** Its folded form (case, NFD, digits; the character itself when nothing changes). */
  folded: string;
  /** With `foldAccents`, a letter's folded form without accents or strokes. */
  accentFolded: string;
  /** A combining mark (`\p{M}`). */
  mark: boolean;
  /** A combining diacritic that `foldAccents` drops. */
  accentDropped: boolean;
}

const WORD_CHAR = /^[\p{L}\p{N}\p{M}]$/u;
const IGNORABLE = /^\p{Default_Ignorable_Code_Point}$/u;
const PER_CHAR =
  /^[\p{Script_Extensions=Han}\p{Script_Extensions=Hiragana}\p{Script_Extensions=Katakana}\p{Script_Extensions=Bopomofo}]$/u;
const SEGMENTED = /^[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]$/u;
const HANGUL = /^\p{Script=Hangul}$/u;
const MARK = /^\p{M}$/u;

/** The tokenizer's kind of character `ch` (code point `cp`). */
function kindOf(ch: string, cp: number): CharKind {
  if (IGNORABLE.test(ch) || cp === 0x0640 || isDroppedMark(cp)) return 'dropped';
  if (ch === "'" || SINGLE_QUOTES.includes(ch)) return 'apostrophe';
  if (cp === 0x2e || cp === 0x2c || cp === 0x066b || cp === 0x066c) return 'numberSeparator';
  if (cp === 0x0307) return 'dotAbove';
  if (DECIMAL.test(ch)) return 'digit';
  if (!WORD_CHAR.test(ch)) return 'separator';
  if (PER_CHAR.test(ch) && !MARK.test(ch)) return 'perChar';
  if (SEGMENTED.test(ch)) return 'segmented';
  if (HANGUL.test(ch) && LETTER.test(ch)) return 'hangul';
  if (LETTER.test(ch)) return 'letter';
  return 'other';
}

/** Kind, script and folds of code point `cp`, from its Unicode properties. */
export function charFacts(cp: number): CharFacts {
  const ch = String.fromCodePoint(cp);
  const kind = kindOf(ch, cp);
  let script = 0;
  if (LETTER.test(ch)) {
    const i = SCRIPT_TESTS.findIndex((re) => re.test(ch));
    script = i >= 0 ? i + 1 : OTHER_SCRIPT;
  }
  let folded = ch;
  if (kind === 'digit') folded = String.fromCharCode(48 + digitValue(cp));
  else if (cp === 0x066b) folded = '.';
  else if (cp === 0x066c) folded = ',';
  else if (kind !== 'separator' && kind !== 'dropped' && kind !== 'apostrophe')
    folded = decomposedFold(ch);
  const mark = MARK.test(ch);
  const accentDropped = (kind === 'other' || kind === 'dotAbove') && ACCENT_MARK.test(ch);
  const accentFolded = kind === 'letter' ? stripAccents(folded) : folded;
  return { kind, script, folded, accentFolded, mark, accentDropped };
}
