/**
 * The check's reporters by format name: pure functions from the check report model to text.
 * `--format name` writes to stdout, `--format name:FILE` to a file; several may be given.
 */

import type { CheckReport } from '../check/model.js';
import {
  CHECK_FORMATS as CHECK_FORMAT_NAMES,
  type CheckFormat,
  type CheckReporter,
} from './check-format-names.js';
import { formatCheckHtml } from './check-html.js';
import { formatCheckJson } from './check-json.js';
import { formatCheckMarkdown } from './check-markdown.js';
import { formatCheckText } from './check-text.js';
import type { ReporterContext } from './context.js';
import { formatGithub } from './github.js';
import { formatJunit } from './junit.js';
import { formatSarif } from './sarif.js';

export type { CheckFormat, CheckReporter } from './check-format-names.js';

/** Every check format by name (one entry per name in check-format-names.ts, checked by tsc). */
export const CHECK_REPORTERS = {
  text: formatCheckText,
  json: formatCheckJson,
  markdown: formatCheckMarkdown,
  sarif: formatSarif,
  github: formatGithub,
  junit: formatJunit,
  html: formatCheckHtml,
} satisfies Record<CheckFormat, CheckReporter>;

/** Names of the check formats, in the order `--help` lists them. */
export const CHECK_FORMATS: CheckFormat[] = [...CHECK_FORMAT_NAMES];

/** Renders a check report in a format (colour only for `text`). */
export function formatCheckReport(
  report: CheckReport,
  format: CheckFormat,
  context: ReporterContext = { color: false },
): string {
  return CHECK_REPORTERS[format](report, { ...context, color: context.color && format === 'text' });
}
