/**
 * The roles a paragraph's shape (story-shapes.ts) gives it in the story rule: headline-shaped, a
 * standalone headline, prose, a lede, a standfirst, a byline; and the content words that tell
 * whether two paragraphs are about the same thing. The thresholds were set on real copy
 * (Reuters-21578 and BBC News, see docs/stories.md).
 */

import { MONTH } from './datelines.js';
import {
  CLOSERS,
  DOTTED_ABBREVIATION,
  isSpaceCode,
  QUESTION_MARKS,
  SENTENCE_MARKS,
  type ParagraphShape,
} from './story-shapes.js';

/** Longest headline, in words and characters. */
const HEADLINE_WORDS = 16;
const HEADLINE_CHARS = 160;

const STARTS_UPPER_OR_DIGIT = /^[^\p{L}\p{N}]*[\p{Lu}\p{N}]/u;
const BRACKETS = /[()[\]<>{}]/;
const SHORT_DATE = new RegExp(String.raw`\b${MONTH}\s+\d|\d\s+${MONTH}`, 'u');

/**
 * Whether `source.slice(start, end)`, one line of a file, may be a headline: at most 320
 * characters and no sentence-final mark at its end (`.`, `。`, `।`…: see `SENTENCE_MARKS`; a
 * question mark allowed). A cheap test on the characters as written (see
 * {@link isHeadlineShaped} for the full one).
 */
export function mayBeHeadline(source: string, start: number, end: number): boolean {
  if (end - start > 2 * HEADLINE_CHARS) return false;
  let i = end - 1;
  while (i >= start && isSpaceCode(source.charCodeAt(i))) i--;
  while (i >= start && CLOSERS.has(source[i])) i--;
  if (i < start) return false;
  const mark = source[i];
  if (mark === '.') {
    // Only after an abbreviation such as `U.S.`.
    let w = i;
    while (w > start && !isSpaceCode(source.charCodeAt(w - 1))) w--;
    return DOTTED_ABBREVIATION.test(source.slice(w, i + 1));
  }
  return !SENTENCE_MARKS.has(mark) || QUESTION_MARKS.has(mark);
}

/**
 * A line shaped like a headline in any case: one line, 1-16 words, at most 160 characters, no
 * sentence-final punctuation (a question mark is allowed). Such a line directly above a dateline
 * is that story's headline.
 */
export function isHeadlineShaped(p: ParagraphShape): boolean {
  return (
    p.oneLine &&
    p.rawLength <= 2 * HEADLINE_CHARS &&
    (!p.endsSentence || p.endsQuestion) &&
    p.words >= 1 &&
    p.words <= HEADLINE_WORDS &&
    p.text.length <= HEADLINE_CHARS &&
    !isCloser(p)
  );
}

/** `Reporting by`, `Writing by`, `Editing by`, `Compiled by`… at a line's start, and the rest. */
const CLOSER =
  /^([([]?)\s*(?:(additional\s+)?(reporting)|writing|editing|compiled|compiling|research)\s+by\s+(\S.*)$/iu;

/** What follows `Writing by` in a credit: a name of two to four capitalized words (and others). */
const CREDITED_NAME = /^\p{Lu}\S*(?:\s+\p{Lu}\S*){1,3}(?:,?\s+(?:and|in|at)\s.*)?[)\]]?$/u;

/**
 * A wire story's closing credit line, which ends the story above it and is no headline:
 * `Reporting by Jane Doe; Editing by John Roe`, `(Writing by Ann Pollard)`, `Compiled by Tom
 * Reed`, `Additional reporting by …`. `Reporting by` always is one; `Writing`, `Editing`,
 * `Compiled` or `Research by` when bracketed, with a `;` between credits, or followed by a name
 * (two to four capitalized words): `Writing by Candlelight` stays a headline.
 */
export function isCloser(p: ParagraphShape): boolean {
  if (!p.oneLine) return false;
  const m = CLOSER.exec(p.text);
  if (m === null) return false;
  return m[1] !== '' || m[3] !== undefined || p.text.includes(';') || CREDITED_NAME.test(m[4]);
}

/**
 * A line that starts a story on its own (no dateline after it): headline-shaped, Title Case
 * (two or more capitalized words) or ALL CAPS (four or more words), starting with a capital, not
 * ending with a comma, no brackets, at most two numbers, and not a short line naming a date
 * (`Pay May 12`, `Record March 20`: the closing lines of a dividend notice).
 */
export function isStandaloneHeadline(p: ParagraphShape): boolean {
  if (!isHeadlineShaped(p)) return false;
  if (p.text.endsWith(',') || BRACKETS.test(p.text) || !STARTS_UPPER_OR_DIGIT.test(p.text))
    return false;
  if (p.numbers > 2) return false;
  if (p.words <= 4 && SHORT_DATE.test(p.text)) return false;
  return (p.case === 'title' && p.words >= 2) || (p.case === 'caps' && p.words >= 4);
}

/** Prose: at least eight words ending a sentence. */
export function isProse(p: ParagraphShape): boolean {
  return p.words >= 8 && p.endsSentence;
}

/**
 * The first paragraph of a story under a headline: at least eight words, a sentence end, starting
 * with a capital, a digit or a quote, and mostly words in lower case (not a table row).
 */
export function isLede(p: ParagraphShape): boolean {
  return (
    p.words >= 8 &&
    p.endsSentence &&
    p.lowerShare >= 0.5 &&
    /^[\p{Lu}\p{N}"'\u201c\u2018]/u.test(p.text)
  );
}

/**
 * A standfirst: a long line under a headline that is not a full sentence (BBC's summary lines),
 * followed by the lede.
 */
export function isStandfirst(p: ParagraphShape): boolean {
  return p.words >= 8 && p.lowerShare >= 0.5 && /^\p{Lu}/u.test(p.text);
}

/** A byline line: `By Jane Doe`, at most eight words. */
export function isByline(p: ParagraphShape): boolean {
  return (
    p.oneLine && p.rawLength <= 2 * HEADLINE_CHARS && /^By\s+\p{Lu}/iu.test(p.text) && p.words <= 8
  );
}

/** Words of a byline's credit line: `ASSOCIATED PRESS WRITER`, `Staff Correspondent`. */
const CREDIT_WORD =
  /\b(?:writers?|correspondents?|reporters?|editors?|staff|press|news|service|bureau|columnist|contributor|agency|wire|chief|special|reuters|afp|ap|upi|dpa)\b/iu;

/**
 * A line that may go on a byline under its `By …` line: a short credit in capitals or Title Case
 * naming a role or an agency (`ASSOCIATED PRESS WRITER`, `Staff Correspondent`, `Reuters`), one to
 * six words, no figure, no sentence end, no dateline.
 */
export function isBylineCredit(p: ParagraphShape): boolean {
  return (
    p.oneLine &&
    p.rawLength <= HEADLINE_CHARS &&
    p.text.length <= 60 &&
    CREDIT_WORD.test(p.text) &&
    p.words >= 1 &&
    p.words <= 6 &&
    p.numbers === 0 &&
    !p.endsSentence &&
    (p.case === 'caps' || p.case === 'title' || (p.words === 1 && /^\p{Lu}/u.test(p.text))) &&
    !p.dateline
  );
}

/** Lines a byline may take at a story's top: `By …` lines and the credit lines under them. */
export const BYLINE_LINES = 3;

/**
 * How many lines from `i` on (at most {@link BYLINE_LINES}, not past `to`) form a byline: a
 * `By …` line, then further `By …` lines or credit lines ({@link isBylineCredit}); 0 when the
 * line at `i` is no `By …` line. Markdown headings are never bylines.
 */
export function bylineLength(ps: readonly ParagraphShape[], i: number, to = ps.length): number {
  const end = Math.min(to, i + BYLINE_LINES);
  if (i >= end || ps[i].heading !== undefined || !isByline(ps[i])) return 0;
  let j = i + 1;
  while (j < end && ps[j].heading === undefined && (isByline(ps[j]) || isBylineCredit(ps[j]))) j++;
  return j - i;
}

/** Words that say nothing about a story's subject, for {@link contentWords}. */
const STOP_WORDS = new Set(
  'the and for with from that this have will said says year week month about after over into than their there what when which while would could should been were they them then also more most some such only other just like your ours'.split(
    ' ',
  ),
);

/** Distinct words of four or more letters, lower case, not stop words: what a text is about. */
export function contentWords(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.toLowerCase().matchAll(/[\p{L}\p{N}][\p{L}\p{N}'\u2019-]{3,}/gu)) {
    const w = m[0];
    if (!STOP_WORDS.has(w) && !/^\p{N}+$/u.test(w)) out.add(w);
  }
  return out;
}
