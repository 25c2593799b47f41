/**
 * The check report model: what `dupgraf check` found for each story under check, which policy
 * rules it broke, and why each recycled paragraph was or was not counted. Reporters (text, JSON,
 * markdown, SARIF, github, junit) are pure functions of this model.
 */

import type { ChangedFact } from '../engine/changed-facts.js';
import type { EngineOptions } from '../engine/options.js';
import type { FileWarning, ToolInfo } from '../engine/report.js';
import type { PolicyLimits } from './policy.js';

/** Version of the check JSON report; later versions only add fields. */
export const CHECK_SCHEMA_VERSION = 1;

/** Ids of the rules a check reports (SARIF rule ids, github annotation titles, junit types). */
export const RULES = {
  maxRecycledParagraphs: 'max-recycled-paragraphs',
  maxBoilerplateShare: 'max-boilerplate-share',
  recycledParagraph: 'recycled-paragraph',
  expiredApproval: 'expired-approval',
} as const;

/** A policy rule a story can break. */
export type PolicyRule = typeof RULES.maxRecycledParagraphs | typeof RULES.maxBoilerplateShare;

/**
 * Where a record of a JSON/JSONL file (or an item of a NewsML-G2 message) lives: its document is
 * named `file#record`, and its lines are lines of `file`.
 */
export interface RecordPlace {
  /** The file holding the record (as shown in reports). */
  file: string;
  /** The record's id (its id field, else its 1-based position in the file). */
  record: string;
}

/** A paragraph elsewhere that a paragraph under check copies. */
export interface FindingSource extends Partial<RecordPlace> {
  /** The document: a file, or `file#record` for a record (then `file` and `record` are set). */
  path: string;
  /** First line, 1-based. */
  line: number;
  /** Last line, 1-based. */
  endLine: number;
  /** Shingle Jaccard, 0..1 (4 decimals). */
  jaccard: number;
  /** Share of the checked paragraph's shingles found in the source, 0..1 (4 decimals). */
  containment: number;
  /** Only on the closest source (`sources[0]`), when its text is known: white space collapsed. */
  text?: string;
  /**
   * With `text`, for a `duplicate` whose words differ from the source's: the numbers, dates and
   * capitalized names changed from the source (`from`) to the paragraph under check (`to`).
   */
  changedFacts?: ChangedFact[];
}

/**
 * Why a finding counts or not: `counted` against the policy, or excused as `approved` (approved
 * boilerplate registry), `baselined` (in the baseline file) or `suppressed` (inline marker).
 */
export type FindingStatus = 'counted' | 'approved' | 'baselined' | 'suppressed';

/** One recycled paragraph of a story under check. */
export interface Finding {
  /** The story under check. */
  path: string;
  /** First line of the paragraph, 1-based. */
  line: number;
  /** Last line of the paragraph, 1-based. */
  endLine: number;
  /** Position of the paragraph in the story, 1-based. */
  paragraph: number;
  /** Word tokens in the paragraph. */
  words: number;
  /** The paragraph's text, white space collapsed. */
  text: string;
  /** `duplicate` (Jaccard ≥ threshold) or `partial` (containment ≥ containment option). */
  kind: 'duplicate' | 'partial';
  /** Where it was copied from, closest first (then by path and line). */
  sources: FindingSource[];
  /**
   * Stable fingerprint (16 hex digits) from the story path and the normalized words of the
   * paragraph and of its closest source: unchanged by line shifts and edits elsewhere.
   */
  fingerprint: string;
  /** Fingerprints of the paragraph against each source (a baseline entry matches any of them). */
  fingerprints: string[];
  status: FindingStatus;
  /**
   * For `approved`: the registry entry that approved it; `registry` says where it is stored (the
   * approved file, or the archive index for an approval made through `dupgraf serve`) when the
   * check applied both (`check --index`).
   */
  approval?: { id: string; owner: string; reason: string; expires?: string; registry?: string };
}

/** A policy rule broken by a story: the rule, the limit and the measured value. */
export interface Violation {
  rule: PolicyRule;
  limit: number;
  actual: number;
  /** One sentence naming the rule, the limit and the value. */
  message: string;
}

/** The outcome for one story under check. */
export interface StoryResult extends Partial<RecordPlace> {
  /** The story: a file, or `file#record` for a record (then `file` and `record` are set). */
  path: string;
  /** The limits in effect for this story (config, per-path overrides, flags). */
  policy: PolicyLimits;
  /** Override globs from the config that matched this path, in the order applied. */
  overrides: string[];
  /** Word tokens in the story. */
  words: number;
  /** Paragraphs considered (with at least min-words words). */
  paragraphs: number;
  /** Counted recycled paragraphs. */
  recycledParagraphs: number;
  /** Words in counted recycled paragraphs / words in the story, 0..1 (4 decimals). */
  boilerplateShare: number;
  /** Every recycled paragraph, by line. */
  findings: Finding[];
  violations: Violation[];
  /** Inline suppression markers that applied in this story. */
  suppressions: number;
}

/** Totals over the whole check. */
export interface CheckSummary {
  stories: number;
  failedStories: number;
  violations: number;
  findings: number;
  counted: number;
  approved: number;
  baselined: number;
  suppressed: number;
  /** Documents matched against (archive and stories under check). */
  archiveDocuments: number;
}

/** A warning about the check itself (expired approval, unreadable archive file, marker misuse). */
export interface CheckWarning extends FileWarning {
  /** Rule id when the warning comes from a rule, e.g. `expired-approval`. */
  rule?: string;
}

/** The whole check report (JSON `--format json` writes it). */
export interface CheckReport {
  schemaVersion: number;
  tool: ToolInfo;
  settings: EngineOptions;
  /** True when at least one policy rule was broken (exit code 1). */
  failed: boolean;
  summary: CheckSummary;
  /** Stories under check, sorted by path. */
  stories: StoryResult[];
  warnings: CheckWarning[];
  /**
   * Stories under check that could not be read (binary, a JSON file that does not parse, …), so
   * were not checked: the check did not complete (exit code 2). Set by the CLI; absent when all
   * were read.
   */
  notChecked?: string[];
  /** Set by the CLI when `--strict` fails the check on its warnings (exit code 2). */
  strictFailure?: boolean;
}
