/**
 * The {@link ServiceStore} of the PostgreSQL archive index (src/archive/postgres-index.ts). One
 * `PostgresIndex` is one connection whose calls run one at a time, so the store keeps a small pool
 * of them (`connections`, default {@link DEFAULT_CONNECTIONS}) and gives each request an idle one.
 * A connection found lost (the server restarted, the network failed) is closed and replaced by a
 * new one on the next request, so the service comes back by itself when the database does; until
 * then every request, and `/readyz`, fails with the index error (503 archive-unavailable).
 * A check with `add` runs the query and the add in one transaction (`PostgresIndex.checkStory`);
 * approvals live in the index's `approval_registry` table (schema migration 3).
 */

import type { PostgresIndex, PostgresOpenOptions } from '../archive/postgres-index.js';
import {
  countCache,
  matchTexts,
  outcomeOf,
  type ServiceStore,
  type StoreCheck,
  type StoreDocument,
  type StoreStats,
} from './store.js';
import { DEFAULT_CONNECTIONS } from './serve-config.js';

/** A pool of index connections (see the module comment). */
class IndexPool {
  private readonly idle: PostgresIndex[] = [];
  private readonly waiting: ((index: PostgresIndex | null) => void)[] = [];
  private open = 0;
  private closed = false;

  constructor(
    first: PostgresIndex,
    private readonly connect: () => Promise<PostgresIndex>,
    private readonly size: number,
  ) {
    this.idle.push(first);
    this.open = 1;
  }

  /** Runs `work` with a connection of its own (waiting for one when all are busy). */
  async use<T>(work: (index: PostgresIndex) => Promise<T>): Promise<T> {
    const index = await this.take();
    try {
      return await work(index);
    } finally {
      this.give(index);
    }
  }

  private async take(): Promise<PostgresIndex> {
    if (this.closed) throw new Error('the archive is closed');
    for (;;) {
      const index = this.idle.pop();
      if (!index) break;
      if (!index.connectionLost) return index;
      this.open--;
      void index.close();
    }
    if (this.open < this.size) {
      this.open++;
      try {
        return await this.connect();
      } catch (error) {
        this.open--;
        throw error;
      }
    }
    const index = await new Promise<PostgresIndex | null>((resolve) => this.waiting.push(resolve));
    return index ?? this.take();
  }

  private give(index: PostgresIndex): void {
    if (index.connectionLost || this.closed) {
      this.open--;
      void index.close();
      // A waiting request may open a connection in its place.
      this.waiting.shift()?.(null);
      return;
    }
    const next = this.waiting.shift();
    if (next) next(index);
    else this.idle.push(index);
  }

  /** Closes every idle connection; busy ones close when given back. */
  async close(): Promise<void> {
    this.closed = true;
    for (const resolve of this.waiting.splice(0)) resolve(null);
    await Promise.all(this.idle.splice(0).map((index) => index.close()));
  }
}

/** Options of {@link openPostgresStore}. */
export interface PostgresStoreOptions extends PostgresOpenOptions {
  /** Connections opened at most (one per concurrent request). Default {@link DEFAULT_CONNECTIONS}. */
  connections?: number;
}

/**
 * Opens the PostgreSQL index at `url` (creating it only with `create: true`) and returns its
 * {@link ServiceStore}. Throws the index errors of `openPostgresIndex`.
 */
export async function openPostgresStore(
  url: string,
  options: PostgresStoreOptions = {},
): Promise<ServiceStore> {
  const { openPostgresIndex, READ_LOCK_WAIT_MS } = await import('../archive/postgres-index.js');
  const { connections = DEFAULT_CONNECTIONS, ...open } = options;
  // A request waits at most 30 s for a lock (a new index's first load holds its tables).
  const wait = { lockTimeoutMs: READ_LOCK_WAIT_MS };
  const first = await openPostgresIndex(url, { create: false, ...wait, ...open });
  const pool = new IndexPool(
    first,
    () => openPostgresIndex(url, { ...wait, ...open, create: false, migrate: false }),
    Math.max(1, connections),
  );
  const counted = countCache(() => pool.use((index) => index.storyCount()));
  return {
    backend: 'postgresql',
    options: first.options,
    async check(document: StoreDocument, add: boolean): Promise<StoreCheck> {
      const found = await pool.use((index) => index.checkStory(document, add));
      const out: StoreCheck = {
        result: found.result,
        texts: matchTexts(found.result),
        published: found.published,
      };
      if (found.added) {
        out.added = outcomeOf(found.added);
        counted.forget();
      }
      return out;
    },
    async put(document) {
      const done = outcomeOf(await pool.use((index) => index.addMany([document])));
      counted.forget();
      return done;
    },
    async remove(id) {
      const removed = await pool.use((index) => index.remove(id));
      counted.forget();
      return removed;
    },
    async story(id) {
      const s = await pool.use((index) => index.story(id));
      if (!s) return undefined;
      return { id: s.path, date: s.date, added: s.added, words: s.words, paragraphs: s.paragraphs };
    },
    storyCount: () => counted.get(),
    async stats(): Promise<StoreStats> {
      const s = await pool.use((index) => index.summary());
      const { shingleSize, minWords, lowestThreshold } = first.settings;
      return { backend: 'postgresql', ...s, settings: { shingleSize, minWords, lowestThreshold } };
    },
    approvals: () => pool.use((index) => index.approvalRegistry()),
    updateApprovals: (update) => pool.use((index) => index.updateApprovalRegistry(update)),
    // A read of the story table (a primary-key lookup of an id no story has): it waits for the
    // locks every reader waits for, where `SELECT 1` would answer through them.
    ping: () =>
      pool.use(async (index) => {
        await index.story('');
      }),
    close: () => pool.close(),
  };
}
