/**
 * The Markdown reporter: ready to paste into a pull request or a chat. A summary table, then each
 * group with its shared text quoted and every copy as a link `path#Lline` (1-based line, the
 * anchor code hosts use), then partial reuse and the stories with repeated paragraphs.
 */

import { documentName, sameLocation, type Location, type Report } from '../engine/report.js';
import { storyMetadataColumns } from './story-metadata.js';

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

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

/** Renders the report as GitHub-flavoured Markdown. */
export function formatMarkdown(report: Report): string {
  const { summary } = report;
  const out: string[] = ['## dupgraf: repeated paragraphs', ''];
  out.push('| stories | paragraphs compared | groups | paragraphs with a copy | partial reuse |');
  out.push('| ---: | ---: | ---: | ---: | ---: |');
  out.push(
    `| ${summary.documents} | ${summary.paragraphs} | ${summary.clusters} | ` +
      `${summary.duplicateParagraphs} | ${summary.partials} |`,
  );
  out.push('');
  if (report.view && report.view.omittedClusters > 0) {
    out.push(
      `Showing ${report.view.shownClusters} of ${summary.clusters} groups ` +
        `(min copies ${report.view.minCopies}` +
        (report.view.maxGroups !== null ? `, max groups ${report.view.maxGroups}` : '') +
        ').',
      '',
    );
  }

  if (summary.clusters === 0) out.push('No repeated paragraphs.', '');
  report.clusters.forEach((cluster, i) => {
    out.push(
      `### ${i + 1}. ${cluster.size} copies in ${cluster.documents} ` +
        `${cluster.documents === 1 ? 'story' : 'stories'} \`${cluster.id}\``,
      '',
    );
    out.push(`> ${escapeMarkdown(cluster.text)}`, '');
    for (const o of cluster.occurrences) {
      const isRep = sameLocation(o, cluster.representative);
      out.push(
        `- ${link(o)} similarity ${o.similarity.toFixed(2)}${isRep ? ' (representative)' : ''}`,
      );
    }
    out.push('');
  });

  if (report.partials.length > 0) {
    out.push('### Partial reuse', '');
    out.push('| paragraph | reused in | contained | Jaccard | shared passage |');
    out.push('| --- | --- | ---: | ---: | --- |');
    for (const p of report.partials) {
      out.push(
        `| ${link(p.a)} | ${link(p.b)} | ${percent(p.containmentAB)} / ${percent(p.containmentBA)} | ` +
          `${p.jaccard.toFixed(2)} | ${escapeMarkdown(p.passage)} |`,
      );
    }
    out.push('');
  }

  const touched = report.documents.filter((d) => d.duplicateParagraphs > 0);
  if (touched.length > 0) {
    out.push('### Stories with repeated paragraphs', '');
    // Date and title columns only when a reader found some.
    const meta = storyMetadataColumns(touched);
    out.push(
      `| story | paragraphs | repeated | boilerplate |${meta.header.map((h) => ` ${h} |`).join('')}`,
    );
    out.push(`| --- | ---: | ---: | ---: |${meta.header.map(() => ' --- |').join('')}`);
    for (const d of touched) {
      out.push(
        `| ${escapeMarkdown(documentName(d))} | ${d.paragraphs} | ${d.duplicateParagraphs} | ` +
          `${percent(d.boilerplateShare)} |` +
          meta
            .cells(d)
            .map((v) => ` ${escapeMarkdown(v)} |`)
            .join(''),
      );
    }
    out.push('');
  }

  if (report.warnings.length > 0) {
    out.push('### Warnings', '');
    for (const w of report.warnings)
      out.push(`- ${escapeMarkdown(w.path)}: ${escapeMarkdown(w.message)}`);
    out.push('');
  }
  return out.join('\n');
}
