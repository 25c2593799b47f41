/**
 * The Markdown reporter: ready to paste into a pull request or a chat. A summary table, then each
 * group with its shared text quoted and every copy as a link `path#Lline` (1-based line, the
 * anchor code hosts use), then partial reuse and the stories with repeated paragraphs.
 */

import {
  documentName,
  formatCount,
  percent,
  sameLocation,
  type Location,
  type Report,
} from '../engine/report.js';
import { joinChunks, joinLines } from './chunks.js';
import { leftOutParts } from './text.js';
import { storyMetadataColumns } from './story-metadata.js';
import { originSentence, shownDate } from './origin.js';
import { resendSentence } from './resends.js';

/** Escapes text so Markdown shows it literally (inline). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|~]/g, '\\$&').replace(/\s+/g, ' ');
}

/** Link target of a location: the path, URI-encoded per segment, with `#L<line>`. */
function href(location: Location): string {
  return `${location.path.split('/').map(encodeURIComponent).join('/')}#L${location.line}`;
}

function link(location: Location): string {
  return `[${escapeMarkdown(`${documentName(location)}:${location.line}`)}](${href(location)})`;
}

/** Its arguments as an array, for `yield*`: the lines of one step. */
const lines = (...l: string[]) => l;

function* markdownLines(report: Report): Generator<string> {
  yield* summaryTable(report);
  yield* resendLines(report);
  yield* clusterLines(report);
  yield* partialTable(report);
  yield* storyTable(report);
  yield* warningLines(report);
}

/** The heading, the summary table, and what was left out or not shown. */
function* summaryTable(report: Report): Generator<string> {
  const { summary } = report;
  yield* ['## dupgraf: repeated paragraphs', ''];
  yield* lines(
    '| stories | paragraphs compared | groups | paragraphs with a copy | partial reuse |',
  );
  yield* lines('| ---: | ---: | ---: | ---: | ---: |');
  yield* lines(
    `| ${formatCount(summary.documents)} | ${formatCount(summary.paragraphs)} | ${formatCount(summary.clusters)} | ` +
      `${formatCount(summary.duplicateParagraphs)} | ${formatCount(summary.partials)} |`,
  );
  yield '';
  const skipped = leftOutParts(report);
  if (skipped.length > 0) yield* lines(`Left out: ${skipped.join(', ')}.`, '');
  if (summary.suppressedParagraphs) {
    yield* lines(
      `${summary.suppressedParagraphs} suppressed ${summary.suppressedParagraphs === 1 ? 'paragraph was' : 'paragraphs were'} left out (dupgraf-ignore markers).`,
      '',
    );
  }
  if (report.view && report.view.omittedClusters > 0) {
    yield* lines(
      `Showing ${formatCount(report.view.shownClusters)} of ${formatCount(summary.clusters)} groups ` +
        `(min copies ${report.view.minCopies}` +
        (report.view.maxGroups !== null ? `, max groups ${report.view.maxGroups}` : '') +
        ').',
      '',
    );
  }
}

/** The re-sent stories, each once. */
function* resendLines(report: Report): Generator<string> {
  const resends = report.resends ?? [];
  if (resends.length === 0) return;
  yield* lines('### Re-sent stories', '');
  const folding = report.view?.foldResends ?? true;
  for (const r of resends) {
    const folded =
      folding && r.clusters.length > 0
        ? `; ${r.clusters.length} ${r.clusters.length === 1 ? 'group' : 'groups'} of their paragraphs folded here`
        : '';
    yield* lines(`- ${escapeMarkdown(resendSentence(r))}${folded}`);
  }
  yield '';
}

/** The groups of repeated paragraphs, each with its copies as links. */
function* clusterLines(report: Report): Generator<string> {
  if (report.summary.clusters === 0) yield* lines('No repeated paragraphs.', '');
  for (let i = 0; i < report.clusters.length; i++) {
    const cluster = report.clusters[i];
    yield* lines(
      `### ${i + 1}. ${cluster.size} copies in ${cluster.documents} ` +
        `${cluster.documents === 1 ? 'story' : 'stories'} \`${cluster.id}\``,
      '',
    );
    const origin = originSentence(cluster, link);
    yield* lines(`${origin[0].toUpperCase()}${origin.slice(1)}.`, '');
    yield* lines(`> ${escapeMarkdown(cluster.text)}`, '');
    for (const o of cluster.occurrences) {
      const labels = [
        ...(sameLocation(o, cluster.origin) ? ['origin'] : []),
        ...(sameLocation(o, cluster.representative) ? ['representative'] : []),
      ];
      yield* lines(
        `- ${link(o)} similarity ${o.similarity.toFixed(2)}` +
          (o.date !== undefined ? `, ${shownDate(o.date)}` : '') +
          (labels.length > 0 ? ` (${labels.join(', ')})` : ''),
      );
    }
    yield '';
  }
}

/** The table of partial reuse. */
function* partialTable(report: Report): Generator<string> {
  if (report.partials.length > 0) {
    yield* lines('### Partial reuse', '');
    yield* lines('| paragraph | reused in | contained | Jaccard | shared passage |');
    yield* lines('| --- | --- | ---: | ---: | --- |');
    for (const p of report.partials) {
      yield* lines(
        `| ${link(p.a)} | ${link(p.b)} | ${percent(p.containmentAB)} / ${percent(p.containmentBA)} | ` +
          `${p.jaccard.toFixed(2)} | ${escapeMarkdown(p.passage)} |`,
      );
    }
    yield '';
  }
}

/** The table of the stories with repeated paragraphs. */
function* storyTable(report: Report): Generator<string> {
  const touched = report.documents.filter((d) => d.duplicateParagraphs > 0);
  if (touched.length > 0) {
    yield* lines('### Stories with repeated paragraphs', '');
    // Date and title columns only when a reader found some.
    const meta = storyMetadataColumns(touched);
    yield* lines(
      `| story | paragraphs | repeated | boilerplate |${meta.header.map((h) => ` ${h} |`).join('')}`,
    );
    yield* lines(`| --- | ---: | ---: | ---: |${meta.header.map(() => ' --- |').join('')}`);
    for (const d of touched) {
      yield* lines(
        `| ${escapeMarkdown(documentName(d))} | ${d.paragraphs} | ${d.duplicateParagraphs} | ` +
          `${percent(d.boilerplateShare)} |` +
          meta
            .cells(d)
            .map((v) => ` ${escapeMarkdown(v)} |`)
            .join(''),
      );
    }
    yield '';
  }
}

/** The warnings, one item each. */
function* warningLines(report: Report): Generator<string> {
  if (report.warnings.length > 0) {
    yield* lines('### Warnings', '');
    for (const w of report.warnings)
      yield* lines(`- ${escapeMarkdown(w.path)}: ${escapeMarkdown(w.message)}`);
    yield '';
  }
}

/** {@link formatMarkdown}'s text in chunks of about 64 Ki code units (for very large reports). */
export function formatMarkdownChunks(report: Report): Generator<string> {
  return joinLines(markdownLines(report), '\n', false);
}

/** Renders the report as GitHub-flavoured Markdown. */
export function formatMarkdown(report: Report): string {
  return joinChunks(formatMarkdownChunks(report));
}
