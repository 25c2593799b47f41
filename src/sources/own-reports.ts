/**
 * dupgraf's own reports, recognised by their first lines so that a report written inside the
 * tree (`scan . -o report.html`, `check --format junit:dupgraf.xml`) is never read back as a
 * story by the next `scan .` or `check .` (its excerpts would match the very stories it
 * reports). Each format a report can be written in (and that a reader would take) starts with a
 * mark no story starts with:
 *
 * - HTML (`scan` and `check`): `<meta name="generator" content="dupgraf">` in its head;
 * - JSON (`scan` and `check`): `{ "schemaVersion": N, "tool": { "name": "dupgraf"`;
 * - SARIF: `"$schema"` naming SARIF, then the run's `"tool": { "driver": { "name": "dupgraf"`;
 * - JUnit XML: `<testsuites name="dupgraf check"` after the XML declaration;
 * - Markdown: the first line `## dupgraf: repeated paragraphs` or `## dupgraf check: …`;
 * - CSV (`scan`, read only with `--ext csv`): its header row `group,group_rank,path,line,…,
 *   representative` (then `date,origin,resend`, added since; `CSV_COLUMNS` in reporters/csv.ts);
 * - text: `scan`'s first line (`Repeated paragraphs: N groups` / `No repeated paragraphs.`) with
 *   its summary line last (`N stories, M paragraphs compared: …`), or `check`'s verdict line last
 *   (`PASSED: N stories checked against …`).
 *
 * The output paths of the run itself need no such care: a report is written after the reading.
 */

/** How much of the start of a file is looked at (every mark above is well within it). */
const HEAD = 1024;

const HEAD_MARKS: readonly RegExp[] = [
  // HTML: the generator meta tag htmlPage() writes right after the charset.
  /^<!DOCTYPE html>\s*<html[^>]*>\s*<head>\s*<meta charset="utf-8">\s*<meta name="generator" content="dupgraf">/i,
  // JSON reports of scan and check.
  /^\{\s*"schemaVersion"\s*:\s*\d+\s*,\s*"tool"\s*:\s*\{\s*"name"\s*:\s*"dupgraf"/,
  // SARIF.
  /^\{\s*"\$schema"\s*:\s*"[^"]*sarif[^"]*"\s*,\s*"version"\s*:\s*"[^"]*"\s*,\s*"runs"\s*:\s*\[\s*\{\s*"tool"\s*:\s*\{\s*"driver"\s*:\s*\{\s*"name"\s*:\s*"dupgraf"/,
  // JUnit XML.
  /^<\?xml [^>]*\?>\s*<testsuites name="dupgraf check"/,
  // CSV reports of scan: the header row (columns after `representative` were added over time).
  /^group,group_rank,path,line,end_line,paragraph,similarity,words,representative(?:,[a-z_]+)*(?:\r?\n|$)/,
  // Markdown reports (and the job summary).
  /^## dupgraf(?:: repeated paragraphs| check: (?:passed|failed|not completed))\r?\n\r?\n(?:\| stories \||\d[\d,]* stor(?:y|ies) |[^\n]* under check could not be read|--strict: )/,
];

/** scan's text report: its first line. */
const SCAN_TEXT_FIRST = /^(?:Repeated paragraphs: \d[\d,]* groups?|No repeated paragraphs\.)\r?\n/;
/** scan's text report: its last line, the summary. */
const SCAN_TEXT_LAST = /\n\d[\d,]* stor(?:y|ies), \d[\d,]* paragraphs? compared[,:][^\n]*\n?$/;
/** check's text report: its last line, the verdict. */
const CHECK_TEXT_LAST =
  /(?:^|\n)(?:PASSED|FAILED|NOT COMPLETED): \d[\d,]* stor(?:y|ies) checked[^\n]*\n?$/;

/** Whether `text` (a file's whole decoded text) is a report dupgraf wrote (see the module comment). */
export function isOwnReport(text: string): boolean {
  const head = text.slice(0, HEAD).replace(/^\uFEFF/, '');
  if (HEAD_MARKS.some((mark) => mark.test(head))) return true;
  const tail = text.slice(-HEAD);
  if (CHECK_TEXT_LAST.test(tail)) return true;
  return SCAN_TEXT_FIRST.test(head) && SCAN_TEXT_LAST.test(tail);
}
