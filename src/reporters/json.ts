/** The JSON reporter: the report model as JSON (schema version 1), two-space indented. */

import type { Report } from '../engine/report.js';
import { jsonChunks, joinChunks } from './chunks.js';

/**
 * Renders the report as JSON text ending with a newline, in chunks of about 64 Ki code units
 * (for reports too large for one string); joined, they are {@link formatJson}'s text.
 */
export function* formatJsonChunks(report: Report): Generator<string> {
  yield* jsonChunks(report);
  yield '\n';
}

/** Renders the report as JSON text ending with a newline. */
export function formatJson(report: Report): string {
  return joinChunks(formatJsonChunks(report));
}
