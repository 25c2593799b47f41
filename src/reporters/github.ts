/**
 * The `github` format: GitHub Actions workflow commands, one annotation per counted recycled
 * paragraph of a failing story (`::error title=…,file=…,line=…,endLine=…::message`, properties in
 * the order @actions/core writes them) and one
 * `::warning` per check warning. Values are escaped exactly as @actions/core escapes them: in the
 * message `%`, CR and LF; in properties also `:` and `,`.
 */

import type { CheckReport } from '../check/model.js';
import { describeFinding } from './check-text.js';

/** Escapes a workflow command's message (as @actions/core `escapeData`). */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command's property value (as @actions/core `escapeProperty`). */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One workflow command line: `::command key=value,…::message` (empty properties are left out). */
export function workflowCommand(
  command: string,
  properties: Record<string, string | number | undefined>,
  message: string,
): string {
  const props = Object.entries(properties)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${command}${props ? ' ' + props : ''}::${escapeData(message)}`;
}

/** Renders the check report as workflow commands (one per line). */
export function formatGithub(report: CheckReport): string {
  const lines: string[] = [];
  for (const s of report.stories) {
    if (s.violations.length === 0) continue;
    const broken = s.violations.map((v) => v.message).join('; ');
    const rule = s.violations[0].rule;
    // A story of a file holding several (a record of a JSON/JSONL file, a story of a text file)
    // is annotated in its file, at its lines, named in the message: `Story 2: …`.
    const file = s.file ?? s.path;
    const record = s.record === undefined ? '' : `Story ${s.record}: `;
    for (const f of s.findings) {
      if (f.status !== 'counted') continue;
      lines.push(
        workflowCommand(
          'error',
          { title: `dupgraf ${rule}`, file, line: f.line, endLine: f.endLine },
          `${record}Recycled paragraph: ${describeFinding(f)}.\nStory breaks the policy: ${broken}.`,
        ),
      );
    }
    if (s.findings.every((f) => f.status !== 'counted')) {
      lines.push(workflowCommand('error', { title: `dupgraf ${rule}`, file }, record + broken));
    }
  }
  for (const w of report.warnings) {
    lines.push(
      workflowCommand(
        'warning',
        { title: `dupgraf ${w.rule ?? 'warning'}`, file: w.path },
        w.message,
      ),
    );
  }
  return lines.map((l) => l + '\n').join('');
}
