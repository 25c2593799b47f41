/**
 * Re-sent stories in words, as every report says them: `b.txt re-sends a.txt (9/9 paragraphs,
 * 95.2% of its words, 2 changed facts: 340 → 360, Monday → Tuesday)`.
 */

import { documentName, percent, type Resend } from '../engine/report.js';

/** A story's name in a re-send sentence (`path#record`). */
export const storyName = (s: { path: string; record?: string }) => documentName(s);

/** What a re-send's near copies changed: `2 changed facts: 340 → 360, …`, or `no changed fact`. */
export function resendFactsText(r: Resend): string {
  const n = r.changedFacts.length;
  if (n === 0) return 'no changed fact';
  return `${n} changed ${n === 1 ? 'fact' : 'facts'}: ${r.changedFacts.map((f) => `${f.from} → ${f.to}`).join(', ')}`;
}

/**
 * One sentence (no final full stop): `b.txt re-sends a.txt (9/9 paragraphs, 95.2% of its words,
 * no changed fact)`; `name` shows a story (default `path#record`).
 */
export function resendSentence(
  r: Resend,
  name: (s: { path: string; record?: string }) => string = storyName,
): string {
  return (
    `${name(r.story)} re-sends ${name(r.original)} (${r.paragraphs}/${r.of} paragraphs, ` +
    `${percent(r.share)} of its words, ${resendFactsText(r)})`
  );
}
