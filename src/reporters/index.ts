/**
 * The reporter registry: pure functions from the report model to a string. The CLI picks one by
 * `--format` and writes its output; reporters never write, exit or decide the exit code.
 */

import type { Report } from '../engine/report.js';
import type { ReporterContext } from './context.js';
import { formatCsv } from './csv.js';
import { formatHtml } from './html.js';
import { formatJson } from './json.js';
import { formatMarkdown } from './markdown.js';
import { formatText } from './text.js';

export type { ReporterContext } from './context.js';

/** A reporter: report model in, text out. */
export type Reporter = (report: Report, context: ReporterContext) => string;

/**
 * Every built-in reporter by format name. To add a format, add an entry here (and to
 * {@link MACHINE_FORMATS} when it must never be coloured); `--format`, `--help` and the config
 * schema pick it up from this table.
 */
export const REPORTERS = {
  text: formatText,
  json: formatJson,
  markdown: formatMarkdown,
  csv: formatCsv,
  html: formatHtml,
} satisfies Record<string, Reporter>;

/** Name of a built-in format. */
export type Format = keyof typeof REPORTERS;

/** Names of the built-in formats, in the order `--help` lists them. */
export const FORMATS = Object.keys(REPORTERS) as Format[];

/** Formats that are read by machines or pasted elsewhere, and never coloured. */
export const MACHINE_FORMATS: ReadonlySet<Format> = new Set<Format>([
  'json',
  'markdown',
  'csv',
  'html',
]);

/** Renders a report in a built-in format (colour only applies to human-readable formats). */
export function formatReport(
  report: Report,
  format: Format,
  context: ReporterContext = { color: false },
): string {
  const color = context.color && !MACHINE_FORMATS.has(format);
  return REPORTERS[format](report, { ...context, color });
}
