/** The check's `json` format: the check report model, pretty-printed. */

import type { CheckReport } from '../check/model.js';

/** The check report as JSON (2-space indent, a final newline). */
export function formatCheckJson(report: CheckReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}
