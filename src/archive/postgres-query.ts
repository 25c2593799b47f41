/**
 * Queries of a PostgreSQL index inside the caller's transaction, for all paragraphs of a story
 * at once in two statements: the candidate texts (prefix probes, see sqlite-index.ts) with their
 * shingle sets, verified here with the scan's predicates, then the stored copies of the texts
 * that pass (with their stories' dates); and the read of a stored story.
 */

import type { Match, ParagraphFindings, QueryResult } from '../engine/corpus.js';
import type { SourceDocument } from '../engine/detect.js';
import type { EngineOptions } from '../engine/options.js';
import {
  assembleQueryResult,
  classifyMatch,
  emptyFindings,
  indexableParagraphs,
  prefixLength,
  type IndexableParagraph,
} from '../engine/paragraph-index.js';
import { intersectionSize } from '../engine/similarity.js';
import type { ArchivedParagraph } from './index-settings.js';
import type { StoredStory } from './prepared-story.js';
import type { PostgresConnection } from './postgres-connection.js';
import {
  byPathThenLine,
  checkedBody,
  FREQUENT,
  fromBlob,
  isSortedSet,
  NOWHERE,
  RARE,
  unsortedSetError,
} from './stored-texts.js';

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
  /** The story's date (ms since the epoch) and publication date (null: undated). */
  date: number;
  published: string | null;
}

/**
 * Postings of a shingle the candidate statement reads in its first probe: a shingle with at most
 * this many is done with that probe (RARE, so its count up to RARE needs no probe either).
 */
const FEW = RARE;

/** A verified match of a paragraph: the stored text, the shingles shared, the text's size. */
interface Verified {
  text: number;
  intersection: number;
  size: number;
}

/** Each paragraph's shingles as (token, 1-based paragraph) columns for `unnest`. */
function tokenColumns(paragraphs: readonly IndexableParagraph[]): {
  tokens: number[];
  owner: number[];
} {
  const tokens: number[] = [];
  const owner: number[] = [];
  paragraphs.forEach((p, i) => {
    for (const s of p.shingles) {
      tokens.push(s | 0);
      owner.push(i + 1);
    }
  });
  return { tokens, owner };
}

/**
 * The statement that finds every paragraph's candidate texts (a superset of its true matches; see
 * sqlite-index.ts for why it misses none) and returns each candidate with its shingle set, in
 * one round trip for all paragraphs of a story. Parameters: $1 the shingles (int32) and $2 the
 * 1-based paragraph of each, $3 each paragraph's size and $4 its g-prefix length, $5 texts whose
 * sets the caller holds already (returned without them). The steps, as the SQLite index takes
 * them in JavaScript:
 * - `got`, `each`: up to {@link FEW} + 1 postings of each shingle in one index probe; a shingle
 *   with at most FEW (most of them) has all its postings here and needs no other probe, only a
 *   `many` one is probed again below for what each step needs;
 * - `pre`: |y| ≤ |x|: y's prefix holds a shingle of x;
 * - `rare`, `short`, `counted`: each shingle's stored postings of texts at least as large,
 *   counted up to RARE; for a paragraph with fewer than its g-prefix length of shingles under
 *   RARE, counted again up to FREQUENT;
 * - `chosen`: x's g-prefix, its rarest stored shingles (fewest postings first, ties by value:
 *   `rarestStored`), and `rest`: |y| ≥ |x|: texts at least as large holding one of them.
 * Every probe is an index-only scan of the posting table's primary key.
 */
function candidateStatement(q: string): string {
  let text = candidateStatements.get(q);
  if (text === undefined) candidateStatements.set(q, (text = candidateStatementOf(q)));
  return text;
}

/** {@link candidateStatement} by schema (made once, not on every query). */
const candidateStatements = new Map<string, string>();

/** The text of {@link candidateStatement} for the schema `q` (quoted). */
function candidateStatementOf(q: string): string {
  const counted = (t: string, n: string, cap: number) =>
    `(SELECT count(*) FROM (SELECT 1 FROM ${q}.posting p WHERE p.token = ${t}
        AND p.prefix = ANY('{f,t}') AND p.size >= ${n} LIMIT ${cap}) x)::int`;
  return `WITH u AS MATERIALIZED (
  SELECT u.t, u.i, ($3::int[])[u.i] AS n FROM unnest($1::int[], $2::int[]) AS u(t, i)),
got AS MATERIALIZED (
  SELECT u.t, u.i, u.n, p.prefix, p.size, p.text, count(*) OVER (PARTITION BY u.t, u.i) AS m
    FROM u JOIN LATERAL (SELECT p.prefix, p.size, p.text FROM ${q}.posting p
                          WHERE p.token = u.t LIMIT ${FEW + 1}) p ON true),
each AS MATERIALIZED (
  SELECT t, i, n, m > ${FEW} AS many, count(*) FILTER (WHERE size >= n)::int AS c
    FROM got GROUP BY t, i, n, m),
pre AS (
  SELECT i, text FROM got WHERE m <= ${FEW} AND prefix AND size <= n
  UNION ALL
  SELECT e.i, p.text FROM each e JOIN ${q}.posting p ON p.token = e.t AND p.prefix AND p.size <= e.n
   WHERE e.many),
rare AS MATERIALIZED (
  SELECT u.t, u.i, u.n, coalesce(e.many, false) AS many,
         CASE WHEN e.many THEN ${counted('u.t', 'u.n', RARE)} ELSE coalesce(e.c, 0) END AS c
    FROM u LEFT JOIN each e ON e.t = u.t AND e.i = u.i),
short AS (
  SELECT i FROM rare GROUP BY i HAVING count(*) FILTER (WHERE c < ${RARE}) < ($4::int[])[i]),
counted AS (
  SELECT r.t, r.i, r.n, r.many, CASE WHEN r.many AND r.i IN (SELECT i FROM short)
    THEN ${counted('r.t', 'r.n', FREQUENT)} ELSE r.c END AS c FROM rare r),
chosen AS (
  SELECT t, i, n, many FROM (SELECT t, i, n, many, c,
      row_number() OVER (PARTITION BY i ORDER BY c, t) AS k FROM counted) x
   WHERE k <= ($4::int[])[i] AND c > 0),
rest AS (
  SELECT ch.i, g.text FROM chosen ch JOIN got g ON g.t = ch.t AND g.i = ch.i AND g.size >= ch.n
   WHERE NOT ch.many
  UNION ALL
  SELECT ch.i, p.text FROM chosen ch JOIN ${q}.posting p ON p.token = ch.t
    AND p.prefix = ANY('{f,t}') AND p.size >= ch.n WHERE ch.many),
cand AS (SELECT i, text FROM pre UNION SELECT i, text FROM rest)
SELECT t.id, t.size, CASE WHEN t.id = ANY($5::int[]) THEN NULL ELSE t.shingles END AS shingles,
       array_agg(c.i) AS owners
  FROM cand c JOIN ${q}.text t ON t.id = c.text GROUP BY t.id`;
}

/**
 * Verified candidates of each paragraph (text id → intersection), found in one statement for
 * all paragraphs at once; `cache` keeps shingle sets read (across calls of one query).
 */
async function verifiedAll(
  c: PostgresConnection,
  options: EngineOptions,
  paragraphs: readonly IndexableParagraph[],
  cache: Map<number, Uint32Array>,
): Promise<Verified[][]> {
  const out = paragraphs.map(() => [] as Verified[]);
  if (paragraphs.length === 0) return out;
  const { tokens, owner } = tokenColumns(paragraphs);
  const sizes = paragraphs.map((p) => p.shingles.length);
  const g = Math.min(options.threshold, options.containment);
  const take = sizes.map((n) => prefixLength(n, g));
  const rows = await c.sql<{ id: number; size: number; shingles: Buffer | null; owners: number[] }>(
    candidateStatement(c.q),
    [tokens, owner, sizes, take, [...cache.keys()]],
  );
  for (const row of rows) {
    let y = cache.get(row.id);
    if (y === undefined) {
      if (row.shingles === null) continue;
      y = fromBlob(row.shingles);
      if (!isSortedSet(y, row.size)) throw unsortedSetError(c.file, row.id);
      cache.set(row.id, y);
    }
    for (const i of row.owners) {
      const p = paragraphs[i - 1];
      const inter = intersectionSize(p.shingles, y);
      if (classifyMatch(inter, p.shingles.length, y.length, NOWHERE, options))
        out[i - 1].push({ text: row.id, intersection: inter, size: y.length });
    }
  }
  return out;
}

/** Every stored copy of these texts (path, lines, position, words, text). */
async function occurrences(
  c: PostgresConnection,
  texts: readonly number[],
): Promise<OccurrenceRow[]> {
  if (texts.length === 0) return [];
  const rows = await c.sql<OccurrenceRow>(
    `SELECT p.text, s.path, p.line, p.end_line AS "endLine", p.position AS paragraph, p.words,
            p.body, t.body AS "textBody", t.key, s.date, s.published
       FROM ${c.q}.paragraph p JOIN ${c.q}.story s ON s.id = p.story
       JOIN ${c.q}.text t ON t.id = p.text
      WHERE p.text = ANY($1::int[])`,
    [texts],
  );
  const checked = new Set<number>();
  for (const r of rows) {
    if (!checked.has(r.text)) checkedBody(c.file, r.text, r.key, r.textBody);
    checked.add(r.text);
  }
  return rows;
}
/**
 * The query of `document` inside the caller's transaction, and the stored copies (with their
 * stories' dates) of the texts it verified: two statements.
 */
async function queryRows(
  c: PostgresConnection,
  options: EngineOptions,
  document: SourceDocument,
): Promise<{ result: QueryResult; rows: OccurrenceRow[] }> {
  const { paragraphs, words } = indexableParagraphs(document, options);
  const verified = await verifiedAll(c, options, paragraphs, new Map());
  const rows = await occurrences(c, [...new Set(verified.flat().map((v) => v.text))]);
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
          options,
        );
        if (!c) continue;
        (c.kind === 'duplicate' ? f.duplicates : f.partials).push(c.match as Match);
      }
    }
    return f;
  });
  return { result: assembleQueryResult(document.path, words, findings), rows };
}

/** `PostgresIndex.query` inside the caller's transaction. */
export async function queryIn(
  c: PostgresConnection,
  options: EngineOptions,
  document: SourceDocument,
): Promise<QueryResult> {
  return (await queryRows(c, options, document)).result;
}
/**
 * Every stored paragraph (all copies) that duplicates or partly reuses some paragraph of these
 * documents, except those stored under the documents' own paths, sorted by path then line
 * (`PostgresIndex.archiveParagraphsMatching` inside the caller's transaction).
 */
export async function paragraphsMatching(
  c: PostgresConnection,
  options: EngineOptions,
  documents: readonly SourceDocument[],
): Promise<ArchivedParagraph[]> {
  const skip = new Set(documents.map((d) => d.path));
  const texts = new Set<number>();
  const cache = new Map<number, Uint32Array>();
  for (const d of documents) {
    const { paragraphs } = indexableParagraphs(d, options);
    for (const list of await verifiedAll(c, options, paragraphs, cache))
      for (const v of list) texts.add(v.text);
  }
  const out: ArchivedParagraph[] = [];
  for (const r of await occurrences(c, [...texts])) {
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
  return out.sort(byPathThenLine);
}

/**
 * {@link queryIn}, and the date (ms since the epoch) and publication date (when known) of every
 * story it matched, inside the caller's transaction (what `dupgraf serve` asks per check; the
 * dates come with the stored copies, so this is the same two statements as the query).
 */
export async function queryWithDates(
  c: PostgresConnection,
  options: EngineOptions,
  document: SourceDocument,
): Promise<{ result: QueryResult; dates: Map<string, number>; published: Map<string, string> }> {
  const { result, rows } = await queryRows(c, options, document);
  const paths = new Set<string>();
  for (const p of result.paragraphs)
    for (const m of [...p.duplicates, ...p.partials]) paths.add(m.path);
  const dates = new Map<string, number>();
  const published = new Map<string, string>();
  for (const r of rows) {
    if (!paths.has(r.path)) continue;
    dates.set(r.path, r.date);
    if (r.published !== null) published.set(r.path, r.published);
  }
  return { result, dates, published };
}

/**
 * The story stored under `path` with its stored paragraphs (by line, each with its own text),
 * inside the caller's read transaction; undefined when there is none.
 */
export async function storedStory(
  c: PostgresConnection,
  path: string,
): Promise<StoredStory | undefined> {
  const row = (
    await c.sql<Omit<StoredStory, 'paragraphs'> & { id: number }>(
      `SELECT id, path, hash, date, added, words FROM ${c.q}.story WHERE path = $1`,
      [path],
    )
  )[0];
  if (!row) return undefined;
  const paragraphs = await c.sql<StoredStory['paragraphs'][number]>(
    `SELECT p.position AS paragraph, p.line, p.end_line AS "endLine", p.words,
            coalesce(p.body, t.body) AS text
       FROM ${c.q}.paragraph p JOIN ${c.q}.text t ON t.id = p.text
      WHERE p.story = $1 ORDER BY p.line`,
    [row.id],
  );
  const { hash, date, added, words } = row;
  return { path: row.path, hash, date, added, words, paragraphs };
}
