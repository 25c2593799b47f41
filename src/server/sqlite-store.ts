/**
 * The {@link ServiceStore} of the SQLite archive index (src/archive/sqlite-index.ts). The
 * index answers synchronously; every method here wraps its answer in a promise. A check with
 * `add` runs the query and the add in one write transaction.
 */

import type { SqliteIndex } from '../archive/sqlite-index.js';
import {
  placeKey,
  type ServiceStore,
  type StoreCheck,
  type StoreDocument,
  type StoreOutcome,
  type StoreStats,
  type StoredStoryView,
} from './store.js';

/** The `meta` key under which the approved registry is stored with the archive. */
export const APPROVALS_META_KEY = 'approvals';
/**
 * How long the story count a check reports may be reused, ms (writes through this store reset
 * it; `dupgraf index add` on the same file shows within this time).
 */
const COUNT_TTL = 30_000;

function outcome(summary: { added: number; updated: number }): StoreOutcome {
  return summary.added > 0 ? 'added' : summary.updated > 0 ? 'updated' : 'unchanged';
}

/** A {@link ServiceStore} over an open SQLite index; closing the store closes the index. */
export function sqliteStore(index: SqliteIndex): ServiceStore {
  let counted: { stories: number; at: number } | null = null;
  const forget = () => {
    counted = null;
  };
  return {
    backend: 'sqlite',
    options: index.options,
    async check(document: StoreDocument, add: boolean): Promise<StoreCheck> {
      const run = (): StoreCheck => {
        const result = index.query(document);
        const texts = new Map<string, string>();
        const paths = new Set<string>();
        for (const p of result.paragraphs) {
          for (const m of [...p.duplicates, ...p.partials]) {
            paths.add(m.path);
            const key = placeKey(m.path, m.line);
            if (texts.has(key)) continue;
            const text = index.paragraphText(m.path, m.line);
            if (text !== undefined) texts.set(key, text);
          }
        }
        const dates = index.storyDates([...paths]);
        const out: StoreCheck = { result, texts, dates };
        if (add) out.added = outcome(index.addMany([document]));
        return out;
      };
      const out = index.transaction(run, add ? 'write' : 'read');
      if (add) forget();
      return out;
    },
    async put(document) {
      const done = outcome(index.addMany([document]));
      forget();
      return done;
    },
    async remove(id) {
      const removed = index.remove(id);
      forget();
      return removed;
    },
    async story(id): Promise<StoredStoryView | undefined> {
      const s = index.story(id);
      if (!s) return undefined;
      return { id: s.path, date: s.date, added: s.added, words: s.words, paragraphs: s.paragraphs };
    },
    async storyCount() {
      const now = Date.now();
      if (!counted || now - counted.at > COUNT_TTL) {
        counted = { stories: index.storyCount(), at: now };
      }
      return counted.stories;
    },
    async stats(): Promise<StoreStats> {
      const s = index.summary();
      return {
        backend: 'sqlite',
        ...s,
        settings: {
          shingleSize: index.settings.shingleSize,
          minWords: index.settings.minWords,
          lowestThreshold: index.settings.lowestThreshold,
        },
      };
    },
    async approvals() {
      return index.metaValue(APPROVALS_META_KEY);
    },
    async updateApprovals(update) {
      return index.updateMeta(APPROVALS_META_KEY, update);
    },
    async ping() {
      index.metaValue('format');
    },
    async close() {
      index.close();
    },
  };
}
