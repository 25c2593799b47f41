/**
 * The figures and checks of a SQLite index: `describe` (counts, size on disk, dates, settings;
 * `dupgraf index stats`) and `verify` (the file's integrity and the index's own invariants).
 */

import fs from 'node:fs';
import type { ArchiveStats } from './index-settings.js';
import type { SqliteHandle } from './sqlite-statements.js';
import { expectedPrefixes, postingProblems } from './stored-texts.js';
import { isCorruptionCode } from './index-errors.js';

/** The index's own invariants: what is counted, and the statement counting the rows that break it. */
const CHECKS: [string, string][] = [
  [
    'paragraphs pointing at a missing text',
    'SELECT count(*) FROM paragraph p LEFT JOIN text t ON t.id = p.text WHERE t.id IS NULL',
  ],
  [
    'paragraphs of a missing story',
    'SELECT count(*) FROM paragraph p LEFT JOIN story s ON s.id = p.story WHERE s.id IS NULL',
  ],
  [
    'texts whose reference count is wrong',
    'SELECT count(*) FROM text t WHERE t.refs <> (SELECT count(*) FROM paragraph p WHERE p.text = t.id)',
  ],
  [
    'stories whose paragraph count is wrong',
    'SELECT count(*) FROM story s WHERE s.paragraphs <> (SELECT count(*) FROM paragraph p WHERE p.story = s.id)',
  ],
  [
    'texts whose shingle blob has the wrong length',
    'SELECT count(*) FROM text WHERE length(shingles) <> 4 * size OR size = 0',
  ],
  [
    'postings of a missing text',
    'SELECT count(*) FROM posting p LEFT JOIN text t ON t.id = p.text WHERE t.id IS NULL',
  ],
  [
    "postings whose size is not their text's",
    'SELECT count(*) FROM posting p JOIN text t ON t.id = p.text WHERE t.size <> p.size',
  ],
];

/** Prefix postings the index should hold (by its texts' sizes and lowest threshold). */
function expectedPrefixRows(h: SqliteHandle): number {
  const sizes = h.db.prepare('SELECT size, count(*) AS n FROM text GROUP BY size').all() as {
    size: number;
    n: number;
  }[];
  return expectedPrefixes(sizes, h.settings.lowestThreshold);
}

/** Counts, size on disk, dates and settings, in one read (`meta`: the index's meta table). */
export function describeSqlite(h: SqliteHandle, meta: Record<string, string>): ArchiveStats {
  const one = (sql: string) => h.db.prepare(sql).pluck().get() as number | null;
  let bytes = 0;
  for (const f of [h.file, `${h.file}-wal`]) {
    try {
      bytes += fs.statSync(f).size;
    } catch {
      // no WAL file
    }
  }
  let result!: ArchiveStats;
  h.db.transaction(() => {
    result = {
      stories: one('SELECT count(*) FROM story') ?? 0,
      paragraphs: one('SELECT coalesce(sum(paragraphs), 0) FROM story') ?? 0,
      distinctParagraphs: one('SELECT count(*) FROM text') ?? 0,
      postings: one('SELECT coalesce(sum(size), 0) FROM text') ?? 0,
      prefixPostings: expectedPrefixRows(h),
      bytes,
      oldest: one('SELECT min(date) FROM story'),
      newest: one('SELECT max(date) FROM story'),
      settings: h.settings,
      createdBy: meta.createdBy ?? '',
      createdAt: meta.createdAt ?? '',
    };
  })();
  return result;
}

/**
 * Checks the file (`PRAGMA integrity_check`) and the index's own invariants (every paragraph's
 * text exists, reference counts, story paragraph counts, one posting per shingle, prefix
 * lengths, blob sizes). Returns the problems found; empty when the index is sound.
 */
export function verifySqlite(h: SqliteHandle): string[] {
  try {
    return fileAndIndexProblems(h);
  } catch (error) {
    // Damage that stops SQLite's own check (or a query of the invariants) midway is a problem
    // found, as any other: `index verify` reports it (exit 1), it does not fail.
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && isCorruptionCode(code))
      return [
        `SQLite stopped reading the file at damage it cannot step over: ${(error as Error).message} (${code}); rebuild the index`,
      ];
    throw error;
  }
}

/** {@link verifySqlite}'s checks, throwing what SQLite throws. */
function fileAndIndexProblems(h: SqliteHandle): string[] {
  const problems: string[] = [];
  const integrity = h.db.pragma('integrity_check') as { integrity_check: string }[];
  for (const row of integrity) {
    if (row.integrity_check !== 'ok') problems.push(`integrity_check: ${row.integrity_check}`);
  }
  if (problems.length > 0) return problems;
  const one = (sql: string) => (h.db.prepare(sql).pluck().get() as number | null) ?? 0;
  h.db.transaction(() => {
    for (const [what, sql] of CHECKS) {
      const n = one(sql);
      if (n > 0) problems.push(`${n} ${what}`);
    }
    problems.push(
      ...postingProblems(
        one('SELECT count(*) FROM posting'),
        one('SELECT coalesce(sum(size), 0) FROM text'),
        one('SELECT count(*) FROM posting WHERE prefix = 1'),
        expectedPrefixRows(h),
      ),
    );
  })();
  return problems;
}
