/**
 * The CSV reporter: one row per copy of a repeated paragraph, for spreadsheets. RFC 4180: CRLF
 * line ends, a header row, fields quoted when they hold a comma, a double quote, CR or LF (quotes
 * doubled); a text that would be read as a formula starts with `'`. Lines are 1-based.
 */

import { documentName, sameLocation, type Report } from '../engine/report.js';
import { joinChunks, joinLines } from './chunks.js';

/** The header row's column names. */
export const CSV_COLUMNS = [
  'group',
  'group_rank',
  'path',
  'line',
  'end_line',
  'paragraph',
  'similarity',
  'words',
  'representative',
  'date',
  'origin',
  'resend',
] as const;

/**
 * Quotes one field per RFC 4180 when it needs it. A text a spreadsheet would run as a formula
 * (starting with `=`, `+`, `-`, `@`, a tab or CR: a file named `=HYPERLINK(…).txt`) is written
 * with a `'` before it, as OWASP advises for CSV injection; numbers are written as they are.
 */
export function csvField(value: string | number | boolean): string {
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function* csvRows(report: Report): Generator<string> {
  yield CSV_COLUMNS.join(',');
  // The groups shown, then those folded under re-sent stories (their `resend` column names it).
  const resendOf = new Map<string, string>();
  for (const r of report.resends ?? [])
    for (const id of r.clusters)
      resendOf.set(id, `${documentName(r.story)} re-sends ${documentName(r.original)}`);
  const groups = [...report.clusters, ...(report.foldedClusters ?? [])];
  for (let i = 0; i < groups.length; i++) {
    const cluster = groups[i];
    const folded = i >= report.clusters.length;
    for (const o of cluster.occurrences) {
      const isRep = sameLocation(o, cluster.representative);
      // A record of a JSON/JSONL file is named `path#record`.
      yield [
        cluster.id,
        i + 1,
        documentName(o),
        o.line,
        o.endLine,
        o.paragraph,
        o.similarity,
        o.words,
        isRep,
        o.date ?? '',
        sameLocation(o, cluster.origin),
        folded ? (resendOf.get(cluster.id) ?? '') : '',
      ]
        .map(csvField)
        .join(',');
    }
  }
}

/** {@link formatCsv}'s text in chunks of about 64 Ki code units (for very large reports). */
export function formatCsvChunks(report: Report): Generator<string> {
  return joinLines(csvRows(report), '\r\n', true);
}

/** Renders the report's groups as CSV, one row per occurrence, in report order. */
export function formatCsv(report: Report): string {
  return joinChunks(formatCsvChunks(report));
}
