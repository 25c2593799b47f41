/**
 * `dupgraf/engine`: the parts the stable API (`dupgraf`, src/index.ts) is built from, for those
 * who build their own pipeline. UNSTABLE: any name here may change or go in a minor version
 * (CHANGELOG.md says when). docs/api.md#dupgrafengine-unstable lists them by stage.
 *
 * - the engine's stages: `segment` → `normalize`/`tokenize` → `shingleSet` → the joins
 *   (`rankByFrequency`, `rankShared`, `jaccardSelfJoin`, `containmentSelfJoin`, their kernels) →
 *   `clusterDuplicates` → passages and changed facts; `detect`/`detectPrepared` run them all;
 * - preparing documents elsewhere (`PreparedBuilder`, `prepareTexts`, `concatBatches`);
 * - the engine options' table, queries of many documents (`queryMany`), the store interfaces;
 * - the readers' and reporters' tables, the report view;
 * - the check's parts (`runCheck` is `check` without defaults), the archive stores themselves.
 *
 * @module dupgraf/engine
 */

// The engine's stages.
export { segment, segmentMode, type ParagraphSpan, type SegmentMode } from './engine/segment.js';
export {
  normalize,
  tokenize,
  words,
  NORMALIZATION_VERSION,
  type TokenList,
  type TokenizeOptions,
} from './engine/normalize.js';
export { shingleSet, fingerprint } from './engine/shingle.js';
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
export { clusterDuplicates, type DuplicateGraph, type NodeGroup } from './engine/cluster.js';
export { groupTextsOf, type GroupTexts } from './engine/group-texts.js';
export { longestSharedRun, sharedPassage, type SharedRun } from './engine/passage.js';
export {
  changedFactsOfTokens,
  factTokens,
  factTokenList,
  type FactTokens,
} from './engine/changed-facts.js';

// All stages at once, and documents prepared elsewhere.
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
  type Analysis,
  type ParagraphRecord,
  type TextNode,
} from './engine/detect.js';
export type { DocumentInfo, ReportExtras } from './engine/documents.js';
export type { ParagraphKind } from './engine/paragraph-kind.js';
export { PreparedBuilder, prepareTexts, type PrepareOptions } from './engine/prepare.js';
export { concatBatches, type PreparedBatch } from './engine/prepared-batch.js';
export { SCHEMA_VERSION, METADATA_KEYS } from './engine/report.js';

// Options, queries, stores.
export {
  DEFAULT_ENGINE_OPTIONS,
  ENGINE_OPTION_SPECS,
  resolveEngineOptions,
  type OptionSpec,
  type TextOptions,
} from './engine/options.js';
export { queryMany } from './engine/query-many.js';
export {
  indexableParagraphs,
  OverlayIndex,
  type IndexableParagraph,
  type SyncQueryable,
  type StoredParagraph,
} from './engine/paragraph-index.js';

// Reading and reporting.
export { formatOf, INPUT_FORMATS, FORMAT_EXTENSIONS } from './sources/formats/registry.js';
export { DEFAULT_EXTENSIONS } from './sources/discover.js';
export { DEFAULT_MAX_FILE_SIZE, type ReadOptions as FileReadOptions } from './sources/read.js';
export {
  formatReportChunks,
  CHUNKED_REPORTERS,
  FORMATS,
  REPORTERS,
  MACHINE_FORMATS,
  type Reporter,
  type ChunkedReporter,
} from './reporters/index.js';
export { applyView, SORT_KEYS, type SortKey, type ViewOptions } from './reporters/view.js';
export { CHECK_FORMATS } from './reporters/check-formats.js';

// The check's parts.
export { runCheck, type CheckInput } from './check/run-check.js';
export { CHECK_SCHEMA_VERSION, RULES } from './check/model.js';
export { Policy, DEFAULT_POLICY, checkConfigSchema, type CheckConfig } from './check/policy.js';
export {
  ApprovalMatcher,
  addApproval,
  isExpired,
  approvalEntrySchema,
  approvalRegistrySchema,
} from './check/approvals.js';
export { parseBaseline, serializeBaseline } from './check/baseline.js';
export { prepareStory, type PreparedStory } from './check/suppression.js';
export { findingFingerprint } from './check/fingerprint.js';

// The archive stores.
export { migrateIndex } from './archive/open-index.js';
export { isDatabaseUrl } from './archive/archive-index.js';
export {
  openSqliteIndex,
  SqliteIndex,
  INDEX_FORMAT_VERSION,
  DEFAULT_LOWEST_THRESHOLD,
} from './archive/sqlite-index.js';
export {
  PG_SCHEMA_VERSION,
  PG_MIGRATIONS,
  type Migration,
  type PostgresIndex,
} from './archive/postgres-index.js';
export {
  contentHash,
  prepareArchiveStory,
  type PreparedStory as PreparedArchiveStory,
  type StoredStory,
} from './archive/prepared-story.js';
export { addFiles, type AddFilesOptions, type PreparedStoryTarget } from './archive/add-files.js';
export { checkCompatible } from './archive/index-settings.js';
