/**
 * A story as the archive stores it, prepared once wherever it is read (a worker thread of
 * `index add`, or the calling thread of `addMany`): path, content hash, publication date, date,
 * words and its indexable paragraphs with their shingles. Every backend stores these; none
 * re-reads the text.
 */

import { createHash } from 'node:crypto';
import type { SourceDocument } from '../engine/detect.js';
import type { EngineOptions } from '../engine/options.js';
import {
  indexableParagraphs,
  type IndexableParagraph,
  type StoredParagraph,
} from '../engine/paragraph-index.js';
import type { FileWarning } from '../engine/report.js';
import type { ReadResult } from '../sources/read.js';
import { parseDate } from '../sources/publication-date.js';
import { flattenRecordsUniquely, noteRenamedRecords } from '../sources/record-names.js';
import { storyDate } from './story-date.js';

/**
 * A document to archive: a {@link SourceDocument} with what the archive records about it. Its
 * `published` (the publication date, as the sources find it) is stored with it; check and
 * scan against the archive order copies by it.
 */
export interface ArchiveDocument extends SourceDocument {
  /** The story's date, ms since the epoch (for `prune`). Default: `published`, else now. */
  date?: number;
  /** Content hash; an unchanged hash skips the document. Default: SHA-256 of `text`. */
  hash?: string;
}

/** A story ready to store (see the module comment). */
export interface PreparedStory {
  /** Path as reports show it (the story's key in the index). */
  path: string;
  /** Content hash (SHA-256 hex of the text unless the caller gave one). */
  hash: string;
  /** ms since the epoch, or null for "now" (when it is stored); what `prune` goes by. */
  date: number | null;
  /**
   * The publication date (ISO 8601: `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SSZ`), as the sources
   * find it (see sources/publication-date.ts); undefined when the story is undated.
   */
  published?: string;
  /** Words in the whole story (short paragraphs included). */
  words: number;
  /** Paragraphs with at least `minWords` words, in order, shingles sorted. */
  paragraphs: IndexableParagraph[];
}

/** SHA-256 (hex) of a document's text: the content hash that decides "unchanged". */
export function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Prepares one document for storing (see {@link PreparedStory}). */
export function prepareArchiveStory(
  document: ArchiveDocument,
  options: Pick<EngineOptions, 'minWords' | 'shingleSize'>,
): PreparedStory {
  const { paragraphs, words } = indexableParagraphs(document, options);
  const published = publishedOf(document);
  const date = document.date ?? (published === undefined ? undefined : Date.parse(published));
  return {
    path: document.path,
    hash: document.hash ?? contentHash(document.text),
    date: date === undefined || !Number.isFinite(date) ? null : Math.round(date),
    ...(published === undefined ? {} : { published }),
    words,
    paragraphs,
  };
}

/**
 * A document's publication date in the form the sources write it (a date given another way
 * through the API, e.g. with an offset, is turned into it); undefined when it has none or it is
 * not a date.
 */
function publishedOf(document: Pick<SourceDocument, 'published'>): string | undefined {
  if (typeof document.published !== 'string') return undefined;
  return parseDate(document.published)?.date;
}

/**
 * The archive documents of one file read by a reader (one per record of a JSON/JSONL file, named
 * `path#record`, a repeated id `path#record@line`), with content hash, publication date (as the
 * reader found it) and date (the publication date, else the reader's date, else a front matter
 * date, else `mtimeMs`), and the file's warnings.
 */
export function archiveDocumentsOf(
  read: ReadResult,
  display: string,
  mtimeMs: number,
): { documents: ArchiveDocument[]; warnings: FileWarning[] } {
  if (!read.ok) return { documents: [], warnings: [read.warning] };
  // Stories are stored by name: a later record with an earlier one's id is stored as
  // `path#id@line` rather than replacing it, and its warning says so.
  const flat = flattenRecordsUniquely(read.documents);
  return {
    documents: flat.documents.map((document) => ({
      ...document,
      hash: contentHash(document.text),
      date:
        publishedMs(document) ??
        metadataDate(document.metadata?.date) ??
        storyDate(document.text, mtimeMs),
    })),
    warnings: noteRenamedRecords(read.warnings, flat.renamed, display, 'stored'),
  };
}

/** A document's publication instant, ms since the epoch; null when undated. */
function publishedMs(document: Pick<SourceDocument, 'published'>): number | null {
  const published = publishedOf(document);
  return published === undefined ? null : Date.parse(published);
}

/** A reader's date (front matter, `<meta>`, NITF, JSON field) in ms, when it parses. */
export function metadataDate(date: string | undefined): number | null {
  if (date === undefined) return null;
  // NITF's compact ISO 8601 (`20260602T091500+0100`) made readable for Date.parse.
  const m = /^(\d{4})(\d\d)(\d\d)(?:T(\d\d)(\d\d)(\d\d)?(Z|[+-]\d\d:?\d\d)?)?$/.exec(date);
  const text = m
    ? `${m[1]}-${m[2]}-${m[3]}${m[4] ? `T${m[4]}:${m[5]}:${m[6] ?? '00'}${m[7] ?? ''}` : ''}`
    : date;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}

/** A stored story and its stored paragraphs (`story(path)` of the SQLite and PostgreSQL indexes). */
export interface StoredStory {
  path: string;
  /** Content hash (see {@link contentHash}). */
  hash: string;
  /** The story's date and when it was added, ms since the epoch. */
  date: number;
  added: number;
  /** Word tokens in the whole story (short paragraphs included). */
  words: number;
  /** The paragraphs stored (those with at least min-words words), by line. */
  paragraphs: StoredParagraph[];
}
