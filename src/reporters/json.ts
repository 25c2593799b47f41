/** The JSON reporter: the report model as JSON (schema version 1), two-space indented. */

import type { Report } from '../engine/report.js';

/** Renders the report as JSON text ending with a newline. */
export function formatJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}
