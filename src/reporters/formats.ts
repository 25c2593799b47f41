/**
 * The report formats by name, and each format's reporter loaded on use: the CLI imports this
 * module, not the registry (index.ts), so a run pays only for the reporter of its `--format`
 * (the HTML page's script and diff, the text report's Dice scores, …). The reporters themselves
 * are the registry's pure functions.
 */

import type { Report } from '../engine/report.js';
import type { ReporterContext } from './context.js';

/** A reporter's output as a sequence of string chunks (for reports too large for one string). */
export type ChunkedReporter = (report: Report, context: ReporterContext) => Iterable<string>;

/**
 * For each built-in format, how to load its chunked reporter (the registry's CHUNKED_REPORTERS
 * entry). To add a format, add an entry here and to the registry's tables (tsc checks they
 * agree); `--format`, `--help` and the config schema pick it up from this table.
 */
const LOADERS = {
  text: async () => (await import('./text.js')).formatTextChunks,
  json: async () => (await import('./json.js')).formatJsonChunks,
  markdown: async () => (await import('./markdown.js')).formatMarkdownChunks,
  csv: async () => (await import('./csv.js')).formatCsvChunks,
  html: async () => (await import('./html.js')).formatHtmlChunks,
} satisfies Record<string, () => Promise<ChunkedReporter>>;

/** Name of a built-in format. */
export type Format = keyof typeof LOADERS;

/** Names of the built-in formats, in the order `--help` lists them. */
export const FORMATS = Object.keys(LOADERS) as Format[];

/** Formats that are read by machines or pasted elsewhere, and never coloured. */
export const MACHINE_FORMATS: ReadonlySet<Format> = new Set<Format>([
  'json',
  'markdown',
  'csv',
  'html',
]);

/**
 * Loads (once; later calls are cheap) the chunked reporter of `format`, i.e. the registry's
 * `CHUNKED_REPORTERS[format]`, without loading the other formats' reporters.
 */
export function loadChunkedReporter(format: Format): Promise<ChunkedReporter> {
  return LOADERS[format]();
}

/**
 * The registry's `formatReportChunks(report, format, context)` with the reporter loaded on use:
 * the report as chunks of about 64 Ki code units (colour only for human-readable formats).
 */
export async function loadedReportChunks(
  report: Report,
  format: Format,
  context: ReporterContext = { color: false },
): Promise<Iterable<string>> {
  const reporter = await loadChunkedReporter(format);
  return reporter(report, { ...context, color: context.color && !MACHINE_FORMATS.has(format) });
}
