/**
 * What `dupgraf serve` needs of an archive: the {@link ServiceStore} interface. The server
 * (src/server/app.ts) depends on this interface only; each archive backend has an adapter
 * (sqlite-store.ts for the SQLite index, postgres-store.ts for PostgreSQL). Every method may answer asynchronously, so a networked
 * backend fits the same shape.
 */

import type { QueryResult } from '../engine/corpus.js';
import type { SourceDocument } from '../engine/detect.js';
import type { EngineOptions } from '../engine/options.js';
import type { StoredParagraph } from '../engine/paragraph-index.js';

/** A story to store: a document with its date (ms since the epoch; default: now). */
export interface StoreDocument extends SourceDocument {
  date?: number;
}

/** What storing one story did. */
export type StoreOutcome = 'added' | 'updated' | 'unchanged';

/** A stored story as `GET /v1/stories/{id}` shows it. */
export interface StoredStoryView {
  id: string;
  /** The story's date and when it was stored, ms since the epoch. */
  date: number;
  added: number;
  /** Word tokens in the whole story. */
  words: number;
  /** The stored paragraphs (at least min-words words), by line. */
  paragraphs: StoredParagraph[];
}

/** What a check needs from the archive, read in one consistent view. */
export interface StoreCheck {
  /** The story's matches in the archive (its own id never matches). */
  result: QueryResult;
  /** Text of each matched stored paragraph, keyed by {@link placeKey}. */
  texts: ReadonlyMap<string, string>;
  /** Publication date (ISO 8601) of each matched stored story that has one, by id. */
  published: ReadonlyMap<string, string>;
  /** With `add`: what adding the story did (in the same transaction as the query). */
  added?: StoreOutcome;
}

/** Counts and settings of the archive (`GET /v1/stats`). */
export interface StoreStats {
  /** Backend name, e.g. `sqlite`. */
  backend: string;
  stories: number;
  paragraphs: number;
  /** Earliest and latest story date, ms since the epoch (null when empty). */
  oldest: number | null;
  newest: number | null;
  settings: { shingleSize: number; minWords: number; lowestThreshold: number };
}

/** The archive as the service uses it (see the module comment). */
export interface ServiceStore {
  /** Backend name for logs and stats, e.g. `sqlite`. */
  readonly backend: string;
  /** The engine options queries use. */
  readonly options: EngineOptions;
  /**
   * Queries `document` against the archive, with the texts and dates of what it matched; with
   * `add`, then stores it under its path, all in one transaction.
   */
  check(document: StoreDocument, add: boolean): Promise<StoreCheck>;
  /** Stores (adds or replaces) a story under its path. */
  put(document: StoreDocument): Promise<StoreOutcome>;
  /** Removes the story stored under `id`; resolves to whether there was one. */
  remove(id: string): Promise<boolean>;
  /** The story stored under `id`, or undefined. */
  story(id: string): Promise<StoredStoryView | undefined>;
  /** Stories stored (may be a few seconds old: it is read on every check). */
  storyCount(): Promise<number>;
  stats(): Promise<StoreStats>;
  /** The approved registry as stored with the archive (JSON), or undefined when none yet. */
  approvals(): Promise<string | undefined>;
  /** Replaces the stored registry with `update(current)` in one write transaction. */
  updateApprovals(update: (current: string | undefined) => string): Promise<string>;
  /**
   * Resolves when the archive answers a read of its story table (for `/readyz`; as a request's
   * reads would, waiting for the same locks); rejects with the index error otherwise.
   */
  ping(): Promise<void>;
  /** Closes the archive cleanly. */
  close(): Promise<void>;
}

/** Key of a stored paragraph in {@link StoreCheck.texts}: its story id and first line. */
export function placeKey(id: string, line: number): string {
  return `${line}\u0000${id}`;
}

/** {@link StoreCheck.texts} of a query result: each match carries its stored paragraph's text. */
export function matchTexts(result: QueryResult): Map<string, string> {
  const texts = new Map<string, string>();
  for (const p of result.paragraphs)
    for (const m of [...p.duplicates, ...p.partials]) texts.set(placeKey(m.path, m.line), m.text);
  return texts;
}

/** What storing one story did, from an index's add summary. */
export function outcomeOf(summary: { added: number; updated: number }): StoreOutcome {
  return summary.added > 0 ? 'added' : summary.updated > 0 ? 'updated' : 'unchanged';
}

/**
 * How long the story count a check reports may be reused, ms (writes through the store reset
 * it; `dupgraf index add` into the same archive shows within this time).
 */
export const COUNT_TTL = 30_000;

/** The story count, read again at most every {@link COUNT_TTL} ms or after {@link forget}. */
export function countCache(read: () => number | Promise<number>): {
  get(): Promise<number>;
  forget(): void;
} {
  let counted: { stories: number; at: number } | null = null;
  return {
    async get() {
      const now = Date.now();
      if (!counted || now - counted.at > COUNT_TTL) counted = { stories: await read(), at: now };
      return counted.stories;
    },
    forget() {
      counted = null;
    },
  };
}
