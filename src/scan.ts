/**
 * `scan()`: the programmatic entry point over paths and in-memory documents.
 */

import { detect, type DetectOptions, type SourceDocument } from './engine/detect.js';
import type { FileWarning, Report } from './engine/report.js';
import { NoInputError } from './errors.js';
import { discoverFiles, type DiscoverOptions } from './sources/discover.js';
import { readDocument } from './sources/read.js';
import { TOOL_INFO } from './tool-info.js';

/** Options of {@link scan}: engine options, report options and file discovery options. */
export interface ScanOptions extends DetectOptions, Partial<DiscoverOptions> {}

/**
 * Reads documents from paths (files or directories; see `discoverFiles`) and/or takes in-memory
 * documents, and returns the report model. Files that cannot be read become `report.warnings`.
 * Throws `UsageError` for a nonexistent path and `NoInputError` when nothing is left to scan.
 */
export async function scan(
  inputs: ReadonlyArray<string | SourceDocument>,
  options: ScanOptions = {},
): Promise<Report> {
  const documents = inputs.filter((x): x is SourceDocument => typeof x !== 'string');
  const paths = inputs.filter((x): x is string => typeof x === 'string');
  const warnings: FileWarning[] = [];
  if (paths.length > 0) {
    const files = await discoverFiles(paths, {
      cwd: options.cwd ?? process.cwd(),
      extensions: options.extensions,
      useIgnoreFiles: options.useIgnoreFiles,
    });
    for (const file of files) {
      const result = await readDocument(file);
      if (result.ok) documents.push(result.document);
      if (result.warning) warnings.push(result.warning);
    }
  }
  if (documents.length === 0) {
    throw new NoInputError(
      warnings.length > 0 ? 'no readable input files' : 'no input files found',
    );
  }
  const report = detect(documents, { ...options, tool: options.tool ?? TOOL_INFO });
  report.warnings = warnings.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return report;
}
