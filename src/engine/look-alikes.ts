/**
 * The general tokenizer's last step, per text: the paragraph's main script, look-alike letters
 * of other scripts mapped to it (Unicode UTS #39 confusables: Latin `o` for a Cyrillic `о` in a
 * Latin paragraph), the Vietnamese tone placement (vietnamese-tones.ts), the tokens' hashes and
 * the counts (words, tokens without a letter, words mixing scripts). See normalize.ts's module
 * comment for the rules.
 */

import { confusableLookAlike } from './confusables.js';
import {
  CONFUSABLE_SCRIPTS,
  isLookAlikeScript,
  LETTER,
  OTHER_SCRIPT,
  SCRIPT_TESTS,
  scriptBit,
} from './script-ids.js';
import { CHAR_TOKEN, WORD_TOKEN, type TokenBuffers } from './token-buffers.js';
import { hashUnits } from './tokenize-ascii.js';
import { placeVietnameseTone } from './vietnamese-tones.js';
import { letterScript, scriptOf } from './tokenize-general.js';

/** Counts of one text of the general path (its tokens are in the {@link TokenBuffers}). */
export interface GeneralResult {
  count: number;
  source: string;
  words: number;
  letterless: number;
  mixedScript: number;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/**
 * Ends the general path for the `count` tokens in `tokens` of source text `s`: look-alike
 * letters mapped (see the module comment), Vietnamese tones placed, hashes of the folded tokens,
 * and the counts.
 */
export function finishGeneral(tokens: TokenBuffers, s: string, count: number): GeneralResult {
  const main = mainScript(tokens, count);
  const mainBit = scriptBit(main);
  const { scripts, kind } = tokens;
  let mixedScript = 0;
  let letterWords = 0;
  let letterChars = 0;
  let letterless = 0;
  for (let t = 0; t < count; t++) {
    const mask = scripts[t];
    const tokenKind = kind[t];
    if (mask === 0) letterless++;
    else if (tokenKind === CHAR_TOKEN) letterChars++;
    else letterWords++;
    if (tokenKind !== WORD_TOKEN || mask === 0) continue;
    const mixed = popcount(mask) > 1;
    if (mixed) mixedScript++;
    if ((mask & CONFUSABLE_SCRIPTS) !== 0 && (mixed || mask !== mainBit) && main > 0)
      mapLookAlikes(tokens, t, main, mixed);
  }
  const { folded, foldStart, foldEnd, hashes } = tokens;
  for (let t = 0; t < count; t++) {
    const from = foldStart[t];
    const to = foldEnd[t];
    // Vietnamese tone placement: only a token ending in a combining mark of U+0300-0323, or in
    // such a mark and a letter, may need it.
    if (
      to - from >= 3 &&
      ((folded[to - 1] - 0x300) >>> 0 <= 0x23 || (folded[to - 2] - 0x300) >>> 0 <= 0x23)
    )
      placeVietnameseTone(folded, from, to);
    hashes[t] = hashUnits(folded, from, to);
  }
  return {
    count,
    source: s,
    words: letterWords + Math.ceil(letterChars / 2),
    letterless,
    mixedScript,
  };
}

/**
 * The paragraph's main script: the one with most letters in its word tokens (folded), counted
 * only when they have letters of more than one script; 0 when they have none.
 */
function mainScript(tokens: TokenBuffers, count: number): number {
  const { scripts, kind } = tokens;
  let union = 0;
  for (let t = 0; t < count; t++) if (kind[t] === WORD_TOKEN) union |= scripts[t];
  let main = 0;
  if (popcount(union) > 1) {
    const scriptLetters = countScriptLetters(tokens, count);
    for (let script = 1; script <= OTHER_SCRIPT; script++)
      if (scriptLetters[script] > scriptLetters[main]) main = script;
  } else if (union !== 0) main = 32 - Math.clz32(union);
  return main;
}

/** Letters per script id in the folded text of the word tokens `0..count)`. */
function countScriptLetters(tokens: TokenBuffers, count: number): Uint32Array {
  const out = new Uint32Array(OTHER_SCRIPT + 1);
  const { folded, foldStart, foldEnd, kind } = tokens;
  for (let t = 0; t < count; t++) {
    if (kind[t] !== WORD_TOKEN) continue;
    for (let k = foldStart[t]; k < foldEnd[t]; k++) {
      let cp = folded[k];
      if (cp >= 0xd800 && cp <= 0xdbff && k + 1 < foldEnd[t]) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (folded[k + 1] - 0xdc00);
        k++;
      }
      const script = letterScript(cp);
      if (script > 0) out[script]++;
    }
  }
  return out;
}

/**
 * Replaces the letters of token `t` that are not of the paragraph's main script by their
 * look-alikes in it when every one has one; else, in a word that mixes scripts, the letters not of
 * the word's own main script by their look-alikes in that script where there is one. The
 * token's folded text is rewritten at the end of the folded buffer.
 */
function mapLookAlikes(tokens: TokenBuffers, t: number, main: number, mixed: boolean): void {
  const chars = [...tokens.text(tokens.foldStart[t], tokens.foldEnd[t])];
  let out = isLookAlikeScript(main) ? toScript(chars, main) : null;
  if (out === null && mixed) {
    // The word's own main script (ties: the lower script id, so Latin first).
    const counts = new Uint32Array(OTHER_SCRIPT + 1);
    for (const c of chars) if (LETTER.test(c)) counts[scriptOf(c.codePointAt(0)!)]++;
    let own = 0;
    for (let script = 1; script <= OTHER_SCRIPT; script++)
      if (counts[script] > counts[own]) own = script;
    if (own !== main && isLookAlikeScript(own)) out = toScript(chars, own, true);
  }
  if (out === null) return;
  tokens.foldStart[t] = tokens.foldedLength;
  tokens.append(out.join(''));
  tokens.foldEnd[t] = tokens.foldedLength;
}

/**
 * `chars` with every letter of another look-alike script than `script` replaced by its look-alike
 * in `script`; null when nothing changed or some letter has none (unless `partial`: such a letter
 * is kept as it is).
 */
function toScript(chars: string[], script: number, partial = false): string[] | null {
  const out: string[] = [];
  let changed = false;
  for (const c of chars) {
    const own = scriptOf(c.codePointAt(0)!);
    if (own === script || !isLookAlikeScript(own) || !LETTER.test(c)) {
      out.push(c);
      continue;
    }
    const look = confusableLookAlike(c, SCRIPT_TESTS[script - 1]);
    if (look === undefined) {
      if (!partial) return null;
      out.push(c);
    } else {
      out.push(look);
      changed = true;
    }
  }
  return changed ? out : null;
}
