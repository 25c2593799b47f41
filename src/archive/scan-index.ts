/**
 * Reading stories from disk for the archive: `readArchiveDocuments` (for `index add`: text,
 * content hash, date) and `scanAgainstIndex` (`scan --index`: the scanned stories compared with
 * each other and with the archive, without adding them).
 */

import fs from 'node:fs';
import { detectAgainstArchive } from '../engine/archive-report.js';
import type { SourceDocument } from '../engine/detect.js';
import { mergeWarnings, type FileWarning, type Report } from '../engine/report.js';
import { NoInputError, UsageError } from '../errors.js';
import type { FoundFile } from '../sources/discover.js';
import { discoverInputs } from '../scan.js';
import { fileReading, type StageSettings } from '../scan-settings.js';
import {
  noInputMessage,
  readDocument,
  readDocuments,
  withoutSuppressed,
  type ReadOptions,
} from '../sources/read.js';
import { flattenRecordsUniquely, noteRenamedRecords } from '../sources/record-names.js';
import { storiesOfDocuments } from '../sources/stories.js';
import { archiveDocumentsOf, type ArchiveDocument } from './prepared-story.js';
import type { ArchiveIndex } from './archive-index.js';

/**
 * Reads one found file as archive documents (one per record of a JSON/JSONL file, named
 * `path#record`); problems become warnings (never throws). `index add` does the same on worker
 * threads (src/parallel/archive-files.ts).
 */
export async function readArchiveDocuments(
  file: FoundFile,
  options: ReadOptions = {},
): Promise<{ documents: ArchiveDocument[]; warnings: FileWarning[] }> {
  const result = await readDocument(file, options);
  let mtime = Date.now();
  try {
    mtime = (await fs.promises.stat(file.absolute)).mtimeMs;
  } catch {
    // keep now
  }
  return archiveDocumentsOf(result, file.display, mtime);
}

/**
 * Scans paths and/or in-memory documents against an open archive index (nothing is added):
 * the report model of `detectAgainstArchive`, the index named `indexName` in
 * `report.archive.index` (default its file). Throws like `scan()`.
 */
export async function scanAgainstIndex(
  inputs: ReadonlyArray<string | SourceDocument>,
  index: ArchiveIndex,
  settings: StageSettings,
  indexName?: string,
): Promise<Report> {
  const extras = settings.report;
  const documents = memoryStories(inputs, settings);
  const warnings: FileWarning[] = [];
  const paths = inputs.filter((x): x is string => typeof x === 'string');
  const read = paths.length > 0 ? await fileStories(paths, settings, warnings) : null;
  if (read) documents.push(...read.documents);
  if (documents.length === 0) throw new NoInputError(noInputMessage(warnings, read?.reports));
  const stats = await index.stats();
  const report = detectAgainstArchive(documents, await archivedMatches(index, documents), {
    ...index.options,
    pairs: extras.pairs,
    partialTexts: extras.partialTexts,
    window: extras.window,
    tool: extras.tool,
    archive: {
      index: indexName ?? index.file,
      stories: stats.stories,
      paragraphs: stats.paragraphs,
    },
  });
  // The files' warnings and the engine's (no paragraph compared, words mixing scripts), by path.
  report.warnings = mergeWarnings(warnings, report.warnings);
  return report;
}

/**
 * The in-memory documents among `inputs`, split into stories as plain-text files are, and named
 * as `index add` names stories (`file#N`).
 */
function memoryStories(
  inputs: ReadonlyArray<string | SourceDocument>,
  settings: StageSettings,
): SourceDocument[] {
  const textRead: ReadOptions = { ...fileReading(settings), inputFormat: 'text' };
  return flattenRecordsUniquely(
    storiesOfDocuments(
      inputs.filter((x): x is SourceDocument => typeof x !== 'string'),
      (p, t) => readDocuments(p, t, textRead),
    ).map(withoutSuppressed),
  ).documents;
}

/**
 * The stories of the files `paths` name (folders walked), named as `index add` names them (a
 * repeated record id gets `@line`), so a stored copy of a record scanned now is recognised as
 * the same story, and how many of dupgraf's own reports were passed over in folders. Warnings go
 * to `warnings` and `run.onWarning`; an explicit file that cannot be read is a `UsageError`.
 */
async function fileStories(
  paths: string[],
  settings: StageSettings,
  warnings: FileWarning[],
): Promise<{ documents: SourceDocument[]; reports: number }> {
  const { run } = settings;
  const documents: SourceDocument[] = [];
  let reports = 0;
  const files = await discoverInputs(paths, settings, warnings);
  const read = settings.reading;
  run.onProgress?.('reading', 0, files.length);
  for (const [i, file] of files.entries()) {
    const result = await readDocument(file, read);
    if (!result.ok && file.explicit && result.warning.message.startsWith('skipped: cannot read'))
      throw new UsageError(`${file.display}: ${result.warning.message.replace(/^skipped: /, '')}`);
    if (result.ok && result.ownReport) reports++;
    const flat = result.ok ? flattenRecordsUniquely(result.documents.map(withoutSuppressed)) : null;
    if (flat) documents.push(...flat.documents);
    for (const warning of result.ok
      ? noteRenamedRecords(result.warnings, flat!.renamed, file.display, 'named')
      : [result.warning]) {
      warnings.push(warning);
      run.onWarning?.(warning);
    }
    run.onProgress?.('reading', i + 1, files.length);
  }
  return { documents, reports };
}

/** The archive's paragraphs matching `documents`, with their stories' publication dates. */
async function archivedMatches(index: ArchiveIndex, documents: SourceDocument[]) {
  // Archived stories carry their publication dates, for origins and --window.
  const archived = await index.archiveParagraphsMatching(documents);
  const published = await index.publishedDates([...new Set(archived.map((a) => a.path))]);
  return archived.map((a) => {
    const date = published.get(a.path);
    return date === undefined ? a : { ...a, published: date };
  });
}
