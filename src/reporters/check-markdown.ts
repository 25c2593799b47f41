/**
 * The check's Markdown report (also the GitHub job summary): verdict, a table of the stories under
 * check, and for each failing story the rules broken and the recycled paragraphs with their sources.
 */

import type { CheckReport } from '../check/model.js';
import { checkVerdict, describeFinding } from './check-text.js';
import { formatCount, percent } from '../engine/report.js';

/** Escapes text for a Markdown table cell or inline text. */
function md(text: string): string {
  return text.replace(/[\\`*_{}[\]<>|#]/g, (ch) => `\\${ch}`).replace(/\r?\n|\r/g, ' ');
}

/** Renders the check report as GitHub-flavoured Markdown. */
export function formatCheckMarkdown(report: CheckReport): string {
  const m = report.summary;
  const out: string[] = [];
  const verdict = checkVerdict(report);
  const notChecked = report.notChecked ?? [];
  out.push(`## dupgraf check: ${verdict === 'incomplete' ? 'not completed' : verdict}`, '');
  if (notChecked.length > 0)
    out.push(
      `${notChecked.length} ${notChecked.length === 1 ? 'story' : 'stories'} under check could not be read, so not checked: ${notChecked.map(md).join(', ')}.`,
      '',
    );
  if (report.strictFailure === true)
    out.push(`--strict: the check fails on its ${report.warnings.length} warning(s).`, '');
  out.push(
    `${formatCount(m.stories)} ${m.stories === 1 ? 'story' : 'stories'} checked against ${formatCount(m.archiveDocuments)} documents; ` +
      `${formatCount(m.failedStories)} failed. Recycled paragraphs: ${formatCount(m.counted)} counted, ${formatCount(m.approved)} approved, ` +
      `${formatCount(m.baselined)} baselined, ${formatCount(m.suppressed)} suppressed.`,
    '',
  );
  if (report.stories.length > 0) {
    out.push('| story | verdict | recycled paragraphs | boilerplate share | rules broken |');
    out.push('| --- | --- | ---: | ---: | --- |');
    for (const s of report.stories) {
      out.push(
        `| ${md(s.path)} | ${s.violations.length > 0 ? '❌ fail' : '✅ ok'} | ${s.recycledParagraphs} | ${percent(s.boilerplateShare)} | ${s.violations.map((v) => v.rule).join(', ')} |`,
      );
    }
    out.push('');
  }
  for (const s of report.stories) {
    if (s.violations.length === 0) continue;
    out.push(`### ${md(s.path)}`, '');
    for (const v of s.violations) out.push(`- **${v.rule}**: ${md(v.message)}`);
    for (const f of s.findings) {
      if (f.status !== 'counted') continue;
      out.push(`- line ${f.line}: ${md(describeFinding(f))}`);
    }
    out.push('');
  }
  if (report.warnings.length > 0) {
    out.push('### Warnings', '');
    for (const w of report.warnings) out.push(`- ${md(w.path)}: ${md(w.message)}`);
    out.push('');
  }
  return out.join('\n');
}
