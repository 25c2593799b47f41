/**
 * The names of the check's formats, apart from the reporters themselves (check-formats.ts), so
 * `--help` and the option parser do not load the reporters (SARIF's builder, the HTML page, …);
 * and each format's reporter loaded on use, so a check loads only those of its `--format`s.
 */

import type { CheckReport } from '../check/model.js';
import type { ReporterContext } from './context.js';

/** A check reporter: check report in, text out. */
export type CheckReporter = (report: CheckReport, context: ReporterContext) => string;

/** Names of the check formats, in the order `--help` lists them. */
export const CHECK_FORMATS = [
  'text',
  'json',
  'markdown',
  'sarif',
  'github',
  'junit',
  'html',
] as const;

/** Name of a check format. */
export type CheckFormat = (typeof CHECK_FORMATS)[number];

/** How to load each format's reporter (its CHECK_REPORTERS entry in check-formats.ts). */
export const CHECK_REPORTER_LOADERS = {
  text: async () => (await import('./check-text.js')).formatCheckText,
  json: async () => (await import('./check-json.js')).formatCheckJson,
  markdown: async () => (await import('./check-markdown.js')).formatCheckMarkdown,
  sarif: async () => (await import('./sarif.js')).formatSarif,
  github: async () => (await import('./github.js')).formatGithub,
  junit: async () => (await import('./junit.js')).formatJunit,
  html: async () => (await import('./check-html.js')).formatCheckHtml,
} satisfies Record<CheckFormat, () => Promise<CheckReporter>>;

/**
 * Renders a check report in `format`, loading only that format's reporter (colour only for
 * `text`); the same text as check-formats.ts's `formatCheckReport`.
 */
export async function renderCheckReport(
  report: CheckReport,
  format: CheckFormat,
  context: ReporterContext = { color: false },
): Promise<string> {
  const reporter: CheckReporter = await CHECK_REPORTER_LOADERS[format]();
  return reporter(report, { ...context, color: context.color && format === 'text' });
}
