/**
 * The report of a scan against an archive (`dupgraf scan --index`): the scanned stories compared
 * with each other and with the archived paragraphs they repeat, in the ordinary report model.
 *
 * The archive backend supplies every archived paragraph that duplicates or partly reuses some
 * scanned paragraph (all its stored copies). The engine then treats those as extra documents:
 * exact copies collapse into the same nodes, the exact joins run over scanned and archived
 * paragraphs together, and only links that touch a scanned paragraph are kept (links between two
 * archived paragraphs are the archive's own business). So every pair and every story figure is
 * what a full scan over archive + scanned stories reports for the scanned stories; the groups are
 * built from those links only. `documents[]` and the summary cover the scanned stories only.
 * Pure: no file system, no process.
 */

import {
  buildReport,
  type Analysis,
  type DetectOptions,
  type ParagraphRecord,
  type SourceDocument,
  type TextNode,
} from './detect.js';
import { containmentSelfJoin, jaccardSelfJoin, rankByFrequency } from './join.js';
import { tokenize } from './normalize.js';
import { resolveEngineOptions, resolveTextOptions } from './options.js';
import { paragraphKind } from './paragraph-kind.js';
import { documentName, type ArchiveInfo, type Report } from './report.js';
import { segment, type ParagraphSpan } from './segment.js';
import { fingerprint, shingleSet } from './shingle.js';
import { isDuplicate, jaccardOf } from './similarity.js';

/** An archived paragraph as the archive backend hands it over. */
export interface ArchiveParagraphInput {
  path: string;
  /** First line, 1-based. */
  line: number;
  /** Last line, 1-based. */
  endLine: number;
  /** Position in its story, 1-based. */
  paragraph: number;
  /** The paragraph's text (white space may be collapsed). */
  text: string;
  /**
   * Its story's publication date (ISO 8601, as `SourceDocument.published`), when the archive
   * knows it: origins, re-sends and `window` order archived stories by it as they order scanned
   * ones. Paragraphs of one story give the same date (the first one given is taken).
   */
  published?: string;
}

/** Options of {@link detectAgainstArchive}: detect options plus what to say about the archive. */
export interface ArchiveDetectOptions extends DetectOptions {
  /** Written into `report.archive`. */
  archive: ArchiveInfo;
}

const byPath = (x: { path: string }, y: { path: string }) =>
  x.path < y.path ? -1 : x.path > y.path ? 1 : 0;

/** A document of the joint analysis: a scanned story, or an archived story's paragraphs. */
interface Entry {
  document: SourceDocument;
  /** The archived story's paragraphs (by line); null for a scanned story. */
  archived: ArchiveParagraphInput[] | null;
}

/**
 * Builds the report of `documents` scanned against the archived paragraphs `archived` (see the
 * module comment). Archived paragraphs stored under a scanned path are ignored: the scanned text
 * replaces them. Deterministic.
 */
export function detectAgainstArchive(
  documents: readonly SourceDocument[],
  archived: readonly ArchiveParagraphInput[],
  options: ArchiveDetectOptions,
): Report {
  const engine = { ...resolveEngineOptions(options), ...resolveTextOptions(options) };
  const scannedPaths = new Set(documents.map((d) => d.path));
  const entries = entriesOf(documents, archived, scannedPaths);
  const { paragraphs, nodes, scannedNode } = placeParagraphs(entries, engine);
  const analysis: Analysis = {
    options: engine,
    documents: entries.map((e) => e.document),
    paragraphs,
    nodes,
    ...linksTouchingScan(nodes, scannedNode, engine),
  };
  const report = buildReport(analysis, {
    pairs: options.pairs ?? false,
    tool: options.tool ?? { name: 'dupgraf', version: '0.0.0' },
    partialTexts: options.partialTexts ?? false,
    window: options.window,
  });
  keepScanned(report, analysis, scannedPaths);
  report.archive = options.archive;
  return report;
}

/**
 * The scanned documents and the archived stories (their paragraphs by line, those stored under
 * a scanned path left out), by path.
 */
function entriesOf(
  documents: readonly SourceDocument[],
  archived: readonly ArchiveParagraphInput[],
  scannedPaths: Set<string>,
): Entry[] {
  const archiveByPath = new Map<string, ArchiveParagraphInput[]>();
  for (const a of archived) {
    if (scannedPaths.has(a.path)) continue;
    const list = archiveByPath.get(a.path);
    if (list) list.push(a);
    else archiveByPath.set(a.path, [a]);
  }
  return [
    ...documents.map((d) => ({ document: d, archived: null as ArchiveParagraphInput[] | null })),
    ...[...archiveByPath].map(([path, list]) => {
      const published = list.find((a) => a.published !== undefined)?.published;
      const document: SourceDocument = { path, text: '', ...(published ? { published } : {}) };
      return { document, archived: list.sort((x, y) => x.line - y.line) };
    }),
  ].sort((x, y) => byPath(x.document, y.document));
}

/**
 * Every paragraph of the entries as a record, the compared ones collapsed into text nodes (exact
 * copies share one), and whether each node has a scanned copy.
 */
function placeParagraphs(
  entries: readonly Entry[],
  engine: Analysis['options'],
): { paragraphs: ParagraphRecord[]; nodes: TextNode[]; scannedNode: boolean[] } {
  const paragraphs: ParagraphRecord[] = [];
  const nodes: TextNode[] = [];
  const scannedNode: boolean[] = [];
  const byFingerprint = new Map<number, number[]>();
  const place = (doc: number, span: ParagraphSpan, scanned: boolean) => {
    const tokens = tokenize(span.text, engine);
    const kind = paragraphKind(tokens, engine);
    const record: ParagraphRecord = {
      doc,
      span,
      words: tokens.words,
      node: -1,
      kind,
      mixedScript: tokens.mixedScript,
    };
    paragraphs.push(record);
    if (kind !== 'compared') return;
    const fp = fingerprint(tokens.hashes);
    const shingles = shingleSet(tokens.hashes, engine.shingleSize);
    const same = byFingerprint.get(fp);
    let node = same?.find((id) => equal(nodes[id].shingles, shingles)) ?? -1;
    if (node < 0) {
      node = nodes.length;
      nodes.push({ shingles, fingerprint: fp, copies: [] });
      scannedNode.push(false);
      if (same) same.push(node);
      else byFingerprint.set(fp, [node]);
    }
    if (scanned) scannedNode[node] = true;
    record.node = node;
    nodes[node].copies.push(paragraphs.length - 1);
  };
  entries.forEach((entry, doc) => {
    if (entry.archived === null) {
      for (const span of entry.document.paragraphs ?? segment(entry.document.text))
        place(doc, span, true);
    } else {
      for (const a of entry.archived) {
        const span = {
          index: a.paragraph,
          line: a.line,
          endLine: a.endLine,
          start: 0,
          end: 0,
          text: a.text,
        };
        place(doc, span, false);
      }
    }
  });
  return { paragraphs, nodes, scannedNode };
}

/**
 * The exact joins over all nodes (scanned and archived together), keeping the links that touch
 * a scanned node: duplicates with their Jaccard, partials that are not duplicates.
 */
function linksTouchingScan(
  nodes: readonly TextNode[],
  scannedNode: readonly boolean[],
  engine: Analysis['options'],
): Pick<Analysis, 'duplicates' | 'partials'> {
  const sets = rankByFrequency(nodes.map((n) => n.shingles));
  const size = (i: number) => nodes[i].shingles.length;
  const touchesScan = (a: number, b: number) => scannedNode[a] || scannedNode[b];
  const dup = jaccardSelfJoin(sets, engine.threshold);
  const duplicates = { a: [] as number[], b: [] as number[], jaccard: [] as number[] };
  for (let e = 0; e < dup.a.length; e++) {
    if (!touchesScan(dup.a[e], dup.b[e])) continue;
    duplicates.a.push(dup.a[e]);
    duplicates.b.push(dup.b[e]);
    duplicates.jaccard.push(jaccardOf(dup.intersections[e], size(dup.a[e]), size(dup.b[e])));
  }
  const partials = { a: [] as number[], b: [] as number[], intersections: [] as number[] };
  const contained = containmentSelfJoin(sets, engine.containment);
  for (let e = 0; e < contained.a.length; e++) {
    const a = contained.a[e];
    const b = contained.b[e];
    const inter = contained.intersections[e];
    if (!touchesScan(a, b) || isDuplicate(inter, size(a), size(b), engine.threshold)) continue;
    partials.a.push(a);
    partials.b.push(b);
    partials.intersections.push(inter);
  }
  return { duplicates, partials };
}

/**
 * Keeps in `report` what concerns the scanned stories (documents, groups, partials, pairs,
 * warnings), and counts its summary over them.
 */
function keepScanned(report: Report, analysis: Analysis, scannedPaths: Set<string>): void {
  const scannedPath = (p: { path: string }) => scannedPaths.has(p.path);
  report.documents = report.documents.filter(scannedPath);
  report.clusters = report.clusters.filter((c) => c.occurrences.some(scannedPath));
  report.partials = report.partials.filter((p) => scannedPath(p.a) || scannedPath(p.b));
  if (report.pairs) report.pairs = report.pairs.filter((p) => scannedPath(p.a) || scannedPath(p.b));
  // Warnings name documents (a record as path#record): those of scanned stories are kept.
  const scannedNames = new Set(report.documents.map((d) => documentName(d)));
  report.warnings = report.warnings.filter((w) => scannedNames.has(w.path));
  let considered = 0;
  let short = 0;
  let figureRows = 0;
  let mixedScriptWords = 0;
  for (const p of analysis.paragraphs) {
    if (!scannedPaths.has(analysis.documents[p.doc].path)) continue;
    if (p.kind === 'compared') considered++;
    else if (p.kind === 'short') short++;
    else figureRows++;
    mixedScriptWords += p.mixedScript;
  }
  report.summary = {
    documents: report.documents.length,
    paragraphs: considered,
    clusters: report.clusters.length,
    duplicateParagraphs: report.documents.reduce((n, d) => n + d.duplicateParagraphs, 0),
    partials: report.partials.length,
    shortParagraphs: short,
    figureRows,
    mixedScriptWords,
  };
  const suppressed = report.documents.reduce((n, d) => n + (d.suppressedParagraphs ?? 0), 0);
  if (suppressed > 0) report.summary.suppressedParagraphs = suppressed;
}

function equal(a: Uint32Array, b: Uint32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
