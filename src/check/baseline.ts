/**
 * Baseline files: the findings accepted as they are, one fingerprint per line, sorted, so a
 * change to the baseline reads well in a diff. Each line is
 * `<fingerprint>  <story path>  <source path>  <first words of the paragraph>`; only the first
 * field is read back, the rest is for the reviewer. Lines starting with `#` are comments.
 */

import { DupgrafError } from '../errors.js';
import type { Finding } from './model.js';

/** Header written at the top of a baseline file. */
export const BASELINE_HEADER =
  '# dupgraf baseline: accepted recycled paragraphs, one per line (fingerprint, story, source, text).\n' +
  '# Regenerate with `dupgraf baseline` or `dupgraf check --update-baseline`.\n';

/** A baseline text that is not one: binary data, or a line that does not start with a fingerprint. */
export class InvalidBaselineError extends DupgrafError {
  override name = 'InvalidBaselineError';
  constructor(message: string) {
    super(message, 'BASELINE');
  }
}

/**
 * Reads the fingerprints of a baseline file's text (16 hex digits each, any case; blank lines and
 * `#` comments skipped). Throws {@link InvalidBaselineError} naming the first bad line (1-based)
 * when the text holds NUL bytes or a line that does not start with a fingerprint: a damaged or
 * wrong file must not pass as an empty baseline.
 */
export function parseBaseline(text: string): Set<string> {
  const out = new Set<string>();
  if (text.includes('\0')) throw new InvalidBaselineError('it holds binary data (NUL bytes)');
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const first = line.split(/\s+/)[0];
    if (!/^[0-9a-f]{16}$/i.test(first)) {
      const shown = first.length > 40 ? `${first.slice(0, 37)}...` : first;
      throw new InvalidBaselineError(
        `line ${i + 1}: expected a fingerprint (16 hex digits) at the start, got ${JSON.stringify(shown)}`,
      );
    }
    out.add(first.toLowerCase());
  }
  return out;
}

function firstWords(text: string, n = 8): string {
  const parts = text.split(/\s+/);
  return parts.slice(0, n).join(' ') + (parts.length > n ? ' …' : '');
}

/**
 * Writes a baseline of findings (the ones not approved or suppressed): one line per finding,
 * sorted by fingerprint, duplicates dropped.
 */
export function serializeBaseline(findings: readonly Finding[]): string {
  const lines = new Map<string, string>();
  for (const f of findings) {
    if (f.status === 'approved' || f.status === 'suppressed') continue;
    const source = f.sources[0]?.path ?? '-';
    const clean = (s: string) => s.replace(/[\t\r\n]+/g, ' ');
    lines.set(
      f.fingerprint,
      `${f.fingerprint}  ${clean(f.path)}  ${clean(source)}  ${clean(firstWords(f.text))}`,
    );
  }
  const sorted = [...lines.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return BASELINE_HEADER + sorted.map(([, l]) => l + '\n').join('');
}
