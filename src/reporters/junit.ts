/**
 * The `junit` format: JUnit XML with one test case per story under check; a story that breaks its
 * policy has a `<failure>` naming the rules, limits and values and listing the recycled
 * paragraphs; check warnings go to `<system-out>` of the suite. No timings (same input, same bytes).
 */

import type { CheckReport } from '../check/model.js';
import { describeFinding } from './check-text.js';

/** Escapes text for XML character data and attribute values; drops characters XML 1.0 forbids. */
export function xmlEscape(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

/**
 * Renders the check report as JUnit XML. A record of a JSON/JSONL file is a test case named
 * `file#record` whose `file` attribute is the file.
 */
export function formatJunit(report: CheckReport): string {
  const m = report.summary;
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  // A story under check that could not be read is a test case in error (it was not checked).
  const notChecked = report.notChecked ?? [];
  const counts = `tests="${m.stories + notChecked.length}" failures="${m.failedStories}" errors="${notChecked.length}" skipped="0"`;
  out.push(`<testsuites name="dupgraf check" ${counts}>`);
  out.push(`  <testsuite name="dupgraf check" ${counts}>`);
  for (const s of report.stories) {
    const open = `    <testcase classname="dupgraf.check" name="${xmlEscape(s.path)}" file="${xmlEscape(s.file ?? s.path)}"`;
    if (s.violations.length === 0) {
      out.push(`${open}/>`);
      continue;
    }
    const message = s.violations.map((v) => v.message).join('; ');
    const body = s.findings
      .filter((f) => f.status === 'counted')
      .map((f) => `${f.path}:${f.line}: ${describeFinding(f)}`)
      .join('\n');
    out.push(`${open}>`);
    out.push(
      `      <failure message="${xmlEscape(message)}" type="${s.violations.map((v) => v.rule).join(',')}">${xmlEscape(body)}</failure>`,
    );
    out.push('    </testcase>');
  }
  for (const file of notChecked)
    out.push(
      `    <testcase classname="dupgraf.check" name="${xmlEscape(file)}" file="${xmlEscape(file)}">`,
      `      <error message="${xmlEscape('could not be read, so not checked (see the warnings)')}" type="not-checked"/>`,
      '    </testcase>',
    );
  if (report.warnings.length > 0) {
    const text = report.warnings.map((w) => `warning: ${w.path}: ${w.message}`).join('\n');
    out.push(`    <system-out>${xmlEscape(text)}</system-out>`);
  }
  out.push('  </testsuite>', '</testsuites>');
  return out.join('\n') + '\n';
}
