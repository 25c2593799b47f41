/**
 * What the HTTP API does, without HTTP: reading a story from a request (text, HTML, Markdown or
 * headline and paragraphs), checking it against the archive with the desk's policy and the
 * approvals stored with the archive (the check itself is src/check/run-check.ts), storing,
 * removing and showing stories, and approving boilerplate. app.ts maps routes onto it; every
 * problem is an {@link ApiProblem}.
 */

import {
  addApproval,
  approvalRegistrySchema,
  emptyRegistry,
  serializeRegistry,
  todayUtc,
  type ApprovalRegistry,
} from '../check/approvals.js';
import type { Finding } from '../check/model.js';
import { Policy, type CheckConfig, type PartialLimits } from '../check/policy.js';
import { archivedStoryTime, runCheck } from '../check/run-check.js';
import { prepareStory } from '../check/suppression.js';
import { tokenize } from '../engine/normalize.js';
import { segment, type ParagraphSpan } from '../engine/segment.js';
import { wordDiff } from '../reporters/html.js';
import { loadReaders } from '../sources/formats/libraries.js';
import { readDocuments } from '../sources/formats/registry.js';
import { parseDate } from '../sources/publication-date.js';
import { TOOL_INFO } from '../tool-info.js';
import { ApiProblem } from './problems.js';
import type { z } from 'zod';
import type {
  approvalRequestSchema,
  approvalResultSchema,
  checkResultSchema,
  putStoryResultSchema,
  statsSchema,
  storySchema,
  StoryRequest,
} from './schemas.js';
import { placeKey, type ServiceStore, type StoreCheck, type StoreDocument } from './store.js';

/** Limits and policy of the service (from flags and the config file's `serve` section). */
export interface ServiceOptions {
  /** The config file's `check` section: the default policy and its overrides by id glob. */
  check?: CheckConfig;
  /** Policy limits by desk name, on top of the default policy. */
  desks?: Record<string, PartialLimits>;
  /** Most paragraphs a story may have. */
  maxParagraphs: number;
  /** Request body limit in bytes (reported by `/v1/stats`). */
  bodyLimit: number;
  /** Whether writes need a token (`token`) or are refused (`disabled`); reads too (`token`). */
  auth: { writes: 'token' | 'disabled'; reads: 'token' | 'open' };
  /** Today as `YYYY-MM-DD` (UTC), for approval expiry; default the real date. */
  today?: () => string;
  /** Most time `/readyz` waits for the archive to answer a read, ms; default {@link READY_WAIT_MS}. */
  readyWaitMs?: number;
}

/**
 * Most time `/readyz` waits for the archive to answer a read, ms: a readiness probe must answer
 * within a second or two, while a request waits up to 30 s for a lock.
 */
export const READY_WAIT_MS = 1500;

/** Options of a check request (the query string). */
export interface CheckFlags {
  add: boolean;
  diff: boolean;
  draft: boolean;
}

type CheckResult = z.output<typeof checkResultSchema>;
type ApprovalRequest = z.output<typeof approvalRequestSchema>;

const iso = (ms: number) => new Date(ms).toISOString();

/** A story read from a request, ready to check or store. */
interface ReadStory {
  document: StoreDocument;
  /** Every paragraph as read (short ones included). */
  spans: readonly ParagraphSpan[];
  warnings: string[];
}

/** The checks, stores and approvals of `dupgraf serve` over one {@link ServiceStore}. */
export class ArchiveService {
  readonly store: ServiceStore;
  private readonly options: ServiceOptions;
  private readonly policies = new Map<string, Policy>();
  private approvalsCache: { raw: string | undefined; registry: ApprovalRegistry } | null = null;
  /** The read of `/readyz` in flight (one at a time, see {@link ready}). */
  private probe: Promise<void> | null = null;

  constructor(store: ServiceStore, options: ServiceOptions) {
    this.store = store;
    this.options = options;
    this.policies.set('', new Policy(options.check ?? {}));
    for (const [desk, limits] of Object.entries(options.desks ?? {}))
      this.policies.set(desk, new Policy(options.check ?? {}, limits));
  }

  /** Desks with a policy of their own, sorted. */
  get desks(): string[] {
    return Object.keys(this.options.desks ?? {}).sort();
  }

  private policyFor(desk: string | undefined): Policy {
    if (desk === undefined) return this.policies.get('')!;
    const policy = Object.hasOwn(this.options.desks ?? {}, desk)
      ? this.policies.get(desk)
      : undefined;
    if (!policy) {
      const known = this.desks;
      throw new ApiProblem(
        'unknown-desk',
        known.length > 0
          ? `no policy is configured for desk "${desk}" (desks: ${known.join(', ')})`
          : `no policy is configured for desk "${desk}" (this server has no desks configured; leave desk out)`,
        [{ pointer: '/desk', message: 'not a configured desk' }],
      );
    }
    return policy;
  }

  /** The approved registry stored with the archive (parsed once per change). */
  private async registry(): Promise<ApprovalRegistry> {
    const raw = await this.store.approvals();
    if (this.approvalsCache && this.approvalsCache.raw === raw) return this.approvalsCache.registry;
    const registry = parseRegistry(raw);
    this.approvalsCache = { raw, registry };
    return registry;
  }

  /** Reads a story from a request into a document named `id` (see the module comment). */
  async read(request: StoryRequest, id: string): Promise<ReadStory> {
    const warnings: string[] = [];
    let document: StoreDocument;
    if ('text' in request && request.format !== 'text') {
      await loadReaders([request.format]);
      const name = request.format === 'html' ? 'story.html' : 'story.md';
      const read = readDocuments(name, request.text, { inputFormat: request.format });
      for (const w of read.warnings) warnings.push(w.message);
      const [first] = read.documents;
      document = first ? { ...first, path: id } : { path: id, text: '', paragraphs: [] };
    } else {
      const text =
        'text' in request
          ? request.text
          : [request.headline ?? '', ...request.paragraphs]
              .map((p) =>
                p
                  .replace(/\r\n?/g, '\n')
                  .replace(/\n[ \t]*\n[\s]*/g, '\n')
                  .trim(),
              )
              .filter((p) => p !== '')
              .join('\n\n');
      document = { path: id, text };
    }
    const spans = document.paragraphs ?? segment(document.text);
    if (spans.length > this.options.maxParagraphs) {
      throw new ApiProblem(
        'too-many-paragraphs',
        `the story has ${spans.length} paragraphs; this server checks at most ${this.options.maxParagraphs}`,
      );
    }
    if (request.date !== undefined) {
      // The story's publication date (over one its HTML or front matter gives) and its date.
      const date = parseDate(request.date);
      document.date = date?.ms ?? Date.parse(request.date);
      if (date) document.published = date.date;
    }
    return { document, spans, warnings };
  }

  /** `POST /v1/check`: checks a story (and with `add`, stores it in the same transaction). */
  async check(request: StoryRequest, flags: CheckFlags): Promise<CheckResult> {
    const id = request.id;
    if (flags.add && id === undefined)
      throw new ApiProblem('id-required', 'add=true stores the story under its id: give an id', [
        { pointer: '/id', message: 'required with add=true' },
      ]);
    const policy = this.policyFor(request.desk);
    // A story without an id is checked under the empty id, which no stored story has.
    const read = await this.read(request, id ?? '');
    const prepared = prepareStory(read.document.text, read.document.paragraphs);
    const document: StoreDocument = { ...read.document, text: prepared.text };
    const [registry, archiveStories] = await Promise.all([
      this.registry(),
      this.store.storyCount(),
    ]);
    const found = await this.store.check(document, flags.add);
    const report = runCheck({
      stories: [{ document, suppressedLines: prepared.suppressedLines, markers: prepared.markers }],
      index: { query: () => found.result },
      sourceText: (p, line) => found.texts.get(placeKey(p, line)),
      policy,
      engine: this.store.options,
      approvals: registry,
      approvalsPath: 'approvals',
      baseline: null,
      today: (this.options.today ?? todayUtc)(),
      tool: TOOL_INFO,
      warnings: [],
      archiveDocuments: archiveStories,
      // Only earlier sources count (or either undated), as in `dupgraf check --index`.
      storyTime: (p) =>
        archivedStoryTime(p, p === document.path ? document.published : found.published.get(p)),
    });
    return this.resultOf(request, flags, read, prepared, report, found, archiveStories);
  }

  /** The answer of `POST /v1/check` for one story's check report (`report`, one story). */
  private resultOf(
    request: StoryRequest,
    flags: CheckFlags,
    read: ReadStory,
    prepared: ReturnType<typeof prepareStory>,
    report: ReturnType<typeof runCheck>,
    found: StoreCheck,
    archiveStories: number,
  ): CheckResult {
    const story = report.stories[0];
    // A source's date as `dupgraf check --index` reads it: its publication date, else a date in
    // its path; null when undated (not the file's modification time the archive keeps for prune).
    const dateOf = (p: string) => {
      const ms = archivedStoryTime(p, found.published.get(p)).ms;
      return ms === undefined ? null : iso(ms);
    };
    const findings = story.findings.map((f) => this.finding(f, dateOf, flags.diff));
    const warnings = [
      ...read.warnings,
      ...prepared.problems.map((p) => `line ${p.line}: ${p.message}`),
      ...report.warnings.map((w) => w.message),
    ];
    return {
      id: request.id ?? null,
      desk: request.desk ?? null,
      verdict: story.violations.length > 0 ? 'fail' : 'pass',
      policy: story.policy,
      words: story.words,
      paragraphs: story.paragraphs,
      recycledParagraphs: story.recycledParagraphs,
      boilerplateShare: story.boilerplateShare,
      violations: story.violations,
      findings,
      ...(flags.draft
        ? {
            draft: read.spans.map((s) => ({
              paragraph: s.index,
              line: s.line,
              endLine: s.endLine,
              text: s.text.replace(/\s+/g, ' ').trim(),
            })),
          }
        : {}),
      added: found.added ?? null,
      archiveStories,
      warnings,
    };
  }

  private finding(
    f: Finding,
    dateOf: (id: string) => string | null,
    diff: boolean,
  ): CheckResult['findings'][number] {
    const sources = f.sources.map((s, i) => ({
      id: s.path,
      line: s.line,
      endLine: s.endLine,
      date: dateOf(s.path),
      jaccard: s.jaccard,
      containment: s.containment,
      ...(s.text !== undefined ? { text: s.text } : {}),
      ...(s.changedFacts ? { changedFacts: s.changedFacts } : {}),
      ...(diff && i === 0 && s.text !== undefined
        ? {
            diff: wordDiff(s.text, f.text).map((run) => ({
              op: run[0] as '=' | '+' | '-',
              text: run.slice(1),
            })),
          }
        : {}),
    }));
    let origin: CheckResult['findings'][number]['origin'] = null;
    for (const s of sources) {
      if (s.date === null) continue;
      if (!origin || s.date < origin.date || (s.date === origin.date && s.id < origin.id))
        origin = { id: s.id, line: s.line, date: s.date };
    }
    return {
      paragraph: f.paragraph,
      line: f.line,
      endLine: f.endLine,
      words: f.words,
      text: f.text,
      kind: f.kind,
      status: f.status === 'baselined' ? 'counted' : f.status,
      fingerprint: f.fingerprint,
      sources,
      origin,
      ...(f.approval ? { approval: f.approval } : {}),
    };
  }

  /** `PUT /v1/stories/{id}`: stores a story under `id` (replacing what was there). */
  async put(id: string, request: StoryRequest): Promise<z.output<typeof putStoryResultSchema>> {
    if (request.id !== undefined && request.id !== id)
      throw new ApiProblem(
        'validation-failed',
        'the id in the body is not the id in the path: leave it out, or give the same id',
        [{ pointer: '/id', message: 'not the id of the path' }],
      );
    if (request.desk !== undefined) this.policyFor(request.desk);
    const read = await this.read(request, id);
    const outcome = await this.store.put(read.document);
    const minWords = this.store.options.minWords;
    const paragraphs = read.spans.filter((s) => tokenize(s.text).count >= minWords).length;
    return { id, outcome, paragraphs };
  }

  /** `DELETE /v1/stories/{id}`. */
  async remove(id: string): Promise<void> {
    if (!(await this.store.remove(id)))
      throw new ApiProblem('story-not-found', 'no story is stored under this id');
  }

  /** `GET /v1/stories/{id}`. */
  async story(id: string): Promise<z.output<typeof storySchema>> {
    const s = await this.store.story(id);
    if (!s) throw new ApiProblem('story-not-found', 'no story is stored under this id');
    return { ...s, date: iso(s.date), added: iso(s.added) };
  }

  /**
   * `GET /readyz`: resolves when the archive answers a read of its story table within
   * `readyWaitMs`; else throws the index error (503 archive-unavailable with its code), or, when
   * the read is still waiting (a lock another session holds, a database too slow to serve),
   * archive-unavailable with reason `INDEX_LOCKED`. One read at a time: probes that come while
   * one waits share it, so a read stuck behind a lock holds one connection, not one per probe.
   */
  async ready(): Promise<void> {
    const waitMs = this.options.readyWaitMs ?? READY_WAIT_MS;
    const probe = (this.probe ??= this.store.ping().finally(() => {
      this.probe = null;
    }));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new ApiProblem(
              'archive-unavailable',
              `the archive did not answer a read within ${waitMs} ms (its tables locked by another session, or too slow)`,
              undefined,
              'INDEX_LOCKED',
            ),
          ),
        waitMs,
      );
    });
    try {
      await Promise.race([probe, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** `GET /v1/stats`. */
  async stats(): Promise<z.output<typeof statsSchema>> {
    const [s, registry] = await Promise.all([this.store.stats(), this.registry()]);
    return {
      backend: s.backend,
      stories: s.stories,
      paragraphs: s.paragraphs,
      oldest: s.oldest === null ? null : iso(s.oldest),
      newest: s.newest === null ? null : iso(s.newest),
      settings: {
        ...s.settings,
        threshold: this.store.options.threshold,
        containment: this.store.options.containment,
      },
      approvals: registry.entries.length,
      desks: this.desks,
      limits: { bodyBytes: this.options.bodyLimit, paragraphs: this.options.maxParagraphs },
      auth: this.options.auth,
    };
  }

  /** `GET /v1/approvals`: the registry stored with the archive. */
  async approvals(): Promise<ApprovalRegistry['entries']> {
    return (await this.registry()).entries;
  }

  /** `POST /v1/approvals`: approves a paragraph as boilerplate, stored with the archive. */
  async approve(request: ApprovalRequest): Promise<z.output<typeof approvalResultSchema>> {
    const text = request.text.replace(/\s+/g, ' ').trim();
    const today = (this.options.today ?? todayUtc)();
    if (request.expires !== undefined && request.expires < today)
      throw new ApiProblem(
        'validation-failed',
        `the approval would have expired already (expires ${request.expires}, today is ${today} UTC): give today or a later day, or no expiry`,
        [{ pointer: '/expires', message: `a day already past (today is ${today} UTC)` }],
      );
    const minWords = this.store.options.minWords;
    if (tokenize(text).count < minWords)
      throw new ApiProblem(
        'too-few-words',
        `the paragraph has fewer than ${minWords} words: it is never checked, so it needs no approval`,
        [{ pointer: '/text', message: `fewer than ${minWords} words` }],
      );
    let result: ReturnType<typeof addApproval> | undefined;
    await this.store.updateApprovals((raw) => {
      result = addApproval(parseRegistry(raw), {
        text,
        owner: request.owner,
        reason: request.reason,
        ...(request.expires ? { expires: request.expires } : {}),
        added: today,
        ...(request.from ? { from: request.from } : {}),
      });
      return serializeRegistry(result.registry);
    });
    return { entry: result!.entry, replaced: result!.replaced };
  }
}

/** The stored registry (JSON) as a registry; a damaged one is an internal error. */
function parseRegistry(raw: string | undefined): ApprovalRegistry {
  if (raw === undefined) return emptyRegistry();
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    throw new ApiProblem('internal', 'the approvals stored with the archive are not valid JSON');
  }
  const parsed = approvalRegistrySchema.safeParse(data);
  if (!parsed.success)
    throw new ApiProblem('internal', 'the approvals stored with the archive are not valid');
  return parsed.data;
}
