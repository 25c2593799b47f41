/**
 * The multilingual fixture corpus (tests/fixtures/languages: own-written news paragraphs) and the
 * ways a copy can be written differently while reading the same: digits of another script,
 * Arabic tatweel and harakat, ß for ss, capitals, look-alike letters of another script, invisible
 * characters. Used by the tests and by `npm run bench:languages`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** The fixture corpus: one folder per language. */
export const LANGUAGES_DIR = path.resolve(HERE, '../fixtures/languages');

/** One language of the fixture corpus (tests/fixtures/languages.json). */
export interface FixtureLanguage {
  /** Folder name, ISO 639-1 code (`zh`). */
  code: string;
  /** Name in English. */
  language: string;
  /** The figure of the background paragraph that story c changed, as written (`1,400`). */
  from: string;
  /** What story c wrote instead (`1,600`). */
  to: string;
}

/** The languages of the fixture corpus. */
export function fixtureLanguages(): FixtureLanguage[] {
  return JSON.parse(
    fs.readFileSync(path.resolve(HERE, '../fixtures/languages.json'), 'utf8'),
  ) as FixtureLanguage[];
}

/** The paragraphs of a language's stories, in file order (blank lines separate them). */
export function fixtureParagraphs(code: string): { file: string; text: string }[] {
  const dir = path.join(LANGUAGES_DIR, code);
  const out: { file: string; text: string }[] = [];
  for (const file of fs.readdirSync(dir).sort())
    for (const text of fs.readFileSync(path.join(dir, file), 'utf8').split(/\n\s*\n/))
      if (text.trim() !== '') out.push({ file, text: text.trim() });
  return out;
}

/** The background paragraph of a language: the one of story a that b copies and c edits. */
export function backgroundParagraph(code: string): string {
  const { from } = fixtureLanguages().find((l) => l.code === code)!;
  return fixtureParagraphs(code).find((p) => p.file === 'a.txt' && p.text.includes(from))!.text;
}

/** ASCII digits written with the digits of another script (zero at `zero`). */
export function otherDigits(text: string, zero: number): string {
  return text.replace(/[0-9]/g, (d) => String.fromCodePoint(zero + Number(d)));
}

/** Zeros of some digit scripts. */
export const ZERO = { thai: 0x0e50, arabicIndic: 0x0660, persian: 0x06f0, devanagari: 0x0966 };

/** Arabic tatweel and harakat (a fatha, a shadda, a kasra) on `words` words of the text. */
export function tatweelAndHarakat(text: string, words = 3): string {
  let done = 0;
  return text
    .split(' ')
    .map((w, i) => {
      if (done >= words || i % 3 !== 1 || [...w].length < 3) return w;
      done++;
      const chars = [...w];
      return chars[0] + '\u064e' + 'ـ' + chars[1] + '\u0651' + chars.slice(2).join('') + '\u0650';
    })
    .join(' ');
}

/** Every `n`-th word with its first o, a or e (Latin) written as a Cyrillic look-alike. */
export function lookAlikeEvery(text: string, n: number): string {
  const cyrillic: Record<string, string> = { o: 'о', a: 'а', e: 'е' };
  return text
    .split(' ')
    .map((w, i) => (i % n === n - 1 ? w.replace(/[oae]/, (c) => cyrillic[c]) : w))
    .join(' ');
}

/** Every Latin `o` written as a Cyrillic `о`. */
export function everyO(text: string): string {
  return text.replace(/o/g, 'о');
}

/** The character `ch` (invisible: U+034F, U+FE0F, U+2063…) inside every third word. */
export function invisibleEvery3rd(text: string, ch: string): string {
  return text
    .split(' ')
    .map((w, i) =>
      i % 3 === 0 && [...w].length > 1 ? [...w][0] + ch + [...w].slice(1).join('') : w,
    )
    .join(' ');
}

/** Persian typed with the Arabic letters: yeh `ي` for `ی` (final `ی` as alef maksura `ى`), kaf `ك` for `ک`. */
export function arabicLetters(text: string): string {
  return text
    .replace(/ی(?=$|[^\p{L}\p{M}])/gu, 'ى')
    .replace(/ی/g, 'ي')
    .replace(/ک/g, 'ك');
}

/**
 * Vietnamese written with the tone of `oa`, `oe`, `uy` at a syllable's end on the other vowel
 * (`hòa` ↔ `hoà`, `khỏe` ↔ `khoẻ`, `thủy` ↔ `thuỷ`), both ways; NFC in, NFC out.
 */
export function otherTonePlacement(text: string): string {
  const tone = '[\u0300\u0301\u0303\u0309\u0323]';
  return text
    .normalize('NFD')
    .replace(
      new RegExp(
        `([oO])(${tone})?([aAeE])(${tone})?(?![\\p{L}\\p{M}])|([uU])(${tone})?([yY])(${tone})?(?![\\p{L}\\p{M}])`,
        'gu',
      ),
      (m, o, t1, a, t2, u, t3, y, t4) =>
        o !== undefined ? o + (t2 ?? '') + a + (t1 ?? '') : u + (t4 ?? '') + y + (t3 ?? ''),
    )
    .normalize('NFC');
}

/** Vietnamese own-written copy with many `oa`, `oe`, `uy` syllables, tones on the first vowel. */
export const VIETNAMESE_TONES =
  'Ủy ban nhân dân tỉnh Khánh Hòa cho biết nhà máy thủy điện đã xả lũ khiến nhiều hộ dân ở xã Hòa Thủy bị ảnh hưởng; sức khỏe của người dân được bảo đảm, hàng hóa cứu trợ đã được chuyển đến và lực lượng quân đội tiếp tục hỗ trợ khắc phục hậu quả.';

/** A copy that reads the same as the original, written differently (see the module comment). */
export interface FoldingVariant {
  /** What was changed, as the issue measured it. */
  name: string;
  /** The fixture language whose background paragraph is changed. */
  code: string;
  /** The paragraph written differently. */
  make: (text: string) => string;
  /** Only folded with `--fold-accents` (Greek capitals drop their accents). */
  foldAccents?: boolean;
}

/** The ways of writing a copy differently that dupgraf folds (docs/languages.md). */
export const FOLDING_VARIANTS: readonly FoldingVariant[] = [
  { name: 'Thai digits', code: 'th', make: (t) => otherDigits(t, ZERO.thai) },
  { name: 'Arabic-Indic digits', code: 'ar', make: (t) => otherDigits(t, ZERO.arabicIndic) },
  {
    name: 'Persian digits as Arabic-Indic',
    code: 'fa',
    make: (t) =>
      t.replace(/[۰-۹]/g, (d) => String.fromCodePoint(d.codePointAt(0)! - 0x6f0 + 0x660)),
  },
  { name: 'Devanagari digits', code: 'hi', make: (t) => otherDigits(t, ZERO.devanagari) },
  { name: 'Arabic tatweel and harakat on 3 words', code: 'ar', make: (t) => tatweelAndHarakat(t) },
  { name: 'German ß → ss', code: 'de', make: (t) => t.replace(/ß/g, 'ss') },
  { name: 'German ALL CAPS (ß → SS)', code: 'de', make: (t) => t.toUpperCase() },
  { name: 'Turkish ALL CAPS (i → İ)', code: 'tr', make: (t) => t.toLocaleUpperCase('tr') },
  {
    name: 'Greek ALL CAPS (final sigma)',
    code: 'el',
    make: (t) => t.toUpperCase().replace(/[ΆΈΉΊΌΎΏ]/g, (c) => c.normalize('NFD')[0]),
    foldAccents: true,
  },
  { name: 'Cyrillic look-alikes in every 8th word', code: 'en', make: (t) => lookAlikeEvery(t, 8) },
  { name: 'every o as Cyrillic о', code: 'en', make: everyO },
  {
    name: 'Latin look-alikes in Russian (every 4th word)',
    code: 'ru',
    make: (t) =>
      t
        .split(' ')
        .map((w, i) =>
          i % 4 === 3
            ? w.replace(/[оаерс]/, (c) => ({ о: 'o', а: 'a', е: 'e', р: 'p', с: 'c' })[c]!)
            : w,
        )
        .join(' '),
  },
  { name: 'U+034F in every third word', code: 'en', make: (t) => invisibleEvery3rd(t, '\u034f') },
  { name: 'U+FE0F in every third word', code: 'en', make: (t) => invisibleEvery3rd(t, '\ufe0f') },
  { name: 'U+2063 in every third word', code: 'en', make: (t) => invisibleEvery3rd(t, '\u2063') },
  { name: 'Persian with Arabic yeh, alef maksura and kaf', code: 'fa', make: arabicLetters },
  { name: 'Persian with spaces for ZWNJ', code: 'fa', make: (t) => t.replace(/\u200c/g, ' ') },
  {
    name: 'zero-width space in Thai words',
    code: 'th',
    make: (t) => invisibleEvery3rd(t, '\u200b'),
  },
];
