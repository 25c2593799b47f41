/**
 * The `sarif` format: SARIF 2.1.0 built with node-sarif-builder. One rule per policy rule (plus
 * `recycled-paragraph` for recycled paragraphs of stories within their policy, and
 * `expired-approval`); one result per recycled paragraph, located at its line range, with the
 * copies as `relatedLocations` (a record of a JSON/JSONL file is located in its file, at its lines,
 * and named in the message), a stable `partialFingerprints` entry (content-derived, so it
 * survives line shifts), and approved, baselined or inline-suppressed findings carried as
 * suppressed results. Output is deterministic (no timestamps).
 */

import type { Location, Result } from 'sarif';
import { changedFactsText } from './check-text.js';
import {
  SarifBuilder,
  SarifResultBuilder,
  SarifRuleBuilder,
  SarifRunBuilder,
} from 'node-sarif-builder';
import { RULES, type CheckReport, type Finding, type RecordPlace } from '../check/model.js';

/** Key of the fingerprint in `partialFingerprints`. */
export const SARIF_FINGERPRINT_KEY = 'dupgrafParagraph/v1';

/** Project home, for rule help. */
const HELP_URI = 'https://www.npmjs.com/package/dupgraf';

const RULE_TEXT: Record<string, { short: string; full: string; level: Result.level }> = {
  [RULES.maxRecycledParagraphs]: {
    short: 'Too many recycled paragraphs',
    full: 'A story has more recycled paragraphs (near-duplicates of paragraphs in other stories or the archive) than its policy allows (maxRecycledParagraphs).',
    level: 'error',
  },
  [RULES.maxBoilerplateShare]: {
    short: 'Boilerplate share above the limit',
    full: 'The share of a story’s words in recycled paragraphs is above the limit its policy sets (maxBoilerplateShare).',
    level: 'error',
  },
  [RULES.recycledParagraph]: {
    short: 'Recycled paragraph',
    full: 'A paragraph repeats one elsewhere, in a story that stays within its policy.',
    level: 'note',
  },
  [RULES.expiredApproval]: {
    short: 'Expired approval',
    full: 'An entry of the approved boilerplate registry has expired and no longer approves paragraphs.',
    level: 'warning',
  },
};

function region(line: number, endLine: number) {
  return { startLine: line, endLine };
}

/** ` of story ID` for a story of a file holding several (a record, a story of a text file). */
function recordText(place: Partial<RecordPlace>): string {
  return place.record === undefined ? '' : ` of story ${place.record}`;
}

function findingResult(
  f: Finding,
  story: Partial<RecordPlace>,
  ruleId: string,
  level: Result.level,
  policyText: string,
): SarifResultBuilder {
  // A record's location is its file (`file`, not the report name `file#record`) at its lines.
  const related: Location[] = f.sources.map((s, i) => ({
    id: i + 1,
    physicalLocation: {
      artifactLocation: { uri: encodePath(s.file ?? s.path) },
      region: region(s.line, s.endLine),
    },
    message: {
      text: `copy${recordText(s)} (Jaccard ${s.jaccard}, containment ${s.containment})`,
    },
  }));
  const first = f.sources[0];
  const how = f.kind === 'partial' ? 'partly reuses' : 'copies';
  const more =
    f.sources.length > 1
      ? ` and ${f.sources.length - 1} other cop${f.sources.length === 2 ? 'y' : 'ies'}`
      : '';
  const facts = changedFactsText(f);
  const text = `Paragraph ${f.paragraph}${recordText(story)} ${how} [${first.path}:${first.line}](1) (Jaccard ${first.jaccard})${more}${facts ? `; ${facts}` : ''}.${policyText}`;
  const builder = new SarifResultBuilder({
    partialFingerprints: { [SARIF_FINGERPRINT_KEY]: f.fingerprint },
    relatedLocations: related,
  });
  // The facts changed from the closest source, for tools that read results' properties.
  if (first.changedFacts && first.changedFacts.length > 0)
    builder.result.properties = { changedFacts: first.changedFacts };
  builder.setRuleId(ruleId);
  builder.setLevel(level);
  builder.setMessageText(text);
  builder.setLocationArtifactUri({ uri: encodePath(story.file ?? f.path) });
  builder.setLocationRegion(region(f.line, f.endLine));
  if (f.status !== 'counted') {
    const justification =
      f.status === 'approved'
        ? `approved boilerplate (${f.approval?.owner}: ${f.approval?.reason})`
        : f.status === 'baselined'
          ? 'in the baseline'
          : 'dupgraf-ignore marker';
    builder.result.suppressions = [
      {
        kind: f.status === 'suppressed' ? 'inSource' : 'external',
        status: 'accepted',
        justification,
      },
    ];
  }
  return builder;
}

/** A path as a relative URI reference ('/'-separated segments, each percent-encoded). */
export function encodePath(path: string): string {
  return path
    .split('/')
    .map((seg) => encodeURIComponent(seg))
    .join('/');
}

/** Renders the check report as a SARIF 2.1.0 log (two-space JSON, final newline). */
export function formatSarif(report: CheckReport): string {
  const log = new SarifBuilder();
  const run = new SarifRunBuilder().initSimple({
    toolDriverName: report.tool.name,
    toolDriverVersion: report.tool.version,
    url: HELP_URI,
  });
  for (const [id, r] of Object.entries(RULE_TEXT)) {
    const rule = new SarifRuleBuilder().initSimple({
      ruleId: id,
      shortDescriptionText: r.short,
      fullDescriptionText: r.full,
      helpUri: HELP_URI,
    });
    rule.rule.defaultConfiguration = { level: r.level };
    run.addRule(rule);
  }
  for (const s of report.stories) {
    const failed = s.violations.length > 0;
    const ruleId = failed ? s.violations[0].rule : RULES.recycledParagraph;
    const policyText = failed
      ? ` The story breaks its policy: ${s.violations.map((v) => v.message).join('; ')}.`
      : '';
    for (const f of s.findings) {
      const level: Result.level = failed && f.status === 'counted' ? 'error' : 'note';
      run.addResult(
        findingResult(
          f,
          s,
          f.status === 'counted' ? ruleId : RULES.recycledParagraph,
          level,
          policyText,
        ),
      );
    }
  }
  for (const w of report.warnings) {
    if (w.rule !== RULES.expiredApproval) continue;
    const builder = new SarifResultBuilder();
    builder.setRuleId(RULES.expiredApproval);
    builder.setLevel('warning');
    builder.setMessageText(w.message);
    builder.setLocationArtifactUri({ uri: encodePath(w.path) });
    run.addResult(builder);
  }
  // Stories under check that could not be read: the run did not complete (SARIF's invocation).
  const notChecked = report.notChecked ?? [];
  if (notChecked.length > 0)
    run.run.invocations = [
      {
        executionSuccessful: false,
        toolExecutionNotifications: notChecked.map((file) => ({
          level: 'error',
          message: { text: 'could not be read, so not checked (see the warnings)' },
          locations: [{ physicalLocation: { artifactLocation: { uri: encodePath(file) } } }],
        })),
      },
    ];
  log.addRun(run);
  return log.buildSarifJsonString({ indent: true }) + '\n';
}
