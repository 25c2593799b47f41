/**
 * The check's reporters by format name: pure functions from the check report model to text.
 * `--format name` writes to stdout, `--format name:FILE` to a file; several may be given.
 */

import type { CheckReport } from '../check/model.js';
import { formatCheckHtml } from './check-html.js';
import { formatCheckMarkdown } from './check-markdown.js';
import { formatCheckText } from './check-text.js';
import type { ReporterContext } from './context.js';
import { formatGithub } from './github.js';
import { formatJunit } from './junit.js';
import { formatSarif } from './sarif.js';

/** A check reporter: check report in, text out. */
export type CheckReporter = (report: CheckReport, context: ReporterContext) => string;

/** Every check format by name. */
export const CHECK_REPORTERS = {
  text: formatCheckText,
  json: (report: CheckReport) => JSON.stringify(report, null, 2) + '\n',
  markdown: formatCheckMarkdown,
  sarif: formatSarif,
  github: formatGithub,
  junit: formatJunit,
  html: formatCheckHtml,
} satisfies Record<string, CheckReporter>;

/** Name of a check format. */
export type CheckFormat = keyof typeof CHECK_REPORTERS;

/** Names of the check formats, in the order `--help` lists them. */
export const CHECK_FORMATS = Object.keys(CHECK_REPORTERS) as CheckFormat[];

/** Renders a check report in a format (colour only for `text`). */
export function formatCheckReport(
  report: CheckReport,
  format: CheckFormat,
  context: ReporterContext = { color: false },
): string {
  return CHECK_REPORTERS[format](report, { ...context, color: context.color && format === 'text' });
}
