/**
 * The github format (workflow commands escaped byte for byte as @actions/core writes them, the job
 * summary) and the junit format, through the built binary and as pure functions.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { afterEach, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { escapeData, escapeProperty, workflowCommand } from '../../src/reporters/github.js';
import { dupgraf, story, tempDir, writeFiles } from '../helpers/check-cli.js';
import { BACKGROUND_1, BACKGROUND_2, FRESH } from './texts.js';

/** What @actions/core writes for an annotation. */
function coreAnnotation(
  kind: 'error' | 'warning',
  message: string,
  props: core.AnnotationProperties,
): string {
  let out = '';
  const spy = jest
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
  try {
    core[kind](message, props);
  } finally {
    spy.mockRestore();
  }
  return out.replace(/\r?\n$/, '');
}

afterEach(() => {
  jest.restoreAllMocks();
});

describe('workflow command escaping', () => {
  const nasty = ['100% sure', 'a\r\nb', 'x:y,z', '%0A literal', 'plain', 'line1\nline2\r'];
  test.each(nasty)('message and properties %j escape as @actions/core does', (value) => {
    const ours = workflowCommand(
      'error',
      { title: `t ${value}`, file: `news/${value}.md`, line: 3, endLine: 5 },
      `m ${value}`,
    );
    const theirs = coreAnnotation('error', `m ${value}`, {
      title: `t ${value}`,
      file: `news/${value}.md`,
      startLine: 3,
      endLine: 5,
    });
    expect(ours).toBe(theirs);
  });

  test('escapes exactly %, CR, LF in data and also : and , in properties', () => {
    expect(escapeData('50%\r\n:,')).toBe('50%25%0D%0A:,');
    expect(escapeProperty('50%\r\n:,')).toBe('50%25%0D%0A%3A%2C');
  });
});

describe('github and junit formats from the binary', () => {
  let dir: string;
  const ODD = 'news/100% sure, part 1: ferry.md';
  beforeAll(() => {
    dir = tempDir('dupgraf-gh-');
    writeFiles(dir, {
      'archive/ferry-strike.md': story(FRESH[0], BACKGROUND_1, FRESH[1], BACKGROUND_2),
      [ODD]: story(FRESH[3], BACKGROUND_1, FRESH[4], BACKGROUND_2),
      'news/fresh.md': story(FRESH[5], FRESH[6]),
      'dupgraf.config.json': JSON.stringify({
        check: { maxRecycledParagraphs: 1, maxBoilerplateShare: null },
      }),
      'dupgraf.approved.json': JSON.stringify({
        version: 1,
        entries: [
          {
            id: 'x',
            text: FRESH[2],
            owner: 'Desk, Night: 100%',
            reason: 'closer',
            expires: '2020-01-01',
          },
        ],
      }),
    });
  });

  test('annotations name file, lines and rule; paths and messages escaped; summary written', () => {
    // Outside the folders checked, as the runner's is (an empty file inside would be read, and
    // warned about, by `--against .`).
    const summary = path.join(tempDir('dupgraf-step-summary-'), 'summary.md');
    fs.writeFileSync(summary, '');
    const r = dupgraf(
      ['check', 'news', '--against', '.', '--format', 'github', '--format', 'junit:out/junit.xml'],
      dir,
      {
        GITHUB_STEP_SUMMARY: summary,
      },
    );
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    const message = (source: number) =>
      `Recycled paragraph: copies archive/ferry-strike.md:${source} (Jaccard 1).\n` +
      'Story breaks the policy: 2 recycled paragraphs, more than the limit of 1 (rule max-recycled-paragraphs).';
    expect(lines[0]).toBe(
      coreAnnotation('error', message(3), {
        title: 'dupgraf max-recycled-paragraphs',
        file: ODD,
        startLine: 3,
        endLine: 3,
      }),
    );
    expect(lines[0]).toContain('file=news/100%25 sure%2C part 1%3A ferry.md,line=3,endLine=3::');
    expect(lines[1]).toBe(
      coreAnnotation('error', message(7), {
        title: 'dupgraf max-recycled-paragraphs',
        file: ODD,
        startLine: 7,
        endLine: 7,
      }),
    );
    expect(lines[2]).toMatch(
      /^::warning title=dupgraf expired-approval,file=dupgraf.approved.json::approval x \(owner Desk, Night: 100%25\) expired on 2020-01-01/,
    );
    // Warnings are on stdout as annotations, and also on stderr for the log.
    expect(r.stderr).toMatch(
      /warning: dupgraf\.approved\.json: approval x \(owner Desk, Night: 100%\)/,
    );
    const md = fs.readFileSync(summary, 'utf8');
    expect(md).toMatch(/^## dupgraf check: failed/);
    expect(md).toContain('| news/100% sure, part 1: ferry.md | ❌ fail | 2 |');
    expect(md).toContain('| news/fresh.md | ✅ ok | 0 |');

    const xml = fs.readFileSync(path.join(dir, 'out/junit.xml'), 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    const suite = parsed.testsuites.testsuite;
    expect(suite).toMatchObject({ tests: '2', failures: '1' });
    const cases = suite.testcase as {
      name: string;
      failure?: { type: string; message: string; '#text': string };
    }[];
    expect(cases.map((c) => [c.name, Boolean(c.failure)])).toEqual([
      [ODD, true],
      ['news/fresh.md', false],
    ]);
    expect(cases[0].failure).toMatchObject({ type: 'max-recycled-paragraphs' });
    expect(cases[0].failure?.['#text']).toContain(`${ODD}:3: copies archive/ferry-strike.md:3`);
    expect(suite['system-out']).toContain('owner Desk, Night: 100%');
  });

  test('no summary file without the github format', () => {
    const summary = path.join(dir, 'summary2.md');
    dupgraf(['check', 'news', '--against', '.', '--format', 'json'], dir, {
      GITHUB_STEP_SUMMARY: summary,
    });
    expect(fs.existsSync(summary)).toBe(false);
  });
});
