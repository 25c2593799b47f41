/**
 * The archive index on PostgreSQL (node-postgres `pg`, loaded only when a `postgres://` index is
 * opened), shared by every CI runner and ingest worker of a newsroom: the same tables and the same
 * exact query as the SQLite index (sqlite-index.ts explains the prefix/posting scheme), so both
 * give the answer a full scan gives.
 *
 * - Tables live in one schema (default `dupgraf`; `?schema=name` in the URL picks another), made
 *   and upgraded by versioned migrations ({@link PG_MIGRATIONS}, `dupgraf index migrate`) under
 *   an advisory lock, so concurrent creators and migrators wait for each other.
 * - Every add batch, remove and prune is one transaction; a story is never split between two.
 *   Writers lock the paths they write (transaction-scoped advisory locks, in one global order),
 *   and a text shared by stories is kept or dropped by row-locked reference counts, so any number
 *   of writers may run at once; a deadlock or serialization failure retries the transaction.
 * - Bulk rows (texts, paragraphs, postings sorted by shingle) go in with binary COPY; `index
 *   add` into an index that holds nothing is one bulk load, one transaction (postgres-bulk.ts).
 * - A query runs in one REPEATABLE READ, READ ONLY transaction: it sees a batch whole or not at
 *   all. It costs four round trips per story (BEGIN, two statements, COMMIT), not per paragraph.
 * - A lost connection or a server restart aborts the open transaction (whole batches only) and
 *   ends the run with an index error; running the same `index add` again completes it.
 *
 * This file connects, creates and migrates an index; the parts: postgres-migrations.ts (the
 * schema versions), postgres-archive.ts (the {@link PostgresIndex} class), postgres-connection.ts
 * (one operation at a time, transactions, prepared statements, errors), postgres-writer.ts (adds
 * and removes), postgres-bulk.ts (a new index's bulk load), postgres-copy.ts (binary COPY rows),
 * postgres-texts.ts (which text a paragraph shares), postgres-query.ts, postgres-verify.ts, and
 * stored-texts.ts (what both stores share).
 */

import type { Client, ClientConfig } from 'pg';
import type { EngineOptions } from '../engine/options.js';
import { TOOL_INFO } from '../tool-info.js';
import { hidePassword } from './archive-index.js';
import { damagedIndexError, IncompatibleIndexError, IndexFileError } from './index-errors.js';
import {
  checkCompatible,
  newSettings,
  readSettings,
  type IndexSettings,
} from './index-settings.js';
import { PostgresIndex } from './postgres-archive.js';
import { asPostgresError } from './postgres-connection.js';
import { FORMAT, PG_MIGRATIONS, PG_SCHEMA_VERSION, SCHEMA_LOCK } from './postgres-migrations.js';

export { PostgresIndex } from './postgres-archive.js';
export { PG_SCHEMA_VERSION, PG_MIGRATIONS, type Migration } from './postgres-migrations.js';

/** Options of `openPostgresIndex` (those of `openIndex` that apply to a server). */
export interface PostgresOpenOptions extends Partial<EngineOptions> {
  /** Create the index's tables when the schema has none. Default true. */
  create?: boolean;
  /** Only queries, stats and verify will be asked. Default false. */
  readonly?: boolean;
  /** When creating: the lowest threshold queries may use, (0, 1]. Default 0.5. */
  lowestThreshold?: number;
  /** Apply pending migrations instead of refusing an older schema. Default false. */
  migrate?: boolean;
  /** Milliseconds to wait for a connection. Default 10000. */
  connectTimeoutMs?: number;
  /**
   * Most milliseconds a statement waits for a lock another session holds (`lock_timeout`; the
   * first load of a new index holds its tables for its whole length); then the index error
   * INDEX_LOCKED. Default {@link READ_LOCK_WAIT_MS} when opened read-only, else no limit (a
   * writer waits its turn). A `lock_timeout` the connection already has (its URL's
   * `options=-c lock_timeout=…`, `PGOPTIONS`, the role's settings) is kept.
   */
  lockTimeoutMs?: number;
}

/** Default {@link PostgresOpenOptions.lockTimeoutMs} of a read-only index: 30 s (as SQLite's). */
export const READ_LOCK_WAIT_MS = 30_000;

/**
 * A `postgres://` URL split into what `pg` gets, the schema, and how to show it: as given, the
 * password (if any) as `***`. An empty host (`postgres://user@/db?host=/run/postgresql`, libpq's
 * form for a unix socket) is read as `localhost`, which `pg` also uses when none is given (a
 * `host` parameter overrides it).
 */
export function parsePostgresUrl(url: string): {
  connectionString: string;
  schema: string;
  shown: string;
} {
  const shown = hidePassword(url);
  let parsed: URL;
  try {
    parsed = new URL(url.replace(/^(postgres(?:ql)?:\/\/[^/?#]*@)(?=[/?#]|$)/i, '$1localhost'));
  } catch {
    throw new IndexFileError(`not a valid PostgreSQL URL: ${shown}`, 'INDEX_IO');
  }
  const schema = parsed.searchParams.get('schema') ?? 'dupgraf';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    throw new IndexFileError(
      `schema must be a lower-case SQL name (letters, digits, _), got ${JSON.stringify(schema)}`,
      'INDEX_IO',
    );
  parsed.searchParams.delete('schema');
  return { connectionString: parsed.toString(), schema, shown };
}

/**
 * Connects to the PostgreSQL index at `url` (`postgres://user:password@host:port/db?schema=…`,
 * or a socket folder as `?host=/run/postgresql`) and, by default, creates its tables. Throws
 * IndexFileError (cannot connect, missing with `create: false`, foreign schema) and
 * IncompatibleIndexError (other settings; an older schema: run `index migrate`; a newer one:
 * upgrade dupgraf).
 */
export async function openPostgresIndex(
  url: string,
  options: PostgresOpenOptions = {},
): Promise<PostgresIndex> {
  const { connectionString, schema, shown } = parsePostgresUrl(url);
  const requested = newSettings(options);
  const { client, link } = await connect(connectionString, options, shown);
  try {
    await readySchema(client, schema, shown, requested, options);
    const q = `"${schema}"`;
    const rows = (await client.query(`SELECT key, value FROM ${q}.meta`)).rows as {
      key: string;
      value: string;
    }[];
    const meta = Object.fromEntries(rows.map((r) => [r.key, r.value]));
    const settings = readSettings(meta, shown, FORMAT);
    const engine = checkCompatible(shown, settings, options);
    const bulk =
      !options.readonly &&
      (await client.query(`SELECT NOT EXISTS (SELECT 1 FROM ${q}.story) AS empty`)).rows[0].empty;
    return new PostgresIndex(client, schema, shown, settings, engine, meta, bulk, link);
  } catch (error) {
    await client.end().catch(() => {});
    throw asPostgresError(error, shown);
  }
}

/**
 * A connected client (int8 read as numbers) and the link whose `lost` is set when the connection
 * fails later; IndexFileError when it cannot connect.
 */
async function connect(
  connectionString: string,
  options: PostgresOpenOptions,
  shown: string,
): Promise<{ client: Client; link: { lost: Error | null } }> {
  const pg = (await import('pg')).default;
  const config: ClientConfig = {
    connectionString,
    application_name: 'dupgraf',
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10000,
    // int8 (counts, fingerprints, dates in ms) as numbers: all are below 2^53.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as never,
    },
  };
  const client = new pg.Client(config);
  const link = { lost: null as Error | null };
  client.on('error', (error) => (link.lost ??= error));
  try {
    await client.connect();
  } catch (error) {
    throw new IndexFileError(
      `cannot connect to ${shown} (${(error as Error).message})`,
      'INDEX_IO',
    );
  }
  const wait = options.lockTimeoutMs ?? (options.readonly ? READ_LOCK_WAIT_MS : 0);
  if (wait > 0)
    await client
      .query(
        `SELECT set_config('lock_timeout', $1, false) WHERE current_setting('lock_timeout') = '0'`,
        [`${Math.round(wait)}ms`],
      )
      .catch(async (error: unknown) => {
        await client.end().catch(() => {});
        throw asPostgresError(error, shown);
      });
  return { client, link };
}

/**
 * Makes the schema ready: created (unless `create: false` or read-only) when there is none,
 * migrated with `migrate` when older; IncompatibleIndexError when newer, or older without it.
 */
async function readySchema(
  client: Client,
  schema: string,
  shown: string,
  requested: ReturnType<typeof newSettings>,
  options: PostgresOpenOptions,
): Promise<void> {
  let version = await schemaVersion(client, schema, shown);
  if (version === 0) {
    if (options.create === false || options.readonly)
      throw new IndexFileError(
        `no index at ${shown}; create one with \`dupgraf index add <paths..> --index ${shown}\``,
        'INDEX_MISSING',
      );
    checkCompatible(shown, requested, options);
    await migrate(client, schema, shown, requested);
    version = PG_SCHEMA_VERSION;
  }
  if (version > PG_SCHEMA_VERSION)
    throw new IncompatibleIndexError(
      `${shown} was made by a newer dupgraf (schema version ${version}; this dupgraf reads version ${PG_SCHEMA_VERSION}); upgrade dupgraf to use it`,
      'INDEX_NEWER',
    );
  if (version < PG_SCHEMA_VERSION) {
    if (!options.migrate)
      throw new IncompatibleIndexError(
        `${shown} has schema version ${version}; this dupgraf uses version ${PG_SCHEMA_VERSION}: run \`dupgraf index migrate --index ${shown}\``,
        'INDEX_OLDER',
      );
    await migrate(client, schema, shown, null);
  }
}

/**
 * The schema version of the index in `schema`: 0 when there is none yet (no schema, or a schema
 * without tables). Throws IndexFileError when the schema holds other tables.
 */
async function schemaVersion(client: Client, schema: string, shown: string): Promise<number> {
  const found = await client.query(
    `SELECT to_regclass($1) IS NOT NULL AS meta,
            (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = $2) AS relations`,
    [`"${schema}".meta`, schema],
  );
  if (!found.rows[0].meta) {
    if (found.rows[0].relations > 0)
      throw new IndexFileError(
        `schema ${schema} of ${shown} holds tables that are not a dupgraf index; it was left untouched (pick another with ?schema=name)`,
        'INDEX_FOREIGN',
      );
    return 0;
  }
  const row = (
    await client.query(`SELECT value FROM "${schema}".meta WHERE key = 'schema_version'`)
  ).rows[0] as { value: string } | undefined;
  const version = Number(row?.value);
  if (!Number.isInteger(version) || version < 1)
    throw damagedIndexError(shown, `its meta table has no schema version`);
  return version;
}

/**
 * Creates (with `settings`) or upgrades the index in `schema` to {@link PG_SCHEMA_VERSION}, in
 * one transaction under an advisory lock: another process creating or migrating the same schema
 * waits, then finds the work done. Returns the versions applied.
 */
async function migrate(
  client: Client,
  schema: string,
  shown: string,
  settings: IndexSettings | null,
): Promise<number[]> {
  const q = `"${schema}"`;
  const applied: number[] = [];
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [SCHEMA_LOCK, schema]);
    let version = await schemaVersion(client, schema, shown);
    if (version > PG_SCHEMA_VERSION)
      throw new IncompatibleIndexError(
        `${shown} was made by a newer dupgraf (schema version ${version}); upgrade dupgraf to use it`,
        'INDEX_NEWER',
      );
    if (version === 0) {
      if (!settings) throw new IndexFileError(`no index at ${shown}`, 'INDEX_MISSING');
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${q}`);
      await client.query(`CREATE TABLE ${q}.meta (key text PRIMARY KEY, value text NOT NULL)`);
      const put = `INSERT INTO ${q}.meta (key, value) VALUES ($1, $2)`;
      await client.query(put, ['format', String(FORMAT)]);
      await client.query(put, ['settings', JSON.stringify(settings)]);
      await client.query(put, ['createdBy', `${TOOL_INFO.name} ${TOOL_INFO.version}`]);
      await client.query(put, ['createdAt', new Date().toISOString()]);
      await client.query(put, ['schema_version', '0']);
    }
    for (const m of PG_MIGRATIONS) {
      if (m.version <= version) continue;
      await client.query(m.sql(q));
      version = m.version;
      applied.push(m.version);
    }
    await client.query(`UPDATE ${q}.meta SET value = $1 WHERE key = 'schema_version'`, [
      String(version),
    ]);
    await client.query('COMMIT');
    return applied;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

/**
 * Applies the pending migrations of the PostgreSQL index at `url` (`dupgraf index migrate`);
 * returns the schema versions before and after and those applied.
 */
export async function migratePostgresIndex(
  url: string,
): Promise<{ from: number; to: number; applied: number[] }> {
  const { connectionString, schema, shown } = parsePostgresUrl(url);
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString, application_name: 'dupgraf' });
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    throw new IndexFileError(
      `cannot connect to ${shown} (${(error as Error).message})`,
      'INDEX_IO',
    );
  }
  try {
    const from = await schemaVersion(client, schema, shown);
    if (from === 0)
      throw new IndexFileError(
        `no index at ${shown}; create one with \`dupgraf index add <paths..> --index ${shown}\``,
        'INDEX_MISSING',
      );
    const applied = await migrate(client, schema, shown, null);
    return { from, to: Math.max(from, ...applied), applied };
  } catch (error) {
    throw asPostgresError(error, shown);
  } finally {
    await client.end().catch(() => {});
  }
}
