/**
 * The approved boilerplate registry (`dupgraf.approved.json` by default): paragraphs that may be
 * reused, with owner, reason and an optional expiry date. A paragraph under check is approved when
 * it is a near-duplicate (Jaccard ≥ threshold, the engine's own predicate) of an entry's text that
 * has not expired. An expired entry approves nothing and produces a warning naming its owner.
 */

import { z } from 'zod';
import { lazySchema, once } from '../lazy-schema.js';
import { Corpus } from '../engine/corpus.js';
import { pickEngineOptions, type EngineOptions } from '../engine/options.js';
import { yaml } from '../sources/formats/libraries.js';
import { textId } from './fingerprint.js';

/** Whether `s` is a calendar date `YYYY-MM-DD` that exists (never throws). */
function isRealDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const date = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === s;
}

// The schemas are built on first use (see lazy-schema.ts): every `check` loads this module, only
// a check with a registry file validates one.

/** The schema of a calendar date, built (on first use); see {@link isoDate}. */
export const isoDateSchema = once(() =>
  z.string({ error: 'a date YYYY-MM-DD' }).refine(isRealDate, 'a real date YYYY-MM-DD'),
);

/** A calendar date `YYYY-MM-DD` that exists. */
export const isoDate = lazySchema(isoDateSchema);

const entrySchema = once(() =>
  z.strictObject({
    /** Id from the normalized words of `text` (16 hex digits). */
    id: z.string().min(1),
    /** The approved paragraph's text. */
    text: z.string().min(1),
    /** Who answers for the approval (a name or e-mail). */
    owner: z.string().min(1),
    /** Why the paragraph may be reused. */
    reason: z.string().min(1),
    /** Last day (UTC, inclusive) the approval holds; absent for no expiry. */
    expires: isoDateSchema().optional(),
    /** Day the entry was added. */
    added: isoDateSchema().optional(),
    /** Where the paragraph was approved from, `path:line`. */
    from: z.string().optional(),
  }),
);

/** One approved paragraph. */
export const approvalEntrySchema = lazySchema(entrySchema);

/** The schema of the registry file, built (on first use); see {@link approvalRegistrySchema}. */
export const registrySchema = once(() =>
  z.strictObject({
    version: z.literal(1),
    entries: z.array(entrySchema()),
  }),
);

/** Schema of the registry file. */
export const approvalRegistrySchema = lazySchema(registrySchema);

/** One approved paragraph (see {@link approvalEntrySchema}). */
export type ApprovalEntry = z.infer<typeof approvalEntrySchema>;

/** The registry file's content. */
export type ApprovalRegistry = z.infer<typeof approvalRegistrySchema>;

/** Today as `YYYY-MM-DD` in UTC (the day approval expiry is judged on). */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/** An empty registry. */
export function emptyRegistry(): ApprovalRegistry {
  return { version: 1, entries: [] };
}

/** Whether an entry has expired on `today` (`YYYY-MM-DD`, UTC): its last day is before today. */
export function isExpired(entry: ApprovalEntry, today: string): boolean {
  return entry.expires !== undefined && entry.expires < today;
}

/**
 * Adds an entry (or replaces the one with the same id) and returns the new registry; entries keep
 * their order, new ones go last, so the file diffs cleanly.
 */
export function addApproval(
  registry: ApprovalRegistry,
  entry: Omit<ApprovalEntry, 'id'>,
): { registry: ApprovalRegistry; entry: ApprovalEntry; replaced: boolean } {
  const full: ApprovalEntry = { id: textId(entry.text), ...entry };
  const index = registry.entries.findIndex((e) => e.id === full.id);
  const entries = [...registry.entries];
  if (index >= 0) entries[index] = full;
  else entries.push(full);
  return { registry: { version: 1, entries }, entry: full, replaced: index >= 0 };
}

/**
 * Serializes a registry, as JSON (two-space, final newline) or YAML, keys in a fixed order, so
 * the file diffs cleanly.
 */
export function serializeRegistry(
  registry: ApprovalRegistry,
  format: 'json' | 'yaml' = 'json',
): string {
  const keys: (keyof ApprovalEntry)[] = [
    'id',
    'text',
    'owner',
    'reason',
    'expires',
    'added',
    'from',
  ];
  const entries = registry.entries.map((e) =>
    Object.fromEntries(keys.filter((k) => e[k] !== undefined).map((k) => [k, e[k]])),
  );
  const data = { version: 1, entries };
  return format === 'yaml'
    ? yaml().stringify(data, { lineWidth: 0 })
    : JSON.stringify(data, null, 2) + '\n';
}

/** Matches paragraphs against the registry's entries (see the module comment). */
export class ApprovalMatcher {
  private readonly corpus: Corpus;
  private readonly entries: readonly ApprovalEntry[];

  constructor(registry: ApprovalRegistry, options: EngineOptions) {
    this.entries = registry.entries;
    this.corpus = new Corpus(pickEngineOptions(options));
    registry.entries.forEach((entry, i) => {
      // One paragraph per entry: its text with white space collapsed.
      this.corpus.add({ path: `#${i}`, text: entry.text.replace(/\s+/g, ' ').trim() });
    });
  }

  /** Whether the registry has no entries. */
  get empty(): boolean {
    return this.entries.length === 0;
  }

  /**
   * The entries a paragraph's text is a near-duplicate of, closest first (then registry order).
   */
  match(text: string): ApprovalEntry[] {
    if (this.entries.length === 0) return [];
    const result = this.corpus.query({ path: '\0paragraph', text: text.replace(/\s+/g, ' ') });
    const hits = result.paragraphs.flatMap((p) => p.duplicates);
    hits.sort((a, b) => b.jaccard - a.jaccard || Number(a.path.slice(1)) - Number(b.path.slice(1)));
    return hits.map((m) => this.entries[Number(m.path.slice(1))]);
  }
}
