/**
 * The PostgreSQL index's schema versions: the migrations ({@link PG_MIGRATIONS}) that make and
 * upgrade its tables (applied by postgres-index.ts under the advisory lock {@link SCHEMA_LOCK}),
 * kept apart from the code that talks to the server so their published types need no `pg`.
 */

/** The schema version this dupgraf makes and reads (the last of {@link PG_MIGRATIONS}). */
export const PG_SCHEMA_VERSION = 5;
/** Layout version recorded as `format` (the same meaning as the SQLite index's). */
export const FORMAT = 4;

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
  {
    version: 5,
    description:
      'a story’s paragraphs keyed by their number, not their line (two may share a line)',
    sql: (s) => `
ALTER TABLE ${s}.paragraph DROP CONSTRAINT paragraph_pkey, ADD PRIMARY KEY (story, position);
UPDATE ${s}.meta SET value = '4' WHERE key = 'format';`,
  },
];

/** Advisory lock key of schema changes (with the schema's hash as the second key). */
export const SCHEMA_LOCK = 0x64677266;
