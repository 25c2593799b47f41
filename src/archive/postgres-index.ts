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
 * - Bulk rows (texts, paragraphs, postings sorted by shingle) go in with COPY.
 * - A query runs in one REPEATABLE READ, READ ONLY transaction: it sees a batch whole or not at
 *   all. It costs about six round trips per story, not per paragraph.
 * - A lost connection or a server restart aborts the open transaction (whole batches only) and
 *   ends the run with an index error; running the same `index add` again completes it.
 */

import type { Client, ClientConfig } from 'pg';
import type { Match, ParagraphFindings, QueryResult } from '../engine/corpus.js';
import type { SourceDocument } from '../engine/detect.js';
import { tokenize } from '../engine/normalize.js';
import type { EngineOptions } from '../engine/options.js';
import {
  assembleQueryResult,
  classifyMatch,
  emptyFindings,
  indexableParagraphs,
  prefixLength,
  type IndexableParagraph,
  type IndexStats,
} from '../engine/paragraph-index.js';
import { fingerprint } from '../engine/shingle.js';
import { intersectionSize } from '../engine/similarity.js';
import { DupgrafError } from '../errors.js';
import { TOOL_INFO } from '../tool-info.js';
import type { AddSummary } from './add-files.js';
import type { ArchiveIndex } from './archive-index.js';
import { damagedIndexError, IncompatibleIndexError, IndexFileError } from './index-errors.js';
import {
  checkCompatible,
  newSettings,
  readSettings,
  type ArchivedParagraph,
  type ArchiveStats,
  type IndexSettings,
} from './index-settings.js';
import { prepareArchiveStory, type ArchiveDocument, type PreparedStory } from './prepared-story.js';
import type { StoredStory } from './prepared-story.js';
import { sortByToken, TokenCounts } from './token-counts.js';

/** The schema version this dupgraf makes and reads (the last of {@link PG_MIGRATIONS}). */
export const PG_SCHEMA_VERSION = 4;
/** Layout version recorded as `format` (the same meaning as the SQLite index's). */
const FORMAT = 3;

/** One step of the schema: applied in order, each once, recorded in `meta.schema_version`. */
export interface Migration {
  version: number;
  description: string;
  /** Statements, given the quoted schema name. */
  sql: (schema: string) => string;
}

/** The migrations, oldest first (never edit one that shipped: add a new one). */
export const PG_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'stories, distinct paragraph texts, paragraphs and shingle postings',
    sql: (s) => `
CREATE TABLE ${s}.story (
  id serial PRIMARY KEY, path text NOT NULL UNIQUE, hash text NOT NULL, date bigint NOT NULL,
  added bigint NOT NULL, paragraphs integer NOT NULL, words integer NOT NULL);
CREATE TABLE ${s}.text (
  id serial PRIMARY KEY, key bigint NOT NULL, size integer NOT NULL, shingles bytea NOT NULL,
  body text NOT NULL, refs integer NOT NULL);
CREATE INDEX text_key ON ${s}.text (key);
CREATE TABLE ${s}.paragraph (
  story integer NOT NULL, line integer NOT NULL, end_line integer NOT NULL,
  position integer NOT NULL, words integer NOT NULL, text integer NOT NULL, body text,
  PRIMARY KEY (story, line));
CREATE TABLE ${s}.posting (
  token integer NOT NULL, prefix boolean NOT NULL, size integer NOT NULL, text integer NOT NULL,
  PRIMARY KEY (token, prefix, size, text));`,
  },
  {
    version: 2,
    description: 'indexes for a text’s occurrences and for prune by date',
    sql: (s) => `
CREATE INDEX IF NOT EXISTS paragraph_text ON ${s}.paragraph (text);
CREATE INDEX IF NOT EXISTS story_date ON ${s}.story (date);`,
  },
  {
    version: 3,
    description: 'the approved boilerplate registry (`dupgraf serve`), one row',
    sql: (s) => `
CREATE TABLE ${s}.approval_registry (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row), registry text, updated bigint);
INSERT INTO ${s}.approval_registry (only_row, registry, updated) VALUES (true, NULL, NULL);`,
  },
  {
    version: 4,
    description: 'each story’s publication date (NULL: undated; older stories stay undated)',
    sql: (s) => `
ALTER TABLE ${s}.story ADD COLUMN IF NOT EXISTS published text;
UPDATE ${s}.meta SET value = '3' WHERE key = 'format';`,
  },
];

/** Postings counted per shingle when ranking a query's shingles by rarity: first pass, second. */
const RARE = 8;
const FREQUENT = 256;
/** Stored postings counted per new shingle when choosing a new text's prefix. */
const COUNT_AT_ADD = 64;
/**
 * Attempts of a transaction that meets a deadlock or a serialization failure (a check that adds
 * its story runs in REPEATABLE READ, so two of them sharing a paragraph's text conflict), each
 * after a random pause of up to {@link RETRY_PAUSE_MS} × 2^attempt ms (at most 250 ms).
 */
const RETRIES = 30;
const RETRY_PAUSE_MS = 2;
/** Advisory lock key of schema changes (with the schema's hash as the second key). */
const SCHEMA_LOCK = 0x64677266;

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
}

/** A `postgres://` URL split into what `pg` gets, the schema, and how to show it (no password). */
export function parsePostgresUrl(url: string): {
  connectionString: string;
  schema: string;
  shown: string;
} {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new IndexFileError(`not a valid PostgreSQL URL: ${url}`, 'INDEX_IO');
  }
  const schema = parsed.searchParams.get('schema') ?? 'dupgraf';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    throw new IndexFileError(
      `schema must be a lower-case SQL name (letters, digits, _), got ${JSON.stringify(schema)}`,
      'INDEX_IO',
    );
  parsed.searchParams.delete('schema');
  const connectionString = parsed.toString();
  if (parsed.password) parsed.password = '***';
  return { connectionString, schema, shown: parsed.toString() };
}

/** A pg error's SQLSTATE or Node error code. */
function codeOf(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' ? code : '';
}

/** The index error for what `pg` threw (connection lost, disk full, no permission, …). */
export function asPostgresError(error: unknown, shown: string): unknown {
  if (error instanceof DupgrafError) return error;
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code === '53100')
    return new IndexFileError(
      `disk full on the server of ${shown} (${message}); what was committed is kept`,
      'INDEX_DISK_FULL',
    );
  if (code === '42501' || code === '25006')
    return new IndexFileError(`cannot write ${shown}: ${message}`, 'INDEX_READ_ONLY');
  if (code === 'XX001' || code === 'XX002') return damagedIndexError(shown, `${message} (${code})`);
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
  try {
    const q = `"${schema}"`;
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

function fromBytea(blob: Buffer): Uint32Array {
  const out = new Uint32Array(blob.length >>> 2);
  new Uint8Array(out.buffer).set(blob);
  return out;
}

function sameSet(a: Uint32Array, b: Uint32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A value for COPY's text format (tabs, newlines and backslashes escaped; NUL dropped). */
function copyText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\t/g, '\\t')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\0/g, '');
}

/** A row of an occurrence query. */
interface OccurrenceRow {
  text: number;
  path: string;
  line: number;
  endLine: number;
  paragraph: number;
  words: number;
  body: string | null;
  textBody: string;
  key: number;
}

/** The PostgreSQL archive index; obtain one with `openIndex(url)` (`openPostgresIndex`). */
export class PostgresIndex implements ArchiveIndex {
  /** The options queries use (thresholds from the caller, shingle size and min words from the index). */
  readonly options: EngineOptions;
  /** The settings the index was built with. */
  readonly settings: IndexSettings;
  /** The index as shown in messages and reports: its URL without the password. */
  readonly file: string;
  private readonly q: string;
  private readonly counts = new TokenCounts();
  /** Name of the prepared statement of each statement text run on this connection. */
  private readonly statements = new Map<string, string>();
  private queue: Promise<unknown> = Promise.resolve();

  private readonly client: Client;

  /**
   * Use `openPostgresIndex`. `client` is an open node-postgres client, typed `object` so
   * the published types do not need pg's (a consumer compiling with `skipLibCheck: false` has none).
   */
  constructor(
    client: object,
    private readonly schema: string,
    shown: string,
    settings: IndexSettings,
    options: EngineOptions,
    private readonly meta: Record<string, string>,
    /** Opened for writing on an index holding no story: prefixes need no stored counts. */
    private readonly bulk: boolean,
    private readonly link: { lost: Error | null },
  ) {
    this.client = client as Client;
    this.file = shown;
    this.settings = settings;
    this.options = options;
    this.q = `"${schema}"`;
  }

  /**
   * Runs `work` alone on this connection (operations of one index object never interleave their
   * transactions), turning what `pg` throws into index errors.
   */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = async () => {
      if (this.link.lost) throw asPostgresError(this.link.lost, this.file);
      try {
        return await work();
      } catch (error) {
        throw asPostgresError(error, this.file);
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => {});
    return result;
  }

  /** Runs `work` in a transaction, retried after a deadlock or serialization failure. */
  private async transaction<T>(mode: string, work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      await this.client.query(`BEGIN ${mode}`);
      try {
        const result = await work();
        await this.client.query('COMMIT');
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
   * connection, not on every call (a query of one story runs about six statements).
   */
  private sql<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<R[]> {
    let name = this.statements.get(text);
    if (name === undefined) {
      name = `dupgraf_${this.statements.size + 1}`;
      this.statements.set(text, name);
    }
    return this.client.query({ name, text, values }).then((r) => r.rows as R[]);
  }

  /** Adds or replaces one document (one transaction). */
  add(document: ArchiveDocument): Promise<AddSummary> {
    return this.addMany([document]);
  }

  /**
   * Adds documents in one transaction: new paths are added, changed ones replace their old
   * paragraphs, unchanged ones (same content hash) are skipped, or only given their new
   * publication date when that changed (counted as updated). A path given twice keeps the last.
   */
  addMany(documents: readonly ArchiveDocument[]): Promise<AddSummary> {
    return this.addPrepared(documents.map((d) => prepareArchiveStory(d, this.options)));
  }

  /** {@link addMany} for stories already prepared (e.g. on worker threads). */
  addPrepared(stories: readonly PreparedStory[]): Promise<AddSummary> {
    const last = new Map<string, PreparedStory>();
    for (const story of stories) last.set(story.path, story);
    const batch = [...last.values()];
    return this.exclusive(() => this.transaction('', () => this.addIn(batch)));
  }

  /** {@link addPrepared} of distinct paths inside the caller's transaction. */
  private async addIn(batch: readonly PreparedStory[]): Promise<AddSummary> {
    const summary: AddSummary = { added: 0, updated: 0, unchanged: 0, paragraphs: 0 };
    const paths = batch.map((s) => s.path);
    await this.lockPaths(paths);
    const old = new Map(
      (
        await this.sql<{ id: number; path: string; hash: string; published: string | null }>(
          `SELECT id, path, hash, published FROM ${this.q}.story WHERE path = ANY($1::text[])`,
          [paths],
        )
      ).map((r) => [r.path, r]),
    );
    const todo: PreparedStory[] = [];
    const replaced: number[] = [];
    const redated: { id: number; story: PreparedStory }[] = [];
    for (const story of batch) {
      const was = old.get(story.path);
      if (was && was.hash === story.hash) {
        // Same text: at most a new publication date, written in place.
        if ((was.published ?? undefined) === story.published) summary.unchanged++;
        else {
          redated.push({ id: was.id, story });
          summary.updated++;
        }
        continue;
      }
      if (was) {
        replaced.push(was.id);
        summary.updated++;
      } else summary.added++;
      todo.push(story);
    }
    if (redated.length > 0)
      await this.sql(
        `UPDATE ${this.q}.story s SET published = u.published, date = coalesce(u.date, s.date)
           FROM unnest($1::int[], $2::text[], $3::bigint[]) AS u(id, published, date)
          WHERE s.id = u.id`,
        [
          redated.map((r) => r.id),
          redated.map((r) => r.story.published ?? null),
          redated.map((r) => r.story.date),
        ],
      );
    if (replaced.length > 0) await this.removeStories(replaced);
    if (todo.length === 0) return summary;
    summary.paragraphs = await this.writeStories(todo);
    return summary;
  }

  /** Locks these story paths for this transaction, in one global order (no deadlock among them). */
  private async lockPaths(paths: readonly string[]): Promise<void> {
    await this.sql(
      `SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtextextended(p, ${SCHEMA_LOCK}) AS h
         FROM unnest($1::text[]) AS p) x ORDER BY h`,
      [paths],
    );
  }

  /** Writes new stories, their paragraphs, new texts and their postings; returns paragraphs written. */
  private async writeStories(stories: readonly PreparedStory[]): Promise<number> {
    const now = Date.now();
    const ids = await this.sql<{ id: number; path: string }>(
      `INSERT INTO ${this.q}.story (path, hash, date, added, paragraphs, words, published)
         SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::int[], $6::int[],
                              $7::text[])
         RETURNING id, path`,
      [
        stories.map((s) => s.path),
        stories.map((s) => s.hash),
        stories.map((s) => s.date ?? now),
        stories.map(() => now),
        stories.map((s) => s.paragraphs.length),
        stories.map((s) => s.words),
        stories.map((s) => s.published ?? null),
      ],
    );
    const storyId = new Map(ids.map((r) => [r.path, r.id]));
    const paragraphs = stories.flatMap((s) => s.paragraphs);
    // Texts with the same words already stored: share them (reference counts, row-locked in
    // id order; a text deleted by a concurrent remove is not returned and is made anew).
    const keys = [...new Set(paragraphs.map((p) => p.fingerprint))];
    const stored = new Map<number, { id: number; shingles: Uint32Array; body: string }[]>();
    for (const row of await this.sql<{ id: number; key: number; shingles: Buffer; body: string }>(
      `SELECT id, key, shingles, body FROM ${this.q}.text WHERE key = ANY($1::bigint[])`,
      [keys],
    )) {
      const entry = { id: row.id, shingles: fromBytea(row.shingles), body: row.body };
      const list = stored.get(row.key);
      if (list) list.push(entry);
      else stored.set(row.key, [entry]);
    }
    const uses = new Map<number, number>();
    const textOf: Array<{ id: number; body: string } | null> = paragraphs.map((p) => {
      for (const t of stored.get(p.fingerprint) ?? []) {
        if (sameSet(t.shingles, p.shingles)) {
          uses.set(t.id, (uses.get(t.id) ?? 0) + 1);
          return t;
        }
      }
      return null;
    });
    if (uses.size > 0) {
      const order = [...uses.keys()].sort((a, b) => a - b);
      const kept = new Set(
        (
          await this.sql<{ id: number }>(
            `UPDATE ${this.q}.text t SET refs = t.refs + u.n
               FROM (SELECT * FROM unnest($1::int[], $2::int[]) AS u(id, n) ORDER BY id) u
              WHERE t.id = u.id RETURNING t.id`,
            [order, order.map((id) => uses.get(id)!)],
          )
        ).map((r) => r.id),
      );
      textOf.forEach((t, i) => {
        if (t && !kept.has(t.id)) textOf[i] = null;
      });
    }
    // New texts: one per distinct word set among the rest.
    const fresh: { paragraph: IndexableParagraph; refs: number }[] = [];
    const freshOf = new Map<number, { index: number; shingles: Uint32Array }[]>();
    const freshIndex: number[] = paragraphs.map((p, i) => {
      if (textOf[i]) return -1;
      for (const f of freshOf.get(p.fingerprint) ?? []) {
        if (sameSet(f.shingles, p.shingles)) {
          fresh[f.index].refs++;
          return f.index;
        }
      }
      const index = fresh.length;
      fresh.push({ paragraph: p, refs: 1 });
      const list = freshOf.get(p.fingerprint);
      if (list) list.push({ index, shingles: p.shingles });
      else freshOf.set(p.fingerprint, [{ index, shingles: p.shingles }]);
      return index;
    });
    const freshIds =
      fresh.length === 0
        ? []
        : (
            await this.sql<{ id: number }>(
              `SELECT nextval(pg_get_serial_sequence('${this.q}.text', 'id'))::int AS id
                 FROM generate_series(1, $1)`,
              [fresh.length],
            )
          ).map((r) => r.id);
    await this.copy(
      `${this.q}.text (id, key, size, shingles, body, refs)`,
      fresh.map(
        (f, i) =>
          `${freshIds[i]}\t${f.paragraph.fingerprint}\t${f.paragraph.shingles.length}\t\\\\x${Buffer.from(
            f.paragraph.shingles.buffer,
            f.paragraph.shingles.byteOffset,
            f.paragraph.shingles.byteLength,
          ).toString('hex')}\t${copyText(f.paragraph.text)}\t${f.refs}\n`,
      ),
    );
    // Paragraphs: a paragraph whose text differs from its shared text's body keeps its own.
    const rows: string[] = [];
    let k = 0;
    for (const story of stories) {
      const id = storyId.get(story.path)!;
      for (const p of story.paragraphs) {
        const shared = textOf[k];
        const text = shared ? shared.id : freshIds[freshIndex[k]];
        const body = shared ? shared.body : fresh[freshIndex[k]].paragraph.text;
        rows.push(
          `${id}\t${p.line}\t${p.endLine}\t${p.index}\t${p.words}\t${text}\t${body === p.text ? '\\N' : copyText(p.text)}\n`,
        );
        k++;
      }
    }
    await this.copy(
      `${this.q}.paragraph (story, line, end_line, position, words, text, body)`,
      rows,
    );
    await this.writePostings(
      fresh.map((f, i) => ({ id: freshIds[i], shingles: f.paragraph.shingles })),
    );
    return paragraphs.length;
  }

  /** COPY rows (text format lines) into `target` (`table (columns)`). */
  private async copy(target: string, rows: readonly string[]): Promise<void> {
    if (rows.length === 0) return;
    const { from } = await import('pg-copy-streams');
    const stream = this.client.query(from(`COPY ${target} FROM STDIN`));
    await new Promise<void>((resolve, reject) => {
      stream.on('error', reject);
      stream.on('finish', () => resolve());
      const CHUNK = 4096;
      let i = 0;
      const write = () => {
        while (i < rows.length) {
          const piece = rows.slice(i, i + CHUNK).join('');
          i += CHUNK;
          if (!stream.write(piece)) {
            stream.once('drain', write);
            return;
          }
        }
        stream.end();
      };
      write();
    });
  }

  /** Full and prefix postings of new texts, by rarity as in the SQLite index, COPYed in token order. */
  private async writePostings(fresh: { id: number; shingles: Uint32Array }[]): Promise<void> {
    let total = 0;
    for (const t of fresh) total += t.shingles.length;
    if (total === 0) return;
    for (const t of fresh) this.counts.addAll(t.shingles);
    let stored: Map<number, number> | null = null;
    if (!this.bulk) {
      const distinct = new Set<number>();
      for (const t of fresh) for (const x of t.shingles) distinct.add(x | 0);
      const tokens = [...distinct];
      const counts = await this.sql<{ c: number }>(
        `SELECT (SELECT count(*) FROM (SELECT 1 FROM ${this.q}.posting p WHERE p.token = u.t LIMIT ${COUNT_AT_ADD}) x) AS c
           FROM unnest($1::int[]) WITH ORDINALITY AS u(t, k) ORDER BY u.k`,
        [tokens],
      );
      stored = new Map(tokens.map((x, i) => [x, counts[i].c]));
    }
    const floor = this.settings.lowestThreshold;
    const token = new Int32Array(total);
    const prefix = new Uint8Array(total);
    const size = new Uint32Array(total);
    const text = new Uint32Array(total);
    let r = 0;
    for (const t of fresh) {
      const n = t.shingles.length;
      const signed = Int32Array.from(t.shingles);
      const weight = new Float64Array(n);
      for (let i = 0; i < n; i++)
        weight[i] = this.counts.get(signed[i]) + (stored?.get(signed[i]) ?? 0);
      const order = Array.from({ length: n }, (_, i) => i);
      order.sort((a, b) => weight[a] - weight[b] || signed[a] - signed[b]);
      const take = prefixLength(n, floor);
      for (let k = 0; k < n; k++) {
        token[r] = signed[order[k]];
        prefix[r] = k < take ? 1 : 0;
        size[r] = n;
        text[r] = t.id;
        r++;
      }
    }
    const order = sortByToken(token);
    const rows = new Array<string>(total);
    for (let k = 0; k < total; k++) {
      const i = order[k];
      rows[k] = `${token[i]}\t${prefix[i] ? 't' : 'f'}\t${size[i]}\t${text[i]}\n`;
    }
    await this.copy(`${this.q}.posting (token, prefix, size, text)`, rows);
  }

  /** Removes stories by id: their paragraphs, and texts (with postings) no longer used. */
  private async removeStories(ids: readonly number[]): Promise<void> {
    const used = await this.sql<{ text: number; n: number }>(
      `DELETE FROM ${this.q}.paragraph WHERE story = ANY($1::int[]) RETURNING text, 1 AS n`,
      [ids],
    );
    const counts = new Map<number, number>();
    for (const u of used) counts.set(u.text, (counts.get(u.text) ?? 0) + 1);
    const order = [...counts.keys()].sort((a, b) => a - b);
    if (order.length > 0) {
      const gone = await this.sql<{ id: number; size: number; shingles: Buffer }>(
        `UPDATE ${this.q}.text t SET refs = t.refs - u.n
           FROM (SELECT * FROM unnest($1::int[], $2::int[]) AS u(id, n) ORDER BY id) u
          WHERE t.id = u.id RETURNING t.id, t.refs, t.size, t.shingles`,
        [order, order.map((id) => counts.get(id)!)],
      );
      const dead = (gone as unknown as { id: number; refs: number; shingles: Buffer }[]).filter(
        (t) => t.refs <= 0,
      );
      if (dead.length > 0) {
        const tokens: number[] = [];
        const texts: number[] = [];
        for (const t of dead) {
          for (const s of fromBytea(t.shingles)) {
            tokens.push(s | 0);
            texts.push(t.id);
          }
        }
        await this.sql(
          `DELETE FROM ${this.q}.posting p USING unnest($1::int[], $2::int[]) AS u(t, x)
            WHERE p.token = u.t AND p.text = u.x`,
          [tokens, texts],
        );
        await this.sql(`DELETE FROM ${this.q}.text WHERE id = ANY($1::int[])`, [
          dead.map((t) => t.id),
        ]);
      }
    }
    await this.sql(`DELETE FROM ${this.q}.story WHERE id = ANY($1::int[])`, [ids]);
  }

  /** Removes the story stored under `path` (one transaction); resolves to whether there was one. */
  async remove(path: string): Promise<boolean> {
    return (await this.removeMany([path])) === 1;
  }

  /** Removes the stories stored under these paths in one transaction; resolves to how many. */
  removeMany(paths: readonly string[]): Promise<number> {
    return this.exclusive(() =>
      this.transaction('', async () => {
        await this.lockPaths(paths);
        const ids = (
          await this.sql<{ id: number }>(
            `SELECT id FROM ${this.q}.story WHERE path = ANY($1::text[])`,
            [paths],
          )
        ).map((r) => r.id);
        if (ids.length > 0) await this.removeStories(ids);
        return ids.length;
      }),
    );
  }

  /** Removes every story dated before `before` (ms since the epoch), in one transaction. */
  prune(before: number): Promise<string[]> {
    return this.exclusive(() =>
      this.transaction('', async () => {
        const rows = await this.sql<{ id: number; path: string }>(
          `SELECT id, path FROM ${this.q}.story WHERE date < $1 ORDER BY path`,
          [before],
        );
        await this.lockPaths(rows.map((r) => r.path));
        if (rows.length > 0) await this.removeStories(rows.map((r) => r.id));
        return rows.map((r) => r.path);
      }),
    );
  }

  /** Stored path of every story, sorted (code-unit order, as the SQLite index sorts). */
  paths(): Promise<string[]> {
    return this.exclusive(async () =>
      (await this.sql<{ path: string }>(`SELECT path FROM ${this.q}.story`))
        .map((r) => r.path)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    );
  }

  /** Whether a story is stored under `path`. */
  hasPath(path: string): Promise<boolean> {
    return this.exclusive(
      async () =>
        (await this.sql(`SELECT 1 FROM ${this.q}.story WHERE path = $1`, [path])).length > 0,
    );
  }

  /**
   * Whether this object's connection was lost (the server stopped or restarted, the network
   * failed): every call fails with an index error from then on; open a new one.
   */
  get connectionLost(): boolean {
    return this.link.lost !== null;
  }

  /** Resolves when the server answers on this connection (`/readyz`); rejects otherwise. */
  ping(): Promise<void> {
    return this.exclusive(async () => {
      await this.sql('SELECT 1');
    });
  }

  /**
   * What `dupgraf serve` asks per check, in one transaction: the query of `document` (as
   * {@link query}), the date (ms since the epoch) and publication date (when known) of every story
   * it matched and, with `add`, the
   * document stored under its path after the query. With `add`, the path is locked before the
   * transaction's snapshot is taken, so no other writer of that path commits in between.
   */
  checkStory(
    document: ArchiveDocument,
    add: boolean,
  ): Promise<{
    result: QueryResult;
    dates: Map<string, number>;
    published: Map<string, string>;
    added?: AddSummary;
  }> {
    const prepared = add ? prepareArchiveStory(document, this.options) : null;
    return this.exclusive(async () => {
      const key = `hashtextextended($1, ${SCHEMA_LOCK})`;
      if (prepared) await this.sql(`SELECT pg_advisory_lock(${key})`, [prepared.path]);
      try {
        return await this.transaction(
          `ISOLATION LEVEL REPEATABLE READ${prepared ? '' : ' READ ONLY'}`,
          async () => {
            const result = await this.queryIn(document);
            const paths = new Set<string>();
            for (const p of result.paragraphs)
              for (const m of [...p.duplicates, ...p.partials]) paths.add(m.path);
            const dates = new Map<string, number>();
            const published = new Map<string, string>();
            if (paths.size > 0)
              for (const r of await this.sql<{
                path: string;
                date: number;
                published: string | null;
              }>(`SELECT path, date, published FROM ${this.q}.story WHERE path = ANY($1::text[])`, [
                [...paths],
              ])) {
                dates.set(r.path, r.date);
                if (r.published !== null) published.set(r.path, r.published);
              }
            if (!prepared) return { result, dates, published };
            return { result, dates, published, added: await this.addIn([prepared]) };
          },
        );
      } finally {
        if (prepared && !this.link.lost)
          await this.sql(`SELECT pg_advisory_unlock(${key})`, [prepared.path]).catch(() => {});
      }
    });
  }

  /**
   * The story stored under `path` with its stored paragraphs (by line, each with its own text),
   * for `GET /v1/stories/{id}`; undefined when there is none.
   */
  story(path: string): Promise<StoredStory | undefined> {
    return this.exclusive(() =>
      this.transaction('ISOLATION LEVEL REPEATABLE READ READ ONLY', async () => {
        const row = (
          await this.sql<Omit<StoredStory, 'paragraphs'> & { id: number }>(
            `SELECT id, path, hash, date, added, words FROM ${this.q}.story WHERE path = $1`,
            [path],
          )
        )[0];
        if (!row) return undefined;
        const paragraphs = await this.sql<StoredStory['paragraphs'][number]>(
          `SELECT p.position AS paragraph, p.line, p.end_line AS "endLine", p.words,
                  coalesce(p.body, t.body) AS text
             FROM ${this.q}.paragraph p JOIN ${this.q}.text t ON t.id = p.text
            WHERE p.story = $1 ORDER BY p.line`,
          [row.id],
        );
        const { hash, date, added, words } = row;
        return { path: row.path, hash, date, added, words, paragraphs };
      }),
    );
  }

  /** Stories stored. */
  storyCount(): Promise<number> {
    return this.exclusive(
      async () =>
        (await this.sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${this.q}.story`))[0].n,
    );
  }

  /**
   * Counts and dates without {@link describe}'s scans of every text: stories, paragraphs, the
   * earliest and latest story date (ms since the epoch; null when empty), in one statement.
   */
  summary(): Promise<IndexStats & { oldest: number | null; newest: number | null }> {
    return this.exclusive(
      async () =>
        (
          await this.sql<IndexStats & { oldest: number | null; newest: number | null }>(
            `SELECT count(*)::int AS stories, coalesce(sum(paragraphs), 0)::int AS paragraphs,
                    min(date) AS oldest, max(date) AS newest FROM ${this.q}.story`,
          )
        )[0],
    );
  }

  /**
   * The approved boilerplate registry stored with the index (JSON as `dupgraf serve` writes it),
   * or undefined before the first approval.
   */
  approvalRegistry(): Promise<string | undefined> {
    return this.exclusive(async () => {
      const rows = await this.sql<{ registry: string | null }>(
        `SELECT registry FROM ${this.q}.approval_registry`,
      );
      return rows[0]?.registry ?? undefined;
    });
  }

  /**
   * Replaces the stored registry with `update(current)` in one transaction, the row locked: two
   * writers (in any process) never lose each other's change. Returns the new value; an error
   * `update` throws rolls back and is thrown as it is.
   */
  async updateApprovalRegistry(update: (current: string | undefined) => string): Promise<string> {
    const failed: { error?: unknown } = {};
    try {
      return await this.exclusive(() =>
        this.transaction('', async () => {
          const rows = await this.sql<{ registry: string | null }>(
            `SELECT registry FROM ${this.q}.approval_registry FOR UPDATE`,
          );
          if (rows.length === 0)
            throw damagedIndexError(this.file, 'its approval_registry table has no row');
          let value: string;
          try {
            value = update(rows[0].registry ?? undefined);
          } catch (error) {
            failed.error = error;
            throw error;
          }
          await this.sql(`UPDATE ${this.q}.approval_registry SET registry = $1, updated = $2`, [
            value,
            Date.now(),
          ]);
          return value;
        }),
      );
    } catch (error) {
      throw 'error' in failed ? failed.error : error;
    }
  }

  /**
   * The text of the stored paragraph at `path`, first line `line` (1-based), white space
   * collapsed; undefined when there is none.
   */
  paragraphText(path: string, line: number): Promise<string | undefined> {
    return this.exclusive(async () => {
      const row = (
        await this.sql<{ body: string | null; textBody: string; key: number; id: number }>(
          `SELECT p.body, t.body AS "textBody", t.key, t.id FROM ${this.q}.story s
             JOIN ${this.q}.paragraph p ON p.story = s.id JOIN ${this.q}.text t ON t.id = p.text
            WHERE s.path = $1 AND p.line = $2`,
          [path, line],
        )
      )[0];
      return row && (row.body ?? this.checkedBody(row.id, row.key, row.textBody));
    });
  }

  private checkedBody(id: number, key: number, body: string): string {
    if (fingerprint(tokenize(body).hashes) !== key)
      throw damagedIndexError(this.file, `stored text ${id} does not match its fingerprint`);
    return body;
  }

  /**
   * Verified candidates of each paragraph (text id → intersection), found in a few statements
   * for all paragraphs at once; `cache` keeps shingle sets read (across calls of one query).
   */
  private async verifiedAll(
    paragraphs: readonly IndexableParagraph[],
    cache: Map<number, Uint32Array>,
  ): Promise<{ text: number; intersection: number; size: number }[][]> {
    const out = paragraphs.map(() => [] as { text: number; intersection: number; size: number }[]);
    if (paragraphs.length === 0) return out;
    const tokens: number[] = [];
    const owner: number[] = [];
    const sizes = paragraphs.map((p) => p.shingles.length);
    paragraphs.forEach((p, i) => {
      for (const s of p.shingles) {
        tokens.push(s | 0);
        owner.push(i + 1);
      }
    });
    const candidates = paragraphs.map(() => new Set<number>());
    // |y| ≤ |x|: y's prefix holds a shingle of x.
    for (const row of await this.sql<{ i: number; text: number }>(
      `SELECT u.i, p.text FROM unnest($1::int[], $2::int[]) AS u(t, i)
         JOIN ${this.q}.posting p ON p.token = u.t AND p.prefix AND p.size <= ($3::int[])[u.i]`,
      [tokens, owner, sizes],
    ))
      candidates[row.i - 1].add(row.text);
    // |y| ≥ |x|: x's g-prefix, its rarest shingles (counted up to a cap, then further if needed).
    const g = Math.min(this.options.threshold, this.options.containment);
    const counted = async (cap: number, which: readonly number[]) => {
      const t: number[] = [];
      const n: number[] = [];
      for (const i of which) {
        for (const s of paragraphs[i].shingles) {
          t.push(s | 0);
          n.push(sizes[i]);
        }
      }
      const rows = await this.sql<{ c: number }>(
        `SELECT (SELECT count(*) FROM (SELECT 1 FROM ${this.q}.posting p
                   WHERE p.token = u.t AND p.prefix = ANY('{f,t}') AND p.size >= u.n LIMIT ${cap}) x) AS c
           FROM unnest($1::int[], $2::int[]) WITH ORDINALITY AS u(t, n, k) ORDER BY u.k`,
        [t, n],
      );
      const byParagraph = new Map<number, number[]>();
      let k = 0;
      for (const i of which) {
        byParagraph.set(
          i,
          rows.slice(k, k + sizes[i]).map((r) => r.c),
        );
        k += sizes[i];
      }
      return byParagraph;
    };
    const all = paragraphs.map((_, i) => i);
    const counts = await counted(RARE, all);
    const again = all.filter(
      (i) => counts.get(i)!.filter((c) => c < RARE).length < prefixLength(sizes[i], g),
    );
    if (again.length > 0) for (const [i, c] of await counted(FREQUENT, again)) counts.set(i, c);
    const chosenTokens: number[] = [];
    const chosenOwner: number[] = [];
    paragraphs.forEach((p, i) => {
      const signed = Array.from(p.shingles, (s) => s | 0);
      const c = counts.get(i)!;
      const order = signed.map((_, k) => k);
      order.sort((a, b) => c[a] - c[b] || signed[a] - signed[b]);
      for (const k of order.slice(0, prefixLength(sizes[i], g))) {
        if (c[k] === 0) continue;
        chosenTokens.push(signed[k]);
        chosenOwner.push(i + 1);
      }
    });
    if (chosenTokens.length > 0)
      for (const row of await this.sql<{ i: number; text: number }>(
        `SELECT u.i, p.text FROM unnest($1::int[], $2::int[]) AS u(t, i)
           JOIN ${this.q}.posting p ON p.token = u.t AND p.prefix = ANY('{f,t}')
            AND p.size >= ($3::int[])[u.i]`,
        [chosenTokens, chosenOwner, sizes],
      ))
        candidates[row.i - 1].add(row.text);
    const missing = [...new Set(candidates.flatMap((c) => [...c]))].filter((id) => !cache.has(id));
    if (missing.length > 0) {
      for (const row of await this.sql<{ id: number; size: number; shingles: Buffer }>(
        `SELECT id, size, shingles FROM ${this.q}.text WHERE id = ANY($1::int[])`,
        [missing],
      )) {
        const set = fromBytea(row.shingles);
        let sorted = set.length === row.size && row.size > 0;
        for (let i = 1; sorted && i < set.length; i++) sorted = set[i - 1] < set[i];
        if (!sorted)
          throw damagedIndexError(
            this.file,
            `the shingles of stored text ${row.id} are not a sorted set`,
          );
        cache.set(row.id, set);
      }
    }
    paragraphs.forEach((p, i) => {
      for (const id of candidates[i]) {
        const y = cache.get(id);
        if (y === undefined) continue; // removed meanwhile by a writer: not in this snapshot
        const inter = intersectionSize(p.shingles, y);
        if (
          classifyMatch(
            inter,
            sizes[i],
            y.length,
            { path: '', line: 0, endLine: 0, paragraph: 0, text: '' },
            this.options,
          )
        )
          out[i].push({ text: id, intersection: inter, size: y.length });
      }
    });
    return out;
  }

  /** Every stored copy of these texts (path, lines, position, words, text). */
  private async occurrences(texts: readonly number[]): Promise<OccurrenceRow[]> {
    if (texts.length === 0) return [];
    const rows = await this.sql<OccurrenceRow>(
      `SELECT p.text, s.path, p.line, p.end_line AS "endLine", p.position AS paragraph, p.words,
              p.body, t.body AS "textBody", t.key
         FROM ${this.q}.paragraph p JOIN ${this.q}.story s ON s.id = p.story
         JOIN ${this.q}.text t ON t.id = p.text
        WHERE p.text = ANY($1::int[])`,
      [texts],
    );
    const checked = new Set<number>();
    for (const r of rows) {
      if (!checked.has(r.text)) this.checkedBody(r.text, r.key, r.textBody);
      checked.add(r.text);
    }
    return rows;
  }

  /**
   * The stored paragraphs each paragraph of `document` duplicates or partly reuses, without
   * adding it: the same result as `Corpus.query` over the same stored documents, in one
   * REPEATABLE READ transaction (a concurrent add is seen entirely or not at all).
   */
  query(document: SourceDocument): Promise<QueryResult> {
    return this.exclusive(() =>
      this.transaction('ISOLATION LEVEL REPEATABLE READ READ ONLY', () => this.queryIn(document)),
    );
  }

  /** {@link query} inside the caller's transaction. */
  private async queryIn(document: SourceDocument): Promise<QueryResult> {
    const { paragraphs, words } = indexableParagraphs(document, this.options);
    const verified = await this.verifiedAll(paragraphs, new Map());
    const rows = await this.occurrences([...new Set(verified.flat().map((v) => v.text))]);
    const byText = new Map<number, OccurrenceRow[]>();
    for (const r of rows) {
      const list = byText.get(r.text);
      if (list) list.push(r);
      else byText.set(r.text, [r]);
    }
    const findings: ParagraphFindings[] = paragraphs.map((p, i) => {
      const f = emptyFindings(p);
      for (const v of verified[i]) {
        for (const at of byText.get(v.text) ?? []) {
          if (at.path === document.path) continue;
          const c = classifyMatch(
            v.intersection,
            p.shingles.length,
            v.size,
            {
              path: at.path,
              line: at.line,
              endLine: at.endLine,
              paragraph: at.paragraph,
              text: at.body ?? at.textBody,
            },
            this.options,
          );
          if (!c) continue;
          (c.kind === 'duplicate' ? f.duplicates : f.partials).push(c.match as Match);
        }
      }
      return f;
    });
    return assembleQueryResult(document.path, words, findings);
  }

  /**
   * Every stored paragraph (all copies) that duplicates or partly reuses some paragraph of these
   * documents, except those stored under the documents' own paths, sorted by path then line.
   */
  archiveParagraphsMatching(documents: readonly SourceDocument[]): Promise<ArchivedParagraph[]> {
    return this.exclusive(() =>
      this.transaction('ISOLATION LEVEL REPEATABLE READ READ ONLY', async () => {
        const skip = new Set(documents.map((d) => d.path));
        const texts = new Set<number>();
        const cache = new Map<number, Uint32Array>();
        for (const d of documents) {
          const { paragraphs } = indexableParagraphs(d, this.options);
          for (const list of await this.verifiedAll(paragraphs, cache))
            for (const v of list) texts.add(v.text);
        }
        const out: ArchivedParagraph[] = [];
        for (const r of await this.occurrences([...texts])) {
          if (skip.has(r.path)) continue;
          out.push({
            path: r.path,
            line: r.line,
            endLine: r.endLine,
            paragraph: r.paragraph,
            words: r.words,
            text: r.body ?? r.textBody,
          });
        }
        return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
      }),
    );
  }

  /**
   * The publication date (ISO 8601, as the sources found it) of each of these paths that is
   * stored and dated; undated and unknown paths are left out.
   */
  publishedDates(paths: readonly string[]): Promise<Map<string, string>> {
    return this.exclusive(async () => {
      const out = new Map<string, string>();
      if (paths.length === 0) return out;
      for (const r of await this.sql<{ path: string; published: string }>(
        `SELECT path, published FROM ${this.q}.story
          WHERE published IS NOT NULL AND path = ANY($1::text[])`,
        [[...new Set(paths)]],
      ))
        out.set(r.path, r.published);
      return out;
    });
  }

  /** Counts of stored stories and paragraphs. */
  stats(): Promise<IndexStats> {
    return this.exclusive(async () => {
      const row = (
        await this.sql<IndexStats>(
          `SELECT count(*)::int AS stories, coalesce(sum(paragraphs), 0)::int AS paragraphs FROM ${this.q}.story`,
        )
      )[0];
      return { stories: row.stories, paragraphs: row.paragraphs };
    });
  }

  /** Counts, size on the server, dates and settings (`dupgraf index stats`). */
  describe(): Promise<ArchiveStats> {
    return this.exclusive(() =>
      this.transaction('ISOLATION LEVEL REPEATABLE READ READ ONLY', async () => {
        const row = (
          await this.sql<Record<string, number | null>>(
            `SELECT (SELECT count(*) FROM ${this.q}.story) AS stories,
                    (SELECT coalesce(sum(paragraphs), 0) FROM ${this.q}.story) AS paragraphs,
                    (SELECT count(*) FROM ${this.q}.text) AS distinct,
                    (SELECT coalesce(sum(size), 0) FROM ${this.q}.text) AS postings,
                    (SELECT min(date) FROM ${this.q}.story) AS oldest,
                    (SELECT max(date) FROM ${this.q}.story) AS newest,
                    (SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c
                       JOIN pg_namespace n ON n.oid = c.relnamespace
                      WHERE n.nspname = $1 AND c.relkind = 'r') AS bytes`,
            [this.schema],
          )
        )[0];
        return {
          stories: Number(row.stories),
          paragraphs: Number(row.paragraphs),
          distinctParagraphs: Number(row.distinct),
          postings: Number(row.postings),
          prefixPostings: await this.expectedPrefixRows(),
          bytes: Number(row.bytes),
          oldest: row.oldest === null ? null : Number(row.oldest),
          newest: row.newest === null ? null : Number(row.newest),
          settings: this.settings,
          createdBy: this.meta.createdBy ?? '',
          createdAt: this.meta.createdAt ?? '',
        };
      }),
    );
  }

  private async expectedPrefixRows(): Promise<number> {
    let total = 0;
    for (const { size, n } of await this.sql<{ size: number; n: number }>(
      `SELECT size, count(*) AS n FROM ${this.q}.text GROUP BY size`,
    ))
      total += n * prefixLength(size, this.settings.lowestThreshold);
    return total;
  }

  /**
   * Checks the index's invariants (every paragraph's text exists, reference counts, story
   * paragraph counts, one posting per shingle, prefix lengths, blob sizes) in one snapshot.
   * Returns the problems found; empty when the index is sound.
   */
  verify(): Promise<string[]> {
    return this.exclusive(() =>
      this.transaction('ISOLATION LEVEL REPEATABLE READ READ ONLY', async () => {
        const q = this.q;
        const problems: string[] = [];
        const checks: [string, string][] = [
          [
            'paragraphs pointing at a missing text',
            `SELECT count(*) FROM ${q}.paragraph p LEFT JOIN ${q}.text t ON t.id = p.text WHERE t.id IS NULL`,
          ],
          [
            'paragraphs of a missing story',
            `SELECT count(*) FROM ${q}.paragraph p LEFT JOIN ${q}.story s ON s.id = p.story WHERE s.id IS NULL`,
          ],
          [
            'texts whose reference count is wrong',
            `SELECT count(*) FROM ${q}.text t LEFT JOIN (SELECT text, count(*) AS n FROM ${q}.paragraph GROUP BY text) p
               ON p.text = t.id WHERE t.refs <> coalesce(p.n, 0)`,
          ],
          [
            'stories whose paragraph count is wrong',
            `SELECT count(*) FROM ${q}.story s LEFT JOIN (SELECT story, count(*) AS n FROM ${q}.paragraph GROUP BY story) p
               ON p.story = s.id WHERE s.paragraphs <> coalesce(p.n, 0)`,
          ],
          [
            'texts whose shingle blob has the wrong length',
            `SELECT count(*) FROM ${q}.text WHERE length(shingles) <> 4 * size OR size = 0`,
          ],
          [
            'postings of a missing text',
            `SELECT count(*) FROM ${q}.posting p LEFT JOIN ${q}.text t ON t.id = p.text WHERE t.id IS NULL`,
          ],
          [
            "postings whose size is not their text's",
            `SELECT count(*) FROM ${q}.posting p JOIN ${q}.text t ON t.id = p.text WHERE t.size <> p.size`,
          ],
        ];
        for (const [what, sql] of checks) {
          const n = Number(Object.values((await this.sql(sql))[0])[0]);
          if (n > 0) problems.push(`${n} ${what}`);
        }
        const row = (
          await this.sql<{ postings: number; expected: number; prefixes: number }>(
            `SELECT (SELECT count(*) FROM ${q}.posting) AS postings,
                    (SELECT coalesce(sum(size), 0) FROM ${q}.text) AS expected,
                    (SELECT count(*) FROM ${q}.posting WHERE prefix) AS prefixes`,
          )
        )[0];
        if (Number(row.postings) !== Number(row.expected))
          problems.push(
            `${row.postings} postings stored, ${row.expected} expected (one per shingle)`,
          );
        const expectedPrefixes = await this.expectedPrefixRows();
        if (Number(row.prefixes) !== expectedPrefixes)
          problems.push(`${row.prefixes} prefix postings stored, ${expectedPrefixes} expected`);
        return problems;
      }),
    );
  }

  /** Closes the connection. The object is unusable afterwards. */
  async close(): Promise<void> {
    await this.queue.catch(() => {});
    await this.client.end().catch(() => {});
  }
}
