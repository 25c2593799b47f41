/**
 * The reporter registry: pure functions from the report model to a string. The CLI picks one by
 * `--format` and writes its output; reporters never write, exit or decide the exit code.
 */

import type { Report } from '../engine/report.js';
import type { ReporterContext } from './context.js';
import { formatCsv, formatCsvChunks } from './csv.js';
import { FORMATS, MACHINE_FORMATS, type ChunkedReporter, type Format } from './formats.js';
import { UsageError } from '../errors.js';
import { formatHtml, formatHtmlChunks } from './html.js';
import { formatJson, formatJsonChunks } from './json.js';
import { formatMarkdown, formatMarkdownChunks } from './markdown.js';
import { formatText, formatTextChunks } from './text.js';

export type { ReporterContext } from './context.js';
export { FORMATS, MACHINE_FORMATS, type ChunkedReporter, type Format } from './formats.js';

/** A reporter: report model in, text out. */
export type Reporter = (report: Report, context: ReporterContext) => string;

/**
 * Every built-in reporter by format name. To add a format, add an entry here, to
 * {@link CHUNKED_REPORTERS} and to the table of formats.ts (and to {@link MACHINE_FORMATS} when
 * it must never be coloured); tsc checks the tables agree. `--format`, `--help` and the config
 * schema pick it up from formats.ts, which the CLI uses to load only the reporter it needs.
 */
export const REPORTERS = {
  /** The text report for a terminal (coloured with `color`). */
  text: formatText,
  /** The JSON report: the report model with its `schemaVersion`. */
  json: formatJson,
  /** Markdown tables, to paste in a pull request or an issue. */
  markdown: formatMarkdown,
  /** CSV (RFC 4180), one row per copy of a repeated paragraph. */
  csv: formatCsv,
  /** One self-contained HTML page. */
  html: formatHtml,
} satisfies Record<Format, Reporter>;

/**
 * The chunked form of each built-in reporter: joined, its chunks are exactly the reporter's
 * string. The CLI writes these, so a report of millions of paragraphs is never one string.
 */
export const CHUNKED_REPORTERS = {
  /** The text report for a terminal (coloured with `color`). */
  text: formatTextChunks,
  /** The JSON report: the report model with its `schemaVersion`. */
  json: formatJsonChunks,
  /** Markdown tables, to paste in a pull request or an issue. */
  markdown: formatMarkdownChunks,
  /** CSV (RFC 4180), one row per copy of a repeated paragraph. */
  csv: formatCsvChunks,
  /** One self-contained HTML page. */
  html: formatHtmlChunks,
} satisfies Record<Format, ChunkedReporter>;

/** Throws a UsageError naming the formats when `format` is not one (a caller in plain JS). */
function knownFormat(format: string): void {
  if (!(FORMATS as readonly string[]).includes(format))
    throw new UsageError(
      `unknown report format ${JSON.stringify(format)} (expected one of ${FORMATS.join(', ')})`,
    );
}

/**
 * Renders a report in a built-in format (colour only applies to human-readable formats); a
 * UsageError for an unknown format.
 */
export function formatReport(
  report: Report,
  format: Format,
  context: ReporterContext = { color: false },
): string {
  knownFormat(format);
  const color = context.color && !MACHINE_FORMATS.has(format);
  return REPORTERS[format](report, { ...context, color });
}

/**
 * {@link formatReport}'s text as a sequence of chunks of about 64 Ki code units, for output too
 * large for one string; joined, they are exactly {@link formatReport}'s result. A UsageError for
 * an unknown format.
 */
export function formatReportChunks(
  report: Report,
  format: Format,
  context: ReporterContext = { color: false },
): Iterable<string> {
  knownFormat(format);
  const color = context.color && !MACHINE_FORMATS.has(format);
  return CHUNKED_REPORTERS[format](report, { ...context, color });
}
