/**
 * An incremental, in-memory corpus: add documents one at a time and ask which of a new document's
 * paragraphs repeat paragraphs already added, without adding it. Exact: every stored paragraph
 * sharing a shingle with a query paragraph is counted (ScanCount over full postings), and the
 * same predicates as the batch scan decide duplicates and partial reuse, so a query gives the
 * same pairs and similarities as a full scan would for that document.
 */

import {
  checkOptions,
  ENGINE_OPTION_KEYS,
  resolveEngineOptions,
  type EngineOptions,
} from './options.js';
import { UsageError } from '../errors.js';
import type { SourceDocument } from './detect.js';
import {
  assembleQueryResult,
  classifyMatch,
  emptyFindings,
  indexableParagraphs,
  type IndexStats,
  type Match,
  type ParagraphFindings,
  type ParagraphStore,
  type QueryResult,
} from './paragraph-index.js';

// The query result types live with the store interface (every backend answers with them).
export type { Match, ParagraphFindings, QueryResult };

interface StoredParagraph {
  path: string;
  line: number;
  endLine: number;
  paragraph: number;
  text: string;
  shingles: Uint32Array;
}

/** A stored document: its paragraphs' ids, and what it was (to skip an unchanged re-add). */
interface StoredDocument {
  ids: number[];
  text: string;
  paragraphs: SourceDocument['paragraphs'];
}

/**
 * Checks a document given through the API: an object with a string `path` and `text` (and,
 * when given, `paragraphs` an array); throws UsageError (code `INVALID_DOCUMENT`).
 */
export function checkDocument(
  document: unknown,
  where: string,
): asserts document is SourceDocument {
  const d = document as Partial<SourceDocument> | null;
  const problem =
    d === null || typeof d !== 'object'
      ? 'expected a document {path, text}'
      : typeof d.path !== 'string'
        ? 'its "path" must be a string'
        : typeof d.text !== 'string'
          ? `its "text" must be a string (document ${JSON.stringify(d.path)})`
          : d.paragraphs !== undefined && !Array.isArray(d.paragraphs)
            ? `its "paragraphs" must be an array (document ${JSON.stringify(d.path)})`
            : null;
  if (problem) throw new UsageError(`${where}: ${problem}`, 'INVALID_DOCUMENT');
}

/** Options of {@link Corpus}: the engine options. */
const CORPUS_OPTION_KEYS: readonly string[] = ENGINE_OPTION_KEYS;

/**
 * An in-memory corpus of paragraphs for incremental queries (see the module comment). Removed
 * and replaced documents' paragraphs are freed: once they outnumber the live ones the corpus is
 * compacted (ids renumbered, posting lists rebuilt), so a query costs what the live paragraphs
 * cost however often stories are saved again (`compact()` does it at once).
 */
export class Corpus implements ParagraphStore {
  /** The options in effect (defaults filled in). */
  readonly options: EngineOptions;
  private stored: (StoredParagraph | null)[] = [];
  private postings = new Map<number, number[]>();
  private readonly byPath = new Map<string, StoredDocument>();
  /** Paragraphs removed but still in `stored` and the posting lists. */
  private dead = 0;

  /**
   * Creates an empty corpus; options default as in `DEFAULT_ENGINE_OPTIONS` (in `dupgraf/engine`). Throws
   * InvalidOptionError for an unknown key or a bad value.
   */
  constructor(options: Partial<EngineOptions> = {}) {
    checkOptions(options, CORPUS_OPTION_KEYS, 'Corpus');
    this.options = resolveEngineOptions(options);
  }

  /** Number of paragraphs stored (those with at least `minWords` words). */
  get paragraphCount(): number {
    return this.stored.length - this.dead;
  }

  /** Counts of stored stories and paragraphs (the {@link ParagraphStore} view). */
  stats(): IndexStats {
    return { stories: this.byPath.size, paragraphs: this.paragraphCount };
  }

  /** Paths of the documents stored, sorted. */
  get paths(): string[] {
    return [...this.byPath.keys()].sort();
  }

  /**
   * Adds a document, replacing any document stored under the same path; a document identical to
   * the one stored (same text and paragraphs) is left as it is. Returns whether anything changed.
   */
  add(document: SourceDocument): boolean {
    checkDocument(document, 'Corpus.add');
    const old = this.byPath.get(document.path);
    if (
      old &&
      old.text === document.text &&
      JSON.stringify(old.paragraphs) === JSON.stringify(document.paragraphs)
    )
      return false;
    this.remove(document.path);
    const ids: number[] = [];
    for (const p of indexableParagraphs(document, this.options).paragraphs) {
      const id = this.stored.length;
      this.stored.push({
        path: document.path,
        line: p.line,
        endLine: p.endLine,
        paragraph: p.index,
        text: p.text,
        shingles: p.shingles,
      });
      ids.push(id);
      for (const s of p.shingles) {
        const list = this.postings.get(s);
        if (list) list.push(id);
        else this.postings.set(s, [id]);
      }
    }
    this.byPath.set(document.path, {
      ids,
      text: document.text,
      paragraphs: document.paragraphs,
    });
    return true;
  }

  /** Removes a document by path; returns whether it was stored. */
  remove(path: string): boolean {
    const stored = this.byPath.get(path);
    if (!stored) return false;
    for (const id of stored.ids) this.stored[id] = null;
    this.dead += stored.ids.length;
    this.byPath.delete(path);
    if (this.dead > 1024 && this.dead > this.stored.length / 2) this.compact();
    return true;
  }

  /**
   * Frees the paragraphs of removed and replaced documents now: ids are renumbered and posting
   * lists rebuilt from the live paragraphs (answers are unchanged).
   */
  compact(): void {
    if (this.dead === 0) return;
    const renumbered = new Int32Array(this.stored.length).fill(-1);
    const live: StoredParagraph[] = [];
    this.stored.forEach((p, id) => {
      if (p === null) return;
      renumbered[id] = live.length;
      live.push(p);
    });
    const postings = new Map<number, number[]>();
    for (const [s, list] of this.postings) {
      const kept: number[] = [];
      for (const id of list) if (renumbered[id] >= 0) kept.push(renumbered[id]);
      if (kept.length > 0) postings.set(s, kept);
    }
    for (const d of this.byPath.values()) d.ids = d.ids.map((id) => renumbered[id]);
    this.stored = live;
    this.postings = postings;
    this.dead = 0;
  }

  /**
   * Finds, for each paragraph of `document`, the stored paragraphs it duplicates or partly reuses,
   * without adding it. Paragraphs stored under the document's own path are never matched.
   */
  query(document: SourceDocument): QueryResult {
    checkDocument(document, 'Corpus.query');
    const { paragraphs, words } = indexableParagraphs(document, this.options);
    const findings: ParagraphFindings[] = [];
    const counts = new Map<number, number>();
    for (const p of paragraphs) {
      counts.clear();
      for (const s of p.shingles) {
        const list = this.postings.get(s);
        if (!list) continue;
        for (const id of list) counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      const found = emptyFindings(p);
      for (const [id, inter] of counts) {
        const other = this.stored[id];
        if (other === null || other.path === document.path) continue;
        const match = classifyMatch(
          inter,
          p.shingles.length,
          other.shingles.length,
          other,
          this.options,
        );
        if (match?.kind === 'duplicate') found.duplicates.push(match.match);
        else if (match) found.partials.push(match.match);
      }
      findings.push(found);
    }
    return assembleQueryResult(document.path, words, findings);
  }
}
