/**
 * The paragraph store interface ({@link ParagraphStore}: add, remove, query, stats), in the
 * engine's terms, and the pure pieces every backend shares.
 *
 * A paragraph store (an index of paragraphs) stores documents' paragraphs and answers, for a new document, which stored
 * paragraphs each of its paragraphs duplicates (Jaccard ≥ threshold) or partly reuses
 * (containment ≥ containment threshold, either direction), without adding it. The in-memory
 * {@link Corpus} and the SQLite archive (`openIndex`) implement it; a shared PostgreSQL backend
 * could implement it too: every method may return a promise, and callers always `await`.
 *
 * The helpers here (paragraph extraction, prefix length, match building, result assembly) keep
 * every backend's answer identical to {@link Corpus.query} for the same stored documents.
 */

import { tokenize } from './normalize.js';
import type { EngineOptions, TextOptions } from './options.js';
import { paragraphKind } from './paragraph-kind.js';
import { round4, type Location } from './report.js';
import { segment } from './segment.js';
import { fingerprint, shingleSet } from './shingle.js';
import { ceilSafe, isDuplicate, isPartial, jaccardOf } from './similarity.js';
import type { SourceDocument } from './detect.js';

/** A stored paragraph that a query paragraph matches. */
export interface Match extends Location {
  /** Last line of the stored paragraph, 1-based. */
  endLine: number;
  /** Position of the stored paragraph in its story, 1-based. */
  paragraph: number;
  /** The stored paragraph's text, white space collapsed to single spaces. */
  text: string;
  /** Shingle Jaccard, 0..1 (4 decimals). */
  jaccard: number;
  /** Share of the query paragraph's shingles found in the stored one, 0..1 (4 decimals). */
  containmentQuery: number;
  /** Share of the stored paragraph's shingles found in the query one, 0..1 (4 decimals). */
  containmentStored: number;
}

/** What a query found for one paragraph of the queried document. */
export interface ParagraphFindings {
  /** First line, 1-based. */
  line: number;
  /** Last line, 1-based. */
  endLine: number;
  /** Position in the document, 1-based. */
  paragraph: number;
  /** Word tokens. */
  words: number;
  /** The paragraph's text, white space collapsed. */
  text: string;
  /** Stored paragraphs with Jaccard ≥ threshold, sorted by path then line. */
  duplicates: Match[];
  /** Stored paragraphs that are partial reuse (containment ≥ threshold, not duplicates). */
  partials: Match[];
}

/** The result of {@link ParagraphStore.query} for one document. */
export interface QueryResult {
  path: string;
  /** Every paragraph with at least `minWords` words, in document order. */
  paragraphs: ParagraphFindings[];
  /** Words in the whole document. */
  words: number;
  /** Words in paragraphs that have a duplicate in the corpus. */
  duplicateWords: number;
  /** duplicateWords / words, 0..1 (4 decimals). */
  boilerplateShare: number;
}

/** A value or a promise of it: backends may answer synchronously (SQLite) or not (a server). */
export type Awaitable<T> = T | Promise<T>;

/** Counts of what an index holds. */
export interface IndexStats {
  /** Documents (stories) stored. */
  stories: number;
  /** Paragraphs stored (those with at least `minWords` words). */
  paragraphs: number;
}

/** What a paragraph store can do (see the module comment). */
export interface ParagraphStore {
  /** The engine options queries use (threshold, containment, shingleSize, minWords). */
  readonly options: EngineOptions;
  /** Adds a document, replacing any document stored under the same path. */
  add(document: SourceDocument): Awaitable<unknown>;
  /** Removes the document stored under `path`; resolves to whether there was one. */
  remove(path: string): Awaitable<boolean>;
  /**
   * The stored paragraphs each paragraph of `document` duplicates or partly reuses; the document
   * is not added, and paragraphs stored under its own path are never matched.
   */
  query(document: SourceDocument): Awaitable<QueryResult>;
  /** Counts of stored stories and paragraphs. */
  stats(): Awaitable<IndexStats>;
}

/** A stored paragraph of a stored story, as a store shows it (e.g. `GET /v1/stories/{id}`). */
export interface StoredParagraph {
  /** Position in its story, 1-based. */
  paragraph: number;
  /** First and last line, 1-based. */
  line: number;
  endLine: number;
  /** Word tokens. */
  words: number;
  /** Text, white space collapsed (of the first stored copy of the same normalized words). */
  text: string;
}

/** A paragraph as an index stores and probes it. */
export interface IndexableParagraph {
  /** Position in the document, 1-based. */
  index: number;
  /** First line, 1-based. */
  line: number;
  /** Last line, 1-based, inclusive. */
  endLine: number;
  /** The paragraph's text, white space collapsed to single spaces. */
  text: string;
  /** Words (tokens with a letter, as `minWords` counts them). */
  words: number;
  /** 53-bit fingerprint of the normalized word sequence (the scan's exact-copy key). */
  fingerprint: number;
  /** Shingle hashes, ascending, no repeats. */
  shingles: Uint32Array;
}

/**
 * Splits a document (or a text) into the paragraphs an index considers (those a scan compares:
 * at least `minWords` words, figure rows only with `includeTables`), with their shingles: the
 * reader's `paragraphs` when it found them (HTML/XML), else `segment(text)`. `words` is the word
 * count of the whole document (short paragraphs included).
 */
export function indexableParagraphs(
  document: string | Pick<SourceDocument, 'text' | 'paragraphs'>,
  options: Pick<EngineOptions, 'minWords' | 'shingleSize'> & Partial<TextOptions>,
): { paragraphs: IndexableParagraph[]; words: number } {
  const paragraphs: IndexableParagraph[] = [];
  let words = 0;
  const spans =
    typeof document === 'string'
      ? segment(document)
      : (document.paragraphs ?? segment(document.text));
  for (const span of spans) {
    const tokens = tokenize(span.text, options);
    words += tokens.words;
    if (paragraphKind(tokens, options) !== 'compared') continue;
    paragraphs.push({
      index: span.index,
      line: span.line,
      endLine: span.endLine,
      text: span.text.replace(/\s+/g, ' '),
      words: tokens.words,
      fingerprint: fingerprint(tokens.hashes),
      shingles: shingleSet(tokens.hashes, options.shingleSize),
    });
  }
  return { paragraphs, words };
}

/**
 * How many of a set's shingles must be looked at so that any set sharing at least
 * ⌈floor·size⌉ of them shares one of those (pigeonhole): size − ⌈floor·size⌉ + 1, at least 1,
 * at most size. `floor` in (0, 1].
 */
export function prefixLength(size: number, floor: number): number {
  return Math.max(1, Math.min(size, size - ceilSafe(floor * size) + 1));
}

/** Where a stored paragraph is and what it says, for a {@link Match}. */
export interface StoredLocation {
  path: string;
  /** First line, 1-based. */
  line: number;
  /** Last line, 1-based. */
  endLine: number;
  /** Position in its story, 1-based. */
  paragraph: number;
  /** Its text, white space collapsed to single spaces. */
  text: string;
}

/**
 * Classifies a stored paragraph against a query paragraph by their shingle counts, with the
 * scan's predicates: `duplicate` (Jaccard ≥ threshold), `partial` (containment ≥ containment,
 * not a duplicate) or `null`; `match` is the {@link Match} to report.
 */
export function classifyMatch(
  intersection: number,
  querySize: number,
  storedSize: number,
  at: StoredLocation,
  options: Pick<EngineOptions, 'threshold' | 'containment'>,
): { kind: 'duplicate' | 'partial'; match: Match } | null {
  let kind: 'duplicate' | 'partial';
  if (isDuplicate(intersection, querySize, storedSize, options.threshold)) kind = 'duplicate';
  else if (isPartial(intersection, querySize, storedSize, options.containment)) kind = 'partial';
  else return null;
  return {
    kind,
    match: {
      path: at.path,
      line: at.line,
      endLine: at.endLine,
      paragraph: at.paragraph,
      text: at.text,
      jaccard: round4(jaccardOf(intersection, querySize, storedSize)),
      containmentQuery: round4(intersection / querySize),
      containmentStored: round4(intersection / storedSize),
    },
  };
}

/** Empty findings for a query paragraph. */
export function emptyFindings(p: IndexableParagraph): ParagraphFindings {
  return {
    line: p.line,
    endLine: p.endLine,
    paragraph: p.index,
    words: p.words,
    text: p.text,
    duplicates: [],
    partials: [],
  };
}

const byPlace = (x: Match, y: Match) =>
  x.path < y.path ? -1 : x.path > y.path ? 1 : x.line - y.line;

/**
 * Sorts each paragraph's matches (by path, then line) and fills in the story figures, as
 * {@link Corpus.query} does. `words` is the word count of the whole document.
 */
export function assembleQueryResult(
  path: string,
  words: number,
  findings: ParagraphFindings[],
): QueryResult {
  let duplicateWords = 0;
  for (const f of findings) {
    f.duplicates.sort(byPlace);
    f.partials.sort(byPlace);
    if (f.duplicates.length > 0) duplicateWords += f.words;
  }
  return {
    path,
    paragraphs: findings,
    words,
    duplicateWords,
    boilerplateShare: words === 0 ? 0 : round4(duplicateWords / words),
  };
}

/** An index answering synchronously (the SQLite archive, the in-memory Corpus). */
export interface SyncQueryable {
  query(document: SourceDocument): QueryResult;
}

/**
 * Two indexes queried as one: `base` (e.g. the archive on disk) with `overlay` (e.g. the stories
 * under check, in memory) on top. Documents in the overlay replace base documents under the same
 * paths: base matches at those paths are dropped. Gives what one index holding both would give.
 */
export class OverlayIndex implements SyncQueryable {
  private readonly base: SyncQueryable;
  private readonly overlay: SyncQueryable;
  private readonly overlayPaths: ReadonlySet<string>;
  /** `overlayPaths`: the paths of the documents stored in `overlay`. */
  constructor(base: SyncQueryable, overlay: SyncQueryable, overlayPaths: Iterable<string>) {
    this.base = base;
    this.overlay = overlay;
    this.overlayPaths = new Set(overlayPaths);
  }

  /** Matches of `document` in both indexes (see the class comment); nothing is added. */
  query(document: SourceDocument): QueryResult {
    const a = this.base.query(document);
    const b = this.overlay.query(document);
    const keep = (m: Match) => !this.overlayPaths.has(m.path);
    const findings = a.paragraphs.map((p, i) => ({
      ...p,
      duplicates: [...p.duplicates.filter(keep), ...b.paragraphs[i].duplicates],
      partials: [...p.partials.filter(keep), ...b.paragraphs[i].partials],
    }));
    return assembleQueryResult(document.path, a.words, findings);
  }
}
