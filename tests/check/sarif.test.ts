/**
 * SARIF output of the built binary: valid against the SARIF 2.1.0 JSON schema (the one shipped in
 * @microsoft/jest-sarif), rule ids per policy rule, line ranges, related locations for the copies,
 * suppressed results for excused findings, and partialFingerprints that survive inserted lines.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, test } from '@jest/globals';
import AjvDraft04 from 'ajv-draft-04';
import addFormatsImport from 'ajv-formats';
import type { Log, Result } from 'sarif';
import { dupgraf, story, tempDir, writeFiles } from '../helpers/check-cli.js';
import { BACKGROUND_1, BACKGROUND_2, BACKGROUND_2_EDITED, CLOSER, FRESH } from './texts.js';

const require = createRequire(import.meta.url);
const schema = JSON.parse(
  fs.readFileSync(
    require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'),
    'utf8',
  ),
);
// Both packages are CommonJS with the class/function on `default` as well.
const Ajv = AjvDraft04.default;
const addFormats = addFormatsImport.default;
// The published schema has one pattern that is not a valid Unicode regular expression
// (`…-[a-zA-Z]{2}]?$`), hence unicodeRegExp: false; formats (uri, uri-reference) are checked.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

let dir: string;
const STORY = 'news/island-supplies.md';
const sarifOf = (): Log => {
  const r = dupgraf(['check', 'news', '--against', '.', '--format', 'sarif:out/check.sarif'], dir);
  expect(r.code).toBe(1);
  return JSON.parse(fs.readFileSync(path.join(dir, 'out/check.sarif'), 'utf8'));
};
const byFingerprint = (log: Log) =>
  Object.fromEntries(
    (log.runs[0].results ?? []).map((r) => [
      r.partialFingerprints?.['dupgrafParagraph/v1'] ?? r.ruleId,
      r.locations?.[0].physicalLocation?.region?.startLine,
    ]),
  );

beforeAll(() => {
  dir = tempDir('dupgraf-sarif-');
  writeFiles(dir, {
    'archive/ferry-strike.md': story(FRESH[0], BACKGROUND_1, FRESH[1], BACKGROUND_2),
    'archive/ferry-talks.txt': story(FRESH[2], CLOSER),
    [STORY]: story(
      FRESH[3],
      BACKGROUND_1,
      FRESH[4],
      `${BACKGROUND_2_EDITED.slice(0, 80)}\n${BACKGROUND_2_EDITED.slice(80)}`,
      '<!-- dupgraf-ignore-next -->',
      CLOSER,
    ),
    'dupgraf.config.json': JSON.stringify({ check: { maxRecycledParagraphs: 1 } }),
  });
});

describe('sarif', () => {
  let log: Log;
  test('is valid SARIF 2.1.0', () => {
    log = sarifOf();
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(log.version).toBe('2.1.0');
  });

  test('has a rule per policy rule and a result per recycled paragraph', () => {
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe('dupgraf');
    expect(run.tool.driver.rules?.map((r) => r.id)).toEqual([
      'max-recycled-paragraphs',
      'max-boilerplate-share',
      'recycled-paragraph',
      'expired-approval',
    ]);
    const results = run.results as Result[];
    const counted = results.filter((r) => !r.suppressions);
    expect(counted.map((r) => [r.ruleId, r.level])).toEqual([
      ['max-recycled-paragraphs', 'error'],
      ['max-recycled-paragraphs', 'error'],
    ]);
    const [first, second] = counted;
    expect(first.locations?.[0].physicalLocation).toMatchObject({
      artifactLocation: { uri: STORY },
      region: { startLine: 3, endLine: 3 },
    });
    expect(second.locations?.[0].physicalLocation?.region).toEqual({ startLine: 7, endLine: 8 });
    expect(first.relatedLocations?.[0].physicalLocation).toMatchObject({
      artifactLocation: { uri: 'archive/ferry-strike.md' },
      region: { startLine: 3, endLine: 3 },
    });
    expect(first.message.text).toMatch(/copies \[archive\/ferry-strike\.md:3\]\(1\)/);
    expect(first.message.text).toMatch(/2 recycled paragraphs, more than the limit of 1/);
    const suppressed = results.filter((r) => r.suppressions);
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0].suppressions?.[0]).toMatchObject({ kind: 'inSource', status: 'accepted' });
    expect(suppressed[0].locations?.[0].physicalLocation?.region?.startLine).toBe(12);
    for (const r of results)
      expect(r.partialFingerprints?.['dupgrafParagraph/v1']).toMatch(/^[0-9a-f]{16}$/);
  });

  test('fingerprints are unchanged when unrelated lines are inserted above', () => {
    const before = byFingerprint(log);
    const file = path.join(dir, STORY);
    fs.writeFileSync(
      file,
      'Editor’s note: this story was updated on Wednesday evening with comment from the union.\n\n' +
        fs.readFileSync(file, 'utf8').replace('dawn', 'first light'),
    );
    const after = byFingerprint(sarifOf());
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const [fp, line] of Object.entries(before)) expect(after[fp]).toBe((line as number) + 2);
  });

  test('same input, same bytes', () => {
    const a = fs.readFileSync(path.join(dir, 'out/check.sarif'), 'utf8');
    sarifOf();
    expect(fs.readFileSync(path.join(dir, 'out/check.sarif'), 'utf8')).toBe(a);
  });
});

describe('a JSON Lines story under check', () => {
  // Records of a JSONL file are stories named `file#id`; SARIF, annotations and JUnit point at the
  // file itself, at the record's line, and name the record in the message.
  let root: string;
  let r: ReturnType<typeof dupgraf>;
  beforeAll(() => {
    root = tempDir('dupgraf-sarif-jsonl-');
    const line = (id: string, ...paragraphs: string[]) => JSON.stringify({ id, paragraphs }) + '\n';
    writeFiles(root, {
      'archive/wire.jsonl': line('w1', FRESH[0]) + '\n' + line('w2', BACKGROUND_1, BACKGROUND_2),
      'news/feed.jsonl': line('n1', FRESH[1]) + line('n2', FRESH[2], BACKGROUND_1, BACKGROUND_2),
      'dupgraf.config.json': JSON.stringify({ check: { maxRecycledParagraphs: 1 } }),
    });
    r = dupgraf(
      [
        'check',
        'news',
        '--format',
        'sarif:out.sarif',
        '--format',
        'github',
        '--format',
        'junit:out.xml',
        '--against',
        'archive',
      ],
      root,
    );
  });

  test('SARIF: valid; the location is the file at the record line; the message names it', () => {
    expect(r.code).toBe(1);
    const log: Log = JSON.parse(fs.readFileSync(path.join(root, 'out.sarif'), 'utf8'));
    expect(validate(log)).toBe(true);
    const results = log.runs[0].results ?? [];
    expect(results).toHaveLength(2);
    for (const result of results) {
      const where = result.locations?.[0].physicalLocation;
      expect(where?.artifactLocation?.uri).toBe('news/feed.jsonl');
      expect(where?.region).toEqual({ startLine: 2, endLine: 2 });
      expect(result.message.text).toMatch(
        /^Paragraph [23] of story n2 copies \[archive\/wire\.jsonl#w2:3\]\(1\)/,
      );
      const related = result.relatedLocations?.[0];
      expect(related?.physicalLocation?.artifactLocation?.uri).toBe('archive/wire.jsonl');
      expect(related?.physicalLocation?.region?.startLine).toBe(3);
      expect(related?.message?.text).toMatch(/^copy of story w2 /);
    }
    expect(JSON.stringify(log)).not.toContain('feed.jsonl#n2"');
  });

  test('GitHub annotations and JUnit point at the file', () => {
    const annotations = r.stdout.split('\n').filter((l) => l.startsWith('::error'));
    expect(annotations).toHaveLength(2);
    for (const a of annotations) {
      expect(a).toMatch(
        /^::error title=dupgraf max-recycled-paragraphs,file=news\/feed\.jsonl,line=2,endLine=2::Story n2: Recycled paragraph: copies archive\/wire\.jsonl#w2:3 /,
      );
    }
    const junit = fs.readFileSync(path.join(root, 'out.xml'), 'utf8');
    expect(junit).toContain('name="news/feed.jsonl#n2" file="news/feed.jsonl"');
    expect(junit).toContain('name="news/feed.jsonl#n1" file="news/feed.jsonl"/>');
  });
});

describe('two stories of one text file', () => {
  // A dateline opens each story of the file: the second copies a paragraph of the first.
  const text = [
    'PARIS, March 5 (AFP) — Le gouvernement a présenté mercredi un projet de loi pour simplifier les démarches des petites entreprises.',
    "Le texte prévoit notamment la suppression de plusieurs formulaires et un guichet unique pour les créateurs d'entreprise.",
    'LYON, March 6 (AFP) — Les artisans de la région ont accueilli avec prudence le projet de loi présenté la veille par le gouvernement.',
    "Le texte prévoit notamment la suppression de plusieurs formulaires et un guichet unique pour les créateurs d'entreprise.",
  ].join('\n');

  test('GitHub annotations and SARIF call the second a story, not a record', () => {
    const root = tempDir('dupgraf-story-of-file-');
    writeFiles(root, { 'digest.txt': text + '\n' });
    const args = ['check', 'digest.txt', '--max-boilerplate-share', '0.3'];
    const github = dupgraf([...args, '-f', 'github'], root);
    expect(github.code).toBe(1);
    expect(github.stdout).toMatch(
      /^::error [^:]*file=digest\.txt,line=4,endLine=4::Story 2: Recycled paragraph: copies digest\.txt#1:2 /m,
    );
    expect(github.stdout).not.toContain('Record');
    const sarif = dupgraf([...args, '-f', 'sarif'], root);
    const log = JSON.parse(sarif.stdout) as Log;
    expect(log.runs[0].results![0].message.text).toMatch(/^Paragraph 2 of story 2 copies /);
    expect(sarif.stdout).not.toContain('of record');
  });
});
