/**
 * Queries of a PostgreSQL index inside the caller's transaction, for all paragraphs of a story
 * at once in a few statements: the candidate texts (prefix probes, see sqlite-index.ts), their
 * verification on the full shingle sets with the scan's predicates, and the stored copies of
 * the texts that pass; and the read of a stored story.
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
  rarestStored,
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
}

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
 * Stored postings of each shingle of the paragraphs `which` (texts at least as large), counted
 * up to `cap`: paragraph → counts in shingle order.
 */
async function countedUpTo(
  c: PostgresConnection,
  paragraphs: readonly IndexableParagraph[],
  cap: number,
  which: readonly number[],
): Promise<Map<number, number[]>> {
  const t: number[] = [];
  const n: number[] = [];
  for (const i of which) {
    for (const s of paragraphs[i].shingles) {
      t.push(s | 0);
      n.push(paragraphs[i].shingles.length);
    }
  }
  const rows = await c.sql<{ c: number }>(
    `SELECT (SELECT count(*) FROM (SELECT 1 FROM ${c.q}.posting p
               WHERE p.token = u.t AND p.prefix = ANY('{f,t}') AND p.size >= u.n LIMIT ${cap}) x) AS c
       FROM unnest($1::int[], $2::int[]) WITH ORDINALITY AS u(t, n, k) ORDER BY u.k`,
    [t, n],
  );
  const byParagraph = new Map<number, number[]>();
  let k = 0;
  for (const i of which) {
    const size = paragraphs[i].shingles.length;
    byParagraph.set(
      i,
      rows.slice(k, k + size).map((r) => r.c),
    );
    k += size;
  }
  return byParagraph;
}

/**
 * The candidate texts of each paragraph (a superset of its true matches; see sqlite-index.ts
 * for why it misses none), in three or four statements for all paragraphs.
 */
async function candidatesOf(
  c: PostgresConnection,
  options: EngineOptions,
  paragraphs: readonly IndexableParagraph[],
): Promise<Set<number>[]> {
  const sizes = paragraphs.map((p) => p.shingles.length);
  const { tokens, owner } = tokenColumns(paragraphs);
  const candidates = paragraphs.map(() => new Set<number>());
  // |y| ≤ |x|: y's prefix holds a shingle of x.
  for (const row of await c.sql<{ i: number; text: number }>(
    `SELECT u.i, p.text FROM unnest($1::int[], $2::int[]) AS u(t, i)
       JOIN ${c.q}.posting p ON p.token = u.t AND p.prefix AND p.size <= ($3::int[])[u.i]`,
    [tokens, owner, sizes],
  ))
    candidates[row.i - 1].add(row.text);
  // |y| ≥ |x|: x's g-prefix, its rarest shingles (counted up to a cap, then further if needed).
  const g = Math.min(options.threshold, options.containment);
  const all = paragraphs.map((_, i) => i);
  const counts = await countedUpTo(c, paragraphs, RARE, all);
  const again = all.filter(
    (i) => counts.get(i)!.filter((n) => n < RARE).length < prefixLength(sizes[i], g),
  );
  if (again.length > 0)
    for (const [i, n] of await countedUpTo(c, paragraphs, FREQUENT, again)) counts.set(i, n);
  const chosenTokens: number[] = [];
  const chosenOwner: number[] = [];
  paragraphs.forEach((p, i) => {
    const signed = Array.from(p.shingles, (s) => s | 0);
    for (const token of rarestStored(signed, counts.get(i)!, prefixLength(sizes[i], g))) {
      chosenTokens.push(token);
      chosenOwner.push(i + 1);
    }
  });
  if (chosenTokens.length > 0)
    for (const row of await c.sql<{ i: number; text: number }>(
      `SELECT u.i, p.text FROM unnest($1::int[], $2::int[]) AS u(t, i)
         JOIN ${c.q}.posting p ON p.token = u.t AND p.prefix = ANY('{f,t}')
          AND p.size >= ($3::int[])[u.i]`,
      [chosenTokens, chosenOwner, sizes],
    ))
      candidates[row.i - 1].add(row.text);
  return candidates;
}

/** Reads the shingle sets of the texts `ids` not in `cache` into it (checked: sorted sets). */
async function readSets(
  c: PostgresConnection,
  ids: readonly number[],
  cache: Map<number, Uint32Array>,
): Promise<void> {
  const missing = ids.filter((id) => !cache.has(id));
  if (missing.length === 0) return;
  for (const row of await c.sql<{ id: number; size: number; shingles: Buffer }>(
    `SELECT id, size, shingles FROM ${c.q}.text WHERE id = ANY($1::int[])`,
    [missing],
  )) {
    const set = fromBlob(row.shingles);
    if (!isSortedSet(set, row.size)) throw unsortedSetError(c.file, row.id);
    cache.set(row.id, set);
  }
}

/**
 * Verified candidates of each paragraph (text id → intersection), found in a few statements
 * for all paragraphs at once; `cache` keeps shingle sets read (across calls of one query).
 */
async function verifiedAll(
  c: PostgresConnection,
  options: EngineOptions,
  paragraphs: readonly IndexableParagraph[],
  cache: Map<number, Uint32Array>,
): Promise<Verified[][]> {
  const out = paragraphs.map(() => [] as Verified[]);
  if (paragraphs.length === 0) return out;
  const candidates = await candidatesOf(c, options, paragraphs);
  await readSets(c, [...new Set(candidates.flatMap((s) => [...s]))], cache);
  paragraphs.forEach((p, i) => {
    for (const id of candidates[i]) {
      const y = cache.get(id);
      if (y === undefined) continue; // removed meanwhile by a writer: not in this snapshot
      const inter = intersectionSize(p.shingles, y);
      if (classifyMatch(inter, p.shingles.length, y.length, NOWHERE, options))
        out[i].push({ text: id, intersection: inter, size: y.length });
    }
  });
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
            p.body, t.body AS "textBody", t.key
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
/** `PostgresIndex.query` inside the caller's transaction. */
export async function queryIn(
  c: PostgresConnection,
  options: EngineOptions,
  document: SourceDocument,
): Promise<QueryResult> {
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
  return assembleQueryResult(document.path, words, findings);
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
 * story it matched, inside the caller's transaction (what `dupgraf serve` asks per check).
 */
export async function queryWithDates(
  c: PostgresConnection,
  options: EngineOptions,
  document: SourceDocument,
): Promise<{ result: QueryResult; dates: Map<string, number>; published: Map<string, string> }> {
  const result = await queryIn(c, options, document);
  const paths = new Set<string>();
  for (const p of result.paragraphs)
    for (const m of [...p.duplicates, ...p.partials]) paths.add(m.path);
  const dates = new Map<string, number>();
  const published = new Map<string, string>();
  if (paths.size > 0)
    for (const r of await c.sql<{
      path: string;
      date: number;
      published: string | null;
    }>(`SELECT path, date, published FROM ${c.q}.story WHERE path = ANY($1::text[])`, [
      [...paths],
    ])) {
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
