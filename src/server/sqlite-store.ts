/**
 * The {@link ServiceStore} of the SQLite archive index (src/archive/sqlite-index.ts). The
 * index answers synchronously; every method here wraps its answer in a promise. A check with
 * `add` runs the query and the add in one write transaction.
 */

import type { SqliteIndex } from '../archive/sqlite-index.js';
import {
  countCache,
  matchTexts,
  outcomeOf,
  type ServiceStore,
  type StoreCheck,
  type StoreDocument,
  type StoreStats,
  type StoredStoryView,
} from './store.js';

import { APPROVALS_META_KEY } from '../archive/sqlite-format.js';

export { APPROVALS_META_KEY };

/** A {@link ServiceStore} over an open SQLite index; closing the store closes the index. */
export function sqliteStore(index: SqliteIndex): ServiceStore {
  const counted = countCache(() => index.storyCount());
  const forget = () => counted.forget();
  return {
    backend: 'sqlite',
    options: index.options,
    async check(document: StoreDocument, add: boolean): Promise<StoreCheck> {
      const run = () => checkIn(index, document, add);
      const out = index.transaction(run, add ? 'write' : 'read');
      if (add) forget();
      return out;
    },
    async put(document) {
      const done = outcomeOf(index.addMany([document]));
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
    storyCount: () => counted.get(),
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
      return index.approvalRegistry();
    },
    async updateApprovals(update) {
      return index.updateMeta(APPROVALS_META_KEY, update);
    },
    async ping() {
      // A read of the story table, as every request makes (not only of the meta table).
      index.story('');
    },
    async close() {
      index.close();
    },
  };
}

/**
 * The check of `document` in `index` (inside a transaction): the query's answer, the matched
 * texts, the matched stories' publication dates, and with `add` what storing the document did.
 */
function checkIn(index: SqliteIndex, document: StoreDocument, add: boolean): StoreCheck {
  const result = index.query(document);
  const texts = matchTexts(result);
  const paths = new Set<string>();
  for (const p of result.paragraphs)
    for (const m of [...p.duplicates, ...p.partials]) paths.add(m.path);
  const published = index.publishedDates([...paths]);
  const out: StoreCheck = { result, texts, published };
  if (add) out.added = outcomeOf(index.addMany([document]));
  return out;
}
