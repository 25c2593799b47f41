/**
 * The check itself, pure: each story under check is queried against an index holding the archive
 * and the other stories; every recycled paragraph becomes a finding, excused when suppressed
 * inline, approved by the registry or in the baseline; the counted ones are measured against the
 * story's policy. No file system, no process: the command (src/cli/check-command.ts) reads files.
 */

import type { SourceDocument } from '../engine/detect.js';
import type { QueryResult } from '../engine/corpus.js';
import type { Match } from '../engine/paragraph-index.js';
import type { EngineOptions } from '../engine/options.js';
import { percent, round4, type ToolInfo } from '../engine/report.js';
import {
  ApprovalMatcher,
  isExpired,
  type ApprovalEntry,
  type ApprovalRegistry,
} from './approvals.js';
import { changedFacts } from '../engine/changed-facts.js';
import { findingFingerprint } from './fingerprint.js';
import {
  CHECK_SCHEMA_VERSION,
  RULES,
  type CheckReport,
  type CheckWarning,
  type Finding,
  type FindingSource,
  type RecordPlace,
  type StoryResult,
  type Violation,
} from './model.js';
import type { Policy, PolicyLimits } from './policy.js';
import { AbortedError } from '../errors.js';
import { pathDate } from '../sources/publication-date.js';

/**
 * What the check matches stories against: anything with the Corpus's `query()`. The in-memory
 * `Corpus` is one; an on-disk archive index (`check --index`) is another. `query` must never match
 * a document against paragraphs stored under its own path.
 */
export interface ParagraphIndex {
  /** The matches of each paragraph of `document` among the stored paragraphs. */
  query(document: SourceDocument): QueryResult;
}

/** The text of a stored paragraph by path and first line (1-based), for fingerprints. */
export type SourceTextLookup = (path: string, line: number) => string | undefined;

/** A story under check, with its suppression markers already read (see suppression.ts). */
export interface StoryInput {
  /** The story with marker lines taken out (what the index holds). */
  document: SourceDocument;
  /** First lines (1-based) of the paragraphs suppressed inline. */
  suppressedLines: ReadonlySet<number>;
  /** Suppression markers that applied. */
  markers: number;
}

/**
 * When a story was published and where it stands in its file, for who copied whom: `ms` its
 * publication instant (undefined when undated), `file` the file holding it, `position` its place
 * among that file's stories (0-based).
 */
export interface StoryTime {
  ms?: number;
  file: string;
  position: number;
}

/**
 * When a story known only from the archive (`path`, or `path#N` for the N-th story of a file)
 * was published: its stored publication date (ISO 8601), else the date in its file name (a
 * story stored before the archive kept publication dates), else undated; and its place in its
 * file.
 */
export function archivedStoryTime(name: string, published?: string): StoryTime {
  const m = /^(.*)#(\d+)$/.exec(name);
  const file = m ? m[1] : name;
  const stored = published === undefined ? NaN : Date.parse(published);
  const ms = Number.isNaN(stored) ? pathDate(file)?.ms : stored;
  return { ms, file, position: m ? Number(m[2]) - 1 : 0 };
}

/**
 * Whether `story` may have copied `source`: the source was published earlier, or the order
 * cannot be told (either is undated, or both have the same date) and they are in different
 * files; stories of one file that cannot be told apart by date are ordered by position. With a
 * `window` (ms), a source dated more than that before the story is out of reach.
 */
export function mayCopy(
  story: StoryTime | undefined,
  source: StoryTime | undefined,
  window?: number,
): boolean {
  if (story === undefined || source === undefined) return true;
  const dated = story.ms !== undefined && source.ms !== undefined;
  if (dated && window !== undefined && story.ms! - source.ms! > window) return false;
  if (dated && story.ms !== source.ms) return source.ms! < story.ms!;
  if (story.file === source.file) return source.position < story.position;
  return true;
}

/** Everything {@link runCheck} needs. */
export interface CheckInput {
  stories: readonly StoryInput[];
  index: ParagraphIndex;
  sourceText: SourceTextLookup;
  policy: Policy;
  engine: EngineOptions;
  approvals: ApprovalRegistry;
  /** Path of the registry as shown in warnings. */
  approvalsPath: string;
  /**
   * A second registry applied with {@link approvals} (the union: an entry of either approves):
   * the approvals stored with the archive index (`check --index`), `path` naming the index in
   * warnings. When given, every approved finding says which registry approved it
   * (`approval.registry`).
   */
  archiveApprovals?: { registry: ApprovalRegistry; path: string };
  /** Baseline fingerprints, or null without a baseline. */
  baseline: ReadonlySet<string> | null;
  /** Today as `YYYY-MM-DD` (UTC), for approval expiry. */
  today: string;
  tool: ToolInfo;
  /** Warnings gathered while reading input; kept in the report. */
  warnings: readonly CheckWarning[];
  /** Documents in the index (for the summary). */
  archiveDocuments: number;
  /**
   * The file and record id of a document that is one record of a file (named `file#record`);
   * undefined for whole files. Default: none is a record.
   */
  recordOf?: (path: string) => RecordPlace | undefined;
  /** Cancels the check: it stops before the next story with `AbortedError`. */
  signal?: AbortSignal;
  /**
   * A story's path as its fingerprints take it (e.g. relative to the baseline's folder rather
   * than the working directory, so a check run from a subfolder computes the same ones); default
   * the path as shown.
   */
  fingerprintPath?: (path: string) => string;
  /**
   * A story's path as the policy's override globs see it (e.g. relative to the config file's
   * folder); default the path as shown.
   */
  policyPath?: (path: string) => string;
  /**
   * The publication time and file position of a document by name (stories under check and
   * archive): a paragraph counts only as a copy of an earlier source (see `mayCopy`).
   * Default: none known, every source counts.
   */
  storyTime?: (path: string) => StoryTime | undefined;
  /** Compare a story only with sources dated at most this many ms before it; default no limit. */
  window?: number;
}

const byPlace = (a: { path: string; line: number }, b: { path: string; line: number }) =>
  a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line;

function firstWords(text: string, n = 10): string {
  const parts = text.split(/\s+/);
  return parts.slice(0, n).join(' ') + (parts.length > n ? ' …' : '');
}

/**
 * The closest source's text, and for a near (not word-for-word) duplicate the facts the paragraph
 * under check changed from it.
 */
function addSourceText(
  source: FindingSource,
  kind: Finding['kind'],
  text: string,
  sourceText: string | undefined,
): void {
  if (sourceText === undefined) return;
  source.text = sourceText.replace(/\s+/g, ' ').trim();
  if (kind === 'duplicate' && source.jaccard < 1)
    source.changedFacts = changedFacts(source.text, text.replace(/\s+/g, ' '));
}

/** What the check of every story shares: the input, the approvals' matcher, their expired uses. */
interface CheckRun {
  input: CheckInput;
  matcher: ApprovalMatcher;
  /** Where each approval is stored (the registry's path as shown), when the check has two. */
  registryOf: Map<ApprovalEntry, string> | null;
  /** Each expired approval's uses (`path:line`), for its warning. */
  expiredUse: Map<ApprovalEntry, string[]>;
  /** A path's record and file when it names a record of a JSON/JSONL or NewsML-G2 file. */
  place: (p: string) => Partial<RecordPlace>;
}

/** The check's registries: the approved file's, then the archive's (when given). */
function approvalSources(input: CheckInput): { registry: ApprovalRegistry; path: string }[] {
  const file = { registry: input.approvals, path: input.approvalsPath };
  return input.archiveApprovals ? [file, input.archiveApprovals] : [file];
}

/** Runs the check (see the module comment) and returns the report model. */
export function runCheck(input: CheckInput): CheckReport {
  const run: CheckRun = {
    input,
    matcher: new ApprovalMatcher(
      { version: 1, entries: approvalSources(input).flatMap((s) => s.registry.entries) },
      input.engine,
    ),
    registryOf: input.archiveApprovals
      ? new Map(
          approvalSources(input).flatMap((s) =>
            s.registry.entries.map((e) => [e, s.path] as const),
          ),
        )
      : null,
    expiredUse: new Map(),
    place: (p) => {
      const found = input.recordOf?.(p);
      return found ? { file: found.file, record: found.record } : {};
    },
  };
  const stories: StoryResult[] = [];
  for (const story of [...input.stories].sort((a, b) =>
    byPlace({ path: a.document.path, line: 0 }, { path: b.document.path, line: 0 }),
  )) {
    if (input.signal?.aborted) throw new AbortedError('check cancelled');
    stories.push(checkStory(run, story));
  }
  return reportOf(input, stories, checkWarnings(input, run.expiredUse));
}

/** The check of one story: its findings under the policy for its path, and its violations. */
function checkStory(run: CheckRun, story: StoryInput): StoryResult {
  const { input, place } = run;
  const { path } = story.document;
  const { limits, overrides } = input.policy.forPath(input.policyPath?.(path) ?? path);
  const result = input.index.query(story.document);
  const findings: Finding[] = [];
  let countedWords = 0;
  // Only earlier sources (and those whose order cannot be told) count.
  const when = input.storyTime?.(path);
  const earlier = (m: { path: string }) => mayCopy(when, input.storyTime?.(m.path), input.window);
  for (const p of result.paragraphs) {
    let kind: Finding['kind'] = 'duplicate';
    let matches = p.duplicates.filter(earlier);
    if (matches.length === 0) {
      const partials = p.partials.filter(earlier);
      if (!limits.countPartials || partials.length === 0) continue;
      kind = 'partial';
      matches = partials;
    }
    const finding = findingOf(run, story, p, kind, matches);
    if (finding.status === 'counted') countedWords += p.words;
    findings.push(finding);
  }
  const recycled = findings.filter((f) => f.status === 'counted').length;
  const share = result.words === 0 ? 0 : round4(countedWords / result.words);
  return {
    path,
    ...place(path),
    policy: limits,
    overrides,
    words: result.words,
    paragraphs: result.paragraphs.length,
    recycledParagraphs: recycled,
    boilerplateShare: share,
    findings,
    violations: violationsOf(limits, recycled, share),
    suppressions: story.markers,
  };
}

/**
 * The finding of paragraph `p` of a story, copied from `matches` (its sources, closest first),
 * with its status: suppressed, approved, baselined or counted.
 */
function findingOf(
  run: CheckRun,
  story: StoryInput,
  p: QueryResult['paragraphs'][number],
  kind: Finding['kind'],
  matches: readonly Match[],
): Finding {
  const { input, matcher, expiredUse, place, registryOf } = run;
  const { path } = story.document;
  const fingerprintPath = input.fingerprintPath?.(path) ?? path;
  const sources: FindingSource[] = matches
    .map((m) => ({
      path: m.path,
      line: m.line,
      endLine: m.endLine,
      jaccard: m.jaccard,
      containment: m.containmentQuery,
      ...place(m.path),
    }))
    .sort((a, b) => b.jaccard - a.jaccard || b.containment - a.containment || byPlace(a, b));
  addSourceText(sources[0], kind, p.text, input.sourceText(sources[0].path, sources[0].line));
  const fingerprints = sources.map((s) =>
    findingFingerprint(fingerprintPath, p.text, input.sourceText(s.path, s.line) ?? `\0${s.path}`),
  );
  const finding: Finding = {
    path,
    line: p.line,
    endLine: p.endLine,
    paragraph: p.paragraph,
    words: p.words,
    text: p.text,
    kind,
    sources,
    fingerprint: fingerprints[0],
    fingerprints,
    status: 'counted',
  };
  const approvals = story.suppressedLines.has(p.line) ? [] : matcher.match(p.text);
  const active = approvals.find((e) => !isExpired(e, input.today));
  if (story.suppressedLines.has(p.line)) finding.status = 'suppressed';
  else if (active) {
    finding.status = 'approved';
    finding.approval = {
      id: active.id,
      owner: active.owner,
      reason: active.reason,
      ...(active.expires ? { expires: active.expires } : {}),
      ...(registryOf?.has(active) ? { registry: registryOf.get(active)! } : {}),
    };
  } else if (input.baseline && fingerprints.some((f) => input.baseline!.has(f))) {
    finding.status = 'baselined';
  }
  if (!active) {
    for (const e of approvals)
      expiredUse.set(e, [...(expiredUse.get(e) ?? []), `${path}:${p.line}`]);
  }
  return finding;
}

/** The policy's violations by a story of `recycled` counted paragraphs and boilerplate `share`. */
function violationsOf(limits: PolicyLimits, recycled: number, share: number): Violation[] {
  const violations: Violation[] = [];
  if (limits.maxRecycledParagraphs !== null && recycled > limits.maxRecycledParagraphs) {
    violations.push({
      rule: RULES.maxRecycledParagraphs,
      limit: limits.maxRecycledParagraphs,
      actual: recycled,
      message: `${recycled} recycled paragraph${recycled === 1 ? '' : 's'}, more than the limit of ${limits.maxRecycledParagraphs} (rule ${RULES.maxRecycledParagraphs})`,
    });
  }
  if (limits.maxBoilerplateShare !== null && share > limits.maxBoilerplateShare) {
    violations.push({
      rule: RULES.maxBoilerplateShare,
      limit: limits.maxBoilerplateShare,
      actual: share,
      message: `boilerplate share ${percent(share)}, above the limit of ${percent(limits.maxBoilerplateShare)} (rule ${RULES.maxBoilerplateShare})`,
    });
  }
  return violations;
}

/**
 * The report's warnings: the input's, and one per expired approval (with the paragraphs it no
 * longer approves); by path, then by the line a message starts with (`line 26` before `line
 * 194`), then text.
 */
function checkWarnings(
  input: CheckInput,
  expiredUse: Map<ApprovalEntry, string[]>,
): CheckWarning[] {
  const warnings: CheckWarning[] = [...input.warnings];
  for (const { registry, path } of approvalSources(input))
    for (const entry of registry.entries) {
      if (!isExpired(entry, input.today)) continue;
      const uses = expiredUse.get(entry) ?? [];
      warnings.push({
        path,
        rule: RULES.expiredApproval,
        message:
          `approval ${entry.id} (owner ${entry.owner}) expired on ${entry.expires}: “${firstWords(entry.text)}”` +
          (uses.length > 0 ? `; no longer approves ${uses.join(', ')}` : ''),
      });
    }
  const lineOf = (message: string) => Number(/^line (\d+)/.exec(message)?.[1] ?? 0);
  const byText = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  warnings.sort(
    (a, b) =>
      byText(a.path, b.path) ||
      lineOf(a.message) - lineOf(b.message) ||
      byText(a.message, b.message),
  );
  return warnings;
}

/** The report model of the checked stories, with its summary. */
function reportOf(
  input: CheckInput,
  stories: StoryResult[],
  warnings: CheckWarning[],
): CheckReport {
  const all = stories.flatMap((s) => s.findings);
  const count = (status: Finding['status']) => all.filter((f) => f.status === status).length;
  const failedStories = stories.filter((s) => s.violations.length > 0).length;
  return {
    schemaVersion: CHECK_SCHEMA_VERSION,
    tool: input.tool,
    settings: input.engine,
    failed: failedStories > 0,
    summary: {
      stories: stories.length,
      failedStories,
      violations: stories.reduce((n, s) => n + s.violations.length, 0),
      findings: all.length,
      counted: count('counted'),
      approved: count('approved'),
      baselined: count('baselined'),
      suppressed: count('suppressed'),
      archiveDocuments: input.archiveDocuments,
    },
    stories,
    warnings,
  };
}
