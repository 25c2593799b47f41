/**
 * The check's text report: each story under check with its verdict; for a story that breaks its
 * policy, the rules broken (limit and value) and every counted recycled paragraph with the place
 * it was copied from; then warnings and a summary line.
 */

import type { CheckReport, Finding, StoryResult } from '../check/model.js';
import type { ReporterContext } from './context.js';
import { shownPath } from './terminal-path.js';
import { formatCount, percent } from '../engine/report.js';

const plural = (n: number, one: string, many = one + 's') =>
  `${formatCount(n)} ${n === 1 ? one : many}`;

function paint(color: boolean) {
  const w = (open: number, close: number) => (s: string) =>
    color ? `\u001b[${open}m${s}\u001b[${close}m` : s;
  return {
    bold: w(1, 22),
    dim: w(2, 22),
    red: w(31, 39),
    green: w(32, 39),
    yellow: w(33, 39),
    cyan: w(36, 39),
  };
}

function excerpt(text: string, max = 90): string {
  return text.length <= max ? text : text.slice(0, max - 1).trimEnd() + '…';
}

/**
 * The facts a finding changed from its closest source (numbers, dates, names): `changed 340 →
 * 360, Monday → Tuesday`; '' when none changed (or the source's text is not known).
 */
export function changedFactsText(f: Finding): string {
  const facts = f.sources[0]?.changedFacts ?? [];
  return facts.length === 0 ? '' : `changed ${facts.map((x) => `${x.from} → ${x.to}`).join(', ')}`;
}

/**
 * {@link describeSources} with the changed facts: `copies path:line (Jaccard 0.88); changed 340 →
 * 360` (the one-line form the annotations, JUnit, SARIF and Markdown use).
 */
export function describeFinding(f: Finding): string {
  const facts = changedFactsText(f);
  return facts === '' ? describeSources(f) : `${describeSources(f)}; ${facts}`;
}

/** `copies path:line (Jaccard 0.92)`, plus how many more copies there are. */
export function describeSources(f: Finding): string {
  const [first, ...rest] = f.sources;
  const how = f.kind === 'partial' ? `partly reuses` : 'copies';
  const measure =
    f.kind === 'partial' ? `containment ${first.containment}` : `Jaccard ${first.jaccard}`;
  return `${how} ${shownPath(first.path)}:${first.line} (${measure})${rest.length > 0 ? ` and ${plural(rest.length, 'other copy', 'other copies')}` : ''}`;
}

/**
 * The verdict a report states: `incomplete` when stories under check were not checked, `failed`
 * when a policy rule was broken or `--strict` failed on warnings, else `passed`. Never `passed`
 * for a run that does not exit 0.
 */
export function checkVerdict(report: CheckReport): 'passed' | 'failed' | 'incomplete' {
  if ((report.notChecked?.length ?? 0) > 0) return 'incomplete';
  return report.failed || report.strictFailure === true ? 'failed' : 'passed';
}

function excused(s: StoryResult): string {
  const parts: string[] = [];
  for (const status of ['approved', 'baselined', 'suppressed'] as const) {
    const n = s.findings.filter((f) => f.status === status).length;
    if (n > 0) parts.push(`${n} ${status}`);
  }
  return parts.join(', ');
}

/** Renders the check report as text (ANSI colours only when `context.color`). */
export function formatCheckText(
  report: CheckReport,
  context: ReporterContext = { color: false },
): string {
  const c = paint(context.color);
  const out: string[] = [];
  for (const s of report.stories) {
    const failed = s.violations.length > 0;
    const stats = `${plural(s.recycledParagraphs, 'recycled paragraph')}, boilerplate ${percent(s.boilerplateShare)}`;
    const extra = excused(s);
    out.push(
      `${failed ? c.red('FAIL') : c.green('ok  ')}  ${c.bold(shownPath(s.path))}  ${c.dim(stats + (extra ? `; ${extra}` : ''))}`,
    );
    if (!failed) continue;
    for (const v of s.violations) out.push(`      ${c.red(v.rule)}: ${v.message}`);
    for (const f of s.findings) {
      if (f.status !== 'counted') continue;
      // A changed fact is the desk's main risk in recycled copy: it comes first.
      const facts = changedFactsText(f);
      out.push(
        `      ${c.cyan(`${shownPath(f.path)}:${f.line}`)} ${facts ? `${c.yellow(facts)}: ` : ''}${describeSources(f)}`,
      );
      out.push(`        ${c.dim(`“${excerpt(f.text)}”`)}`);
    }
  }
  if (report.stories.length > 0) out.push('');
  for (const w of report.warnings)
    out.push(`${c.yellow('warning')}: ${shownPath(w.path)}: ${w.message}`);
  if (report.warnings.length > 0) out.push('');
  const m = report.summary;
  const verdict = checkVerdict(report);
  const notChecked = report.notChecked?.length ?? 0;
  out.push(
    `${verdict === 'passed' ? c.green(c.bold('PASSED')) : c.red(c.bold(verdict === 'failed' ? 'FAILED' : 'NOT COMPLETED'))}: ` +
      `${plural(m.stories, 'story', 'stories')} checked${notChecked > 0 ? `, ${formatCount(notChecked)} not checked (could not be read)` : ''} against ${plural(m.archiveDocuments, 'document')}, ` +
      `${formatCount(m.failedStories)} failed (${plural(m.violations, 'violation')}); ` +
      `recycled paragraphs: ${formatCount(m.counted)} counted, ${formatCount(m.approved)} approved, ${formatCount(m.baselined)} baselined, ${formatCount(m.suppressed)} suppressed` +
      (report.strictFailure === true
        ? `; ${plural(report.warnings.length, 'warning')} (--strict)`
        : ''),
  );
  return out.join('\n') + '\n';
}
