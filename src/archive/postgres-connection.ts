/**
 * One connection of a PostgreSQL index: its operations run one at a time, each transaction
 * retried after a deadlock or serialization failure, statements prepared once per connection,
 * and what `pg` throws turned into dupgraf's index errors.
 */

import type { Client } from 'pg';
import { DupgrafError } from '../errors.js';
import { damagedIndexError, damageFound, IndexFileError } from './index-errors.js';

/**
 * Attempts of a transaction that meets a deadlock or a serialization failure (a check that adds
 * its story runs in REPEATABLE READ, so two of them sharing a paragraph's text conflict), each
 * after a random pause of up to {@link RETRY_PAUSE_MS} × 2^attempt ms (at most 250 ms).
 */
const RETRIES = 30;
const RETRY_PAUSE_MS = 2;

/** A pg error's SQLSTATE or Node error code. */
function codeOf(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' ? code : '';
}

/** What a PostgreSQL writer had written when it met damage (see `damagedIndexError`). */
const POSTGRES_WRITTEN =
  'this run had already committed to the index before it (earlier batches, which are kept)';

/**
 * The index error for what `pg` threw (connection lost, disk full, no permission, …).
 * `written`: this run had committed a write to the index before the error, so a damaged index
 * (the server's XX001/XX002, or dupgraf's own finding) is not said to be left untouched.
 */
export function asPostgresError(error: unknown, shown: string, written = false): unknown {
  if (error instanceof IndexFileError && error.code === 'INDEX_DAMAGED')
    return written && !error.written
      ? damagedIndexError(shown, damageFound(error)!, true, POSTGRES_WRITTEN)
      : error;
  if (error instanceof DupgrafError) return error;
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code === '53100')
    return new IndexFileError(
      `disk full on the server of ${shown} (${message}); what was committed is kept`,
      'INDEX_DISK_FULL',
    );
  if (code === '55P03')
    return new IndexFileError(
      `${shown} is locked by another session (${message}): the first load of a new index holds its tables until it ends; run again when it is done`,
      'INDEX_LOCKED',
    );
  if (code === '42501' || code === '25006')
    return new IndexFileError(`cannot write ${shown}: ${message}`, 'INDEX_READ_ONLY');
  if (code === 'XX001' || code === 'XX002')
    return damagedIndexError(shown, `${message} (${code})`, written, POSTGRES_WRITTEN);
  if (
    code.startsWith('08') ||
    code.startsWith('57P') ||
    /^E[A-Z]+$/.test(code) ||
    /Connection terminated|connection is closed|Client was closed|not queryable/i.test(message)
  )
    return new IndexFileError(
      `lost the connection to ${shown} (${message}); what was committed is kept, and running the same command again completes it`,
      'INDEX_IO',
    );
  if (code) return new IndexFileError(`${shown}: ${message} (${code})`, 'INDEX_IO');
  return error;
}

/** The connection of one PostgreSQL index object. */
export class PostgresConnection {
  /** Name of the prepared statement of each statement text run on this connection. */
  private readonly statements = new Map<string, string>();
  private queue: Promise<unknown> = Promise.resolve();
  /**
   * Whether a write of this connection was committed (a transaction that is not read-only, or a
   * bulk load's): a damaged index met later is not said to be left untouched.
   */
  written = false;

  /**
   * `client`: open; `q`: the index's schema, quoted; `file`: the index as shown in messages;
   * `link.lost`: the error that ended the connection, if one did.
   */
  constructor(
    readonly client: Client,
    readonly q: string,
    readonly file: string,
    readonly link: { lost: Error | null },
  ) {}

  /**
   * Runs `work` alone on this connection (operations of one index object never interleave their
   * transactions), turning what `pg` throws into index errors.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = async () => {
      if (this.link.lost) throw asPostgresError(this.link.lost, this.file, this.written);
      try {
        return await work();
      } catch (error) {
        throw asPostgresError(error, this.file, this.written);
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => {});
    return result;
  }
  /** Runs `work` in a transaction, retried after a deadlock or serialization failure. */
  async transaction<T>(mode: string, work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      await this.client.query(`BEGIN ${mode}`);
      try {
        const result = await work();
        await this.client.query('COMMIT');
        if (!/\bREAD ONLY\b/.test(mode)) this.written = true;
        return result;
      } catch (error) {
        await this.client.query('ROLLBACK').catch(() => {});
        const code = codeOf(error);
        if ((code === '40P01' || code === '40001') && attempt < RETRIES) {
          const most = Math.min(250, RETRY_PAUSE_MS * 2 ** attempt);
          await new Promise((resolve) => setTimeout(resolve, Math.random() * most));
          continue;
        }
        throw error;
      }
    }
  }
  /**
   * Runs one statement as a named prepared statement: the server parses and plans it once per
   * connection, not on every call (a query of one story runs two statements in its transaction).
   */
  sql<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<R[]> {
    let name = this.statements.get(text);
    if (name === undefined) {
      name = `dupgraf_${this.statements.size + 1}`;
      this.statements.set(text, name);
    }
    return this.client.query({ name, text, values }).then((r) => r.rows as R[]);
  }
  /** Waits for the operations under way, then ends the connection. */
  async end(): Promise<void> {
    await this.queue.catch(() => {});
    await this.client.end().catch(() => {});
  }
}
