/**
 * An incremental, in-memory corpus: add documents one at a time and ask which of a new document's
 * paragraphs repeat paragraphs already added, without adding it. Exact: every stored paragraph
 * sharing a shingle with a query paragraph is counted (ScanCount over full postings), and the
 * same predicates as the batch scan decide duplicates and partial reuse, so a query gives the
 * same pairs and similarities as a full scan would for that document.
 */

import { resolveEngineOptions, type EngineOptions } from './options.js';
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
  alive: boolean;
}

/** An in-memory corpus of paragraphs for incremental queries (see the module comment). */
export class Corpus implements ParagraphStore {
  /** The options in effect (defaults filled in). */
  readonly options: EngineOptions;
  private readonly stored: StoredParagraph[] = [];
  private readonly postings = new Map<number, number[]>();
  private readonly byPath = new Map<string, number[]>();

  /** Creates an empty corpus; options default as in {@link DEFAULT_ENGINE_OPTIONS}. */
  constructor(options: Partial<EngineOptions> = {}) {
    this.options = resolveEngineOptions(options);
  }

  /** Number of paragraphs stored (those with at least `minWords` words). */
  get paragraphCount(): number {
    let n = 0;
    for (const ids of this.byPath.values()) n += ids.length;
    return n;
  }

  /** Counts of stored stories and paragraphs (the {@link ParagraphStore} view). */
  stats(): IndexStats {
    return { stories: this.byPath.size, paragraphs: this.paragraphCount };
  }

  /** Paths of the documents stored, sorted. */
  get paths(): string[] {
    return [...this.byPath.keys()].sort();
  }

  /** Adds a document (replacing any document stored under the same path). */
  add(document: SourceDocument): void {
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
        alive: true,
      });
      ids.push(id);
      for (const s of p.shingles) {
        const list = this.postings.get(s);
        if (list) list.push(id);
        else this.postings.set(s, [id]);
      }
    }
    this.byPath.set(document.path, ids);
  }

  /** Removes a document by path; returns whether it was stored. */
  remove(path: string): boolean {
    const ids = this.byPath.get(path);
    if (!ids) return false;
    for (const id of ids) this.stored[id].alive = false;
    this.byPath.delete(path);
    return true;
  }

  /**
   * Finds, for each paragraph of `document`, the stored paragraphs it duplicates or partly reuses,
   * without adding it. Paragraphs stored under the document's own path are never matched.
   */
  query(document: SourceDocument): QueryResult {
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
        if (!other.alive || other.path === document.path) continue;
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
