/**
 * dupgraf's public API (stable: a name here changes incompatibly only with a new major version,
 * see CHANGELOG.md): find repeated and near-repeated paragraphs in news copy.
 *
 * - {@link scan} over paths or in-memory documents returns the {@link Report} model;
 *   {@link formatReport} renders it (text, JSON, Markdown, CSV, HTML);
 * - {@link check} is the CI check over stories and an index, returning the {@link CheckReport};
 *   {@link formatCheckReport} renders it;
 * - {@link Corpus} is an incremental in-memory index (`add`, `remove`, `query` without adding);
 *   {@link openIndex} opens an archive index (an SQLite file or a PostgreSQL database) with the
 *   same answers;
 * - {@link discoverFiles} and {@link readDocuments} are the first steps of a scan on their own:
 *   which files, and the documents a file holds; {@link changedFacts} names the figures and names
 *   a near copy changed;
 * - every error thrown on purpose is a {@link DupgrafError} with a stable `code`.
 *
 * The engine's stages and the other parts these are built from are in `dupgraf/engine`
 * (src/engine-api.ts): usable, but unstable (they may change in any minor version).
 *
 * @module dupgraf
 */

import { TOOL_INFO } from './tool-info.js';

/** The package's version (`0.1.0`), as `dupgraf --version` prints it. */
export const version: string = TOOL_INFO.version;

// Scanning and its report.
export { scan } from './scan.js';
export type { ScanOptions, ScanTimings } from './scan-settings.js';
export type { FileReader } from './parallel/prepare-files.js';
export type { ProgressCallback, ProgressPhase, SourceDocument } from './engine/detect.js';
export type {
  ArchiveInfo,
  ChangedFact,
  Cluster,
  DateSource,
  DocumentMetadata,
  DocumentStats,
  FactKind,
  FileWarning,
  Location,
  Occurrence,
  Pair,
  PartialReuse,
  Report,
  ReportView,
  Resend,
  ResendStory,
  Settings,
  Summary,
  ToolInfo,
} from './engine/report.js';
export type { EngineOptions } from './engine/options.js';
export { formatReport, type Format, type ReporterContext } from './reporters/index.js';

// The steps of a scan on their own.
export { discoverFiles, type DiscoverOptions, type FoundFile } from './sources/discover.js';
export {
  readDocuments,
  type InputFormat,
  type ReadDocuments,
  type ReadOptions,
} from './sources/formats/registry.js';
/**
 * Loads the readers' parser libraries for some formats (default all) ahead of `readDocuments`,
 * which is synchronous: needed where `require()` of an ES module does not work (e.g. jest on
 * Node 20); `scan()` calls it itself.
 */
export { loadReaders } from './sources/formats/libraries.js';
export { changedFacts } from './engine/changed-facts.js';

// The check.
export { check, type CheckOptions, type CheckPolicy } from './check/check.js';
export type { ParagraphIndex, SourceTextLookup, StoryInput, StoryTime } from './check/run-check.js';
export type {
  CheckReport,
  CheckSummary,
  CheckWarning,
  Finding,
  FindingSource,
  FindingStatus,
  PolicyRule,
  RecordPlace,
  StoryResult,
  Violation,
} from './check/model.js';
export type { PolicyLimits } from './check/policy.js';
export type { ApprovalEntry, ApprovalRegistry } from './check/approvals.js';
export { formatCheckReport, type CheckFormat } from './reporters/check-formats.js';

// Indexes: in memory, and the archive on disk or in PostgreSQL.
export { Corpus } from './engine/corpus.js';
export type {
  Awaitable,
  IndexStats,
  Match,
  ParagraphFindings,
  ParagraphStore,
  QueryResult,
} from './engine/paragraph-index.js';
export { openIndex } from './archive/open-index.js';
export type { ArchiveIndex, OpenIndexOptions } from './archive/archive-index.js';
export type { ArchiveDocument } from './archive/prepared-story.js';
export type { AddSummary } from './archive/add-files.js';
export type { ArchivedParagraph, ArchiveStats, IndexSettings } from './archive/index-settings.js';

// Errors.
export { DupgrafError, UsageError, ConfigError, NoInputError, AbortedError } from './errors.js';
export { InvalidOptionError } from './engine/options.js';
export { InvalidBaselineError } from './check/baseline.js';
export {
  IndexFileError,
  IncompatibleIndexError,
  type IndexErrorCode,
} from './archive/index-errors.js';
