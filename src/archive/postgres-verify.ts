/**
 * The figures and checks of a PostgreSQL index, each in one REPEATABLE READ snapshot inside
 * the caller's transaction: `describe` (counts, size on the server, dates, settings; `dupgraf
 * index stats`) and `verify` (the index's own invariants).
 */

import type { ArchiveStats, IndexSettings } from './index-settings.js';
import type { PostgresConnection } from './postgres-connection.js';
import { expectedPrefixes, postingProblems } from './stored-texts.js';

/** The index's invariants in schema `q` (quoted): what is counted, and the statement counting the rows that break it. */
function invariants(q: string): [string, string][] {
  return [
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
}

/** Prefix postings the index should hold (by its texts' sizes and lowest threshold). */
async function expectedPrefixRows(c: PostgresConnection, settings: IndexSettings): Promise<number> {
  return expectedPrefixes(
    await c.sql<{ size: number; n: number }>(
      `SELECT size, count(*) AS n FROM ${c.q}.text GROUP BY size`,
    ),
    settings.lowestThreshold,
  );
}

/**
 * Counts, size on the server, dates and settings of the index in `schema` (`meta`: its meta
 * table), inside the caller's read transaction.
 */
export async function describePostgres(
  c: PostgresConnection,
  schema: string,
  settings: IndexSettings,
  meta: Record<string, string>,
): Promise<ArchiveStats> {
  const q = c.q;
  const row = (
    await c.sql<Record<string, number | null>>(
      `SELECT (SELECT count(*) FROM ${q}.story) AS stories,
              (SELECT coalesce(sum(paragraphs), 0) FROM ${q}.story) AS paragraphs,
              (SELECT count(*) FROM ${q}.text) AS distinct,
              (SELECT coalesce(sum(size), 0) FROM ${q}.text) AS postings,
              (SELECT min(date) FROM ${q}.story) AS oldest,
              (SELECT max(date) FROM ${q}.story) AS newest,
              (SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c
                 JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = $1 AND c.relkind = 'r') AS bytes`,
      [schema],
    )
  )[0];
  return {
    stories: Number(row.stories),
    paragraphs: Number(row.paragraphs),
    distinctParagraphs: Number(row.distinct),
    postings: Number(row.postings),
    prefixPostings: await expectedPrefixRows(c, settings),
    bytes: Number(row.bytes),
    oldest: row.oldest === null ? null : Number(row.oldest),
    newest: row.newest === null ? null : Number(row.newest),
    settings,
    createdBy: meta.createdBy ?? '',
    createdAt: meta.createdAt ?? '',
  };
}

/**
 * Checks the index's invariants (every paragraph's text exists, reference counts, story
 * paragraph counts, one posting per shingle, prefix lengths, blob sizes) inside the caller's
 * read transaction. Returns the problems found; empty when the index is sound.
 */
export async function verifyPostgres(
  c: PostgresConnection,
  settings: IndexSettings,
): Promise<string[]> {
  const q = c.q;
  const problems: string[] = [];
  for (const [what, sql] of invariants(q)) {
    const n = Number(Object.values((await c.sql(sql))[0])[0]);
    if (n > 0) problems.push(`${n} ${what}`);
  }
  const row = (
    await c.sql<{ postings: number; expected: number; prefixes: number }>(
      `SELECT (SELECT count(*) FROM ${q}.posting) AS postings,
              (SELECT coalesce(sum(size), 0) FROM ${q}.text) AS expected,
              (SELECT count(*) FROM ${q}.posting WHERE prefix) AS prefixes`,
    )
  )[0];
  problems.push(
    ...postingProblems(
      Number(row.postings),
      Number(row.expected),
      Number(row.prefixes),
      await expectedPrefixRows(c, settings),
    ),
  );
  return problems;
}
