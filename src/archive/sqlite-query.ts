/**
 * Queries of a SQLite index: the candidate texts of a paragraph (its prefix probes, see
 * sqlite-index.ts), their verification on the full shingle sets with the scan's predicates,
 * and the stored copies of the texts that pass, each in one read transaction; and the reads of
 * stored stories (a story with its paragraphs, counts and dates, a column by path).
 */

import type { Match, ParagraphFindings, QueryResult } from '../engine/corpus.js';
import type { SourceDocument } from '../engine/detect.js';
import {
  assembleQueryResult,
  classifyMatch,
  emptyFindings,
  indexableParagraphs,
  prefixLength,
  type IndexStats,
} from '../engine/paragraph-index.js';
import { intersectionSize } from '../engine/similarity.js';
import { damagedIndexError } from './index-errors.js';
import type { ArchivedParagraph } from './index-settings.js';
import type { StoredStory } from './prepared-story.js';
import { storedSet, type BodyRow, type SqliteHandle, type TextRow } from './sqlite-statements.js';
import {
  byPathThenLine,
  checkedBody,
  FREQUENT,
  NOWHERE,
  RARE,
  rarestStored,
} from './stored-texts.js';

/**
 * Text ids of the stored distinct paragraphs that may duplicate or partly reuse `x` (a superset
 * of the true matches; see sqlite-index.ts for why it misses none). Each step is one SQL
 * statement over all of x's shingles (passed as a JSON array).
 */
function candidates(h: SqliteHandle, x: Uint32Array): Set<number> {
  const n = x.length;
  const out = new Set<number>();
  const signed = Array.from(x, (s) => s | 0);
  // |y| ≤ |x|: y's prefix holds a shingle of x.
  for (const id of h.s.probePrefix.all({
    tokens: JSON.stringify(signed),
    size: n,
  }) as number[])
    out.add(id);
  // |y| ≥ |x|: x's g-prefix, its rarest shingles (counted up to a cap, then further if needed).
  const g = Math.min(h.options.threshold, h.options.containment);
  const take = prefixLength(n, g);
  const tokens = JSON.stringify(signed);
  let counts = h.s.countUpTo.all({ tokens, size: n, cap: RARE }) as number[];
  const rare = counts.filter((c) => c < RARE).length;
  if (rare < take) {
    counts = h.s.countUpTo.all({ tokens, size: n, cap: FREQUENT }) as number[];
  }
  const chosen = rarestStored(signed, counts, take);
  if (chosen.length > 0) {
    for (const id of h.s.probePostings.all({
      tokens: JSON.stringify(chosen),
      size: n,
    }) as number[])
      out.add(id);
  }
  return out;
}

/** Verified matches of one paragraph: text id → intersection, for texts passing a predicate. */
function verified(
  h: SqliteHandle,
  x: Uint32Array,
  cache: Map<number, Uint32Array>,
): { text: number; intersection: number; size: number }[] {
  const out: { text: number; intersection: number; size: number }[] = [];
  const ids = [...candidates(h, x)];
  const missing = ids.filter((id) => !cache.has(id));
  if (missing.length > 0) {
    for (const row of h.s.textsById.all(JSON.stringify(missing)) as (TextRow & {
      id: number;
    })[]) {
      cache.set(row.id, storedSet(h.file, row.id, row.size, row.shingles));
    }
  }
  for (const id of ids) {
    const y = cache.get(id);
    if (y === undefined)
      throw damagedIndexError(h.file, `a posting names text ${id}, which is not stored`);
    const inter = intersectionSize(x, y);
    if (classifyMatch(inter, x.length, y.length, NOWHERE, h.options))
      out.push({ text: id, intersection: inter, size: y.length });
  }
  return out;
}

/** Every stored copy of a text (its paragraphs' places and own texts, checked). */
function occurrencesOf(h: SqliteHandle, text: number): ArchivedParagraph[] {
  return (h.s.occurrences.all(text) as (ArchivedParagraph & BodyRow)[]).map((row) => ({
    path: row.path,
    line: row.line,
    endLine: row.endLine,
    paragraph: row.paragraph,
    words: row.words,
    text: checkedBody(h.file, row?.id, row?.key, row?.body),
  }));
}

/**
 * The stored paragraphs each paragraph of `document` duplicates or partly reuses, without
 * adding it (`SqliteIndex.query`), in one read transaction.
 */
export function querySqlite(h: SqliteHandle, document: SourceDocument): QueryResult {
  const { paragraphs, words } = indexableParagraphs(document, h.options);
  const findings: ParagraphFindings[] = [];
  const cache = new Map<number, Uint32Array>();
  h.db.transaction(() => {
    for (const p of paragraphs) {
      const f = emptyFindings(p);
      for (const v of verified(h, p.shingles, cache)) {
        for (const at of occurrencesOf(h, v.text)) {
          if (at.path === document.path) continue;
          const c = classifyMatch(v.intersection, p.shingles.length, v.size, at, h.options);
          if (!c) continue;
          (c.kind === 'duplicate' ? f.duplicates : f.partials).push(c.match as Match);
        }
      }
      findings.push(f);
    }
  })();
  return assembleQueryResult(document.path, words, findings);
}

/**
 * Every stored paragraph (all copies) matching some paragraph of these documents, except those
 * stored under the documents' own paths, sorted by path then line
 * (`SqliteIndex.archiveParagraphsMatching`), in one read transaction.
 */
export function sqliteParagraphsMatching(
  h: SqliteHandle,
  documents: readonly SourceDocument[],
): ArchivedParagraph[] {
  const skip = new Set(documents.map((d) => d.path));
  const texts = new Set<number>();
  const cache = new Map<number, Uint32Array>();
  const out: ArchivedParagraph[] = [];
  h.db.transaction(() => {
    for (const d of documents) {
      for (const p of indexableParagraphs(d, h.options).paragraphs) {
        for (const v of verified(h, p.shingles, cache)) texts.add(v.text);
      }
    }
    for (const id of [...texts].sort((a, b) => a - b)) {
      for (const at of occurrencesOf(h, id)) if (!skip.has(at.path)) out.push(at);
    }
  })();
  return out.sort(byPathThenLine);
}

/** The story stored under `path` with its stored paragraphs (by line); undefined when there is none. */
export function storedStory(h: SqliteHandle, path: string): StoredStory | undefined {
  const row = h.db
    .prepare('SELECT id, path, hash, date, added, words FROM story WHERE path = ?')
    .get(path) as (Omit<StoredStory, 'paragraphs'> & { id: number }) | undefined;
  if (!row) return undefined;
  const paragraphs = h.db
    .prepare(
      'SELECT p.position AS paragraph, p.line AS line, p.end_line AS endLine, p.words AS words, ' +
        'coalesce(p.body, t.body) AS text FROM paragraph p JOIN text t ON t.id = p.text WHERE p.story = ? ORDER BY p.line',
    )
    .all(row.id) as StoredStory['paragraphs'];
  const { path: stored, hash, date, added, words } = row;
  return { path: stored, hash, date, added, words, paragraphs };
}

/**
 * Stories, paragraphs, the earliest and latest story date (ms since the epoch; null when
 * empty), in one read.
 */
export function sqliteSummary(
  h: SqliteHandle,
): IndexStats & { oldest: number | null; newest: number | null } {
  return h.db.transaction(() => {
    const row = h.db
      .prepare('SELECT count(*) AS stories, coalesce(sum(paragraphs), 0) AS paragraphs FROM story')
      .get() as IndexStats;
    const one = (sql: string) => h.db.prepare(sql).pluck().get() as number | null;
    return {
      stories: row.stories,
      paragraphs: row.paragraphs,
      oldest: one('SELECT min(date) FROM story'),
      newest: one('SELECT max(date) FROM story'),
    };
  })();
}

/** A column of the stories stored under these paths, by path, where it is not NULL. */
export function storyColumn<T>(
  h: SqliteHandle,
  column: 'date' | 'published',
  paths: readonly string[],
): Map<string, T> {
  const out = new Map<string, T>();
  if (paths.length === 0) return out;
  const rows = h.db
    .prepare(
      `SELECT path, ${column} AS value FROM story WHERE ${column} IS NOT NULL AND path IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify([...new Set(paths)])) as { path: string; value: T }[];
  for (const r of rows) out.set(r.path, r.value);
  return out;
}
