/**
 * dupgraf's public API: find repeated and near-repeated paragraphs in news copy.
 *
 * - {@link scan} over paths or in-memory documents returns the {@link Report} model;
 * - {@link Corpus} is an incremental in-memory index: `add` documents, `query` one without adding;
 *   {@link queryMany} answers the same queries for a few documents against many, streaming them;
 * - the engine's stages (`segment`, `normalize`, `tokenize`, `shingleSet`, the joins, clustering)
 *   are exported for reuse;
 * - `formatReport` renders a report in one of the built-in formats (`formatReportChunks` in pieces,
 *   for reports too large for one string).
 */

export { scan, type ScanOptions, type ScanTimings } from './scan.js';
export type { FileReader } from './parallel/prepare-files.js';
export {
  readDocuments,
  formatOf,
  INPUT_FORMATS,
  FORMAT_EXTENSIONS,
  type InputFormat,
  type ReadOptions,
  type ReadDocuments,
} from './sources/formats/registry.js';
/**
 * Loads the readers' parser libraries for some formats (default all) ahead of `readDocuments`,
 * which is synchronous: needed where `require()` of an ES module does not work (e.g. jest on
 * Node 20); `scan()` calls it itself.
 */
export { loadReaders } from './sources/formats/libraries.js';
export {
  detect,
  detectPrepared,
  prepareDocuments,
  analyze,
  buildReport,
  type StageTimings,
  type PreparedCorpus,
  type DetectPreparedOptions,
  type DetectOptions,
  type ProgressCallback,
  type ProgressPhase,
  type SourceDocument,
  type Analysis,
} from './engine/detect.js';
export { Corpus, type Match, type ParagraphFindings, type QueryResult } from './engine/corpus.js';
export { queryMany } from './engine/query-many.js';
export {
  DEFAULT_ENGINE_OPTIONS,
  ENGINE_OPTION_SPECS,
  InvalidOptionError,
  resolveEngineOptions,
  type EngineOptions,
  type OptionSpec,
} from './engine/options.js';
export { segment, segmentMode, type ParagraphSpan, type SegmentMode } from './engine/segment.js';
export {
  normalize,
  tokenize,
  words,
  NORMALIZATION_VERSION,
  type TokenList,
} from './engine/normalize.js';
export { shingleSet, fingerprint } from './engine/shingle.js';
export {
  PreparedBuilder,
  prepareTexts,
  concatBatches,
  type PreparedBatch,
  type PrepareOptions,
} from './engine/prepare.js';
export { intersectionSize, jaccardOf, isDuplicate, isPartial } from './engine/similarity.js';
export {
  rankByFrequency,
  rankShared,
  jaccardSelfJoin,
  containmentSelfJoin,
  JOIN_KERNELS,
  type SetCollection,
  type PairList,
} from './engine/join.js';
export { inlineRunner, type KernelRunner } from './engine/parallel.js';
export { groupTextsOf, type GroupTexts } from './engine/group-texts.js';
export { clusterDuplicates, type DuplicateGraph, type NodeGroup } from './engine/cluster.js';
export { longestSharedRun, sharedPassage, type SharedRun } from './engine/passage.js';
export {
  changedFacts,
  changedFactsOfTokens,
  factTokens,
  factTokenList,
  type FactTokens,
} from './engine/changed-facts.js';
export * from './engine/report.js';
export {
  formatReport,
  formatReportChunks,
  CHUNKED_REPORTERS,
  FORMATS,
  REPORTERS,
  MACHINE_FORMATS,
  type Format,
  type Reporter,
  type ChunkedReporter,
} from './reporters/index.js';
export { applyView, SORT_KEYS, type SortKey, type ViewOptions } from './reporters/view.js';
export {
  discoverFiles,
  DEFAULT_EXTENSIONS,
  type FoundFile,
  type DiscoverOptions,
} from './sources/discover.js';
export { DupgrafError, UsageError, ConfigError, NoInputError, AbortedError } from './errors.js';
export {
  runCheck,
  type CheckInput,
  type ParagraphIndex,
  type StoryInput,
  type SourceTextLookup,
} from './check/run-check.js';
export * from './check/model.js';
export {
  Policy,
  DEFAULT_POLICY,
  checkConfigSchema,
  type PolicyLimits,
  type CheckConfig,
} from './check/policy.js';
export {
  ApprovalMatcher,
  addApproval,
  isExpired,
  type ApprovalEntry,
  type ApprovalRegistry,
} from './check/approvals.js';
export { InvalidBaselineError, parseBaseline, serializeBaseline } from './check/baseline.js';
export { prepareStory, type PreparedStory } from './check/suppression.js';
export { findingFingerprint } from './check/fingerprint.js';
export { formatCheckReport, CHECK_FORMATS, type CheckFormat } from './reporters/check-formats.js';
export {
  type ParagraphStore,
  type IndexStats,
  type Awaitable,
  type SyncQueryable,
  type IndexableParagraph,
  indexableParagraphs,
  prefixLength,
  OverlayIndex,
} from './engine/paragraph-index.js';
export { openIndex, migrateIndex } from './archive/open-index.js';
export { isDatabaseUrl, type ArchiveIndex } from './archive/archive-index.js';
export {
  openSqliteIndex,
  SqliteIndex,
  INDEX_FORMAT_VERSION,
  DEFAULT_LOWEST_THRESHOLD,
  type OpenIndexOptions,
} from './archive/sqlite-index.js';
export { PG_SCHEMA_VERSION, PG_MIGRATIONS, type PostgresIndex } from './archive/postgres-index.js';
export {
  contentHash,
  prepareArchiveStory,
  type ArchiveDocument,
  type PreparedStory as PreparedArchiveStory,
} from './archive/prepared-story.js';
export {
  addFiles,
  type AddFilesOptions,
  type AddSummary,
  type PreparedStoryTarget,
} from './archive/add-files.js';
export {
  checkCompatible,
  type ArchiveStats,
  type ArchivedParagraph,
  type IndexSettings,
} from './archive/index-settings.js';
export {
  IndexFileError,
  IncompatibleIndexError,
  type IndexErrorCode,
} from './archive/index-errors.js';
