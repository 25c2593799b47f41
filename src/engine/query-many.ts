/**
 * Many queries at once: what `Corpus.query` answers for each of a few documents (the
 * stories under check) against many stored ones (the archive), computed the other way round.
 * The queries' paragraphs are indexed (a small posting map) and every stored paragraph is
 * streamed past them once, so the archive is tokenized and shingled but never indexed. Exact:
 * every stored paragraph sharing a shingle with a query paragraph is counted, and the same
 * predicates decide (classifyMatch), so each answer equals the Corpus's for the same documents.
 */

import type { ParagraphFindings, QueryResult } from './corpus.js';
import type { SourceDocument } from './detect.js';
import { checkOptions, ENGINE_OPTION_KEYS, type EngineOptions } from './options.js';
import {
  assembleQueryResult,
  classifyMatch,
  emptyFindings,
  indexableParagraphs,
  type IndexableParagraph,
} from './paragraph-index.js';

interface QueryParagraph {
  path: string;
  paragraph: IndexableParagraph;
  findings: ParagraphFindings;
}

/**
 * For each document of `queries` (distinct paths), the stored paragraphs of `stored` that its
 * paragraphs duplicate or partly reuse, as `Corpus.query` gives after `add`ing every stored
 * document: paragraphs stored under a query's own path are never matched (a story may lie inside
 * the archive). Stored documents are read once, in order, and must have distinct paths (a Corpus
 * keeps one document per path). Returns a map from query path to its result.
 */
export function queryMany(
  queries: readonly SourceDocument[],
  stored: Iterable<SourceDocument>,
  options: EngineOptions,
): Map<string, QueryResult> {
  checkOptions(options, ENGINE_OPTION_KEYS, 'queryMany');
  const { probes, byQuery, postings } = probesOf(queries, options);
  if (probes.length > 0) matchStored(stored, probes, postings, options);
  const results = new Map<string, QueryResult>();
  for (const [path, { words, findings }] of byQuery)
    results.set(path, assembleQueryResult(path, words, findings));
  return results;
}

/**
 * The queries' paragraphs as probes (in order), each query's words and findings by path, and the
 * probes holding each shingle (postings: shingle → probe numbers, ascending).
 */
function probesOf(queries: readonly SourceDocument[], options: EngineOptions) {
  const probes: QueryParagraph[] = [];
  const byQuery = new Map<string, { words: number; findings: ParagraphFindings[] }>();
  const postings = new Map<number, number[]>();
  for (const document of queries) {
    const { paragraphs, words } = indexableParagraphs(document, options);
    const mine = { words, findings: [] as ParagraphFindings[] };
    byQuery.set(document.path, mine);
    for (const paragraph of paragraphs) {
      const id = probes.length;
      const findings = emptyFindings(paragraph);
      mine.findings.push(findings);
      probes.push({ path: document.path, paragraph, findings });
      for (const s of paragraph.shingles) {
        const list = postings.get(s);
        if (list) list.push(id);
        else postings.set(s, [id]);
      }
    }
  }
  return { probes, byQuery, postings };
}

/**
 * Reads the stored documents once, in order: each paragraph's shared shingles with each probe
 * are counted, and a duplicate or partial reuse goes to that probe's findings (never one of the
 * probe's own path).
 */
function matchStored(
  stored: Iterable<SourceDocument>,
  probes: readonly QueryParagraph[],
  postings: ReadonlyMap<number, number[]>,
  options: EngineOptions,
): void {
  const counts = new Map<number, number>();
  for (const document of stored) {
    for (const other of indexableParagraphs(document, options).paragraphs) {
      counts.clear();
      for (const s of other.shingles) {
        const list = postings.get(s);
        if (!list) continue;
        for (const id of list) counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      for (const [id, intersection] of counts) {
        const probe = probes[id];
        if (probe.path === document.path) continue;
        const found = classifyMatch(
          intersection,
          probe.paragraph.shingles.length,
          other.shingles.length,
          {
            path: document.path,
            line: other.line,
            endLine: other.endLine,
            paragraph: other.index,
            text: other.text,
          },
          options,
        );
        if (!found) continue;
        if (found.kind === 'duplicate') probe.findings.duplicates.push(found.match);
        else probe.findings.partials.push(found.match);
      }
    }
  }
}
