/**
 * The prepared statements of an open SQLite index, and the handle its parts (writer, queries,
 * checks) share: the database, its statements, the index's settings and the query options.
 */

import type Database from 'better-sqlite3';
import type { EngineOptions } from '../engine/options.js';
import type { IndexSettings } from './index-settings.js';
import type { DB } from './sqlite-schema.js';
import { COUNT_AT_ADD, fromBlob, isSortedSet, unsortedSetError } from './stored-texts.js';

/** Rows per multi-row INSERT when writing postings. */
export const ROWS_PER_INSERT = 256;

/** Prepares the statements an index runs again and again (once per connection). */
export function prepareStatements(db: DB): Statements {
  return {
    storyByPath: db.prepare('SELECT id, hash, published FROM story WHERE path = ?'),
    insertStory: db.prepare(
      'INSERT INTO story (path, hash, date, added, paragraphs, words, published) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    redate: db.prepare('UPDATE story SET published = ?, date = coalesce(?, date) WHERE id = ?'),
    deleteStory: db.prepare('DELETE FROM story WHERE id = ?'),
    textsOfStory: db.prepare('SELECT text FROM paragraph WHERE story = ?').pluck(),
    deleteParagraphs: db.prepare('DELETE FROM paragraph WHERE story = ?'),
    insertParagraph: db.prepare(
      'INSERT INTO paragraph (story, line, end_line, position, words, text, body) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    textsByKeys: db.prepare(
      'SELECT id, key, size, shingles, body FROM text WHERE key IN (SELECT value FROM json_each(?))',
    ),
    insertText: db.prepare(
      'INSERT INTO text (key, size, shingles, body, refs) VALUES (?, ?, ?, ?, 1)',
    ),
    refText: db.prepare('UPDATE text SET refs = refs + 1 WHERE id = ?'),
    unrefText: db.prepare('UPDATE text SET refs = refs - 1 WHERE id = ? RETURNING refs').pluck(),
    textById: db.prepare('SELECT size, shingles FROM text WHERE id = ?'),
    deleteText: db.prepare('DELETE FROM text WHERE id = ?'),
    insertPosting: db.prepare(
      'INSERT INTO posting (token, prefix, size, text) VALUES (?, ?, ?, ?)',
    ),
    deletePosting: db.prepare(
      'DELETE FROM posting WHERE token = ? AND prefix IN (0, 1) AND size = ? AND text = ?',
    ),
    countPostingsOf: db
      .prepare(
        'SELECT (SELECT count(*) FROM (SELECT 1 FROM posting WHERE token = j.value ' +
          `LIMIT ${COUNT_AT_ADD})) FROM json_each(?) j ORDER BY j.key`,
      )
      .pluck(),
    insertPostings: db.prepare(
      `INSERT INTO posting (token, prefix, size, text) VALUES ${Array(ROWS_PER_INSERT).fill('(?, ?, ?, ?)').join(', ')}`,
    ),
    probePrefix: db
      .prepare(
        'SELECT p.text FROM json_each(@tokens) j JOIN posting p ' +
          'ON p.token = j.value AND p.prefix = 1 AND p.size <= @size',
      )
      .pluck(),
    countUpTo: db
      .prepare(
        'SELECT (SELECT count(*) FROM (SELECT 1 FROM posting WHERE token = j.value ' +
          'AND prefix IN (0, 1) AND size >= @size LIMIT @cap)) FROM json_each(@tokens) j ORDER BY j.key',
      )
      .pluck(),
    probePostings: db
      .prepare(
        'SELECT p.text FROM json_each(@tokens) j JOIN posting p ' +
          'ON p.token = j.value AND p.prefix IN (0, 1) AND p.size >= @size',
      )
      .pluck(),
    textsById: db.prepare(
      'SELECT id, size, shingles FROM text WHERE id IN (SELECT value FROM json_each(?))',
    ),
    occurrences: db.prepare(
      'SELECT s.path AS path, p.line AS line, p.end_line AS endLine, p.position AS paragraph, ' +
        'p.words AS words, t.id AS id, t.key AS key, coalesce(p.body, t.body) AS body ' +
        'FROM paragraph p JOIN story s ON s.id = p.story JOIN text t ON t.id = p.text WHERE p.text = ?',
    ),
    paragraphText: db.prepare(
      'SELECT t.id AS id, t.key AS key, coalesce(p.body, t.body) AS body FROM story s ' +
        'JOIN paragraph p ON p.story = s.id JOIN text t ON t.id = p.text WHERE s.path = ? AND p.line = ?',
    ),
    storiesBefore: db.prepare('SELECT path FROM story WHERE date < ? ORDER BY path').pluck(),
  };
}

/** The prepared statements of one connection, by name. */
export type Statements = Record<StatementName, Database.Statement>;

/** The names of the statements. */
type StatementName =
  | 'storyByPath'
  | 'insertStory'
  | 'redate'
  | 'deleteStory'
  | 'textsOfStory'
  | 'deleteParagraphs'
  | 'insertParagraph'
  | 'textsByKeys'
  | 'insertText'
  | 'refText'
  | 'unrefText'
  | 'textById'
  | 'deleteText'
  | 'insertPosting'
  | 'deletePosting'
  | 'countPostingsOf'
  | 'insertPostings'
  | 'probePrefix'
  | 'countUpTo'
  | 'probePostings'
  | 'textsById'
  | 'occurrences'
  | 'paragraphText'
  | 'storiesBefore';

/** What the parts of an open SQLite index share. */
export interface SqliteHandle {
  /** The open database. */
  readonly db: DB;
  /** The index file (as shown in messages). */
  readonly file: string;
  /** The connection's prepared statements. */
  readonly s: Statements;
  /** The settings the index was built with. */
  readonly settings: IndexSettings;
  /** The options queries use. */
  readonly options: EngineOptions;
}

/** A stored text's row: its size and shingle blob. */
export interface TextRow {
  size: number;
  shingles: Buffer;
}

/** A stored text's body row, as its key is checked against. */
export interface BodyRow {
  id: number;
  key: number;
  body: string;
}

/** The shingle set of a stored text; throws the damaged-index error when the blob is not one. */
export function storedSet(file: string, id: number, size: number, blob: Buffer): Uint32Array {
  const set = blob.length === 4 * size ? fromBlob(blob) : null;
  if (set && isSortedSet(set, size)) return set;
  throw unsortedSetError(file, id);
}
