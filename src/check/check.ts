/**
 * {@link check}, the CI check as the package offers it: the stories and an index in, the check
 * report out; every other input of the check ({@link runCheck}: policy, approvals, baseline, the
 * date, …) is optional, with the defaults `dupgraf check` has. Resolved and validated here once,
 * then handed to `runCheck` whole.
 */

import { checkDocument } from '../engine/corpus.js';
import type { SourceDocument } from '../engine/detect.js';
import type { Match, QueryResult } from '../engine/paragraph-index.js';
import {
  checkOptions,
  DEFAULT_ENGINE_OPTIONS,
  InvalidOptionError,
  resolveEngineOptions,
  type EngineOptions,
} from '../engine/options.js';
import { UsageError } from '../errors.js';
import { TOOL_INFO } from '../tool-info.js';
import { emptyRegistry, todayUtc } from './approvals.js';
import { parseBaseline } from './baseline.js';
import type { CheckReport } from './model.js';
import { checkConfigSchema, Policy, type PolicyLimits } from './policy.js';
import { runCheck, type CheckInput, type ParagraphIndex, type StoryInput } from './run-check.js';
import { prepareStory } from './suppression.js';

/** A desk's policy: limits for every story, and per-path `overrides` (globs; later keys win). */
export interface CheckPolicy extends Partial<PolicyLimits> {
  /** Limits for the stories whose path matches the glob (e.g. `sport/**`). */
  overrides?: Record<string, Partial<PolicyLimits>>;
}

/** What {@link check} takes: `stories` and `index`; everything else has a default. */
export interface CheckOptions extends Partial<
  Omit<CheckInput, 'stories' | 'index' | 'policy' | 'engine' | 'baseline' | 'tool'>
> {
  /**
   * The stories under check: documents (`{path, text}`; their inline suppression markers are read
   * as `dupgraf check` reads them, unless the document carries `suppressed`), or stories already
   * prepared ({@link StoryInput}).
   */
  stories: readonly (SourceDocument | StoryInput)[];
  /**
   * What the stories are matched against: a `Corpus` holding the archive (and the stories, to
   * compare them with each other), or anything with its synchronous `query(document)`. It must
   * never match a document against paragraphs stored under the document's own path.
   */
  index: ParagraphIndex;
  /** The policy (the config file's `check` limits and overrides). Default: 40% boilerplate share. */
  policy?: CheckPolicy;
  /** Engine options (thresholds for approvals). Default: the index's `options`, else the defaults. */
  engine?: Partial<EngineOptions>;
  /** The baseline: a baseline file's text, or its fingerprints. Default none. */
  baseline?: string | ReadonlySet<string> | null;
}

/** Every key of {@link CheckOptions} (an unknown one is refused with a suggestion). */
const CHECK_OPTION_KEYS = [
  'stories',
  'index',
  'policy',
  'engine',
  'baseline',
  'sourceText',
  'approvals',
  'approvalsPath',
  'today',
  'warnings',
  'archiveDocuments',
  'recordOf',
  'signal',
  'fingerprintPath',
  'policyPath',
  'storyTime',
  'window',
] as const;

/**
 * Checks `stories` against `index` under a policy, as `dupgraf check` does, and returns the check
 * report (the JSON of `check --format json`; `formatCheckReport` renders it). Defaults: the
 * default policy, no approvals, no baseline, today's date (UTC) for approval expiry, the source
 * texts from the index's matches, `archiveDocuments` from the index's `stats()`. Throws
 * `InvalidOptionError` for an unknown or bad option, `InvalidBaselineError` for a baseline text
 * that is not one, `AbortedError` when `signal` is aborted.
 */
export function check(options: CheckOptions): CheckReport {
  checkOptions(options, CHECK_OPTION_KEYS, 'check');
  if (!Array.isArray(options?.stories))
    throw new UsageError('check: `stories` must be an array of documents');
  if (typeof options.index?.query !== 'function')
    throw new UsageError('check: `index` must have a query(document) method (e.g. a Corpus)');
  const texts = new Map<string, string>();
  return runCheck({
    ...options,
    stories: options.stories.map(storyInput),
    index: recordingTexts(options.index, texts),
    sourceText: options.sourceText ?? ((p, line) => texts.get(placeKey(p, line))),
    policy: policyOf(options.policy),
    engine: engineOf(options),
    approvals: options.approvals ?? emptyRegistry(),
    approvalsPath: options.approvalsPath ?? 'dupgraf.approved.json',
    baseline: baselineOf(options.baseline),
    today: options.today ?? todayUtc(),
    tool: TOOL_INFO,
    warnings: options.warnings ?? [],
    archiveDocuments: options.archiveDocuments ?? storedStories(options.index),
  });
}

/** A document as a story under check: its markers read (unless the sources already did). */
function storyInput(story: SourceDocument | StoryInput): StoryInput {
  if (typeof story === 'object' && story !== null && 'document' in story) {
    checkDocument(story.document, 'check');
    return story;
  }
  checkDocument(story, 'check');
  if (story.suppressed !== undefined)
    return {
      document: story,
      suppressedLines: new Set(story.suppressed),
      markers: story.suppressions ?? 0,
    };
  const prepared = prepareStory(story.text, story.paragraphs);
  return {
    document: { ...story, text: prepared.text },
    suppressedLines: prepared.suppressedLines,
    markers: prepared.markers,
  };
}

function placeKey(path: string, line: number): string {
  return `${line}\0${path}`;
}

/**
 * `index`, keeping the text of every paragraph its queries match (the default `sourceText`); an
 * index answering with a promise (PostgreSQL) is refused: the check queries synchronously.
 */
function recordingTexts(index: ParagraphIndex, texts: Map<string, string>): ParagraphIndex {
  const keep = (m: Match) => texts.set(placeKey(m.path, m.line), m.text);
  return {
    query(document: SourceDocument): QueryResult {
      const result = index.query(document);
      if (typeof (result as { then?: unknown }).then === 'function')
        throw new UsageError(
          'check: index.query answered with a promise; check needs an index that answers at once (a Corpus, an SQLite index)',
        );
      for (const p of result.paragraphs) {
        p.duplicates.forEach(keep);
        p.partials.forEach(keep);
      }
      return result;
    },
  };
}

function policyOf(policy: CheckPolicy | undefined): Policy {
  const parsed = checkConfigSchema.safeParse(policy ?? {});
  if (!parsed.success || parsed.data.approved !== undefined || parsed.data.baseline !== undefined) {
    const issue = parsed.error?.issues[0];
    const where = issue ? `policy.${issue.path.join('.')}` : 'policy';
    const expected = issue?.message ?? 'limits and overrides only (approved, baseline: options)';
    throw new InvalidOptionError(where, expected, policy, `option "${where}": ${expected}`);
  }
  return new Policy(parsed.data);
}

function engineOf(options: CheckOptions): EngineOptions {
  const own = (options.index as { options?: unknown }).options;
  const base = typeof own === 'object' && own !== null ? (own as Partial<EngineOptions>) : {};
  return resolveEngineOptions({ ...DEFAULT_ENGINE_OPTIONS, ...base, ...options.engine });
}

function baselineOf(baseline: CheckOptions['baseline']): ReadonlySet<string> | null {
  if (baseline === undefined || baseline === null) return null;
  return typeof baseline === 'string' ? parseBaseline(baseline) : baseline;
}

/** Stories the index holds, when it says so synchronously (a Corpus, an SQLite index); else 0. */
function storedStories(index: ParagraphIndex): number {
  const stats = (index as { stats?: () => unknown }).stats?.();
  const stories = (stats as { stories?: unknown } | undefined)?.stories;
  return typeof stories === 'number' ? stories : 0;
}
