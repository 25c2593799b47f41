/**
 * `scan()`: the programmatic entry point over paths and in-memory documents.
 */

import { detect, type DetectOptions, type SourceDocument } from './engine/detect.js';
import type { FileWarning, Report } from './engine/report.js';
import { NoInputError, UsageError } from './errors.js';
import { discoverFiles, type DiscoverOptions } from './sources/discover.js';
import { readDocument } from './sources/read.js';
import { TOOL_INFO } from './tool-info.js';

/** Options of {@link scan}: engine options, report options and file discovery options. */
export interface ScanOptions extends DetectOptions, Partial<DiscoverOptions> {}

/**
 * Reads documents from paths (files or directories; see `discoverFiles`) and/or takes in-memory
 * documents, and returns the report model. Files found in directories that cannot be read become
 * `report.warnings`. Throws `UsageError` for a nonexistent path or a file named in `inputs` that
 * cannot be read, and `NoInputError` when nothing is left to scan. `onProgress` hears `reading`
 * (files) and the engine's phases.
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
      include: options.include,
      exclude: options.exclude,
      onWarning: (warning) => {
        warnings.push(warning);
        options.onWarning?.(warning);
      },
    });
    options.onProgress?.('reading', 0, files.length);
    for (const [i, file] of files.entries()) {
      const result = await readDocument(file);
      if (!result.ok && file.explicit && result.warning.message.startsWith('skipped: cannot read'))
        throw new UsageError(
          `${file.display}: ${result.warning.message.replace(/^skipped: /, '')}`,
        );
      if (result.ok) documents.push(result.document);
      if (result.warning) {
        warnings.push(result.warning);
        options.onWarning?.(result.warning);
      }
      options.onProgress?.('reading', i + 1, files.length);
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
