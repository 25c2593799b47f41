/**
 * The text reporter: what an editor reads in a terminal. Groups largest first, the shared text
 * shown once, each copy as `path:line` with its similarity; partial reuse with the shared passage;
 * a per-story table; a summary line.
 */

import {
  documentName,
  formatCount,
  percent,
  sameLocation,
  type Location,
  type Report,
} from '../engine/report.js';
import type { ReporterContext } from './context.js';
import { joinChunks, joinLines } from './chunks.js';
import { displayWidth, padEndColumns, padStartColumns } from './columns.js';
import { diceScore } from './dice.js';
import { storyMetadataColumns } from './story-metadata.js';
import { originSentence } from './origin.js';
import { resendSentence } from './resends.js';
import { shownPath, warningText } from './terminal-path.js';

/** `path:line`, or `path#record:line` for a record of a JSON/JSONL file (control characters
 * escaped, see `shownPath`). */
const placeOf = (l: Location) => `${shownPath(documentName(l))}:${l.line}`;

const WIDTH = 100;

function wrap(text: string, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && indent.length + line.length + 1 + word.length > WIDTH) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines.join('\n');
}

const plural = (n: number, one: string, many = one + 's') =>
  `${formatCount(n)} ${n === 1 ? one : many}`;

function painter(color: boolean) {
  const wrapWith = (open: number, close: number) => (s: string) =>
    color ? `\u001b[${open}m${s}\u001b[${close}m` : s;
  return {
    bold: wrapWith(1, 22),
    dim: wrapWith(2, 22),
    cyan: wrapWith(36, 39),
    yellow: wrapWith(33, 39),
    green: wrapWith(32, 39),
  };
}

/** The painter of the text report: ANSI styles, or none. */
type Paint = ReturnType<typeof painter>;

function* textLines(report: Report, context: ReporterContext): Generator<string> {
  const c = painter(context.color);
  yield* viewLines(report, c);
  yield* resendLines(report, c);
  yield* clusterLines(report, c);
  yield* partialLines(report, c);
  yield* storyTable(report, c);
  for (const w of report.warnings) yield c.yellow(warningText(w));
  if (report.warnings.length > 0) yield '';
  yield summaryLine(report);
}

/** What the view left out of the report (`--min-copies`, `--max-groups`, folded groups). */
function* viewLines(report: Report, c: Paint): Generator<string> {
  const view = report.view;
  if (!view || view.omittedClusters <= 0) return;
  yield c.dim(
    `Showing ${formatCount(view.shownClusters)} of ${plural(report.summary.clusters, 'group')} ` +
      `(min copies ${view.minCopies}` +
      (view.maxGroups !== null ? `, max groups ${view.maxGroups}` : '') +
      (view.foldedClusters ? `, ${view.foldedClusters} folded under re-sent stories` : '') +
      ').',
  );
  yield '';
}

/** Re-sent stories first, once each, with the groups of their paragraphs folded under them. */
function* resendLines(report: Report, c: Paint): Generator<string> {
  const resends = report.resends ?? [];
  if (resends.length === 0) return;
  yield c.bold(`Re-sent stories: ${resends.length}`);
  yield '';
  const folding = report.view?.foldResends ?? true;
  for (const r of resends) {
    yield `  ${resendSentence(r, (s) => c.cyan(shownPath(documentName(s))))}`;
    if (folding && r.clusters.length > 0)
      yield c.dim(
        `      ${plural(r.clusters.length, 'group')} of their paragraphs folded here (--no-fold-resends lists them)`,
      );
  }
  yield '';
}

/** The groups of repeated paragraphs, each with its copies; or that there are none. */
function* clusterLines(report: Report, c: Paint): Generator<string> {
  if (report.clusters.length === 0) {
    if (report.summary.clusters === 0) {
      yield 'No repeated paragraphs.';
      yield '';
    }
    return;
  }
  yield c.bold(`Repeated paragraphs: ${plural(report.clusters.length, 'group')}`);
  yield '';
  for (let i = 0; i < report.clusters.length; i++) {
    const cluster = report.clusters[i];
    yield `${c.bold(`[${i + 1}]`)} ${plural(cluster.size, 'copy', 'copies')} in ${plural(cluster.documents, 'story', 'stories')}  ${c.dim(cluster.id)}`;
    yield c.dim(`    ${originSentence(cluster, placeOf)}`);
    yield wrap(`“${cluster.text}”`, '    ');
    let width = -Infinity; // as Math.max over the places (no spread: groups can be huge)
    for (const o of cluster.occurrences) width = Math.max(width, displayWidth(placeOf(o)));
    for (const o of cluster.occurrences) yield copyLine(cluster, o, width, c);
    yield '';
  }
}

/**
 * One copy of a group: its place (padded to `width` columns), similarity, labels and changed
 * facts.
 */
function copyLine(
  cluster: Report['clusters'][number],
  o: Report['clusters'][number]['occurrences'][number],
  width: number,
  c: Paint,
): string {
  const place = padEndColumns(placeOf(o), width);
  const isRep = sameLocation(o, cluster.representative);
  const isOrigin = sameLocation(o, cluster.origin);
  const labels = [...(isOrigin ? ['origin'] : []), ...(isRep ? ['representative'] : [])];
  const sim = o.similarity === 1 ? c.green('1.00') : c.yellow(o.similarity.toFixed(2));
  // A near copy: also its character-bigram Dice score and the facts it changed.
  const near =
    o.text === undefined
      ? ''
      : c.dim(`  Dice ${diceScore(cluster.text, o.text).toFixed(2)}`) +
        (o.changedFacts && o.changedFacts.length > 0
          ? '  ' +
            c.yellow(`changed ${o.changedFacts.map((f) => `${f.from} → ${f.to}`).join(', ')}`)
          : '');
  return `      ${c.cyan(place)}  ${sim}${labels.length > 0 ? c.dim(`  ${labels.join(', ')}`) : ''}${near}`;
}

/** The pairs of partial reuse, each with its shared passage. */
function* partialLines(report: Report, c: Paint): Generator<string> {
  if (report.partials.length === 0) return;
  yield c.bold(`Partial reuse: ${plural(report.partials.length, 'pair')}`);
  yield '';
  for (const p of report.partials) {
    yield (
      `  ${c.cyan(placeOf(p.a))} ↔ ${c.cyan(placeOf(p.b))}  ` +
      `contained ${percent(p.containmentAB)} / ${percent(p.containmentBA)}, Jaccard ${p.jaccard.toFixed(2)}`
    );
    yield wrap(`shared (${plural(p.passageWords, 'word')}): “${p.passage}”`, '      ');
  }
  yield '';
}

/** The table of the stories with repeated paragraphs. */
function* storyTable(report: Report, c: Paint): Generator<string> {
  const touched = report.documents.filter((d) => d.duplicateParagraphs > 0);
  if (touched.length === 0) return;
  yield c.bold('Stories with repeated paragraphs');
  yield '';
  // Date and title columns only when a reader found some (front matter, <title>, JSON fields).
  const meta = storyMetadataColumns(touched);
  const header = ['story', 'paragraphs', 'repeated', 'boilerplate', ...meta.header];
  const rows = touched.map((d) => [
    shownPath(documentName(d)),
    String(d.paragraphs),
    String(d.duplicateParagraphs),
    percent(d.boilerplateShare),
    ...meta.cells(d),
  ]);
  // Widths in terminal columns: a path or title in a wide script or with combining marks too.
  const widths = header.map((h, i) =>
    rows.reduce((w, r) => Math.max(w, displayWidth(r[i])), h.length),
  );
  const left = (i: number) => i === 0 || i >= 4;
  const pad = (v: string, i: number) =>
    left(i) ? padEndColumns(v, widths[i]) : padStartColumns(v, widths[i]);
  const line = (r: string[]) => ('  ' + r.map(pad).join('  ')).trimEnd();
  yield c.dim(line(header));
  for (const r of rows) yield line(r);
  yield '';
}

/** The last line: what was compared, and what was found. */
function summaryLine(report: Report): string {
  const { summary } = report;
  return (
    `${plural(summary.documents, 'story', 'stories')}, ${plural(summary.paragraphs, 'paragraph')} compared` +
    (report.archive
      ? ` with each other and with the archive ${report.archive.index} ` +
        `(${plural(report.archive.stories, 'story', 'stories')}, ${plural(report.archive.paragraphs, 'paragraph')})`
      : '') +
    (leftOutParts(report).length > 0 ? `, ${leftOutParts(report).join(', ')} left out` : '') +
    ': ' +
    `${plural(summary.clusters, 'group')} of repeated paragraphs, ` +
    `${plural(summary.duplicateParagraphs, 'paragraph')} with a copy elsewhere, ` +
    `${plural(summary.partials, 'partial reuse', 'partial reuses')}` +
    (summary.resends ? `, ${plural(summary.resends, 're-sent story', 're-sent stories')}` : '') +
    (summary.suppressedParagraphs
      ? `, ${plural(summary.suppressedParagraphs, 'paragraph')} suppressed`
      : '') +
    (report.warnings.length > 0 ? `, ${plural(report.warnings.length, 'warning')}` : '') +
    '.'
  );
}

/**
 * What the scan left out, in words (`12 paragraphs shorter than 8 words`, `3 figure rows`); empty
 * when nothing was.
 */
export function leftOutParts(report: Report): string[] {
  const { shortParagraphs = 0, figureRows = 0 } = report.summary;
  const parts: string[] = [];
  if (shortParagraphs > 0)
    parts.push(
      `${plural(shortParagraphs, 'paragraph')} shorter than ${report.settings.minWords} words`,
    );
  if (figureRows > 0) parts.push(plural(figureRows, 'figure row'));
  return parts;
}

/** {@link formatText}'s text in chunks of about 64 Ki code units (for very large reports). */
export function formatTextChunks(
  report: Report,
  context: ReporterContext = { color: false },
): Generator<string> {
  return joinLines(textLines(report, context), '\n', true);
}

/** Renders the report as plain text (ANSI colours only when `context.color` is true). */
export function formatText(report: Report, context: ReporterContext = { color: false }): string {
  return joinChunks(formatTextChunks(report, context));
}
